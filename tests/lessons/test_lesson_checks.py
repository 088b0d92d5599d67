"""Lesson checks are pure functions of telemetry: tested on hand-made snapshots."""
from __future__ import annotations

import math

import numpy as np
import pytest

from dlstudio.lessons.checks import CHECKS, RunRecord, evaluate
from dlstudio.engine.spec import NetworkSpec
from dlstudio.lessons.metrics import aggregate, parse_metric, value_of
from dlstudio.training.telemetry import LayerTelemetry, Telemetry


def snap(step, loss, *, epoch=0, event="step", val_loss=None, val_acc=None, grads=(),
         dead=(), lr=0.1, variant=""):
    layers = [LayerTelemetry(i, f"dense_{i}", "Dense", "relu", grad_norm=g)
              for i, g in enumerate(grads)]
    for i, d in enumerate(dead):
        layers[i] = LayerTelemetry(i, f"dense_{i}", "Dense", "relu", grad_norm=layers[i].grad_norm,
                                   dead_fraction=d)
    return Telemetry(step=step, epoch=epoch, batch_loss=loss, train_loss=loss,
                     train_accuracy=None, learning_rate=lr, examples_per_second=1.0,
                     val_loss=val_loss, val_accuracy=val_acc, layers=tuple(layers), event=event,
                     variant=variant)


def run(*snaps, name="", **info):
    return {name: RunRecord(name, tuple(snaps), info)}


def test_metric_parsing():
    assert parse_metric("grad_norm[-1]") == ("grad_norm", -1)
    assert parse_metric("val_accuracy") == ("val_accuracy", None)
    assert parse_metric("extra.distance") == ("extra.distance", None)
    with pytest.raises(ValueError, match="unknown metric"):
        parse_metric("gradnorm[0]")
    with pytest.raises(ValueError, match="drop the"):
        parse_metric("val_loss[0]")


def test_layer_index_counts_reporting_layers_only():
    s = snap(1, 1.0, grads=(1e-6, 1e-3, 1.0))
    assert value_of(s, "grad_norm[0]") == 1e-6
    assert value_of(s, "grad_norm[-1]") == 1.0
    assert value_of(s, "grad_norm[5]") is None


def test_aggregates():
    assert aggregate([1, 2, 3, 4], "start") == 2.0
    assert aggregate([1, 2, 3, 4], "end") == 3.0
    assert aggregate([], "last") is None


def test_grad_ratio_below_and_above():
    runs = run(snap(1, 2.3, grads=(1e-5, 1e-3, 1.0)), snap(2, 2.3, grads=(2e-5, 1e-3, 1.0)))
    assert evaluate("grad_ratio_below", {"ratio": 0.01}, runs).passed
    assert not evaluate("grad_ratio_above", {"ratio": 0.1}, runs).passed
    healthy = run(snap(1, 2.3, grads=(0.5, 0.8, 1.0)))
    assert not evaluate("grad_ratio_below", {"ratio": 0.01}, healthy).passed


def test_missing_measurement_fails_with_a_reason():
    result = evaluate("grad_ratio_below", {"ratio": 0.01}, run(snap(1, 2.3)))
    assert not result.passed and "never measured" in result.message


def test_val_loss_rises_while_train_falls():
    over = run(*[snap(i, 1.0 / (i + 1), epoch=i, event="epoch_end", val_loss=v)
                 for i, v in enumerate([1.0, 0.8, 0.7, 0.75, 0.8, 0.9])])
    result = evaluate("val_loss_rises_while_train_falls", {"epochs": 3}, over)
    assert result.passed, result.message
    # the best epoch also by its step: the curves' axis counts steps (walker12 W12-9)
    from dlstudio.messages import render

    assert "at epoch 3 (step 2 on the step axis)" in render(result.message, "en")
    good = run(*[snap(i, 1.0 / (i + 1), epoch=i, event="epoch_end", val_loss=v)
                 for i, v in enumerate([1.0, 0.8, 0.7, 0.6, 0.5, 0.45])])
    assert not evaluate("val_loss_rises_while_train_falls", {"epochs": 3}, good).passed


def test_loss_diverged_and_finite():
    boom = run(snap(1, 2.3), snap(2, float("nan"), event="diverged"))
    assert evaluate("loss_diverged", {}, boom).passed
    assert not evaluate("loss_finite", {}, boom).passed
    calm = run(snap(1, 2.3), snap(2, 1.0))
    assert not evaluate("loss_diverged", {}, calm).passed
    assert evaluate("loss_finite", {}, calm).passed


def test_loss_finite_says_its_number_is_the_running_mean_over_the_last_epoch():
    """Walker28 (lesson 5 step 4): 'loss stays finite (last 0.814)' while the loss plot's
    smoothed training loss ended near 0.68: the number is the epoch's running mean, and the
    line says so, as the other checks' 'training loss (running mean over the epoch)' does."""
    from dlstudio.messages import render

    result = evaluate("loss_finite", {}, run(snap(1, 2.3), snap(2, 0.814)))
    assert render(result.message, "en") == (
        "loss stayed finite (training loss at the end 0.814, the running mean over the last "
        "epoch)")
    assert render(result.message, "zh") == "损失始终是有限值（最后的训练损失为 0.814，是最后一轮内的累计平均）"


def test_variant_better_ranks_a_diverged_run_last():
    runs = {"A": RunRecord("A", (snap(1, 2.3), snap(2, math.inf, event="diverged"))),
            "B": RunRecord("B", (snap(1, 2.3, event="epoch_end", val_acc=0.6),))}
    assert evaluate("variant_better", {"metric": "val_accuracy", "better": "B", "worse": "A"},
                    runs).passed
    assert not evaluate("variant_better", {"metric": "val_accuracy", "better": "A",
                                            "worse": "B"}, runs).passed


def test_variant_better_direction_and_margin():
    runs = {"A": RunRecord("A", (snap(1, 1.0),)), "B": RunRecord("B", (snap(1, 0.5),))}
    assert evaluate("variant_better", {"metric": "train_loss", "better": "B", "worse": "A"},
                    runs).passed
    assert not evaluate("variant_better", {"metric": "train_loss", "better": "B", "worse": "A",
                                           "margin": 0.6}, runs).passed


def test_the_training_loss_says_it_is_the_epochs_running_mean():
    """Walker27 W27-3: 'training loss, at the last measurement: Adam 0.8038' while the loss
    plot (mini-batch losses, smoothed) ended near 0.65: the number is the mean over the
    epoch, and the line says so."""
    from dlstudio.messages import render

    runs = {"A": RunRecord("A", (snap(1, 1.0),)), "B": RunRecord("B", (snap(1, 0.5),))}
    result = evaluate("variant_better", {"metric": "train_loss", "better": "B", "worse": "A"},
                      runs)
    assert render(result.message, "en").startswith(
        "training loss (running mean over the epoch), at the last measurement: B 0.5 vs A 1")
    # not two bracket groups back to back (walker29 W29-18: "训练时间（秒）（最后一次测量时）")
    assert render(result.message, "zh").startswith("训练损失（每轮内的累计平均），最后一次测量时：")


def test_a_negative_margin_is_said_as_a_tolerance():
    """Walker14 W14-7: 17/2's check line read "(higher is better, margin -0.1)"."""
    from dlstudio.messages import render

    runs = {"A": RunRecord("A", (snap(1, 1.0, val_acc=0.85),)),
            "B": RunRecord("B", (snap(1, 1.0, val_acc=0.80),))}
    result = evaluate("variant_better", {"metric": "val_accuracy", "better": "B",
                                         "worse": "A", "margin": -0.1}, runs)
    assert result.passed
    en, zh = render(result.message, "en"), render(result.message, "zh")
    # an accuracy margin in percentage points, as the accuracies read in percent (W25-7)
    assert "B may be up to 10 percentage points lower than A" in en and "-0.1" not in en
    assert "最多可以比 A 低 10 个百分点" in zh
    lower = evaluate("variant_better", {"metric": "train_loss", "better": "B", "worse": "A",
                                        "margin": -0.1}, runs)
    assert "may be up to 0.1 higher than A" in render(lower.message, "en")


def test_learning_rate_stepped_down_counts_separate_drops():
    def lr_run(*lrs):
        return run(*[snap(i, 1.0, epoch=i, event="epoch_end", lr=lr) for i, lr in enumerate(lrs)])

    once = lr_run(0.1, 0.1, 0.1, 0.05, 0.05, 0.05)
    assert evaluate("learning_rate_decreased", {"factor": 0.6}, once).passed
    result = evaluate("learning_rate_stepped_down", {"times": 2}, once)
    assert not result.passed and result.value == 1.0, result.message
    steps = lr_run(0.1, 0.1, 0.05, 0.05, 0.025, 0.0125, 0.0125)
    result = evaluate("learning_rate_stepped_down", {"times": 3}, steps)
    assert result.passed and result.value == 3.0
    assert "0.1 → 0.05 → 0.025 → 0.0125" in result.message
    flat = lr_run(0.1, 0.1 * (1 + 1e-9), 0.1)             # float noise is not a step
    assert evaluate("learning_rate_stepped_down", {"times": 1}, flat).value == 0.0


def test_dead_fraction_checks():
    runs = run(snap(1, 1.0, grads=(1.0, 1.0), dead=(0.1, 0.7)))
    assert evaluate("dead_fraction_above", {"layer": 1, "value": 0.4}, runs).passed
    assert not evaluate("dead_fraction_above", {"layer": 0, "value": 0.4}, runs).passed


def test_weight_checks():
    identical = np.tile(np.array([[0.3], [-0.2]]), (1, 4))
    assert evaluate("units_identical", {"layer": 0}, run(kernels=[identical])).passed
    varied = identical + np.arange(4) * 0.1
    assert not evaluate("units_identical", {"layer": 0}, run(kernels=[varied])).passed
    sparse = np.zeros((10, 10))
    sparse[0, 0] = 1.0
    assert evaluate("weights_sparse", {"fraction": 0.9}, run(kernels=[sparse])).passed
    norms = np.ones((4, 3)) * 0.5    # columns of norm 1
    assert evaluate("max_unit_norm_below", {"value": 1.0}, run(kernels=[norms])).passed
    assert not evaluate("max_unit_norm_below", {"value": 0.9}, run(kernels=[norms])).passed


def test_receptive_field_of_stacked_convolutions():
    def fields(*layers):
        spec = NetworkSpec.from_dict({"input_shape": [28, 28, 1], "layers": list(layers)})
        return [row.receptive_field for row in spec.describe_layers()]

    conv = {"type": "Conv2D", "filters": 4, "kernel_size": 3}
    pool = {"type": "MaxPooling2D", "pool_size": 2}
    assert fields(conv, conv, conv) == [(3, 3), (5, 5), (7, 7)]
    assert fields(conv, pool, conv, pool, conv)[4] == (18, 18)
    wide = {"type": "Conv2D", "filters": 4, "kernel_size": [1, 5], "strides": [1, 2]}
    assert fields(wide, conv, {"type": "Flatten"}, {"type": "Dense", "units": 2}) == [
        (1, 5), (3, 9), None, None]                        # after Flatten: no image, no field
    spec = {"input_shape": [28, 28, 1], "layers": [conv, pool, conv]}
    runs = run(spec=spec)
    assert evaluate("receptive_field_equals", {"layer": 2, "value": 8}, runs).passed
    assert not evaluate("receptive_field_equals", {"layer": 2, "value": 7}, runs).passed


def test_data_checks():
    cov = np.array([[1.0, 0.6], [0.6, 1.0]])
    runs = run(x_train_mean=np.zeros(2), x_train_cov=cov)
    assert evaluate("data_centered", {}, runs).passed
    assert evaluate("data_unit_variance", {}, runs).passed
    assert evaluate("data_correlation_above", {"value": 0.5}, runs).passed
    assert not evaluate("data_covariance_identity", {}, runs).passed


def test_search_checks():
    trials = [{"params": {"learning_rate": lr}, "score": s, "round": r}
              for lr, s, r in [(1e-4, 0.5, 0), (1e-2, 0.8, 0), (0.5, 0.85, 0),
                               (0.1, 0.86, 1), (0.3, 0.87, 1)]]
    runs = run(trials=trials)
    spread = evaluate("search_log_spread", {"decades": 3.0}, runs)
    assert spread.passed
    assert "decades (needs ≥ 3)" in str(spread.message)      # walker30: the sign was missing
    assert evaluate("search_best_above", {"value": 0.86}, runs).passed
    assert evaluate("search_refined", {}, runs).passed
    worse = run(trials=trials + [{"params": {"learning_rate": 1.0}, "score": 0.4, "round": 1}])
    assert not evaluate("search_refined", {}, worse).passed


def test_all_combines_and_every_check_has_help():
    runs = run(snap(1, 2.3), snap(2, 1.0), snap(3, 1.0), snap(4, 1.0))
    both = evaluate("all", {"checks": [{"kind": "loss_finite"},
                                       {"kind": "loss_decreased", "factor": 0.5}]}, runs)
    assert both.passed and both.message.count("✓") == 2
    for entry in CHECKS.entries():
        assert entry.help.strip(), entry.name


def test_check_lines_name_layers_as_the_layer_stack_does():
    """Walker3 W3-3: "layer 11 (dense_9)" (numbered from 1, like the layer stack), never a
    Python index like "layer -1", and "(first)" said as "at the first measurement"."""
    from dlstudio.messages import render

    def layered(step, pre):
        layers = tuple(LayerTelemetry(i + 1, "dense" if i == 0 else f"dense_{i}", "Dense",
                                      "relu", pre_std=p) for i, p in enumerate(pre))
        return Telemetry(step=step, epoch=0, batch_loss=1.0, train_loss=1.0,
                         train_accuracy=None, learning_rate=0.1, examples_per_second=1.0,
                         layers=layers)

    runs = {"A": RunRecord("A", (layered(1, (1.0, 0.07)),)),
            "B": RunRecord("B", (layered(1, (1.0, 1.66)),))}
    res = evaluate("variant_ratio_above", {"metric": "pre_std[-1]", "num": "B", "den": "A",
                                           "ratio": 10.0, "at": "first"}, runs)
    assert res.passed
    assert res.message.startswith("pre-activation spread (std) of layer 3 (dense_1), "
                                  "at the first measurement: B 1.66 / A 0.07")
    assert "-1" not in res.message and "(first)" not in res.message
    assert render(res.message, "zh").startswith("第 3 层（dense_1）的预激活分布宽度（标准差）"
                                                "，第一次测量时：")
    dead = run(snap(1, 1.0, grads=(1.0, 1.0), dead=(0.1, 0.7)))
    msg = evaluate("dead_fraction_above", {"layer": -1, "value": 0.4, "at": "end"}, dead).message
    assert msg.startswith("dead units in layer 2 (dense_1), mean of the last 3 measurements: ")
    weights = run(name="", layers=[], kernels=[np.zeros((2, 2))])
    assert "layer" in evaluate("units_identical", {"layer": -1}, weights).message
    assert "-1" not in evaluate("units_identical", {"layer": -1}, weights).message


def test_all_says_which_variant_each_line_is_about():
    runs = {"A": RunRecord("A", (snap(1, 1.0, grads=(1.0,), dead=(0.7,)),)),
            "B": RunRecord("B", (snap(1, 1.0, grads=(1.0,), dead=(0.1,)),))}
    res = evaluate("all", {"checks": [
        {"kind": "dead_fraction_above", "variant": "A", "layer": 0, "value": 0.5},
        {"kind": "dead_fraction_below", "variant": "B", "layer": 0, "value": 0.2}]}, runs)
    assert res.passed
    assert res.message.startswith("✓ A: dead units in layer 1 (dense_0)")
    assert "; ✓ B: dead units in layer 1 (dense_0)" in res.message


def test_search_spread_names_the_hyperparameter_in_words():
    from dlstudio.messages import render

    trials = [{"params": {"learning_rate": lr}, "score": 0.5, "round": 0}
              for lr in (1e-4, 1e-2, 0.5)]
    result = evaluate("search_log_spread", {}, run(trials=trials))
    assert render(result.message, "zh").startswith("学习率的采样范围")
    assert "learning_rate" not in render(result.message, "en")


def test_an_accuracy_check_names_its_threshold_with_its_decimals():
    """Walker19 W19-6: lesson 12 step 5 (value 0.985) failed at 98.1% saying "test accuracy
    98.1% (needs > 98%)": the threshold lost its decimal, and the figure was the
    validation accuracy of a run stopped before its test evaluation."""
    from dlstudio.messages import render

    # a run stopped before its test evaluation: its validation figure, called so (it read
    # "test accuracy 98.1%")
    result = evaluate("accuracy_above", {"value": 0.985, "split": "test"},
                      run(snap(1, 0.1, epoch=0, event="epoch_end", val_acc=0.981)))
    assert not result.passed
    assert result.message == "validation accuracy 98.1% (needs > 98.5%)"
    assert render(result.message, "zh").endswith("（需要 > 98.5%）")
    passed = evaluate("accuracy_above", {"value": 0.9},
                      run(snap(1, 0.1, epoch=0, event="epoch_end", val_acc=0.95)))
    assert passed.passed and passed.message.endswith("(needs > 90%)")


def test_a_check_reading_only_the_first_measurement_is_recognised():
    """Walker21 W21-1: a check of the untrained network (``at = "first"``, in every
    sub-check of an ``all``) is told apart from one that reads the run later, so the window
    can show the moment it measured."""
    from dlstudio.lessons.checks import reads_first_measurement

    first = {"kind": "saturation_above", "layer": 0, "value": 0.5, "at": "first"}
    assert reads_first_measurement("variant_ratio_above", {"metric": "pre_std[-1]",
                                                           "at": "first"})
    assert reads_first_measurement("all", {"checks": [first, dict(first, value=0.2)]})
    assert not reads_first_measurement("accuracy_above", {"value": 0.6})
    assert not reads_first_measurement("metric_above", {"metric": "x", "at": "last"})
    assert not reads_first_measurement("all", {"checks": [first, {"kind": "accuracy_above"}]})
    assert not reads_first_measurement("all", {"checks": []})


def test_search_refined_judges_the_best_the_search_panel_offers():
    """Walker22 W22-3: the fine round's "best 0.9" was a trial the Search panel sets aside
    (first step too large, not offered as best), so the check passed on a best the panel
    refuses. A round's best is now the trial the panel offers (``search.best_result``)."""
    from dlstudio.messages import render

    trials = [{"params": {"learning_rate": lr}, "score": s, "round": r, "first_update": u}
              for lr, s, r, u in [(1e-4, 0.5, 0, 0.01), (1e-2, 0.8, 0, 0.05),
                                  (0.5, 0.89, 0, 0.2), (0.3, 0.86, 1, 0.2),
                                  (0.85, 0.9, 1, 2.0), (0.8, 0.9, 1, 1.5)]]
    result = evaluate("search_refined", {}, run(trials=trials))
    assert not result.passed                     # offered: 0.86 < 0.89 - 0.01
    assert "fine round: best 0.86," in render(result.message)
    offered = [dict(t, first_update=0.2) for t in trials]   # the same, none set aside
    assert evaluate("search_refined", {}, run(trials=offered)).passed


def test_search_refined_can_ask_the_fine_round_to_beat_the_coarse_best_by_a_gain():
    """Lesson 15 step 2 (lesson42, W22-3) claims the fine round's best beats the coarse best
    by more than another seed moves a score: ``gain`` is that margin (``tol`` still lets it
    fall short by a measurement's slack)."""
    trials = [{"params": {"learning_rate": lr}, "score": s, "round": r}
              for lr, s, r in [(1e-4, 0.5, 0), (0.05, 0.87, 0), (0.2, 0.875, 0),
                               (0.1, 0.86, 1), (0.5, 0.9, 1)]]
    runs = run(trials=trials)
    assert evaluate("search_refined", {"gain": 0.02, "tol": 0.0}, runs).passed     # +0.025
    assert not evaluate("search_refined", {"gain": 0.03, "tol": 0.0}, runs).passed
    assert evaluate("search_refined", {"gain": 0.03, "tol": 0.01}, runs).passed
    assert evaluate("search_refined", {}, runs).passed                             # as good
