"""Checks on one run's telemetry: loss, accuracy, any metric, gradients and layer health.

See ``base.py`` for the calling convention.
"""
from __future__ import annotations

import math

from dlstudio.engine.registry import Param
from dlstudio.lessons.checks.base import (AT, METRIC, CheckError, CheckResult, RunRecord,
                                          layer_metric, metric_value, need, pick, register)
from dlstudio.lessons.metrics import (AGGREGATES, aggregate, aggregate_label, fmt, layer_name,
                                      measure, metric_fmt, metric_gap, metric_label, percent,
                                      series)
from dlstudio.messages import Message


# ------------------------------------------------------------------ loss and accuracy
@register("loss_finite", help="the loss stayed a finite number for the whole run")
def loss_finite(runs, variant=None) -> CheckResult:
    run = pick(runs, variant)
    losses = series(run.snapshots, "train_loss") + series(run.snapshots, "batch_loss")
    diverged = any(s.event == "diverged" for s in run.snapshots)
    bad = [v for v in losses if not math.isfinite(v)]
    if not losses:
        raise CheckError(Message("check.problem.no_loss"))
    ok = not diverged and not bad
    last = series(run.snapshots, "train_loss")
    text = (Message("check.loss_nonfinite") if not ok else
            Message("check.loss_finite_last", last=fmt(last[-1])) if last else
            Message("check.loss_finite"))
    return CheckResult(ok, last[-1] if last else None, text)


@register("loss_diverged",
          Param("blowup", "float", 10.0, low=1.0,
                help="also counts as diverged when the loss grows this many times its start"),
          help="the run diverged: NaN/inf loss, or the loss blew up")
def loss_diverged(runs, variant=None, blowup=10.0) -> CheckResult:
    run = pick(runs, variant)
    losses = series(run.snapshots, "batch_loss") or series(run.snapshots, "train_loss")
    if not losses:
        raise CheckError(Message("check.problem.no_loss"))
    stops = [s for s in run.snapshots if s.event == "diverged"]
    event = bool(stops)
    nonfinite = any(not math.isfinite(v) for v in losses)
    start = losses[0]
    peak = max((v for v in losses if math.isfinite(v)), default=start)
    grew = math.isfinite(start) and start > 0 and peak > blowup * start
    ok = event or nonfinite or grew
    why = (Message("check.diverged.event_why", why=stops[-1].message) if stops and
           stops[-1].message else
           Message("check.diverged.event") if event else
           Message("check.diverged.nonfinite") if nonfinite else
           Message("check.diverged.grew", start=fmt(start), peak=fmt(peak)) if grew else
           Message("check.diverged.bounded", start=fmt(start), peak=fmt(peak)))
    return CheckResult(ok, peak, why)


@register("loss_decreased",
          Param("factor", "float", 0.5, low=0.0, high=1.0,
                help="the final loss must be at most this fraction of the first"),
          Param("metric", "str", "train_loss"),
          help="the loss fell to a fraction of its starting value")
def loss_decreased(runs, variant=None, factor=0.5, metric="train_loss") -> CheckResult:
    run = pick(runs, variant)
    values = series(run.snapshots, metric)
    start, end = need(aggregate(values, "first"), metric), need(aggregate(values, "end"), metric)
    ok = math.isfinite(end) and end <= factor * start
    return CheckResult(ok, end / start if start else None,
                       went_from(metric, start, end, factor, run.snapshots))


def went_from(metric: str, start: float, end: float, factor: float,
              snapshots=()) -> Message:
    """ "training loss went from 0.69 to 0.2 (needs <= 0.345)"."""
    return Message("check.went_from", metric=metric_label(metric, snapshots),
                   start=metric_fmt(metric, start), end=metric_fmt(metric, end),
                   limit=metric_fmt(metric, factor * start))


def _accuracy(run: RunRecord, split: str) -> float:
    return _measured_accuracy(run, split)[0]


def _measured_accuracy(run: RunRecord, split: str) -> tuple[float, str]:
    """The run's last accuracy on ``split`` and the split it was measured on: a run without
    a test evaluation (stopped before its end) gives its validation accuracy, and its
    sentence says so (walker19 W19-6 read "test accuracy" for a validation figure)."""
    metric = {"val": "val_accuracy", "train": "train_accuracy", "test": "test_accuracy"}[split]
    value = measure(run.snapshots, metric, "last")
    if value is None and split == "test":
        value, split = measure(run.snapshots, "val_accuracy", "last"), "val"
    return need(value, metric), split


_SPLIT = Param("split", "choice", "val", choices=("val", "train", "test"))


@register("accuracy_above", Param("value", "float", 0.9, low=0.0, high=1.0), _SPLIT,
          help="the final accuracy is above a value")
def accuracy_above(runs, value, variant=None, split="val") -> CheckResult:
    acc, measured = _measured_accuracy(pick(runs, variant), split)
    return CheckResult(acc > value, acc, _accuracy_text(measured, acc, ">", value))


@register("accuracy_below", Param("value", "float", 0.6, low=0.0, high=1.0), _SPLIT,
          help="the final accuracy stays below a value (the network fails to learn)")
def accuracy_below(runs, value, variant=None, split="val") -> CheckResult:
    acc, measured = _measured_accuracy(pick(runs, variant), split)
    return CheckResult(acc < value, acc, _accuracy_text(measured, acc, "<", value))


def _accuracy_text(split: str, acc: float, needs: str, value: float) -> Message:
    """The check's sentence; the threshold ``value`` (a fraction) in percent with the
    decimals it has (0.985: "98.5%", not "98%": walker19 W19-6)."""
    return Message("check.accuracy", split=Message(f"term.split.{split}"), acc=acc,
                   needs=needs, value=round(100 * value, 6))


@register("accuracy_gap_above", Param("value", "float", 0.1, low=0.0, high=1.0),
          help="the training accuracy exceeds the validation accuracy by more than `value`")
def accuracy_gap_above(runs, value, variant=None) -> CheckResult:
    run = pick(runs, variant)
    train, val = _accuracy(run, "train"), _accuracy(run, "val")
    gap = train - val
    # the difference of two percentages in percentage points, as every margin between
    # accuracies reads ("14.5%" beside lesson 6's "margin 20 percentage points": walker30)
    return CheckResult(gap > value, gap, Message(
        "check.accuracy_gap", train=percent(train), val=percent(val),
        gap=metric_gap("accuracy", gap, exact=False), value=metric_gap("accuracy", value)))


# ------------------------------------------------------------------ generic metrics


@register("metric_above", METRIC, Param("value", "float", 0.0), AT,
          help="a metric (reduced by `at`) is above a value")
def metric_above(runs, metric, value, variant=None, at="last") -> CheckResult:
    run = pick(runs, variant)
    v = metric_value(run, metric, at)
    return CheckResult(v > value, v, metric_text(metric, at, v, ">", value, run.snapshots))


@register("metric_below", METRIC, Param("value", "float", 0.0), AT,
          help="a metric (reduced by `at`) is below a value")
def metric_below(runs, metric, value, variant=None, at="last") -> CheckResult:
    run = pick(runs, variant)
    v = metric_value(run, metric, at)
    return CheckResult(v < value, v, metric_text(metric, at, v, "<", value, run.snapshots))


def metric_text(metric: str, at: str, value: float, needs: str, limit: float,
                snapshots=()) -> Message:
    """ "gradient norm of layer 2 (dense), at the last measurement: 0.01 (needs < 0.1)";
    ``snapshots`` name a per-layer metric's layer."""
    return Message("check.metric_vs", metric=metric_label(metric, snapshots),
                   at=aggregate_label(at),
                   value=metric_fmt(metric, value), needs=needs,
                   limit=metric_fmt(metric, limit, exact=True))


@register("metric_between", METRIC, Param("low", "float", 0.0), Param("high", "float", 1.0),
          AT, help="a metric (reduced by `at`) lies between two values")
def metric_between(runs, metric, low, high, variant=None, at="last") -> CheckResult:
    run = pick(runs, variant)
    v = metric_value(run, metric, at)
    return CheckResult(low <= v <= high, v,
                       Message("check.metric_between",
                               metric=metric_label(metric, run.snapshots),
                               at=aggregate_label(at), value=metric_fmt(metric, v),
                               low=metric_fmt(metric, low, exact=True),
                               high=metric_fmt(metric, high, exact=True)))


@register("metric_fell", METRIC, Param("factor", "float", 0.5, low=0.0),
          help="a metric's last value is at most `factor` times its first")
def metric_fell(runs, metric, factor=0.5, variant=None) -> CheckResult:
    run = pick(runs, variant)
    first, last = metric_value(run, metric, "first"), metric_value(run, metric, "last")
    ok = math.isfinite(last) and last <= factor * first
    return CheckResult(ok, last, went_from(metric, first, last, factor, run.snapshots))


# ------------------------------------------------------------------ gradients and layers
_FIRST = Param("first_layer", "int", 0, help="index among layers with weights")
_LAST = Param("last_layer", "int", -1, help="index among layers with weights")
_AT_START = Param("at", "choice", "start", choices=AGGREGATES)
#: what a gradient-ratio check compares: the weight gradient dL/dW (norm or per-weight RMS)
#: or the signal dL/dz back-propagation delivers to each layer (RMS or norm)
GRADIENT_QUANTITIES = ("grad_norm", "grad_rms", "signal_rms", "signal_norm")
_QUANTITY = Param("quantity", "choice", "grad_norm", choices=GRADIENT_QUANTITIES,
                  help="signal_rms: the signal dL/dz reaching each layer (what the "
                       "vanishing-gradient papers plot); grad_norm: the weight gradient")


def _grad_ratio(run: RunRecord, first: int, last: int, at: str,
                quantity: str = "grad_norm") -> float:
    ratios = []
    for snap in run.snapshots:
        num = series([snap], layer_metric(quantity, first))
        den = series([snap], layer_metric(quantity, last))
        if num and den and den[0] > 0:
            ratios.append(num[0] / den[0])
    return need(aggregate(ratios, at), quantity)


@register("grad_ratio_below", _FIRST, _LAST, Param("ratio", "float", 0.01, low=0.0), _AT_START,
          _QUANTITY,
          help="the first layer's gradient (or dL/dz signal) is below `ratio` times the last "
               "layer's")
def grad_ratio_below(runs, ratio, variant=None, first_layer=0, last_layer=-1,
                     at="start", quantity="grad_norm") -> CheckResult:
    run = pick(runs, variant)
    r = _grad_ratio(run, first_layer, last_layer, at, quantity)
    return CheckResult(r < ratio, r, _ratio_text(run, first_layer, last_layer, r, "<", ratio,
                                                 quantity))


def _ratio_text(run: RunRecord, first: int, last: int, r: float, needs: str,
                limit: float, quantity: str = "grad_norm") -> Message:
    mid = "check.signal_ratio" if quantity.startswith("signal") else "check.grad_ratio"
    return Message(mid, first=layer_name(run.snapshots, quantity, first),
                   last=layer_name(run.snapshots, quantity, last), ratio=fmt(r),
                   needs=needs, limit=fmt(limit))


@register("grad_ratio_above", _FIRST, _LAST, Param("ratio", "float", 0.1, low=0.0), _AT_START,
          _QUANTITY,
          help="the first layer's gradient (or dL/dz signal) is at least `ratio` times the "
               "last layer's")
def grad_ratio_above(runs, ratio, variant=None, first_layer=0, last_layer=-1,
                     at="start", quantity="grad_norm") -> CheckResult:
    run = pick(runs, variant)
    r = _grad_ratio(run, first_layer, last_layer, at, quantity)
    return CheckResult(r > ratio, r, _ratio_text(run, first_layer, last_layer, r, ">", ratio,
                                                 quantity))


def _layer_check(field_name: str, label: Message, above: bool):
    def check(runs, layer, value, variant=None, at="end") -> CheckResult:
        metric = layer_metric(field_name, layer)
        run = pick(runs, variant)
        v = metric_value(run, metric, at)
        ok = v > value if above else v < value
        sign = ">" if above else "<"
        name = layer_name(run.snapshots, field_name, layer)
        return CheckResult(ok, v, Message("check.layer_share", what=label, layer=name,
                                          at=aggregate_label(at), share=percent(v), needs=sign,
                                          value=percent(value, exact=True)))
    return check


for _field, _label, _name in (("dead_fraction", Message("term.dead_units"), "dead_fraction"),
                              ("saturated_fraction", Message("term.saturated_outputs"),
                               "saturation")):
    for _above in (True, False):
        register(f"{_name}_{'above' if _above else 'below'}",
                 Param("layer", "int", 0, help=f"index among layers reporting {_field}"),
                 Param("value", "float", 0.4, low=0.0, high=1.0),
                 Param("at", "choice", "end", choices=AGGREGATES),
                 help=f"the fraction of {_label} in a layer is "
                      f"{'above' if _above else 'below'} a value")(
            _layer_check(_field, _label, _above))
