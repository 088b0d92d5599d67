"""The lesson-check contract: the registry, what a check reads and what it returns.

Every check is registered in ``CHECKS`` with its parameters (``Param``), so the loader can
validate a lesson's ``check`` table and the GUI can describe it. A check is called as
``fn(runs, **params) -> CheckResult`` where ``runs`` maps a variant name ("" for a single
run, "A", "B"... in a comparison) to a ``RunRecord``: the run's snapshots plus a few plain
facts the runner knows (final weights, the network's layer rows, data statistics).

Checks that read one run take ``variant`` (default: the only run; required when a step has
several). Comparisons take the names of the runs they compare. A check never trains
anything and never looks at a clock: the same snapshots always give the same result.
The checks themselves live beside this module: one run's telemetry in ``single_run.py``,
curves and comparisons between runs in ``compare.py``, network structure, weights, data and
search results in ``static.py``; the package's ``__init__`` imports them all, which fills
``CHECKS``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from dlstudio.engine.registry import Param, Registry
from dlstudio.lessons.metrics import AGGREGATES, measure, metric_label, parse_metric
from dlstudio.messages import Message, message_of


@dataclass(frozen=True)
class RunRecord:
    """What a check may read about one run.

    ``snapshots``: the ``Telemetry`` objects in order. ``info``: facts known to the runner,
    e.g. ``weights`` (list of arrays, Keras order), ``layers`` (``LayerRow`` list),
    ``spec`` (network spec dict), ``planned_epochs``, ``epochs_run``, ``x_train`` stats,
    ``trials`` (hyperparameter search).
    """

    name: str
    snapshots: tuple = ()
    info: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CheckResult:
    """Whether the phenomenon was seen, the number that decided it, and a sentence (a
    ``dlstudio.messages.Message``: English as a str, rendered in Chinese by the window and
    by ``dlstudio lesson --check --lang zh``)."""

    passed: bool
    value: float | None
    message: str


class CheckError(ValueError):
    """The check cannot be evaluated (missing run, metric never measured...); raised with a
    ``Message``."""


CheckFn = Callable[..., CheckResult]
CHECKS: Registry = Registry("lesson check")

VARIANT = Param("variant", "str", None, help="which run to read (variant name)")
AT = Param("at", "choice", "last", choices=AGGREGATES,
            help="how to reduce the series: first/last value, start/end (mean of 3), "
                 "min/max/mean/median")


def register(name: str, *params: Param, compare: bool = False, help: str = "",
             one_of: tuple[str, ...] = (), experiment: str | None = None):
    """Register a check function; ``compare`` marks checks that read several runs,
    ``one_of`` names parameters of which a lesson must give at least one, ``experiment`` the
    only step experiment whose runs the check can read (e.g. "preflight")."""
    def deco(fn: CheckFn) -> CheckFn:
        all_params = params if compare else (VARIANT,) + params
        CHECKS.add(name, fn, display=name.replace("_", " "), help=help or (fn.__doc__ or ""),
                   params=all_params, compare=compare, one_of=tuple(one_of),
                   experiment=experiment)
        return fn
    return deco


def pick(runs: Mapping[str, RunRecord], variant: str | None) -> RunRecord:
    """The run named ``variant`` (or the only run when ``variant`` is None)."""
    if variant is None:
        if len(runs) == 1:
            return next(iter(runs.values()))
        raise CheckError(Message("check.problem.which_variant", runs=list(runs)))
    if variant not in runs:
        raise CheckError(Message("check.problem.no_run", name=variant,
                                 runs=list(runs) or Message("term.none")))
    return runs[variant]


def evaluate(kind: str, params: dict, runs: Mapping[str, RunRecord]) -> CheckResult:
    """Run the registered check ``kind`` with ``params`` on ``runs``.

    Problems evaluating it (a metric never measured) give a failed result, not an exception.
    """
    entry = CHECKS.entry(kind)
    try:
        return entry.obj(runs, **params)
    except CheckError as exc:
        return CheckResult(False, None, message_of(exc) or str(exc))


def runs_read(params: Mapping, names: Sequence[str]) -> list[str]:
    """The run names among ``names`` that a check's ``params`` mention (the variants a
    comparison compares, the one a single-run check reads, those of an ``all`` check's
    sub-checks), in the order of ``names``. A check naming none reads the only run."""
    found: set[str] = set()
    stack = [params]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, str) and item in names:
            found.add(item)
    return [n for n in names if n in found]


def reads_first_measurement(kind: str, params: Mapping) -> bool:
    """Whether a check reads its numbers only at the run's first measurement (every
    telemetry check in it, an ``all`` check's sub-checks included, has ``at = "first"``):
    it judges the untrained network, whatever training did later (lesson 02 step 1, whose
    He run shrinks layer by layer by the end of its run: walker21 W21-1)."""
    if kind == "all":
        subs = [s for s in params.get("checks", ()) if isinstance(s, Mapping)]
        return bool(subs) and all(reads_first_measurement(s.get("kind", ""), s) for s in subs)
    return params.get("at") == "first"


def need(value: float | None, what: str) -> float:
    """``value``, or a ``CheckError`` saying that ``what`` (a metric name or a message) was
    never measured."""
    if value is None:
        raise CheckError(Message("check.problem.never_measured", what=metric_label(what)))
    return value


def layer_metric(name: str, layer: int) -> str:
    """The metric name of per-layer field ``name`` for layer ``layer``: ``grad_norm[0]``."""
    return f"{name}[{int(layer)}]"


#: the ``metric`` parameter shared by the generic metric checks
METRIC = Param("metric", "str", "train_loss", help="e.g. val_accuracy, grad_norm[0]")


def metric_value(run: RunRecord, metric: str, at: str) -> float:
    """Metric ``metric`` of ``run`` reduced by ``at`` (raises ``CheckError`` if never measured)."""
    parse_metric(metric)
    return need(measure(run.snapshots, metric, at), metric)
