"""Reading numbers out of telemetry for lesson checks: metric names, series and aggregates.

A metric is a run-level field of ``Telemetry`` (``"train_loss"``, ``"val_accuracy"``,
``"learning_rate"``...), a per-layer field of ``LayerTelemetry`` with a layer index in
brackets (``"grad_norm[0]"``, ``"dead_fraction[-1]"``), or an entry of the snapshot's
``extra`` dict (``"extra.distance"``).

Layer indices count only the layers that *report* the quantity in that snapshot: for
``grad_norm`` the layers with weights, for ``dead_fraction`` the ReLU-family layers, for
``saturated_fraction`` the sigmoid/tanh layers. So ``grad_norm[0]`` is the first layer with
weights and ``grad_norm[-1]`` the last, whatever Flatten or Dropout layers sit between.

Everything here is a pure function of a sequence of snapshots.
"""
from __future__ import annotations

import math
import re
from typing import Any, Callable, Sequence

import numpy as np

from dlstudio.messages import Message, catalogue
from dlstudio.messages.numbers import with_minus

RUN_FIELDS = ("batch_loss", "train_loss", "train_accuracy", "val_loss", "val_accuracy",
              "test_loss", "test_accuracy", "learning_rate", "examples_per_second",
              "elapsed_seconds", "step", "epoch")
LAYER_FIELDS = ("act_mean", "act_std", "saturated_fraction", "dead_fraction", "pre_mean",
                "pre_std", "weight_norm", "grad_norm", "update_ratio", "grad_rms",
                "bias_grad_norm", "bias_grad_rms", "signal_rms", "signal_norm", "pass_through")
AGGREGATES = ("first", "last", "start", "end", "min", "max", "mean", "median")

_METRIC = re.compile(r"^(?:(?P<extra>extra\.\w+)|(?P<name>\w+)(?:\[(?P<index>-?\d+)\])?)$")


def parse_metric(metric: str) -> tuple[str, int | None]:
    """Split ``"grad_norm[-1]"`` into ``("grad_norm", -1)``; raise ``ValueError`` if unknown."""
    m = _METRIC.match(str(metric).replace(" ", ""))
    if not m:
        raise ValueError(f"cannot read metric {metric!r}; write e.g. 'val_accuracy', "
                         f"'grad_norm[0]' or 'extra.distance'")
    if m.group("extra"):
        return m.group("extra"), None
    name, index = m.group("name"), m.group("index")
    if name in RUN_FIELDS:
        if index is not None:
            raise ValueError(f"metric {name!r} belongs to the whole run, not to a layer: "
                             f"drop the [{index}]")
        return name, None
    if name in LAYER_FIELDS:
        return name, 0 if index is None else int(index)
    raise ValueError(f"unknown metric {name!r}; run metrics: {', '.join(RUN_FIELDS)}; "
                     f"layer metrics: {', '.join(LAYER_FIELDS)}")


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float, np.floating)) and math.isfinite(float(value))


def value_of(snapshot: Any, metric: str) -> float | None:
    """The metric's value in one snapshot, or None when the snapshot does not carry it."""
    name, index = parse_metric(metric)
    if name.startswith("extra."):
        value = (snapshot.extra or {}).get(name[6:])
        return None if value is None else float(value)
    if index is None:
        value = getattr(snapshot, name)
        return None if value is None else float(value)
    reporting = [layer for layer in snapshot.layers if getattr(layer, name) is not None]
    if not reporting or not -len(reporting) <= index < len(reporting):
        return None
    return float(getattr(reporting[index], name))


def layer_name(snapshots: Sequence[Any], field_name: str, index: int) -> Message:
    """The ``index``-th layer reporting ``field_name``, named as the layer stack numbers it:
    "layer 11 (dense_9)" (a ``Message``). Without a snapshot to look it up in, the layer
    is described by its place among the layers reporting the quantity."""
    from dlstudio.training.layer_words import layer_label

    for snap in reversed(list(snapshots)):
        reporting = [layer for layer in snap.layers if getattr(layer, field_name) is not None]
        if reporting and -len(reporting) <= index < len(reporting):
            layer = reporting[index]
            return layer_label(layer.index, layer.name)
    return unnamed_layer(index)


def unnamed_layer(index: int) -> Message:
    """A layer known only by its place among the layers reporting a quantity: "the 1st
    such layer", "the last such layer" (never a Python index like "-1")."""
    if index < 0:
        return Message("layer.from_end", number=-index)
    return Message("layer.from_start", number=index + 1)


def series(snapshots: Sequence[Any], metric: str,
           where: Callable[[Any], bool] | None = None) -> list[float]:
    """The metric over the snapshots that carry it (optionally only those ``where`` accepts)."""
    out = []
    for snap in snapshots:
        if where is not None and not where(snap):
            continue
        value = value_of(snap, metric)
        if value is not None:
            out.append(value)
    return out


def aggregate(values: Sequence[float], how: str = "last", window: int = 3) -> float | None:
    """One number from a series: ``first``/``last``, ``start``/``end`` (mean of the first or
    last ``window`` values), ``min``, ``max``, ``mean``, ``median``; None for an empty series.
    Non-finite values propagate (a diverged loss is ``nan``/``inf``)."""
    if not values:
        return None
    arr = np.asarray(values, dtype=np.float64)
    if how == "first":
        return float(arr[0])
    if how == "last":
        return float(arr[-1])
    if how == "start":
        return float(np.mean(arr[:window]))
    if how == "end":
        return float(np.mean(arr[-window:]))
    if how == "min":
        return float(np.min(arr))
    if how == "max":
        return float(np.max(arr))
    if how == "mean":
        return float(np.mean(arr))
    if how == "median":
        return float(np.median(arr))
    raise ValueError(f"unknown aggregate {how!r}; use one of {', '.join(AGGREGATES)}")


def measure(snapshots: Sequence[Any], metric: str, at: str = "last") -> float | None:
    """``aggregate(series(snapshots, metric), at)``."""
    return aggregate(series(snapshots, metric), at)


def epoch_ends(snapshots: Sequence[Any]) -> list[Any]:
    """The snapshots taken at epoch ends (fresh validation metrics), one per epoch (the last
    one seen for each epoch number)."""
    by_epoch: dict[int, Any] = {}
    for snap in snapshots:
        if snap.event == "epoch_end" or (snap.val_loss is not None and snap.event != "step"):
            by_epoch[snap.epoch] = snap
    return [by_epoch[e] for e in sorted(by_epoch)]


#: metrics a check line names more exactly than the window does: the training loss is the
#: epoch's running mean, not the mini-batch loss the loss plot ends at (walker27 W27-3)
_CHECK_NAMES = {"train_loss": "metric.train_loss_running"}


def metric_label(metric: str, snapshots: Sequence[Any] = ()) -> str:
    """A readable name for a metric, a ``Message`` (catalogue ids ``metric.<name>``) when the
    metric has a known name. A per-layer metric names its layer as the layer stack does,
    looked up in ``snapshots``: "grad_norm[0]" -> "gradient norm of layer 2 (dense)"."""
    try:
        name, index = parse_metric(metric)
    except ValueError:
        return metric
    key = _CHECK_NAMES.get(name, f"metric.{name.removeprefix('extra.')}")
    label = Message(key) if key in catalogue() else name.replace("_", " ")
    if index is None:
        return label
    return Message("metric.of_layer", metric=label, layer=layer_name(snapshots, name, index))


def aggregate_label(how: str) -> str:
    """The name of an aggregate in words, as a ``Message``: "first" -> "at the first
    measurement", "start" -> "mean of the first 3 measurements"..."""
    key = f"term.at.{how}"
    return Message(key) if key in catalogue() else how


def run_label(name: str) -> str:
    """A run's name as a check line says it: a name the window shows in the student's
    language (the optimizer playground's "Momentum" is 动量 in Chinese) as a ``Message``,
    any other name (A, B, SGD, Adam...) as it is (walker23 W23-4)."""
    key = f"term.run.{name.lower()}"
    return Message(key) if key in catalogue() else name


def run_value(name: str, value: str) -> Message:
    """A run's name and its value in a check line: "B 89.9%", but with a colon after a name
    of several words, which otherwise ran into its value ("β = 0.9 5.16 × 10⁻⁵" read as two
    numbers: walker28 W28-10)."""
    key = "check.run_value_colon" if any(ch.isspace() for ch in name) else "check.run_value"
    return Message(key, run=run_label(name), value=value)


#: significant digits of a number in a check line: enough to tell the values a check compares
#: apart, few enough to read ("0.9475", "0.3367", "0.04775" read as raw output: walker28 W28-10)
DIGITS = 3


def fmt(value: float | None) -> str:
    """A number for a check message (``DIGITS`` significant digits, scientific when tiny or
    huge, which the message writes with a power of ten; hundreds and thousands whole, with
    separators, and a real minus sign: walker25 W25-7)."""
    if value is None:
        return "n/a"
    if not math.isfinite(value):
        return with_minus(str(value))
    if value != 0 and (abs(value) < 1e-3 or abs(value) >= 1e5):
        return f"{value:.{DIGITS}g}"
    if abs(value) >= 10 ** (DIGITS - 1):   # "18,496" as the text writes it, not "1.85 × 10⁴"
        return with_minus(f"{value:,.0f}")
    return with_minus(f"{value:.{DIGITS}g}")


#: metrics that are fractions a student reads as percentages (plots, the status line)
_PERCENT_METRICS = ("accuracy",)


def is_percent_metric(metric: str) -> bool:
    """Whether ``metric`` is an accuracy, which the plots and the status line write in
    percent ("92.5%")."""
    return any(word in str(metric) for word in _PERCENT_METRICS)


def percent(fraction: float | None, exact: bool = False) -> str:
    """A fraction in percent: a measured value with one decimal (0.8992 -> "89.9%"), a
    threshold (``exact``) with the decimals it has (0.985 -> "98.5%", 0.5 -> "50%", so a
    threshold never reads rounded beside the value it judges: walker19 W19-6)."""
    if fraction is None:
        return "n/a"
    if not math.isfinite(fraction):
        return with_minus(str(fraction))
    return with_minus(f"{round(100 * fraction, 6):g}%" if exact else f"{fraction:.1%}")


def is_seconds_metric(metric: str) -> bool:
    """Whether ``metric`` is a measured time in seconds ("elapsed_seconds"), which the
    window's tables write with two decimals (``gui.seconds_text``)."""
    return str(metric).endswith("seconds")


def metric_fmt(metric: str, value: float | None, exact: bool = False) -> str:
    """A value of ``metric`` for a check message: an accuracy in percent (:func:`percent`),
    a time in seconds with two decimals, as the tables beside it write it (walker26 W26-8:
    "C 0.07191, B 2.373" under a table saying 0.07 and 2.37), anything else as :func:`fmt`
    writes it (walker25 W25-7: "B 0.8992, A 0.8458" beside plots and a status line saying
    "92.5%")."""
    if is_percent_metric(metric):
        return percent(value, exact)
    if is_seconds_metric(metric) and value is not None and math.isfinite(value) and not exact:
        return f"{value:.2f}"
    return fmt(value)


def metric_gap(metric: str, difference: float, exact: bool = True) -> Message | str:
    """A difference between two values of ``metric`` (a margin): percentage points for an
    accuracy ("3 percentage points"), else :func:`fmt`'s number. A threshold (``exact``)
    keeps the decimals it has; a measured difference has one, as :func:`percent` writes
    the accuracies it is the difference of ("14.5 percentage points")."""
    if is_percent_metric(metric):
        points = round(100 * difference, 6 if exact else 1)
        return Message("term.percentage_points", points=with_minus(f"{points:g}"))
    return fmt(difference)
