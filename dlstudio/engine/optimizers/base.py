"""The optimizer bookkeeping shared by every update rule.

An optimizer turns gradients into weight changes. The rule itself (SGD, Adam, ...) is a small
function of one parameter, its gradient and its per-parameter state ("slots": a velocity, a
running mean of squared gradients, ...). This base class does everything else:

* it receives the trainable parameters as a list of :class:`ParamRef` (the live arrays of the
  network, updated in place),
* creates each parameter's slots on first use, keyed by ``(layer_index, key)``,
* counts the steps (``iterations``, used by Adam's bias correction),
* saves and restores its state (``state_dict`` / ``load_state_dict``) so that a resumed run
  continues exactly as if it had never stopped, and
* describes itself (``get_config``) in Keras's argument names.
"""
from __future__ import annotations

import math
import operator
from typing import Any, Callable, ClassVar, NamedTuple, Sequence

import numpy as np

from dlstudio.engine.kernels import optimizers as kopt
from dlstudio.engine.kernels.lists import ArrayTable

__all__ = ["ParamRef", "Optimizer", "check_rate", "check_fraction"]

#: a network with at least this many small parameters (below ``kernels.optimizers.
#: PARALLEL_MIN_SIZE`` values each) has them updated by one kernel call per step
PACK_MIN = 2


class ParamRef(NamedTuple):
    """One trainable array of a network, as the optimizer sees it.

    ``value`` and ``grad`` are the live arrays (same shape and dtype); ``value`` is updated in
    place. ``layer_index`` and ``key`` (``"W"``, ``"b"``, ``"gamma"``, ``"beta"``) name the
    parameter so that the optimizer's state follows it across steps and saves.
    """

    layer_index: int
    key: str
    value: np.ndarray
    grad: np.ndarray


def check_rate(owner: str, name: str, value: Any, *, allow_zero: bool = True) -> float:
    """A finite number >= 0 (or > 0), else ``ValueError`` naming the setting."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) \
            or not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        need = "zero or positive" if allow_zero else "positive"
        raise ValueError(f"{owner}: {name} must be a {need} number, got {value!r}")
    return float(value)


def check_fraction(owner: str, name: str, value: Any, *, high_inclusive: bool = False) -> float:
    """A number in [0, 1) (or [0, 1]), else ``ValueError`` naming the setting."""
    value = check_rate(owner, name, value)
    if value > 1 or (value == 1 and not high_inclusive):
        bound = "at most 1" if high_inclusive else "below 1"
        raise ValueError(f"{owner}: {name} must be {bound}, got {value!r} "
                         f"(typical values are 0.9 to 0.999)")
    return value


def flush_subnormal(a: np.ndarray) -> None:
    """Set the subnormal values of the float array ``a`` (below ``np.finfo(dtype).tiny`` in
    magnitude, 0 excluded) to 0, in place: what the kernels do to an optimizer's decaying
    state (see ``kernels/optimizers.py``). NaN is kept."""
    a[np.abs(a) < np.finfo(a.dtype).tiny] = 0


class Optimizer:
    """Base class. Subclasses set ``name`` and ``hyperparameters`` and implement ``update``.

    Parameters
    ----------
    learning_rate : float
        Step size used when ``apply`` is not given one (a schedule usually gives one).

    Attributes
    ----------
    iterations : int
        Number of ``apply`` calls so far (Keras's ``optimizer.iterations``).
    backend : {"numba", "numpy"}
        ``"numba"`` uses the fused kernels in ``engine.kernels.optimizers`` where the arrays allow it;
        ``"numpy"`` always uses the readable NumPy update functions.
    """

    name: ClassVar[str] = "optimizer"
    #: names of the constructor arguments (besides learning_rate) reported by get_config.
    hyperparameters: ClassVar[tuple[str, ...]] = ()

    def __init__(self, learning_rate: float = 0.01):
        self.learning_rate = check_rate(type(self).__name__, "learning_rate", learning_rate)
        self.iterations = 0
        self.backend = "numba"
        self._slots: dict[tuple[int, str], dict[str, np.ndarray]] = {}
        self._forget_refs()

    def _forget_refs(self) -> None:
        """Drop the fast path's memory of the last step's parameters (see ``apply``)."""
        self._seen_refs: tuple | None = None
        self._seen_items: list = []
        self._seen_slots: dict | None = None
        self._packed: Any = None
        self._packed_when: tuple = ()

    # -- the step ---------------------------------------------------------------------------
    def apply(self, params: Sequence[ParamRef], learning_rate: float | None = None) -> None:
        """Update every parameter in place from its gradient; counts one iteration.

        Parameters
        ----------
        params : list of ParamRef
            The network's trainable, unfrozen parameters with their gradients.
        learning_rate : float, optional
            This step's learning rate (from a schedule); ``self.learning_rate`` by default.
        """
        lr = self.learning_rate if learning_rate is None else float(learning_rate)
        if not math.isfinite(lr) or lr < 0:
            raise ValueError(f"{type(self).__name__}: learning rate must be a zero or positive "
                             f"number, got {learning_rate!r}")
        self.iterations += 1
        self.begin_step(lr)
        # Fast path for small networks, where this loop's bookkeeping costs more than the
        # updates: the very same ParamRef objects as last step (Network.parameters() hands
        # them out again while the arrays stay the same) reuse the checked arrays and slots.
        if not isinstance(params, (list, tuple)):
            params = list(params)
        # The small parameters among them are updated by one kernel call (``update_many``)
        # while the settings they were packed under hold.
        seen = self._seen_refs
        if seen is not None and len(params) == len(seen) and all(map(operator.is_, params, seen)) \
                and self._seen_slots is self._slots \
                and self._packed_when == self._settings_getter(self):
            if self._packed is not None:
                self.update_many(self._packed, lr)
            update = self.update
            for w, g, slots in self._seen_items:
                update(w, g, slots, lr)
            return
        items = []
        for ref in params:
            if ref.grad.shape != ref.value.shape:
                raise ValueError(f"{type(self).__name__}: gradient of layer {ref.layer_index} "
                                 f"{ref.key} has shape {ref.grad.shape}, the parameter "
                                 f"{ref.value.shape}")
            slots = self._slots.setdefault((ref.layer_index, ref.key), {})
            self.update(ref.value, ref.grad, slots, lr)
            items.append((ref.value, ref.grad, slots))
        self._seen_refs, self._seen_slots = tuple(params), self._slots
        self._packed, self._seen_items = self._pack(items)
        self._packed_when = self._pack_key()

    def _pack_key(self) -> tuple:
        """What the packed lists depend on: the backend and the hyperparameters (which
        slots exist). Also makes ``_settings_getter``, which the next steps call instead."""
        getter = type(self).__dict__.get("_settings_getter")
        if getter is None:                  # one C-level getter per class, made on first use
            getter = operator.attrgetter("backend", *self.hyperparameters)
            type(self)._settings_getter = getter
        return getter(self)

    def _pack(self, items: list) -> tuple[Any, list]:
        """(an ``ArrayTable`` of the small parameters' arrays for ``update_many``, each
        parameter's ``kernel_arrays`` in a row; the items left to ``update``), no table below
        ``PACK_MIN`` small parameters."""
        small, rest = [], []
        for w, g, slots in items:
            arrays = None
            if self.backend == "numba" and w.size < kopt.PARALLEL_MIN_SIZE \
                    and self.use_kernels(w, g):
                arrays = self.kernel_arrays(w, g, slots)
            if arrays is None or (small and w.dtype != small[0][0].dtype) or \
                    not ArrayTable.fits(arrays):
                rest.append((w, g, slots))
            else:
                small.append(arrays)
        if len(small) < PACK_MIN:
            return None, items
        return ArrayTable([a for arrays in small for a in arrays]), rest

    def begin_step(self, lr: float) -> None:
        """Hook run once per ``apply`` after ``iterations`` is counted (per-step constants)."""

    def update(self, w: np.ndarray, g: np.ndarray, slots: dict[str, np.ndarray],
               lr: float) -> None:
        """Update one parameter ``w`` in place from its gradient ``g`` (subclasses)."""
        raise NotImplementedError

    def kernel_arrays(self, w: np.ndarray, g: np.ndarray,
                      slots: dict[str, np.ndarray]) -> tuple | None:
        """One parameter's arrays in the argument order of this rule's ``*_many`` kernel
        (after an ``update`` created its slots), or None when the rule has no such kernel."""
        return None

    def update_many(self, arrays: Any, lr: float) -> None:
        """Update the parameters packed by ``_pack``: an ``ArrayTable`` of flat arrays, each
        parameter's ``kernel_arrays`` in a row (the kernels take its ``first`` and ``table``)."""
        raise NotImplementedError

    def slot(self, slots: dict[str, np.ndarray], name: str, like: np.ndarray,
             fill: float = 0.0) -> np.ndarray:
        """The slot ``name`` of one parameter, created filled with ``fill`` on first use."""
        arr = slots.get(name)
        if arr is not None and arr.shape == like.shape and arr.dtype == like.dtype:
            return arr                                   # the usual case, kept fast
        if arr is None:
            arr = np.full(like.shape, fill, dtype=like.dtype)
            slots[name] = arr
        elif arr.shape != like.shape:
            raise ValueError(f"{type(self).__name__}: the saved {name!r} state has shape "
                             f"{arr.shape} but its parameter has shape {like.shape}; the "
                             f"optimizer state belongs to a different network")
        else:
            arr = np.ascontiguousarray(arr, dtype=like.dtype)   # e.g. state saved in float64
            slots[name] = arr
        return arr

    def use_kernels(self, w: np.ndarray, g: np.ndarray) -> bool:
        """True when the fused kernels can update ``w`` (slots always match ``w``)."""
        return self.backend == "numba" and kopt.fits(w, g)

    # -- state ------------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget all per-parameter state and the step count (a fresh start)."""
        self.iterations = 0
        self._slots.clear()
        self._forget_refs()

    def slots_of(self, layer_index: int, key: str) -> dict[str, np.ndarray]:
        """The live slots of one parameter (empty before its first update)."""
        return self._slots.get((layer_index, key), {})

    def state_dict(self, copies: Callable[[list[np.ndarray]], list[np.ndarray]] | None = None
                   ) -> dict[str, Any]:
        """Everything needed to continue exactly: plain ints and copies of the slot arrays
        (``copies``, when given, copies the list of live slot arrays: e.g. into reused
        memory with ``CopyPool.copies``).

        ``{"name": "adam", "iterations": 12, "slots": {"0/W": {"m": array, "v": array}, ...}}``
        """
        live = [arr for slots in self._slots.values() for arr in slots.values()]
        copied = iter(copies(live) if copies is not None else [a.copy() for a in live])
        return {"name": self.name, "iterations": int(self.iterations),
                "slots": {f"{layer}/{key}": {name: next(copied) for name in slots}
                          for (layer, key), slots in self._slots.items()}}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Restore what ``state_dict`` returned (the arrays are copied)."""
        if not isinstance(state, dict) or "iterations" not in state or "slots" not in state:
            raise ValueError(f"{type(self).__name__}: not an optimizer state (expected a dict "
                             f"with 'iterations' and 'slots')")
        name = state.get("name", self.name)
        if name != self.name:
            raise ValueError(f"{type(self).__name__}: the saved state belongs to a {name!r} "
                             f"optimizer; create that optimizer to resume from it")
        slots: dict[tuple[int, str], dict[str, np.ndarray]] = {}
        for path, entry in state["slots"].items():
            layer, _, key = str(path).partition("/")
            try:
                slots[(int(layer), key)] = {n: np.array(a, copy=True, order="C")
                                            for n, a in entry.items()}
            except (ValueError, AttributeError) as exc:
                raise ValueError(f"{type(self).__name__}: damaged optimizer state entry "
                                 f"{path!r}") from exc
        self.iterations = int(state["iterations"])
        self._slots = slots
        self._forget_refs()

    def check_state_fits(self, network: Any) -> None:
        """Raise ``ValueError`` when restored state does not belong to ``network``: a slot
        for a parameter it lacks, of another shape, or holding NaN/infinite values (so a
        damaged checkpoint fails when it is opened, not at the first step)."""
        for (layer, key), slots in self._slots.items():
            layers = network.layers
            param = layers[layer].params.get(key) if 0 <= layer < len(layers) else None
            if param is None:
                raise ValueError(f"{type(self).__name__}: saved state for layer {layer + 1} "
                                 f"{key!r}, which this network does not have")
            for name, arr in slots.items():
                if arr.shape != param.shape or arr.dtype.kind != "f":
                    raise ValueError(f"{type(self).__name__}: the saved {name!r} state of "
                                     f"layer {layer + 1} {key!r} has shape {arr.shape}; its "
                                     f"parameter has shape {param.shape}")
                if not np.isfinite(arr).all():
                    raise ValueError(f"{type(self).__name__}: the saved {name!r} state of "
                                     f"layer {layer + 1} {key!r} holds NaN or infinite values")

    # -- description ------------------------------------------------------------------------
    def get_config(self) -> dict[str, Any]:
        """``{"name": ..., "learning_rate": ..., <hyperparameters>}`` (Keras names)."""
        cfg: dict[str, Any] = {"name": self.name, "learning_rate": self.learning_rate}
        cfg.update({h: getattr(self, h) for h in self.hyperparameters})
        return cfg

    def to_dict(self) -> dict[str, Any]:
        cfg = self.get_config()
        return {"class_name": cfg.pop("name"), "config": cfg}

    def __repr__(self) -> str:
        cfg = self.get_config()
        cfg.pop("name")
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in cfg.items())})"
