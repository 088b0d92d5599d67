"""Numbers a lesson text gives agree with the ones the student sees on screen for the same
thing, or the text says why they differ (walker37 W37-4, W37-9, W37-10, W37-11)."""
from __future__ import annotations

import math

from dlstudio.engine.network import Network
from dlstudio.lessons.loader import find_lesson
from dlstudio.lessons.resolve import resolve_step, to_specs
from dlstudio.lessons.runner import run_step


def _signal_ratio(lesson_id: str, index: int) -> float:
    """The pre-flight step's check ratio: the signal reaching the first layer with weights
    over the one reaching the reference (last hidden) layer, as measured."""
    lesson = find_lesson(lesson_id)
    report = run_step(lesson, lesson.steps[index], raise_errors=True).runs[""].info["preflight"]
    return next(layer.signal_ratio for layer in report.layers if layer.signal_ratio is not None)


def test_lesson_08_step_4_counts_the_parameters_of_its_own_network():
    """W37-4: "the loss surface has millions of dimensions" before training a
    784-100-100-10 network of 89,610 parameters, which the Summary tab counts."""
    lesson = find_lesson("07_optimizers")
    step = lesson.steps[3]
    run = resolve_step(lesson, step)[0]
    net_spec, _, _ = to_specs(run)
    n = Network.from_spec(net_spec).n_params
    assert n == 784 * 100 + 100 + 100 * 100 + 100 + 100 * 10 + 10
    assert f"{n:,} weights and biases" in step.text.en and f"{n:,} 个权重和偏置" in step.text.zh
    assert f"loss surface has {n:,} dimensions" in step.text.en
    assert "on a real network the loss surface has millions" not in step.text.en.lower()


def test_lesson_03_step_2_gives_one_size_for_the_first_layers_signal():
    """W37-10: the text said "less than 10⁻³", the look-at line "about 10⁻⁴ or less" and
    0.7³⁰ ≈ 10⁻⁵ for the same bar (measured 5.5 · 10⁻⁵)."""
    lesson = find_lesson("02_init_xavier_he")
    step = lesson.steps[1]
    ratio = _signal_ratio("02_init_xavier_he", 1)
    assert 1e-5 < ratio < 1e-4, ratio                  # "between 10⁻⁵ and 10⁻⁴"
    assert 0.3 < 0.7 ** 29 / ratio < 3                  # the estimate the text works out
    assert "0.7²⁹ ≈ 3 · 10⁻⁵" in step.text.en and "between 10⁻⁵ and 10⁻⁴" in step.text.en
    assert "0.7²⁹ ≈ 3 · 10⁻⁵" in step.text.zh and "在 10⁻⁵ 和 10⁻⁴ 之间" in step.text.zh
    assert "10⁻⁵ to 10⁻⁴" in step.show.highlight.en and "10⁻⁵ 到 10⁻⁴" in step.show.highlight.zh
    for text in (step.text.en, step.text.zh, step.show.highlight.en):
        assert "0.7³⁰" not in text and "about 10⁻⁴ or less" not in text


def test_lesson_05_says_why_its_numbers_differ_from_the_checks():
    """W37-9: step 1's explanation said 5.7⁶ ≈ 33,000 while the check measured 7,256;
    step 2 said He's scale is 0.18 while the pre-flight headline says layer 2's weights are
    about 20 times the He scale. Each text says which layers its number is about."""
    lesson = find_lesson("04_exploding_gradients")
    ratio = _signal_ratio("04_exploding_gradients", 0)
    assert 1_000 < ratio < 30_000, ratio                # "a few thousand, not 33,000"
    assert 0.3 < math.sqrt(32) ** 5 / ratio < 3
    answer = next(a for a in lesson.steps[0].question.answers if a.correct).explanation
    assert "5.7⁵ ≈ 6,000" in answer.en and "a few thousand" in answer.en
    assert "5.7⁵ ≈ 6,000" in answer.zh and "几千" in answer.zh
    step = lesson.steps[1]
    assert round(1 / math.sqrt(2 / 784), 0) == 20      # σ = 1 over He's √(2/784)
    assert "√(2/784) ≈ 0.05" in step.text.en and "20 times the He scale" in step.text.en
    assert "√(2/784) ≈ 0.05" in step.text.zh and "20 倍" in step.text.zh


def test_lesson_02_step_2_says_where_the_weight_histograms_are():
    """W37-11: "Compare the weight histograms with the previous step" while the step opens
    the Outcome page, the histograms one tab away."""
    step = find_lesson("01_init_symmetry").steps[1]
    assert step.show.panel == "outcome"
    assert "open the **Weights** tab" in step.text.en and "**权重**标签页" in step.text.zh
