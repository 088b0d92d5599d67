"""Telemetry snapshots: what the trainer yields and what plots, the status line and lesson
checks read.

Snapshots are frozen dataclasses of plain numbers and numpy arrays. Arrays in a snapshot are
copies owned by the snapshot (never views of live weights), so a consumer on another thread can
keep them as long as it likes. Optional fields are ``None`` when they do not apply (a Flatten
layer has no weights) or were not measured in this snapshot (validation metrics between epoch
ends).
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from dlstudio.messages import Message, from_data, to_data


#: the variant name of a run that trains alone; comparison variants are "A", "B", "C"...
SINGLE_RUN = "A"

#: step between the margins of ``LayerTelemetry.saturation_curve`` (and of the window's
#: saturation setting, which therefore always shows a measured share)
SATURATION_STEP = 0.005
#: the margins (distance to a sigmoid/tanh limit) at which the saturated share is recorded:
#: 0.005, 0.010, ... 0.250
SATURATION_MARGINS = np.round(np.arange(1, 51) * SATURATION_STEP, 3)
#: a kernel weight smaller than this in size counts as (almost) zero in
#: ``LayerTelemetry.weight_small_fraction`` (L1 drives weights there; the lesson checks on
#: sparsity use the same threshold by default)
SMALL_WEIGHT = 1e-3


@dataclass(frozen=True)
class Histogram:
    """Counts over fixed bin ``edges`` (len(edges) == len(counts) + 1)."""

    counts: np.ndarray
    edges: np.ndarray


@dataclass(frozen=True)
class LayerTelemetry:
    """What the probes measured in one layer (0-based ``index`` in the network)."""

    index: int
    name: str                      # unique display name, e.g. "dense_2"
    kind: str                      # layer type, e.g. "Dense"
    activation: str | None         # "relu", "sigmoid", ... or None
    # activations (the layer's output on the probe batch)
    act_hist: Histogram | None = None
    act_mean: float | None = None
    act_std: float | None = None
    saturated_fraction: float | None = None   # sigmoid/tanh: outputs near their limits
    # sigmoid/tanh: (len(SATURATION_MARGINS),) share of outputs within each of those margins
    # of a limit, so the saturated share can be read at another margin after the run
    saturation_curve: np.ndarray | None = None
    dead_fraction: float | None = None        # ReLU family: units zero for every probe example
    pre_mean: float | None = None             # pre-activation z statistics
    pre_std: float | None = None
    pre_hist: Histogram | None = None
    pass_through: float | None = None         # mean f'(z) / f'(0): gradient let through
    # weights and gradients (the kernel ``W`` when the layer has one); a norm grows with the
    # layer's size, an RMS (per weight) does not: compare layers by RMS
    weight_norm: float | None = None
    weight_hist: Histogram | None = None
    # share of the kernel's weights with |w| < SMALL_WEIGHT: at a histogram's bin width an
    # exact zero (L1) and a merely small weight (L2) look alike; this number tells them apart
    weight_small_fraction: float | None = None
    grad_norm: float | None = None            # ||dL/dW|| on the training batch of the step
    grad_rms: float | None = None
    grad_hist: Histogram | None = None
    bias_grad_norm: float | None = None       # ||dL/db||
    bias_grad_rms: float | None = None
    update_ratio: float | None = None         # ||delta W|| / ||W|| of the last step
    # the back-propagated signal dL/dz (z: the pre-activation) on the probe batch
    signal_norm: float | None = None
    signal_rms: float | None = None
    # per-unit statistics, for the layer ``TelemetrySpec.unit_layer`` only
    unit_mean: np.ndarray | None = None       # (units,) mean output of each unit
    unit_active: np.ndarray | None = None     # (units,) share of outputs on the live side
    unit_value: float | None = None           # mean output of unit ``unit_index`` (over time)
    # batch normalization: (C,) the moving averages used at inference, and (C,) the mean and
    # (biased) variance of the layer's input on the probe batch, the statistics of the data
    # now that the moving averages should approach
    bn_moving_mean: np.ndarray | None = None
    bn_moving_variance: np.ndarray | None = None
    bn_batch_mean: np.ndarray | None = None
    bn_batch_variance: np.ndarray | None = None


#: ``Telemetry.event`` values of a run's last snapshot (the run has ended; "failed": it
#: stopped with an error, which ``message`` names -- the studio adds that snapshot itself)
END_EVENTS = ("finished", "stopped", "diverged", "failed")


@dataclass(frozen=True)
class Telemetry:
    """One snapshot of a training run.

    ``event`` is ``"step"`` (periodic), ``"epoch_end"`` (validation metrics are fresh),
    ``"finished"``, ``"stopped"``, ``"diverged"`` or ``"failed"`` (``message`` explains what
    happened).
    ``variant`` tags the snapshot in a comparison run ("A", "B", ...).
    """

    step: int
    epoch: int
    batch_loss: float
    train_loss: float
    train_accuracy: float | None
    learning_rate: float
    examples_per_second: float
    val_loss: float | None = None
    val_accuracy: float | None = None
    test_loss: float | None = None
    test_accuracy: float | None = None
    epoch_fraction: float = 0.0               # progress through the current epoch, 0..1
    total_steps: int | None = None            # planned steps for the whole run
    layers: tuple[LayerTelemetry, ...] = ()
    event: str = "step"
    message: str = ""
    variant: str = SINGLE_RUN
    elapsed_seconds: float = 0.0
    #: the weight penalties (L1/L2, the layers' own and the global ones) at the last step;
    #: training minimizes loss + penalty, but ``batch_loss`` and ``train_loss`` leave it out,
    #: like ``val_loss``, so that training and validation losses compare
    penalty: float = 0.0
    extra: dict = field(default_factory=dict)

    def layer(self, index: int) -> LayerTelemetry:
        return self.layers[index]


def saturated_share(layer: LayerTelemetry, margin: float | None) -> float | None:
    """The share of ``layer``'s outputs within ``margin`` of a sigmoid/tanh limit (None: the
    margin the run was probed with), or None for other layers.

    Read from ``saturation_curve`` where it covers ``margin`` (exact at the
    ``SATURATION_MARGINS``, linear in between); otherwise, and for snapshots without a curve,
    the ``saturated_fraction`` measured at the run's own margin.
    """
    curve = layer.saturation_curve
    if margin is None or curve is None or len(curve) != len(SATURATION_MARGINS) \
            or not SATURATION_MARGINS[0] <= margin <= SATURATION_MARGINS[-1]:
        return layer.saturated_fraction
    return float(np.interp(margin, SATURATION_MARGINS, curve))


#: a snapshot's run-level fields, everything but the per-layer ``layers`` and ``extra``: what a
#: saved run history keeps of each snapshot
SCALAR_FIELDS = tuple(f.name for f in fields(Telemetry) if f.name not in ("layers", "extra"))


def to_record(snap: Telemetry) -> dict:
    """The ``SCALAR_FIELDS`` of ``snap`` as a JSON-friendly dict (numbers as int, float or
    None; texts as str, a structured message as ``messages.to_data`` data, so that a
    restored run's message still reads in the chosen language)."""
    out = {}
    for name in SCALAR_FIELDS:
        value = getattr(snap, name)
        if isinstance(value, Message):
            value = to_data(value)
        elif value is not None and not isinstance(value, (str, int)):
            value = float(value)
        out[name] = value
    return out


def from_record(record: dict) -> Telemetry | None:
    """A snapshot without layer data from ``to_record`` output (None when unreadable). A
    single run saved before runs were named ``SINGLE_RUN`` (variant ``""``) opens as one."""
    values = {k: record[k] for k in SCALAR_FIELDS if record.get(k) is not None}
    if "message" in values:
        message = from_data(values["message"])
        values["message"] = message if isinstance(message, str) else str(message)
    if values.get("variant") == "":
        values["variant"] = SINGLE_RUN
    try:
        return Telemetry(**values)
    except TypeError:          # a required field missing
        return None
