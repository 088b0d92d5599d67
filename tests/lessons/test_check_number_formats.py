"""Lesson verdicts write numbers as the rest of the window does (walker25 W25-7, W25-6):
accuracies in percent, ≥ ≤ × and a real minus sign, thousands separators, shapes as the
summary table writes them -- in both languages."""
from __future__ import annotations

import re

import numpy as np
import pytest

from dlstudio.engine.spec import NetworkSpec
from dlstudio.lessons.checks import RunRecord, evaluate
from dlstudio.messages import catalogue, render
from dlstudio.training.telemetry import Telemetry

#: what code writes and a verdict must not: ASCII comparisons, "5x5", a hyphen as a minus
_CODE_WRITING = re.compile(r">=|<=|\dx\d|(?<![\w)])-\d")


def _snap(step, *, val_acc=None, train_acc=None, loss=1.0):
    return Telemetry(step=step, epoch=1, batch_loss=loss, train_loss=loss,
                     train_accuracy=train_acc, learning_rate=0.1, examples_per_second=1.0,
                     val_loss=loss, val_accuracy=val_acc, layers=(), event="epoch_end")


def _texts(result) -> tuple[str, str]:
    en, zh = render(result.message, "en"), render(result.message, "zh")
    for text in (en, zh):
        assert not _CODE_WRITING.search(text), text
    return en, zh


def test_numbers_of_a_verdict():
    from dlstudio.lessons.metrics import fmt, percent

    # three significant digits (walker28 W28-10: "0.9475", "0.3367", "0.5 → 0.04775")
    assert [fmt(v) for v in (18496.0, -1234.4, 0.4452, -0.4452, 999.5, 123.4, 99.94,
                             0.9475, 0.3367, 0.04775)] == [
        "18,496", "−1,234", "0.445", "−0.445", "1,000", "123", "99.9", "0.948", "0.337",
        "0.0478"]
    assert [percent(0.8992), percent(-0.025), percent(0.985, exact=True)] == [
        "89.9%", "−2.5%", "98.5%"]


def test_check_templates_use_math_signs():
    for mid, entry in catalogue().items():
        if mid.startswith("check."):
            for lang in ("en", "zh"):
                text = entry[lang]
                assert ">=" not in text and "<=" not in text, (mid, text)
                assert "}x{" not in text and " - " not in text, (mid, text)


def test_a_comparison_of_accuracies_reads_in_percent():
    runs = {"A": RunRecord("A", (_snap(1, val_acc=0.8458),)),
            "B": RunRecord("B", (_snap(1, val_acc=0.8992),))}
    result = evaluate("variant_better", {"metric": "val_accuracy", "margin": 0.03}, runs)
    en, zh = _texts(result)
    assert "B 89.9% vs A 84.6%" in en and "3 percentage points" in en
    assert "B 89.9%，A 84.6%" in zh and "3 个百分点" in zh and "0.8992" not in zh
    ratio = evaluate("variant_ratio_above", {"metric": "val_accuracy", "ratio": 1.0}, runs)
    assert "B 89.9% / A 84.6%" in _texts(ratio)[0]
    above = evaluate("metric_above", {"metric": "val_accuracy", "value": 0.85,
                                      "variant": "B"}, runs)
    assert "89.9% (needs > 85%)" in _texts(above)[0]
    loss = evaluate("variant_better", {"metric": "val_loss"}, runs)
    assert "B 1 vs A 1" in _texts(loss)[0]              # a loss stays a number


def test_a_run_named_in_several_words_is_set_off_from_its_value():
    """Walker28 W28-10: lesson 8 step 2's check read "β = 0.9 5.16 × 10⁻⁵, β = 0.99999 3.908"
    (the name ran into its value); a name of several words takes a colon."""
    import dataclasses

    def distance(value):
        return RunRecord("", (dataclasses.replace(_snap(1), extra={"distance": value}),))

    runs = {"β = 0.9": distance(5.16e-5), "β = 0.99999": distance(3.9081)}
    result = evaluate("variant_better", {"metric": "extra.distance", "better": "β = 0.9",
                                         "worse": "β = 0.99999"}, runs)
    en, zh = _texts(result)
    assert "β = 0.9: 5.16 × 10⁻⁵ vs β = 0.99999: 3.91" in en, en
    assert "β = 0.9：5.16 × 10⁻⁵，β = 0.99999：3.91" in zh, zh


def test_accuracy_gap_and_shares_read_in_percent_with_a_real_minus():
    runs = {"": RunRecord("", (_snap(1, val_acc=0.9, train_acc=0.875),))}
    en, zh = _texts(evaluate("accuracy_gap_above", {"value": 0.025}, runs))
    assert ("87.5% − validation accuracy 90.0% = −2.5 percentage points "
            "(needs > 2.5 percentage points)") in en, en
    assert "= −2.5 个百分点（需要 > 2.5 个百分点）" in zh, zh
    # walker30 L14: a difference of two percentages reads in percentage points, as lesson
    # 6's margins do, with the one decimal of the accuracies it is the difference of
    runs = {"": RunRecord("", (_snap(1, val_acc=0.855, train_acc=1.0),))}
    en, zh = _texts(evaluate("accuracy_gap_above", {"value": 0.1}, runs))
    assert en.endswith("= 14.5 percentage points (needs > 10 percentage points)"), en
    assert zh.endswith("= 14.5 个百分点（需要 > 10 个百分点）"), zh
    sparse = np.zeros((10, 10))
    sparse[0] = 1.0
    en, zh = _texts(evaluate("weights_sparse", {"fraction": 0.5},
                             {"": RunRecord("", (), {"kernels": [sparse]})}))
    assert "90.0% of the weights" in en and "(needs ≥ 50%)" in en
    assert "（需要 ≥ 50%）" in zh


def test_correlation_and_counts_and_fields_read_as_the_window_writes_them():
    cov = np.array([[1.0, -0.4452], [-0.4452, 1.0]])
    en, zh = _texts(evaluate("data_correlation_above", {"value": 0.3},
                             {"": RunRecord("", (), {"x_train_cov": cov})}))
    assert "r = −0.445" in en and "r = −0.445" in zh
    spec = NetworkSpec.from_dict({"input_shape": [784], "layers": [
        {"type": "Dense", "units": 32}]})
    rows = spec.describe_layers()
    en, zh = _texts(evaluate("param_count_equals", {"layer": 0, "value": 25120},
                             {"": RunRecord("", (), {"layers": rows})}))
    assert "25,120 parameters (expected 25,120)" in en and "25,120 个参数" in zh
    conv = {"type": "Conv2D", "filters": 4, "kernel_size": 5}
    runs = {"": RunRecord("", (), {"spec": {"input_shape": [28, 28, 1], "layers": [conv]}})}
    en, zh = _texts(evaluate("receptive_field_equals", {"layer": 0, "value": 5}, runs))
    assert "see 5 × 5 input pixels (expected 5 × 5)" in en and "（应为 5 × 5）" in zh


@pytest.mark.parametrize("accuracy", [True, False])
def test_search_scores_read_in_percent_when_they_are_accuracies(accuracy):
    def trial(score, rnd):
        return {"params": {"learning_rate": 0.1}, "score": score, "round": rnd,
                "val_accuracy": score if accuracy else None}

    trials = [trial(0.8, 0), trial(0.9125, 0), trial(0.85, 1), trial(0.93, 1)]
    en, _ = _texts(evaluate("search_best_above", {"value": 0.9},
                            {"": RunRecord("", (), {"trials": trials})}))
    assert ("best score 93.0% over 4 trials (needs > 90%)" if accuracy else
            "best score 0.93 over 4 trials (needs > 0.9)") in en
    en, _ = _texts(evaluate("search_refined", {}, {"": RunRecord("", (), {"trials": trials})}))
    assert ("best 91.2%" if accuracy else "best 0.912") in en


def test_output_shapes_read_as_the_summary_table_writes_them():
    """Walker25 W25-6: "输出形状为 (26, 26, 32)（应为 (26, 26, 32)）" and "(576,)"."""
    conv = {"type": "Conv2D", "filters": 32, "kernel_size": 3}
    spec = NetworkSpec.from_dict({"input_shape": [28, 28, 1], "layers": [
        conv, {"type": "MaxPooling2D", "pool_size": 2}, {"type": "Flatten"}]})
    runs = {"": RunRecord("", (), {"layers": spec.describe_layers()})}
    en, zh = _texts(evaluate("output_shape_equals", {"layer": 0, "shape": [26, 26, 32]}, runs))
    assert "outputs 26 × 26 × 32 (expected 26 × 26 × 32)" in en
    assert "输出形状为 26 × 26 × 32（应为 26 × 26 × 32）" in zh
    en, _ = _texts(evaluate("output_shape_equals", {"layer": 2, "shape": [5408]}, runs))
    assert en.endswith("outputs 5408 (expected 5408)") and "(5408,)" not in en


def test_a_time_in_seconds_is_written_as_the_tables_write_it():
    """Walker26 W26-8: lesson 14 step 2's verdict said "C 0.07191, B 2.373" while the
    Transfer table showed 0.07 and 2.37: a time in seconds has two decimals in both."""
    from dlstudio.gui.seconds_text import seconds_text
    from dlstudio.lessons.metrics import metric_fmt

    for value in (0.07191, 2.373, 11.584):
        assert metric_fmt("elapsed_seconds", value) == seconds_text(value)
    assert metric_fmt("elapsed_seconds", 0.07191) == "0.07"
    assert metric_fmt("val_loss", 0.07191) == "0.0719"
