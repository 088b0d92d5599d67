"""Lesson checks over a run's curves (epochs, learning rate) and comparisons between runs.

Registered in ``dlstudio.lessons.checks.base.CHECKS`` like the others; see that module for the
calling convention.
"""
from __future__ import annotations

import math
from typing import Sequence

from dlstudio.engine.registry import Param
from dlstudio.lessons.checks.base import (AT, METRIC, CheckError, CheckResult, RunRecord,
                                          metric_value, need, evaluate, pick, register)
from dlstudio.lessons.metrics import (aggregate, aggregate_label, epoch_ends, fmt, measure,
                                      metric_fmt, metric_gap, metric_label, run_label, run_value,
                                      series)
from dlstudio.messages import Message, join_sentences


# ------------------------------------------------------------------ curves over epochs
@register("val_loss_rises_while_train_falls", Param("epochs", "int", 3, low=1),
          help="after its best epoch the validation loss stays above its minimum for "
               "`epochs` epochs while the training loss keeps falling (overfitting)")
def val_loss_rises_while_train_falls(runs, variant=None, epochs=3) -> CheckResult:
    ends = epoch_ends(pick(runs, variant).snapshots)
    val = [s.val_loss for s in ends]
    train = [s.train_loss for s in ends]
    if len(ends) < epochs + 1 or any(v is None for v in val):
        raise CheckError(Message("check.problem.needs_epochs", epochs=epochs + 1))
    best = min(range(len(val)), key=lambda i: val[i])
    after = len(val) - 1 - best
    rising = after >= epochs and val[-1] > val[best]
    falling = train[-1] < train[best]
    return CheckResult(rising and falling, float(after),
                       # the step too: the curves' axis counts steps (walker12 W12-9)
                       Message("check.overfit_curve", best=fmt(val[best]), epoch=best + 1,
                               step=f"{ends[best].step:,}", after=after, needs=epochs, end=fmt(val[-1]),
                               train_best=fmt(train[best]), train_end=fmt(train[-1])))


@register("early_stopped", help="early stopping ended the run before its planned epochs")
def early_stopped(runs, variant=None) -> CheckResult:
    run = pick(runs, variant)
    planned = run.info.get("planned_epochs")
    done = len(epoch_ends(run.snapshots))
    if planned is None:
        raise CheckError(Message("check.problem.planned_unknown"))
    return CheckResult(done < planned, float(done),
                       Message("check.early_stopped", done=done, planned=planned))


@register("learning_rate_decreased", Param("factor", "float", 0.5, low=0.0, high=1.0),
          help="the learning rate at the end is at most `factor` times the first")
def learning_rate_decreased(runs, variant=None, factor=0.5) -> CheckResult:
    lrs = series(pick(runs, variant).snapshots, "learning_rate")
    first, last = need(aggregate(lrs, "first"), "learning_rate"), aggregate(lrs, "last")
    return CheckResult(last <= factor * first, last,
                       Message("check.lr_decreased", first=fmt(first), last=fmt(last),
                               limit=fmt(factor * first)))


@register("learning_rate_stepped_down", Param("times", "int", 2, low=1),
          help="the learning rate fell at least `times` separate times (a plateau schedule "
               "or a piecewise schedule stepping down), not just once")
def learning_rate_stepped_down(runs, variant=None, times=2) -> CheckResult:
    lrs = series(pick(runs, variant).snapshots, "learning_rate")
    levels = [need(aggregate(lrs, "first"), "learning_rate")]
    for before, value in zip(lrs, lrs[1:]):
        if value < before * (1.0 - 1e-6):           # a real drop, not float noise
            levels.append(value)
    drops = len(levels) - 1
    shown = levels if len(levels) <= 6 else levels[:3] + ["…"] + levels[-2:]
    path = " → ".join(v if isinstance(v, str) else fmt(v) for v in shown)
    return CheckResult(drops >= times, float(drops),
                       Message("check.lr_stepped_down", drops=drops, path=path, needs=times))


# ------------------------------------------------------------------ comparisons
_HIGHER_BETTER = ("accuracy",)


def _diverged(run: RunRecord) -> bool:
    return any(s.event == "diverged" for s in run.snapshots)


def _metric_or_worst(run: RunRecord, metric: str, at: str, higher: bool) -> float:
    """The metric, or the worst possible value when a diverged run never measured it."""
    value = measure(run.snapshots, metric, at)
    if value is None and _diverged(run):
        return -math.inf if higher else math.inf
    return need(value, Message("check.problem.metric_of_run",
                               metric=metric_label(metric, run.snapshots),
                               run=run.name))


@register("variant_better", METRIC, Param("better", "str", "B"), Param("worse", "str", "A"),
          AT, Param("margin", "float", 0.0,
                     help="the better run must win by at least this much (a negative margin "
                          "is a tolerance: 'at least as good, give or take')"),
          Param("direction", "choice", "auto", choices=("auto", "higher", "lower")),
          compare=True,
          help="run `better` beats run `worse` on a metric (higher accuracy, lower loss...)")
def variant_better(runs, metric="val_accuracy", better="B", worse="A", at="last", margin=0.0,
                   direction="auto") -> CheckResult:
    higher = direction == "higher" or (direction == "auto" and
                                       any(h in metric for h in _HIGHER_BETTER))
    b = _metric_or_worst(pick(runs, better), metric, at, higher)
    w = _metric_or_worst(pick(runs, worse), metric, at, higher)
    worst = -math.inf if higher else math.inf
    if w == worst or (not math.isfinite(w) and math.isnan(w)):
        ok = math.isfinite(b)
    else:
        ok = (b > w + margin) if higher else (b < w - margin)
    values = dict(metric=metric_label(metric, pick(runs, better).snapshots),
                  at=aggregate_label(at), better=run_label(better),
                  b=run_value(better, metric_fmt(metric, b)), worse=run_label(worse),
                  w=run_value(worse, metric_fmt(metric, w)),
                  direction=Message("term.higher" if higher else "term.lower"))
    if margin < 0:          # a tolerance, said as one (walker14 W14-7: "margin -0.1")
        values.pop("direction")
        text = Message("check.variant_better_tolerance_low" if higher
                       else "check.variant_better_tolerance_high", margin=metric_gap(metric, -margin),
                       **values)
    elif margin:
        text = Message("check.variant_better_margin", margin=metric_gap(metric, margin),
                       **values)
    else:
        text = Message("check.variant_better", **values)
    return CheckResult(ok, b - w if math.isfinite(b - w) else None, text)


@register("variant_ratio_above", METRIC, Param("num", "str", "B"), Param("den", "str", "A"),
          Param("ratio", "float", 2.0, low=0.0), AT, compare=True,
          help="metric of run `num` divided by metric of run `den` exceeds `ratio`")
def variant_ratio_above(runs, metric, num="B", den="A", ratio=2.0, at="last") -> CheckResult:
    n = metric_value(pick(runs, num), metric, at)
    d = metric_value(pick(runs, den), metric, at)
    r = n / d if d else math.inf
    label = metric_label(metric, pick(runs, num).snapshots)
    return CheckResult(r > ratio, r, Message("check.variant_ratio", metric=label,
                                             at=aggregate_label(at),
                                             n=run_value(num, metric_fmt(metric, n)),
                                             d=run_value(den, metric_fmt(metric, d)),
                                             ratio=fmt(r),
                                             limit=fmt(ratio)))


@register("all", Param("checks", "str", None, help="a list of check tables"), compare=True,
          help="every listed check passes")
def all_of(runs, checks: Sequence[dict]) -> CheckResult:
    results, texts = [], []
    for sub in checks:
        params = {k: v for k, v in sub.items() if k not in ("kind", "hint")}
        result = evaluate(sub["kind"], params, runs)
        results.append(result)
        text = result.message
        if params.get("variant") and len(runs) > 1:      # which run this line is about
            text = Message("check.of_variant", variant=run_label(params["variant"]),
                           text=text)
        texts.append(Message("check.marked", mark="✓" if result.passed else "✗", text=text))
    ok = all(r.passed for r in results)
    msg = join_sentences(texts)
    return CheckResult(ok, float(sum(r.passed for r in results)), msg)
