"""Lesson checks: pure functions over the telemetry of a step's run(s).

``base.py`` holds the contract (``CHECKS``, ``RunRecord``, ``CheckResult``, ``evaluate``);
the check families register themselves in ``CHECKS`` when imported, which happens here, so
``from dlstudio.lessons.checks import CHECKS`` always sees every check.
"""
from __future__ import annotations

from dlstudio.lessons.checks import (compare, landscape, preflight, single_run,  # noqa: F401
                                     static)
from dlstudio.lessons.checks.base import (CHECKS, CheckError, CheckResult, RunRecord, evaluate,
                                          pick, reads_first_measurement, register, runs_read)

__all__ = ["CHECKS", "CheckError", "CheckResult", "RunRecord", "evaluate", "pick",
           "reads_first_measurement", "register", "runs_read"]
