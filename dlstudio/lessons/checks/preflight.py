"""Checks that read a pre-flight report: the network judged at initialization, before any
training step (``dlstudio.training.preflight``).

A step with ``experiment = "preflight"`` records, per run, ``info["preflight"]`` (a
``PreflightReport``); these checks read it. ``preflight_verdict`` asks whether the network's
verdict includes (or leaves out) a word; ``preflight_layer_ratio`` compares the signal dL/dz
(or the weight gradient) reaching two layers, by default a layer against the report's
reference layer (the last hidden one), which is the number the layer stack's badges show.
See ``base.py`` for the calling convention.
"""
from __future__ import annotations

import math

from dlstudio.engine.registry import Param
from dlstudio.lessons.checks.base import CheckError, CheckResult, RunRecord, pick, register
from dlstudio.lessons.metrics import fmt
from dlstudio.messages import Message
from dlstudio.training.preflight_verdicts import HEALTHY, VERDICTS

#: the words a verdict check may name
VERDICT_WORDS = VERDICTS + (HEALTHY,)
#: what a layer-ratio check compares (``LayerCheck`` fields)
RATIO_QUANTITIES = ("signal_rms", "weight_grad_rms")


def report_of(run: RunRecord):
    """The run's ``PreflightReport`` (raises ``CheckError`` when the step made none)."""
    report = run.info.get("preflight")
    if report is None:
        raise CheckError(Message("check.problem.no_preflight"))
    return report


def verdict_term(word: str) -> Message:
    """A verdict word ("dead units") as a message, so it shows in the reader's language."""
    return Message(f"term.verdict.{word.replace(' ', '_')}")


@register("preflight_verdict",
          Param("includes", "choice", None, choices=VERDICT_WORDS,
                help="the verdict must include this word (\"healthy\": no problem found)"),
          Param("excludes", "choice", None, choices=VERDICT_WORDS,
                help="the verdict must not include this word"),
          one_of=("includes", "excludes"), experiment="preflight",
          help="the pre-flight check's verdict before training includes (or leaves out) a word")
def preflight_verdict(runs, variant=None, includes=None, excludes=None) -> CheckResult:
    report = report_of(pick(runs, variant))
    words = set(report.verdicts or (HEALTHY,))
    ok = (includes is None or includes in words) and (excludes is None or excludes not in words)
    # the verdict's words only: its sentences stand on the Pre-flight page and in the status
    # line, and repeated under Apply they pushed the answer's feedback out of the lesson pane
    # (walker21 W21-2: nine lines for lesson 04 step 1)
    found = [verdict_term(w) for w in dict.fromkeys(report.verdicts or (HEALTHY,))]
    if includes is not None and (includes in words or excludes is None):
        text = Message("check.preflight_verdict.includes", word=verdict_term(includes),
                       verdicts=found)
    else:
        text = Message("check.preflight_verdict.excludes", word=verdict_term(excludes),
                       verdicts=found)
    return CheckResult(ok, float(len(report.verdicts)), text)


def _weighted(report) -> list:
    return [c for c in report.layers if c.signal_rms is not None]


def _layer_at(layers: list, index: int):
    try:
        return layers[int(index)]
    except IndexError:
        raise CheckError(Message("check.problem.no_weight_layer", layer=int(index),
                                 count=len(layers))) from None


@register("preflight_layer_ratio",
          Param("first_layer", "int", 0, help="index among layers with weights"),
          Param("last_layer", "int", None,
                help="index among layers with weights (default: the report's reference layer, "
                     "the last hidden one, as the layer badges show)"),
          Param("below", "float", None, low=0.0, help="the ratio must be below this"),
          Param("above", "float", None, low=0.0, help="the ratio must be above this"),
          Param("quantity", "choice", "signal_rms", choices=RATIO_QUANTITIES,
                help="signal_rms: the signal dL/dz reaching each layer; weight_grad_rms: the "
                     "weight gradient"),
          one_of=("below", "above"), experiment="preflight",
          help="before training, what reaches one layer relative to another is below (or "
               "above) a ratio")
def preflight_layer_ratio(runs, variant=None, first_layer=0, last_layer=None, below=None,
                          above=None, quantity="signal_rms") -> CheckResult:
    report = report_of(pick(runs, variant))
    layers = _weighted(report)
    first = _layer_at(layers, first_layer)
    if last_layer is None and report.reference_layer is not None:
        last = report.layer(report.reference_layer)
    else:
        last = _layer_at(layers, -1 if last_layer is None else last_layer)
    what = Message(f"term.preflight.{quantity}")
    num, den = getattr(first, quantity), getattr(last, quantity)
    for value, check in ((num, first), (den, last)):
        if value is None:
            raise CheckError(Message("check.problem.preflight_unmeasured", what=what,
                                     layer=check.label))
    ratio = num / den if den > 0 else (math.inf if num > 0 else math.nan)
    ok = math.isfinite(ratio) and (below is None or ratio < below) and \
        (above is None or ratio > above)
    needs, limit = ("<", below) if below is not None else (">", above)
    if below is not None and above is not None:
        needs, limit = "in", f"({fmt(above)}, {fmt(below)})"
    return CheckResult(ok, ratio, Message("check.preflight_ratio", what=what, first=first.label,
                                          last=last.label, ratio=fmt(ratio), needs=needs,
                                          limit=limit if isinstance(limit, str) else fmt(limit)))
