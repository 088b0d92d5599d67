"""Lesson checks on what a run *built*: the network's structure, its final weights, the
preprocessed data and hyperparameter-search results.

They read ``RunRecord.info`` (filled by the runner): ``layers`` (rows from
``NetworkSpec.describe_layers()``), ``spec`` (the network spec dict), ``kernels`` (the final
kernel of every Dense/Conv2D layer, in order), ``x_train_mean``/``x_train_cov`` (statistics of
the preprocessed training inputs) and ``trials`` (search results: dicts with ``params``,
``score`` and ``round``). Layer indices: ``layer`` in structural checks counts every layer
of the spec (0-based); in weight checks it counts only layers with a kernel.
"""
from __future__ import annotations

import math

import numpy as np

from dlstudio.engine.registry import Param
from dlstudio.lessons.checks.base import CheckError, CheckResult, pick, register
from dlstudio.lessons.metrics import fmt, percent, unnamed_layer
from dlstudio.messages import Message, counted
from dlstudio.messages.numbers import dims_text
from dlstudio.training.layer_words import layer_label
from dlstudio.training.search_space import hyperparameter_label

_LAYER = Param("layer", "int", 0, help="layer index")


def _info(run, key: str):
    if key not in run.info:
        raise CheckError(Message("check.problem.not_recorded", key=key))
    return run.info[key]


def _row(run, layer: int):
    rows = _info(run, "layers")
    if not -len(rows) <= layer < len(rows):
        raise CheckError(counted("check.problem.no_layer_of", len(rows), layer=layer))
    return rows[layer]


#: the layer types holding a kernel ``W`` (what ``info["kernels"]`` lists, in order)
KERNEL_TYPES = ("Dense", "Conv2D")


def _row_label(row) -> Message:
    """A layer row named as the layer stack numbers it: "layer 2 (dense)"."""
    return layer_label(row.index, row.name)


def _kernel_label(run, layer: int) -> Message:
    """The ``layer``-th layer with a kernel, named as the layer stack numbers it."""
    rows = [r for r in run.info.get("layers") or () if r.type in KERNEL_TYPES]
    if -len(rows) <= layer < len(rows):
        return _row_label(rows[layer])
    return unnamed_layer(layer)


def _kernel(run, layer: int) -> np.ndarray:
    kernels = _info(run, "kernels")
    if not -len(kernels) <= layer < len(kernels):
        raise CheckError(Message("check.problem.no_weight_layer", layer=layer,
                                 count=len(kernels)))
    return np.asarray(kernels[layer], dtype=np.float64)


# ------------------------------------------------------------------ structure
@register("param_count_equals", _LAYER, Param("value", "int", 0, low=0),
          help="a layer has exactly this many parameters")
def param_count_equals(runs, layer, value, variant=None) -> CheckResult:
    row = _row(pick(runs, variant), layer)
    return CheckResult(row.n_params == value, float(row.n_params),
                       Message("check.param_count", layer=_row_label(row),
                               count=f"{row.n_params:,}", value=f"{value:,}"))


@register("output_shape_equals", _LAYER, Param("shape", "ints", None),
          help="a layer's output shape (without the batch axis)")
def output_shape_equals(runs, layer, shape, variant=None) -> CheckResult:
    row = _row(pick(runs, variant), layer)
    got = tuple(row.output_shape) if row.output_shape is not None else None
    want = tuple(int(s) for s in shape)
    # one example's shape as the summary table writes it, "26 × 26 × 32", not Python's
    # "(26, 26, 32)" and "(576,)" (walker25 W25-6)
    return CheckResult(got == want, None,
                       Message("check.output_shape", layer=_row_label(row), got=dims_text(got),
                               want=dims_text(want)))


@register("receptive_field_equals", _LAYER, Param("value", "int", 1, low=1),
          help="the receptive field of a layer's units, in input pixels per side")
def receptive_field_equals(runs, layer, value, variant=None) -> CheckResult:
    from dlstudio.engine.spec import NetworkSpec

    run = pick(runs, variant)
    rows = run.info.get("layers") or NetworkSpec.from_dict(_info(run, "spec")).describe_layers()
    if not -len(rows) <= layer < len(rows):
        raise CheckError(Message("check.problem.no_layer", layer=layer))
    row = rows[layer]
    field = row.receptive_field or (0, 0)       # (0, 0): the output is no longer an image
    return CheckResult(field == (value, value), float(field[0]),
                       Message("check.receptive_field", layer=_row_label(row),
                               size=f"{field[0]} × {field[1]}", value=value))


# ------------------------------------------------------------------ weights
@register("units_identical", _LAYER, Param("tol", "float", 1e-6, low=0.0),
          help="every unit of a layer has the same incoming weights (symmetry never broke)")
def units_identical(runs, layer=0, variant=None, tol=1e-6) -> CheckResult:
    run = pick(runs, variant)
    w = _kernel(run, layer)
    cols = w.reshape(-1, w.shape[-1])
    spread = float(np.max(np.abs(cols - cols[:, :1]))) if cols.size else 0.0
    scale = float(np.max(np.abs(cols))) if cols.size else 0.0
    return CheckResult(spread <= tol * max(scale, 1.0), spread,
                       Message("check.units_identical", layer=_kernel_label(run, layer), spread=fmt(spread),
                               scale=fmt(scale)))


@register("units_differ", _LAYER, Param("value", "float", 1e-3, low=0.0),
          help="the units of a layer have different incoming weights")
def units_differ(runs, layer=0, variant=None, value=1e-3) -> CheckResult:
    run = pick(runs, variant)
    w = _kernel(run, layer)
    cols = w.reshape(-1, w.shape[-1])
    spread = float(np.max(np.abs(cols - cols[:, :1])))
    return CheckResult(spread > value, spread,
                       Message("check.units_differ", layer=_kernel_label(run, layer), spread=fmt(spread),
                               value=fmt(value)))


@register("weights_sparse", _LAYER, Param("fraction", "float", 0.5, low=0.0, high=1.0),
          Param("threshold", "float", 1e-3, low=0.0),
          help="at least `fraction` of a layer's weights are (almost) exactly zero")
def weights_sparse(runs, layer=0, fraction=0.5, threshold=1e-3, variant=None) -> CheckResult:
    run = pick(runs, variant)
    w = _kernel(run, layer)
    f = float(np.mean(np.abs(w) < threshold))
    return CheckResult(f >= fraction, f, Message("check.weights_small", share=percent(f),
                                                 layer=_kernel_label(run, layer),
                                                 threshold=fmt(threshold), needs="≥",
                                                 fraction=percent(fraction, exact=True)))


@register("weights_dense", _LAYER, Param("fraction", "float", 0.5, low=0.0, high=1.0),
          Param("threshold", "float", 1e-3, low=0.0),
          help="fewer than `fraction` of a layer's weights are (almost) zero")
def weights_dense(runs, layer=0, fraction=0.5, threshold=1e-3, variant=None) -> CheckResult:
    run = pick(runs, variant)
    w = _kernel(run, layer)
    f = float(np.mean(np.abs(w) < threshold))
    return CheckResult(f < fraction, f, Message("check.weights_small", share=percent(f),
                                                 layer=_kernel_label(run, layer),
                                                 threshold=fmt(threshold), needs="<",
                                                 fraction=percent(fraction, exact=True)))


@register("max_unit_norm_below", _LAYER, Param("value", "float", 1.0, low=0.0),
          help="every unit's incoming weight vector has an L2 norm of at most `value`")
def max_unit_norm_below(runs, layer=0, value=1.0, variant=None) -> CheckResult:
    run = pick(runs, variant)
    w = _kernel(run, layer)
    norms = np.sqrt(np.sum(w.reshape(-1, w.shape[-1]) ** 2, axis=0))
    top = float(np.max(norms))
    return CheckResult(top <= value * (1 + 1e-4), top,
                       Message("check.max_unit_norm", layer=_kernel_label(run, layer), top=fmt(top),
                               value=fmt(value)))


# ------------------------------------------------------------------ data
@register("data_centered", Param("tol", "float", 1e-3, low=0.0),
          help="every feature of the preprocessed training data has mean 0")
def data_centered(runs, variant=None, tol=1e-3) -> CheckResult:
    mean = np.asarray(_info(pick(runs, variant), "x_train_mean"), dtype=np.float64)
    worst = float(np.max(np.abs(mean)))
    return CheckResult(worst <= tol, worst,
                       Message("check.data_centered", worst=fmt(worst), tol=fmt(tol)))


@register("data_unit_variance", Param("tol", "float", 0.05, low=0.0),
          help="every feature of the preprocessed training data has variance 1")
def data_unit_variance(runs, variant=None, tol=0.05) -> CheckResult:
    cov = np.asarray(_info(pick(runs, variant), "x_train_cov"), dtype=np.float64)
    err = float(np.max(np.abs(np.diag(cov) - 1.0)))
    return CheckResult(err <= tol, err,
                       Message("check.data_unit_variance",
                               values=[fmt(v) for v in np.diag(cov)], tol=fmt(tol)))


@register("data_covariance_identity", Param("tol", "float", 0.05, low=0.0),
          help="the preprocessed training data has the identity as covariance (whitened)")
def data_covariance_identity(runs, variant=None, tol=0.05) -> CheckResult:
    cov = np.asarray(_info(pick(runs, variant), "x_train_cov"), dtype=np.float64)
    err = float(np.max(np.abs(cov - np.eye(cov.shape[0]))))
    return CheckResult(err <= tol, err,
                       Message("check.data_covariance_identity", err=fmt(err), tol=fmt(tol)))


@register("data_correlation_above", Param("value", "float", 0.5, low=0.0, high=1.0),
          help="the first two preprocessed features are correlated (|r| above a value)")
def data_correlation_above(runs, variant=None, value=0.5) -> CheckResult:
    cov = np.asarray(_info(pick(runs, variant), "x_train_cov"), dtype=np.float64)
    r = float(cov[0, 1] / math.sqrt(cov[0, 0] * cov[1, 1]))
    return CheckResult(abs(r) > value, r,
                       Message("check.data_correlation", r=fmt(r), value=fmt(value)))


# ------------------------------------------------------------------ hyperparameter search
def _trials(runs, variant):
    trials = _info(pick(runs, variant), "trials")
    if not trials:
        raise CheckError(Message("check.problem.no_trials"))
    return trials


def _score_text(trials, score: float, exact: bool = False) -> str:
    """A search score for a check line: a validation accuracy (what a classification search
    scores by) in percent, as the plots and the status line write accuracies; minus a loss
    (a regression search) as a number."""
    if any(t.get("val_accuracy") is not None and t.get("score") == t.get("val_accuracy")
           for t in trials):
        return percent(score, exact)
    return fmt(score)


@register("search_best_above", Param("value", "float", 0.9),
          Param("round", "int", None, help="only trials of this round (0 coarse, 1 fine)"),
          help="the best trial of the search scores above a value")
def search_best_above(runs, value, variant=None, round=None) -> CheckResult:
    trials = [t for t in _trials(runs, variant) if round is None or t.get("round") == round]
    best = max((t["score"] for t in trials if t["score"] is not None
                and math.isfinite(t["score"])), default=float("nan"))
    return CheckResult(best > value, best, counted(
        "check.search_best", len(trials), best=_score_text(trials, best),
        value=_score_text(trials, value, exact=True)))


@register("search_log_spread", Param("param", "str", "learning_rate"),
          Param("decades", "float", 2.0, low=0.0),
          help="the sampled values of a hyperparameter span several powers of ten")
def search_log_spread(runs, param="learning_rate", decades=2.0, variant=None) -> CheckResult:
    values = [t["params"][param] for t in _trials(runs, variant) if param in t["params"]]
    if len(values) < 2 or min(values) <= 0:
        raise CheckError(Message("check.problem.few_samples",
                                 param=hyperparameter_label(param)))
    spread = math.log10(max(values) / min(values))
    return CheckResult(spread >= decades, spread,
                       Message("check.search_log_spread", param=hyperparameter_label(param),
                               low=fmt(min(values)),
                               high=fmt(max(values)), spread=spread, decades=decades))


@register("search_refined", Param("tol", "float", 0.01, low=0.0),
          Param("gain", "float", 0.0, low=0.0,
                help="how much the fine round's best must beat the coarse best by"),
          help="the fine round samples where the good results are: its worst trial beats the "
               "coarse round's worst, and its best beats the coarse best by at least `gain` "
               "(within `tol`; with no `gain`: at least as good); a round's best is the trial "
               "the Search panel offers as best (not one it sets aside for a too-large first "
               "step)")
def search_refined(runs, variant=None, tol=0.01, gain=0.0) -> CheckResult:
    from dlstudio.training.search import best_result

    trials = [t for t in _trials(runs, variant) if t.get("score") is not None]
    coarse = [t for t in trials if t.get("round", 0) == 0]
    fine = [t for t in trials if t.get("round", 0) >= 1]
    if not coarse or not fine:
        raise CheckError(Message("check.problem.needs_rounds"))
    # the best the panel offers, as its ring and table do (walker22 W22-3: a fine-round
    # trial the panel sets aside counted as the round's best)
    coarse_best, fine_best = best_result(coarse)["score"], best_result(fine)["score"]
    coarse_scores = [t["score"] for t in coarse]
    fine_scores = [t["score"] for t in fine]
    ok = fine_best >= coarse_best + gain - tol and min(fine_scores) > min(coarse_scores)
    def text(score: float) -> str:
        return _score_text(trials, score)

    return CheckResult(ok, min(fine_scores), Message(
        "check.search_refined", coarse_best=text(coarse_best),
        coarse_median=text(float(np.median(coarse_scores))), coarse_worst=text(min(coarse_scores)),
        fine_best=text(fine_best), fine_median=text(float(np.median(fine_scores))),
        fine_worst=text(min(fine_scores))))
