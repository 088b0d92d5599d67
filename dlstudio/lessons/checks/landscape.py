"""Lesson checks on the loss landscape around a run's trained weights.

They read ``RunRecord.info["landscape_rise"]``, which the runner measures when a step asks for
it with ``config = { landscape = { span = 0.5, directions = 4, examples = 256 } }``
(``dlstudio.training.landscape.mean_rise``: how much the loss rises, on average, a filter-
normalized distance ``span`` away from the weights in random directions), and the ``span`` and
number of directions it used (``landscape_span``, ``landscape_directions``).
"""
from __future__ import annotations

import math

from dlstudio.engine.registry import Param
from dlstudio.lessons.checks.base import CheckError, CheckResult, pick, register
from dlstudio.lessons.metrics import fmt
from dlstudio.messages import Message


def _recorded(run, key: str) -> float:
    value = run.info.get(key)
    if value is None:
        raise CheckError(Message("check.problem.not_recorded", key=key))
    return float(value)


@register("landscape_steeper", Param("steep", "str", "B"), Param("flat", "str", "A"),
          Param("ratio", "float", 10.0, low=1.0), compare=True,
          help="the loss rises at least `ratio` times more around run `steep`'s weights than "
               "around run `flat`'s (random filter-normalized directions)")
def landscape_steeper(runs, steep="B", flat="A", ratio=10.0) -> CheckResult:
    s_run, f_run = pick(runs, steep), pick(runs, flat)
    s, f = _recorded(s_run, "landscape_rise"), _recorded(f_run, "landscape_rise")
    r = s / f if f > 0 else (math.inf if s > 0 else 0.0)
    # the line names what it measured, which is not the change across the Loss landscape
    # tab's grid that the tab states (walker27 W27-11)
    span = _recorded(s_run, "landscape_span")
    directions = int(_recorded(s_run, "landscape_directions"))
    return CheckResult(r >= ratio, r if math.isfinite(r) else None,
                       Message("check.landscape_steeper", steep=steep, s=fmt(s), flat=flat,
                               f=fmt(f), ratio=fmt(r), limit=fmt(ratio), span=fmt(span),
                               n=directions))
