"""Loss landscapes of a network around its current weights (Li et al., 2018).

Li, Xu, Taylor, Studer and Goldstein, "Visualizing the Loss Landscape of Neural Nets"
(NeurIPS 2018): pick a random direction ``d`` in weight space, scale each *filter* of ``d``
to the norm of the matching filter of the weights, and plot ``L(w + a d)``; with two such
directions, ``L(w + a d1 + b d2)`` on a grid. Without the per-filter scaling, a network whose
weights are large looks flat and one whose weights are small looks sharp, even when they
compute the same function (ReLU networks are scale invariant).

Here a filter is one output unit: a column of a Dense kernel ``W (in, out)`` or one output
channel of a Conv2D kernel ``W (kh, kw, c_in, c_out)``, so ``d[..., j]`` gets the norm of
``w[..., j]``. One-dimensional arrays (biases, batch-norm parameters and statistics) keep
their values (the paper's choice: their direction is zero).

The loss is the mean loss without regularization on a fixed subset of training data, in
inference mode (``Network.evaluate``: batch norm uses its moving statistics, no dropout), so
every grid point sees the same function of the weights.

A training run's path is drawn on the plane of the top two principal directions of its weight
snapshots (the paper's section 7): the rows ``w_i - w_final`` are decomposed by SVD and each
snapshot is projected on the first two right singular vectors.

Everything is a generator so that the window's background worker can show progress and
cancel; ``run(generator)`` consumes one headless and returns its result.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Sequence

import numpy as np

__all__ = ["Landscape", "Trajectory", "LandscapeProgress", "random_direction",
           "parameter_mask", "iter_landscape", "pca_trajectory", "WeightRecorder", "run",
           "landscape_job", "fixed_subset", "mean_rise", "FLAT_SHARE", "shared_loss_range"]

Weights = list  # list[np.ndarray], aligned with Network.get_weights()

#: a surface whose loss varies across the grid by less than this share of its centre loss is
#: flat (lesson 6: a trained deep sigmoid network varies by ~3e-4 of 2.3, a batch-norm one
#: by far more than its own loss)
FLAT_SHARE = 0.01


@dataclass(frozen=True)
class Landscape:
    """Loss values on a line or a plane through the centre weights.

    Attributes
    ----------
    x : (nx,) float64 array
        Step along the first direction (0 is the centre).
    y : (ny,) float64 array or None
        Step along the second direction; None for a 1-D slice.
    loss : (ny, nx) float64 array (``(nx,)`` for a 1-D slice)
        ``loss[j, i]`` is the loss at ``w + x[i] d1 + y[j] d2``; NaN where it overflowed.
    meta : dict
        How it was computed (kind of directions, span, examples, loss, seed).
    """

    x: np.ndarray
    y: np.ndarray | None
    loss: np.ndarray
    meta: dict = field(default_factory=dict)

    @property
    def centre_loss(self) -> float:
        """Loss at the centre weights (the grid's middle point; resolutions are odd)."""
        if self.y is None:
            return float(self.loss[len(self.x) // 2])
        return float(self.loss[len(self.y) // 2, len(self.x) // 2])

    @property
    def spread(self) -> float:
        """Highest minus lowest finite loss on the grid (NaN when none is finite)."""
        finite = self.loss[np.isfinite(self.loss)]
        return float(finite.max() - finite.min()) if finite.size else float("nan")

    def is_flat(self, share: float = FLAT_SHARE) -> bool:
        """Whether the loss varies by less than ``share`` of the centre loss across the grid:
        a plateau, where the gradient is nearly zero in every direction."""
        spread, centre = self.spread, abs(self.centre_loss)
        return bool(np.isfinite(spread) and np.isfinite(centre)
                    and spread <= share * max(centre, 1e-12))

    def to_dict(self) -> dict:
        """``{"x": [...], "y": [...], "loss": [[...], ...], ...meta}`` for JSON (NaN -> null)."""
        def clean(a: np.ndarray) -> list:
            return [clean(r) for r in a] if a.ndim > 1 else [
                float(v) if np.isfinite(v) else None for v in a]

        out = {"x": clean(self.x), "y": None if self.y is None else clean(self.y),
               "loss": clean(self.loss)}
        out.update(self.meta)
        return out


@dataclass(frozen=True)
class Trajectory:
    """A run's weight snapshots projected on their top two principal directions.

    Attributes
    ----------
    steps : (n,) int array
        Training step of each snapshot.
    coords : (n, 2) float64 array
        ``(a_i, b_i)`` with ``w_i - w_final ~ a_i v1 + b_i v2``.
    directions : (list of arrays, list of arrays)
        ``v1, v2`` as weight lists (unit length together, orthogonal).
    explained : (2,) float64 array
        Fraction of the snapshots' variance (around ``w_final``) each direction explains.
    """

    steps: np.ndarray
    coords: np.ndarray
    directions: tuple[Weights, Weights]
    explained: np.ndarray


@dataclass(frozen=True)
class LandscapeProgress:
    """Yielded while a grid is computed: ``done`` of ``total`` loss evaluations."""

    done: int
    total: int
    result: Landscape | None = None     # set on the last item only
    trajectory: Trajectory | None = None  # with ``result`` when the plane was a run's


# -- directions ------------------------------------------------------------------------------
def parameter_mask(network: Any) -> list[bool]:
    """For each array of ``network.get_weights()``: True for parameters (weights, biases,
    gamma, beta), False for statistics the optimizer does not train (moving mean/variance)."""
    mask = []
    for layer in network.layers:
        for key in layer.weight_keys:
            if key in layer.params:
                mask.append(True)
            elif key in layer.state:
                mask.append(False)
    return mask


def random_direction(weights: Weights, rng: np.random.Generator) -> Weights:
    """A Gaussian direction, filter-normalized against ``weights`` (see the module docstring).

    Arrays with two or more axes get ``d[..., j] *= ||w[..., j]|| / ||d[..., j]||``; 1-D
    arrays get zeros. Returns float64 arrays shaped like ``weights``.
    """
    out = []
    for w in weights:
        w = np.asarray(w, dtype=np.float64)
        if w.ndim < 2:
            out.append(np.zeros_like(w))
            continue
        d = rng.standard_normal(w.shape)
        axes = tuple(range(w.ndim - 1))
        w_norm = np.sqrt(np.sum(w * w, axis=axes, keepdims=True))
        d_norm = np.sqrt(np.sum(d * d, axis=axes, keepdims=True))
        out.append(d * w_norm / np.maximum(d_norm, 1e-12))
    return out


def _moved(centre: Weights, dirs: Sequence[Weights], coefs: Sequence[float]) -> Weights:
    moved = []
    for k, w in enumerate(centre):
        v = np.asarray(w, dtype=np.float64).copy()
        for d, c in zip(dirs, coefs):
            v += c * d[k]
        moved.append(v)
    return moved


# -- slices ----------------------------------------------------------------------------------
def iter_landscape(network: Any, x: np.ndarray, y: np.ndarray, loss: Any, *,
                   dims: int = 2, resolution: int = 21, span: float = 1.0, seed: int = 0,
                   directions: Sequence[Weights] | None = None,
                   batch_size: int = 256) -> Iterator[LandscapeProgress]:
    """Evaluate the loss on a line (``dims=1``) or a grid (``dims=2``) around the weights.

    Parameters
    ----------
    network : Network
        Its weights are the centre; they are moved during the computation and put back at
        the end (also when the generator is closed early), so give it a network nobody else
        uses meanwhile (the window passes a copy built from a weight snapshot).
    x, y : the fixed subset of training data the loss is measured on.
    resolution : points per axis (made odd so that the centre is on the grid).
    span : the axes run from ``-span`` to ``span`` (in units of the directions).
    seed : draws the random filter-normalized directions.
    directions : use these instead (e.g. ``Trajectory.directions``).

    Yields
    ------
    LandscapeProgress after each row; the last one carries ``result``.
    """
    if dims not in (1, 2):
        raise ValueError(f"a landscape has 1 or 2 dimensions, not {dims}")
    if resolution < 3:
        raise ValueError(f"resolution must be at least 3, got {resolution}")
    if not span > 0:
        raise ValueError(f"span must be positive, got {span}")
    resolution += 1 - resolution % 2
    centre = network.get_weights()
    if directions is None:
        rng = np.random.default_rng(seed)
        directions = [random_direction(centre, rng) for _ in range(dims)]
        kind = "random filter-normalized"
    else:
        directions = list(directions)[:dims]
        kind = "given"
    if len(directions) != dims:
        raise ValueError(f"{dims} directions needed, {len(directions)} given")
    axis = np.linspace(-span, span, resolution)
    rows = 1 if dims == 1 else resolution
    grid = np.full((rows, resolution), np.nan)
    total = rows * resolution
    try:
        with np.errstate(all="ignore"):
            for j in range(rows):
                for i in range(resolution):
                    coefs = (axis[i],) if dims == 1 else (axis[i], axis[j])
                    network.set_weights(_moved(centre, directions, coefs))
                    value = network.evaluate(x, y, loss, batch_size=batch_size)[0]
                    grid[j, i] = value if np.isfinite(value) else np.nan
                if j < rows - 1:
                    yield LandscapeProgress((j + 1) * resolution, total)
    finally:
        network.set_weights(centre)
    meta = {"directions": kind, "dims": dims, "span": float(span),
            "resolution": int(resolution), "examples": int(len(x)), "loss_name": str(loss),
            "seed": int(seed)}
    result = Landscape(axis, None if dims == 1 else axis.copy(),
                       grid[0] if dims == 1 else grid, meta)
    yield LandscapeProgress(total, total, result)


def run(progress: Iterator[LandscapeProgress]) -> Landscape:
    """Consume a landscape generator headless and return its result."""
    last = None
    for last in progress:
        pass
    if last is None or last.result is None:
        raise RuntimeError("the landscape computation ended without a result")
    return last.result


# -- trajectories ----------------------------------------------------------------------------
class WeightRecorder:
    """Keeps copies of a network's parameters during a run, for ``pca_trajectory``.

    Call ``observe(snapshot, network)`` with every snapshot the trainer yields, in the thread
    that runs the trainer (it copies the live arrays). It records the start (step 0), every
    ``every``-th epoch end and the last snapshot: points that do not depend on timing, so the
    same run gives the same trajectory anywhere.
    """

    def __init__(self, every: int = 1) -> None:
        self.every = max(1, int(every))
        self.steps: list[int] = []
        self.weights: list[Weights] = []

    def observe(self, snapshot: Any, network: Any) -> None:
        event = snapshot.event
        due = ((snapshot.step == 0 and event == "step")
               or (event == "epoch_end" and (snapshot.epoch + 1) % self.every == 0)
               or event in ("finished", "stopped"))
        if due and not (self.steps and self.steps[-1] == snapshot.step):
            self.steps.append(int(snapshot.step))
            self.weights.append(network.get_weights())


def pca_trajectory(snapshots: Sequence[Weights], steps: Sequence[int] | None = None,
                   mask: Sequence[bool] | None = None) -> Trajectory:
    """Project weight snapshots on the top two principal directions of ``w_i - w_last``.

    Parameters
    ----------
    snapshots : at least 3 weight lists (``get_weights()`` order); the last is the centre.
    mask : which arrays take part (``parameter_mask``; default all). Arrays left out get zero
        directions.
    """
    if len(snapshots) < 3:
        raise ValueError("a trajectory needs at least 3 weight snapshots (train for a few "
                         "epochs first)")
    steps = np.arange(len(snapshots)) if steps is None else np.asarray(steps, dtype=np.int64)
    final = snapshots[-1]
    mask = [True] * len(final) if mask is None else list(mask)
    used = [k for k, m in enumerate(mask) if m]

    def flat(ws: Weights) -> np.ndarray:
        return np.concatenate([np.asarray(ws[k], dtype=np.float64).ravel() for k in used])

    centre = flat(final)
    rows = np.stack([flat(ws) - centre for ws in snapshots])        # (n, p)
    _, s, vt = np.linalg.svd(rows, full_matrices=False)
    var = s ** 2
    explained = var[:2] / var.sum() if var.sum() > 0 else np.zeros(2)
    vt = vt[:2]
    if vt.shape[0] < 2:
        vt = np.vstack([vt, np.zeros((2 - vt.shape[0], vt.shape[1]))])
    coords = rows @ vt.T                                             # (n, 2)

    def unflat(v: np.ndarray) -> Weights:
        out = [np.zeros(np.shape(w)) for w in final]
        pos = 0
        for k in used:
            size = out[k].size
            out[k] = v[pos:pos + size].reshape(np.shape(final[k]))
            pos += size
        return out

    return Trajectory(steps, coords, (unflat(vt[0]), unflat(vt[1])),
                      np.pad(explained, (0, 2 - len(explained))))


# -- one job for a background worker -----------------------------------------------------------
def fixed_subset(x: np.ndarray, y: np.ndarray, n: int, seed: int = 0
                 ) -> tuple[np.ndarray, np.ndarray]:
    """At most ``n`` examples chosen at random (seeded, order kept): the same subset for every
    grid point and every recomputation with the same seed."""
    if len(x) <= n:
        return x, y
    keep = np.sort(np.random.default_rng([seed, 5]).choice(len(x), size=n, replace=False))
    return x[keep], y[keep]


def shared_loss_range(landscapes: Sequence[Landscape], min_ratio: float = 1.5
                      ) -> tuple[float, float]:
    """One colour range ``(lo, hi)`` of loss values for several landscapes drawn side by
    side, so that the same colour means the same loss in each: the lowest and highest finite
    loss of them all (above zero, since colours follow the logarithm), widened evenly on a
    log scale until ``hi / lo >= min_ratio``, so that a flat surface alone shows as one colour
    instead of its rounding-level wrinkles stretched over the whole colour map."""
    if min_ratio < 1.0:
        raise ValueError(f"min_ratio must be at least 1, got {min_ratio}")
    values = [land.loss[np.isfinite(land.loss)] for land in landscapes]
    finite = np.concatenate(values) if values else np.zeros(0)
    finite = finite[finite > 0]
    if finite.size == 0:
        return 1.0 / np.sqrt(min_ratio), np.sqrt(min_ratio)
    lo, hi = float(finite.min()), float(finite.max())
    if hi < lo * min_ratio:
        widen = np.sqrt(min_ratio * lo / hi)
        lo, hi = lo / widen, hi * widen
    return lo, hi


def landscape_job(network_spec: Any, weights: Weights, x: np.ndarray, y: np.ndarray,
                  loss: Any, *, dims: int = 2, resolution: int = 21, span: float = 1.0,
                  seed: int = 0, examples: int = 512,
                  snapshots: Sequence[Weights] | None = None,
                  steps: Sequence[int] | None = None) -> Iterator[LandscapeProgress]:
    """Everything the window's landscape panel computes, as one generator.

    Builds its own network from ``network_spec`` and ``weights`` (never the live one), takes
    the fixed subset, and with ``snapshots`` (at least 3 weight lists of a run, the last being
    ``weights``) spans the run's principal plane instead of random directions, widening
    ``span`` so the whole path fits. Yields ``LandscapeProgress``; the last item carries the
    landscape and the trajectory (None for random directions).
    """
    from dlstudio.engine.network import Network

    network = Network.from_spec(network_spec, seed=seed)
    network.set_weights(weights)
    xs, ys = fixed_subset(x, y, examples, seed)
    trajectory = directions = None
    if snapshots is not None:
        trajectory = pca_trajectory(snapshots, steps, parameter_mask(network))
        directions = trajectory.directions
        span = max(span, 1.1 * float(np.abs(trajectory.coords).max()))
    for item in iter_landscape(network, xs, ys, loss, dims=dims, resolution=resolution,
                               span=span, seed=seed, directions=directions):
        if item.result is not None:
            item = LandscapeProgress(item.done, item.total, item.result, trajectory)
        yield item


def mean_rise(network: Any, x: np.ndarray, y: np.ndarray, loss: Any, *, span: float = 0.5,
              directions: int = 4, seed: int = 0) -> tuple[float, float]:
    """How steep the surroundings are: ``(rise, centre loss)``.

    ``rise`` is the mean, over ``directions`` random filter-normalized directions ``d``, of
    ``(L(w + span d) + L(w - span d)) / 2 - L(w)``: about zero on a plateau (where every
    direction changes the loss little, so gradients are tiny), large in a narrow valley.
    """
    rises, centre = [], float("nan")
    for k in range(directions):
        line = run(iter_landscape(network, x, y, loss, dims=1, resolution=3, span=span,
                                  seed=seed + k))
        centre = line.centre_loss
        rises.append(0.5 * (line.loss[0] + line.loss[-1]) - centre)
    return float(np.mean(rises)), centre
