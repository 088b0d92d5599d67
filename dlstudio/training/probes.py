"""Telemetry probes: pure NumPy functions that measure a network layer by layer.

A probe happens in three moments around one optimizer step (the trainer decides when):

1. after the backward pass, before the step: ``capture_gradients`` (norm, RMS and histogram
   of each kernel's gradient, norm and RMS of each bias gradient) and ``copy_kernels`` (a copy
   of each kernel, so the step's size can be measured);
2. the step runs;
3. ``probe_layers`` runs the network forward and backward on the probe batch
   (``Network.backward_signals``) and assembles one ``LayerTelemetry`` per layer: activation
   histogram/mean/std, saturated or dead fraction, gradient pass-through (mean f'(z) relative
   to f'(0)), pre-activation statistics, the back-propagated signal dL/dz (norm and RMS),
   weight norm and histogram, the captured gradients, the update-to-weight ratio
   ``||W_after - W_before|| / ||W_before||``, batch-norm moving statistics next to the probe
   batch's own statistics of the layer's input, and, for one chosen layer, per-unit
   statistics.

Two gradients, two meanings: dL/dz is the signal back-propagation delivers to a layer (what
the vanishing-gradient papers plot, measured on the probe batch after the step); dL/dW is what
the optimizer uses (measured on the step's training batch): it is the layer's input times
dL/dz, so it can stay level across layers while dL/dz vanishes (Glorot and Bengio 2010).
Norms grow with the size of the array; RMS values (norm / sqrt(count)) do not, so compare
layers of different widths by RMS.

Choices (documented because plots and lesson checks depend on them):

* The probe batch is a fixed set of training examples chosen once per run, so histograms are
  comparable over time. It is run **without side effects**: dropout is off (inference), batch
  normalization normalizes with the probe batch's own statistics as in training but its moving
  averages are restored afterwards, no random numbers are drawn, and the layers' gradient
  arrays are restored after the probe's backward pass. Probing therefore never changes the
  run: a probed and an unprobed run give bit-identical weights.
* Activation histograms of bounded activations use fixed bins over the activation's
  ``output_range`` (sigmoid [0, 1], tanh [-1, 1], softmax [0, 1]). An ``output_range`` reaching
  beyond [-1, 1] (relu [0, 6], linear [-6, 6], ...) stands for an unbounded function: its bins
  follow the data (``data_range``: [0, b], or [-b, b] when there are negative values, with
  ``b = nice_bound(max |a|)``), so a ReLU layer whose outputs spread 0.07 fills its histogram
  as well as one spreading 2. Values beyond the range are counted in the end bins. Layers
  without an activation of their own (pooling, flatten, dropout) inherit the range of the
  layer before them; batch normalization uses [-6, 6], which follows the data too.
* Pre-activation, weight and gradient histograms are symmetric around 0 with a bound rounded
  up to 1, 2 or 5 times a power of ten, so bins change rarely while magnitudes vary by orders
  of magnitude (gradients of 1e-8 and of 1e+2 both fill their histogram).
* Saturation counts sigmoid/tanh outputs within ``saturation_margin`` (default 0.02) of the
  function's limits; ``saturation_curve`` records the same share at every margin of
  ``telemetry.SATURATION_MARGINS``, so a plot can show it at another margin after the run;
  pass-through measures the same thing without a threshold.
* A ReLU-family unit is **dead** when it outputs <= 0 for every example of the probe batch. For
  convolutional layers a unit is a channel (one filter): it is dead when it is <= 0 at every
  position of every probe example, because all positions share the filter's weights and get
  no gradient at all only in that case.
* Histograms, means and standard deviations of large outputs are computed on an evenly strided
  subsample of at most ``max_values`` values (the stride avoids the channel count's factors so
  every channel is represented); dead fractions use every value.
"""
from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from dlstudio.engine.kernels import probe_stats, reductions
from dlstudio.training.telemetry import (SATURATION_MARGINS, SMALL_WEIGHT, Histogram,
                                         LayerTelemetry)

#: range used when a layer has no activation to take a range from
DEFAULT_RANGE = (-6.0, 6.0)
#: cap on the number of values histogrammed per array
MAX_VALUES = 32768


# -- small numeric helpers -----------------------------------------------------------------
def nice_bound(x: float) -> float:
    """The smallest value of the form {1, 2, 5} x 10^k that is >= ``x`` (1.0 for 0/NaN)."""
    if not math.isfinite(x) or x <= 0:
        return 1.0
    exp = math.floor(math.log10(x))
    for m in (1.0, 2.0, 5.0, 10.0):
        b = m * 10.0 ** exp
        if b >= x * (1 - 1e-12):
            return b
    return 10.0 ** (exp + 1)


def subsample(a: np.ndarray, max_values: int = MAX_VALUES) -> np.ndarray:
    """An evenly strided 1-D subsample of ``a`` of at most about ``max_values`` values.

    The stride shares no factor with the last axis (the channel count), so the subsample
    visits every channel rather than one channel over and over.
    """
    flat = a.reshape(-1)
    if flat.size <= max_values:
        return flat
    stride = max(1, flat.size // max_values)
    channels = a.shape[-1] if a.ndim > 1 else 1
    while math.gcd(stride, channels) != 1:
        stride += 1
    return flat[::stride]


@functools.lru_cache(maxsize=256)
def bin_edges(lo: float, hi: float, bins: int) -> np.ndarray:
    """``np.linspace(lo, hi, bins + 1)``, read-only and shared by every histogram over the
    same range (the symmetric ones take a few {1, 2, 5} x 10^k bounds; linspace costs ~4 us
    and a probe makes ~16 histograms)."""
    edges = np.linspace(lo, hi, bins + 1)
    edges.flags.writeable = False
    return edges


def histogram(values: np.ndarray, lo: float, hi: float, bins: int) -> Histogram:
    """Counts of ``values`` in ``bins`` equal bins over [lo, hi]; outliers go to the end bins,
    NaNs are not counted."""
    edges = bin_edges(float(lo), float(hi), int(bins))
    v = np.asarray(values).reshape(-1)
    if v.dtype not in (np.float32, np.float64):
        v = v.astype(np.float64)
    if hi > lo:
        # one kernel pass with the same formula (a probe makes ~16 histograms: 15-20 us each
        # in NumPy's five calls, ~2 us here)
        counts = np.zeros(bins, dtype=np.int64)
        reductions.bin_counts(v, float(lo), bins / (hi - lo), counts)
        return Histogram(counts=counts, edges=edges)
    finite = np.isfinite(v)
    if not finite.all():
        v = v[finite]
    if v.size == 0:
        return Histogram(counts=np.zeros(bins, dtype=np.int64), edges=edges)
    # bin index in the values' own precision; clipping first keeps the cast in range
    scaled = (v - v.dtype.type(lo)) * v.dtype.type(bins / (hi - lo))
    np.clip(scaled, 0, bins - 1, out=scaled)
    idx = scaled.astype(np.intp)
    return Histogram(counts=np.bincount(idx, minlength=bins).astype(np.int64), edges=edges)


def symmetric_histogram(values: np.ndarray, bins: int) -> Histogram:
    """Histogram over [-b, b] with ``b = nice_bound(max |values|)``."""
    v = np.asarray(values).reshape(-1)
    if v.dtype == np.float32 or v.dtype == np.float64:
        largest = reductions.max_abs_finite(v)          # -1.0: no finite value
        bound = nice_bound(largest) if largest >= 0 else 1.0
        return histogram(v, -bound, bound, bins)
    with np.errstate(invalid="ignore"):
        finite = v[np.isfinite(v)] if v.size else v
    bound = nice_bound(float(np.max(np.abs(finite)))) if finite.size else 1.0
    return histogram(v, -bound, bound, bins)


def small_fraction(w: np.ndarray, threshold: float = SMALL_WEIGHT) -> float:
    """The share of the values of ``w`` smaller than ``threshold`` in size (all of them, not
    a subsample: the lesson checks count the same way); NaN for an empty array."""
    flat = np.asarray(w).reshape(-1)
    if not flat.size:
        return float("nan")
    if _is_float(flat):
        return probe_stats.count_small(flat, float(threshold)) / flat.size    # no copies
    with np.errstate(invalid="ignore"):
        return float(np.count_nonzero(np.abs(flat) < threshold)) / flat.size


def norm(a: np.ndarray) -> float:
    """Euclidean (Frobenius) norm, accumulated in float64 (inf/nan propagate)."""
    flat = np.asarray(a).reshape(-1)
    if flat.dtype == np.float32 or flat.dtype == np.float64:
        return math.sqrt(reductions.sum_squares(flat))    # one pass, no float64 copies
    with np.errstate(over="ignore", invalid="ignore"):
        if flat.dtype == np.float64:
            return float(math.sqrt(np.dot(flat, flat)))
        return float(math.sqrt(np.dot(flat.astype(np.float64), flat.astype(np.float64))))


def step_norm(after: np.ndarray, before: np.ndarray) -> float:
    """``norm(after - before)`` without the difference's array (as NumPy rounds it)."""
    if _is_float(after) and after.dtype == before.dtype and after.shape == before.shape:
        return math.sqrt(probe_stats.diff_sum_squares(after.reshape(-1), before.reshape(-1)))
    return norm(after - before)


def rms(a: np.ndarray) -> float:
    """Root mean square of the values (per-value size: does not grow with the array's size,
    so layers of different widths compare fairly), accumulated in float64."""
    return norm_rms(a)[1]


def norm_rms(a: np.ndarray) -> tuple[float, float]:
    """``(norm(a), rms(a))`` from one pass over the values."""
    flat = np.asarray(a).reshape(-1)
    n = norm(flat)
    return n, (n / math.sqrt(flat.size) if flat.size else float("nan"))


def reference_slope(act: Any) -> float:
    """f'(0) of an activation, taken just right of 0 (ReLU's slope there is 1)."""
    z = np.array([1e-6], dtype=np.float64)
    a = act.forward(z)
    return float(act.backward(z, a, np.ones_like(z))[0])


def pass_through(act: Any, z: np.ndarray) -> float | None:
    """How much gradient the activation lets through: mean f'(z) over the values, relative
    to f'(0) (1.0: as much as at the origin; sigmoid units at |z| > 5 give < 0.03; a ReLU
    layer gives its share of active units). None for softmax and linear layers."""
    if act is None or getattr(act, "name", "") in ("softmax", "linear"):
        return None
    ref = reference_slope(act)
    if not ref:
        return None
    zs = subsample(np.asarray(z))
    with np.errstate(all="ignore"):
        a_s = act.forward(zs)
        slope = act.backward(zs, a_s, np.ones_like(zs))
        return float(np.mean(slope, dtype=np.float64) / ref)


def dead_fraction(a: np.ndarray) -> float:
    """Share of units (last axis: units or channels) that are <= 0 for every example and
    position of ``a`` (a ReLU-family layer's output)."""
    units = a.reshape(-1, a.shape[-1]) if a.ndim > 1 else a.reshape(-1, 1)
    if _is_float(units) and units.size:
        alive = probe_stats.alive_units(units)    # in place; stops once all are seen alive
    else:
        alive = np.count_nonzero(np.any(units > 0, axis=0))
    return float(1.0 - alive / units.shape[1])


def channel_moments(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(C,) mean and (C,) biased variance of each feature or channel (the last axis) of
    ``x`` (N, ..., C), in float64: what batch normalization computes over a batch."""
    x2 = np.asarray(x, np.float64).reshape(-1, np.shape(x)[-1])
    return x2.mean(axis=0), x2.var(axis=0)


def _is_float(a: np.ndarray) -> bool:
    """float32 or float64: what the probes' kernels take."""
    return a.dtype == np.float32 or a.dtype == np.float64


def _mean_std(v: np.ndarray) -> tuple[float, float]:
    if _is_float(v) and v.ndim == 1:
        mean, std = probe_stats.mean_std(v)       # no float64 copy
        return float(mean), float(std)
    with np.errstate(all="ignore"):
        v64 = v.astype(np.float64)
        return float(v64.mean()), float(v64.std())


# -- what a layer is -----------------------------------------------------------------------
def layer_activation(network: Any, index: int):
    """The activation object layer ``index`` applies (the network's output activation for the
    last layer, which the engine detaches to fuse it with the loss), or None."""
    if index == len(network.layers) - 1:
        out_act = getattr(network, "output_activation", None)
        if out_act is not None:
            return out_act
    return getattr(network.layers[index], "activation", None)


def activation_ranges(network: Any) -> list[tuple[float, float]]:
    """Histogram range of each layer's output (see the module docstring)."""
    ranges: list[tuple[float, float]] = []
    previous = DEFAULT_RANGE
    for i, layer in enumerate(network.layers):
        act = layer_activation(network, i)
        if act is not None:
            previous = tuple(float(r) for r in act.output_range)
        elif getattr(layer, "type_name", "") == "BatchNormalization":
            previous = DEFAULT_RANGE
        ranges.append(previous)
    return ranges


def kernel_key(layer: Any) -> str | None:
    """The key of the layer's kernel-like parameter: ``W`` if present, else None."""
    return "W" if "W" in getattr(layer, "params", {}) else None


# -- probe moments -------------------------------------------------------------------------
def capture_gradients(network: Any, bins: int) -> dict[int, dict[str, Any]]:
    """``LayerTelemetry`` gradient fields of each layer with a kernel, keyed by layer index:
    ``grad_norm``, ``grad_rms``, ``grad_hist`` of dL/dW and ``bias_grad_norm``,
    ``bias_grad_rms`` of dL/db.

    Call after the backward pass (and the global regularization terms), before clipping and
    the optimizer step, so a lesson sees the gradient backpropagation produced.
    """
    out: dict[int, dict[str, Any]] = {}
    for i, layer in enumerate(network.layers):
        key = kernel_key(layer)
        g = layer.grads.get(key) if key else None
        if g is None:
            continue
        grad_norm, grad_rms = norm_rms(g)
        fields = {"grad_norm": grad_norm, "grad_rms": grad_rms,
                  "grad_hist": symmetric_histogram(subsample(g), bins)}
        gb = layer.grads.get("b")
        if gb is not None:
            fields["bias_grad_norm"], fields["bias_grad_rms"] = norm_rms(gb)
        out[i] = fields
    return out


def copy_kernels(network: Any, reuse: dict[int, np.ndarray] | None = None
                 ) -> dict[int, np.ndarray]:
    """A copy of each layer's kernel (to measure the next step's size).

    ``reuse``: the copies of an earlier probe, written over where a layer's kernel still has
    their shape and dtype (the trainer passes them back: a new 940 KB array per probe for a
    784-300-100-10 MLP meant fresh memory, ~0.3 ms of page faults a probe in the window).
    """
    reuse = reuse or {}
    out = {}
    for i, layer in enumerate(network.layers):
        k = kernel_key(layer)
        if k is None:
            continue
        w, old = layer.params[k], reuse.get(i)
        if old is not None and old.shape == w.shape and old.dtype == w.dtype:
            np.copyto(old, w)
            out[i] = old
        else:
            out[i] = w.copy()
    return out


def saturation_curve(act: Any, a: np.ndarray) -> np.ndarray | None:
    """(len(SATURATION_MARGINS),) float32: the share of the outputs ``a`` of a sigmoid/tanh
    within each margin of a limit, counted exactly as ``act.saturated_mask(a, margin)``
    counts (None for activations that do not saturate or an empty ``a``)."""
    distance = act.limit_distance(a) if act is not None else None
    if distance is None or not np.size(distance):
        return None
    distance = np.sort(np.ravel(distance))            # NaNs sort last and are never counted
    inside = np.searchsorted(distance, SATURATION_MARGINS.astype(distance.dtype), side="left")
    return (inside / distance.size).astype(np.float32)


def data_range(values: np.ndarray, lo: float, hi: float) -> tuple[float, float]:
    """The histogram range of activations ``values`` whose nominal range is [lo, hi]: kept
    for a bounded function (inside [-1, 1]); else [0, b] (no negative values) or [-b, b],
    ``b = nice_bound(max |values|)`` (see the module docstring)."""
    if -1.0 <= lo and hi <= 1.0:
        return lo, hi
    v = np.asarray(values).reshape(-1)
    if _is_float(v):
        count, smallest, largest = probe_stats.finite_extremes(v)     # no filtered copy
        if not count:
            return lo, hi
        bound = nice_bound(max(-smallest, largest))
        return (0.0 if smallest >= 0 else -bound), bound
    v = v[np.isfinite(v)]
    if v.size == 0:
        return lo, hi
    bound = nice_bound(float(np.max(np.abs(v))))
    return (0.0 if float(v.min()) >= 0 else -bound), bound


def _activation_stats(act: Any, a: np.ndarray, lo: float, hi: float,
                      bins: int, margin: float | None = None) -> dict[str, Any]:
    sample = subsample(a)
    mean, std = _mean_std(sample)
    lo, hi = data_range(sample, lo, hi)
    stats: dict[str, Any] = {"act_hist": histogram(sample, lo, hi, bins),
                             "act_mean": mean, "act_std": std}
    kind = getattr(act, "kind", None)
    if kind == "saturating":
        stats["saturated_fraction"] = float(np.mean(act.saturated_mask(sample, margin)))
        stats["saturation_curve"] = saturation_curve(act, sample)
    elif kind == "relu":
        stats["dead_fraction"] = dead_fraction(a)
    return stats


def unit_stats(act: Any, a: np.ndarray, margin: float | None = None,
               unit_index: int = 0) -> dict[str, Any]:
    """Per-unit statistics of a layer's output ``a`` (units on the last axis; a convolution's
    unit is a channel): ``unit_mean``, ``unit_active``, the share of each unit's outputs on
    the live side (> 0 for the ReLU family, not saturated for sigmoid/tanh; None otherwise),
    and ``unit_value``, the mean output of unit ``unit_index`` (the last unit if there are
    fewer)."""
    units = a.reshape(-1, a.shape[-1]) if a.ndim > 1 else a.reshape(-1, 1)
    means = units.mean(axis=0, dtype=np.float64)
    out: dict[str, Any] = {"unit_mean": means,
                           "unit_value": float(means[min(int(unit_index), means.size - 1)])}
    kind = getattr(act, "kind", None)
    if kind == "relu":
        out["unit_active"] = np.mean(units > 0, axis=0)
    elif kind == "saturating":
        out["unit_active"] = 1.0 - np.mean(act.saturated_mask(units, margin), axis=0)
    return out


def _signals(network: Any, x: np.ndarray, y: np.ndarray, loss: Any) -> list[np.ndarray]:
    """``Network.backward_signals`` without weight gradients (every layer's gradient arrays
    are left as they were: the step's gradients, which the optimizer has used by now) and
    from the first layer with weights up (the probe reports signals of kernel layers only)."""
    return network.backward_signals(x, y, loss, weight_grads=False, below_weights=False)[1]


def probe_layers(network: Any, x_probe: np.ndarray | None, bins: int = 40,
                 gradients: dict[int, dict[str, Any]] | None = None,
                 kernels_before: dict[int, np.ndarray] | None = None,
                 y_probe: np.ndarray | None = None, loss: Any = None,
                 saturation_margin: float | None = None, unit_layer: int | None = None,
                 unit_index: int = 0) -> tuple[LayerTelemetry, ...]:
    """Measure every layer (see the module docstring).

    Parameters
    ----------
    network : an engine ``Network`` (``layers`` with ``params``, ``grads`` and ``state``;
        ``probe(x)`` for each layer's pre-activation and output on the probe batch).
    x_probe : (P, *input_shape) probe batch, or None to skip activation statistics.
    bins : number of bins of every histogram.
    gradients : from ``capture_gradients`` before the step (None: no gradient fields).
    kernels_before : from ``copy_kernels`` before the step (None: no update ratio).
    y_probe, loss : the probe batch's targets and the loss; with both, the probe also runs
        backward and reports dL/dz (``signal_norm``, ``signal_rms``).
    saturation_margin : distance to a sigmoid/tanh limit that counts as saturated (None: the
        activation's default, 0.02).
    unit_layer : index of a layer to report per-unit statistics for (None: none).
    unit_index : the unit of that layer whose mean output is reported as ``unit_value``.
    """
    gradients = gradients or {}
    kernels_before = kernels_before or {}
    values = signals = None
    if x_probe is not None and len(x_probe):
        if y_probe is not None and loss is not None:
            with np.errstate(all="ignore"):
                signals = _signals(network, x_probe, y_probe, loss)
            values = [(layer.last_preactivation, layer.last_output)
                      for layer in network.layers]
        else:
            values = network.probe(x_probe)
    ranges = activation_ranges(network)
    result = []
    with np.errstate(all="ignore"):
        for i, layer in enumerate(network.layers):
            act = layer_activation(network, i)
            fields: dict[str, Any] = {}
            z, a = values[i] if values is not None else (None, None)
            if a is not None:
                fields.update(_activation_stats(act, a, *ranges[i], bins, saturation_margin))
                if i == unit_layer:
                    fields.update(unit_stats(act, a, saturation_margin, unit_index))
            if z is not None and act is not None:
                zs = subsample(z)
                fields["pre_mean"], fields["pre_std"] = _mean_std(zs)
                fields["pre_hist"] = symmetric_histogram(zs, bins)
                if i != len(network.layers) - 1:
                    fields["pass_through"] = pass_through(act, zs)
            if signals is not None and signals[i].size and kernel_key(layer) is not None:
                fields["signal_norm"], fields["signal_rms"] = norm_rms(signals[i])
            key = kernel_key(layer)
            if key is not None:
                w = layer.params[key]
                fields["weight_norm"] = norm(w)
                fields["weight_hist"] = symmetric_histogram(subsample(w), bins)
                fields["weight_small_fraction"] = small_fraction(w)
                if i in kernels_before:
                    before = kernels_before[i]
                    denom = norm(before)
                    fields["update_ratio"] = (step_norm(w, before) / denom if denom > 0
                                              else float("inf"))
            fields.update(gradients.get(i, {}))
            if "moving_mean" in layer.state:
                fields["bn_moving_mean"] = layer.state["moving_mean"].copy()
                fields["bn_moving_variance"] = layer.state["moving_variance"].copy()
                if values is not None:
                    x_in = x_probe if i == 0 else values[i - 1][1]
                    fields["bn_batch_mean"], fields["bn_batch_variance"] = \
                        channel_moments(x_in)
            result.append(LayerTelemetry(
                index=i, name=layer.name or f"{layer.type_name.lower()}_{i}",
                kind=layer.type_name, activation=getattr(act, "name", None), **fields))
    return tuple(result)


def layer_grad_norms(network: Any) -> list[tuple[int, float]]:
    """``(layer index, norm of all that layer's gradients)`` for every layer with gradients;
    cheap enough to run every step (used to detect divergence)."""
    out = []
    for i, layer in enumerate(network.layers):
        if not layer.grads or not layer.trainable:
            continue
        total = 0.0
        for g in layer.grads.values():
            if g.dtype == np.float32 or g.dtype == np.float64:
                total += reductions.sum_squares(g.reshape(-1))   # the usual case, kept cheap
            else:
                n = norm(g)
                total += n * n
        out.append((i, math.sqrt(total) if math.isfinite(total) else total))
    return out
