"""A step's question asks what the student has not been told yet (walker16 W16-4, W16-5):
the text of its step, and of the steps before it, must not give the answer; only the
explanation shown after the answer is locked in may. Sketches of quantities per layer are
drawn as every plot draws layers: input on the left."""
from __future__ import annotations

import math
import re

import pytest

from dlstudio.lessons.loader import find_lesson, load_all
from dlstudio.lessons.runner import run_step

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers(text: str) -> set[str]:
    """The numbers written in ``text`` ("1,216" and "1216" alike)."""
    return {n.replace(",", "") for n in NUMBER.findall(text)}


def _numeric_questions():
    """Every question whose answers are all numbers (each answer's text holds one)."""
    return [pytest.param(lesson.id, step.index, id=f"{lesson.id[:2]}-step{step.index + 1}")
            for lesson in load_all() for step in lesson.steps if step.question is not None
            and all(numbers(a.text.en) for a in step.question.answers)]


def test_the_numeric_questions_include_the_ones_walker16_found():
    ids = {(p.values[0][:2], p.values[1]) for p in _numeric_questions()}
    assert {("01", 2), ("04", 0)} <= ids and len(ids) >= 6, ids


@pytest.mark.parametrize("lesson_id, index", _numeric_questions())
def test_no_text_read_before_a_question_holds_its_answers_number(lesson_id, index):
    """The numbers only the right answer has (not the prompt, not a wrong answer) appear in
    none of the texts the student reads before answering. Lesson 04 asked for the factor
    √32 ≈ 5.7 right under "... = 32, i.e. the standard deviation by about 5.7 per layer",
    lesson 01 for the spread of z under "z has a standard deviation near √784 = 28"."""
    lesson = find_lesson(lesson_id)
    question = lesson.steps[index].question
    for lang in ("en", "zh"):
        others = numbers(question.prompt.get(lang))
        for answer in question.answers:
            if not answer.correct:
                others |= numbers(answer.text.get(lang))
        key = set().union(*(numbers(a.text.get(lang)) for a in question.answers
                            if a.correct)) - others
        for step in lesson.steps[:index + 1]:
            told = key & numbers(step.text.get(lang))
            assert not told, (lang, f"step {step.index + 1}", sorted(told))


def test_lesson_03_asks_about_the_signal_before_the_bars_show_it_and_sketches_it_like_them():
    """W16-4: step 2 asked how dL/dz changes from the last layer to the first after step 1
    had said it ("about a tenth ... 10⁻⁸") and drawn it; its sketches ran last layer ->
    first, so the right one fell while the pre-flight bars beside it rose. The question is
    now step 1's (Apply waits for the answer), its text stops before the answer, and the
    right sketch runs like the measured signal, input on the left."""
    lesson = find_lesson("03_vanishing_gradients")
    step = lesson.steps[0]
    assert step.experiment == "preflight" and step.question.kind == "predict_curve"
    assert all(s.question is None or s.question.kind != "predict_curve"
               for s in lesson.steps[1:])
    for told in ("a tenth", "10⁻⁸"):
        assert told not in step.text.en
    for told in ("十分之一", "10⁻⁸"):
        assert told not in step.text.zh
    report = run_step(lesson, step, raise_errors=True).runs[""].info["preflight"]
    signal = [layer.signal_rms for layer in report.layers if layer.signal_rms is not None]
    hidden = signal[:report.reference_layer + 1] if report.reference_layer is not None \
        else signal[:-1]
    rise = math.log10(hidden[-1]) - math.log10(hidden[0])     # first hidden -> last hidden
    (right,) = [a for a in step.question.answers if a.correct]
    assert rise > 3 and right.curve[-1] - right.curve[0] > 0, (rise, right.curve)
    for wrong in (a for a in step.question.answers if not a.correct):
        assert wrong.curve[-1] - wrong.curve[0] <= 0, wrong.text.en


def test_lesson_04_asks_for_the_factor_before_the_bars_show_it():
    """W16-5: the question came in step 2, after step 1's bars and text had shown "about six
    times" per layer; it is now step 1's, whose text gives what to compute it from."""
    lesson = find_lesson("04_exploding_gradients")
    first = lesson.steps[0]
    assert first.experiment == "preflight" and first.question is not None
    assert "5.7" in next(a for a in first.question.answers if a.correct).text.en
    assert "six times" not in first.text.en and "六倍" not in first.text.zh
    assert "add up" in first.text.en and "方差也相加" in first.text.zh


def test_lesson_06_questions_are_not_answered_by_their_texts():
    """W16-5: 06/2 asked why the bias goes after "Because β shifts the output, the layer's
    own bias is redundant"; 06/5 asked what A's flat loss says about its gradient after "A
    flat surface is exactly what a vanishing gradient feels like". 06/2's is a question to
    think through (the run does not show it); 06/5 now asks to predict the landscapes."""
    lesson = find_lesson("06_batch_norm")
    second, fifth = lesson.steps[1], lesson.steps[4]
    assert "redundant" not in second.text.en and "多余" not in second.text.zh
    assert not second.question.predicts
    for word in ("plateau", "valley", "flat"):
        assert word not in fifth.text.en, word
    for word in ("平原", "山谷", "平坦"):
        assert word not in fifth.text.zh, word
    assert fifth.question.predicts and fifth.check.kind == "landscape_steeper"
    (right,) = [a for a in fifth.question.answers if a.correct]
    assert "plateau" in right.text.en and "平原" in right.text.zh


@pytest.mark.parametrize("lesson_id, index, told_en, told_zh", [
    ("07_optimizers", 0, ("races along the floor", "die out much sooner", "a crawl"),
     ("沿谷底快速前进", "消失得快得多", "慢得像爬")),
    ("08_learning_rate", 0, ("barely moved",), ("几乎没动",)),
    ("09_overfitting", 0, ("reaches a minimum", "**rises**"), ("到达最小值", "**上升**")),
    ("14_transfer_learning", 0, ("far worse", "first to replace"), ("差得多", "最先需要替换")),
    ("16_softmax_classifiers", 0, ("straight line",), ("直线",)),
])
def test_the_texts_above_these_questions_no_longer_tell_their_answers(lesson_id, index,
                                                                     told_en, told_zh):
    """W16-5 (walker16's later additions): 07/1 said momentum "races along the floor" and
    Nesterov's swings "die out much sooner" above "which path ends closest?"; 08/1 "the loss
    has barely moved" above "sketch the η = 0.0005 run's loss"; 09/1 "falls, reaches a
    minimum, then rises" above "sketch the validation loss"; 14/1 "the top layers ... are
    the first to replace" above "why replace the output layer?"; walker18 W18-5: 16/1 "the
    border between two classes ... is a **straight line**" above "what shape will the
    borders have?" (the lesson the start page offers first). Those words are now in the
    right answer's explanation, shown once it is locked in."""
    step = find_lesson(lesson_id).steps[index]
    (right,) = [a for a in step.question.answers if a.correct]
    for lang, told in (("en", told_en), ("zh", told_zh)):
        for words in told:
            assert words not in step.text.get(lang), (lang, words)
        assert any(words.strip("*") in right.explanation.get(lang) for words in told), lang
    assert step.question.predicts == (lesson_id != "14_transfer_learning")     # 14/1: think it through


def test_lesson_17_step_1_keeps_its_threshold_for_after_the_prediction():
    """walker36 (LOW): right above "After three epochs, where will the two networks stand?"
    the text said B's validation accuracy should end more than 30 percentage points above
    A's. The threshold is in the Look at line now, shown once the answer is locked in."""
    step = find_lesson("17_default_recipe").steps[0]
    assert step.question is not None and step.question.predicts
    assert "30 percentage points" not in step.text.en and "30 个百分点" not in step.text.zh
    assert "30 percentage points" in step.show.highlight.en
    assert "30 个百分点" in step.show.highlight.zh


def test_lesson_08_step_3_words_its_settings_in_chinese_and_counts_steps_like_the_plots():
    """W16-14: the zh text said "*patience*" and "*factor*" where the Training panel says
    "耐心（轮数）", and "from epoch 13 on" while the plots' x axis counts steps (11 a epoch)."""
    step = find_lesson("08_learning_rate").steps[2]
    zh = step.text.zh
    assert "耐心 = 1" in zh and "因子" in zh
    assert "*patience*" not in zh and "*factor*" not in zh and "patience 通常" not in zh
    assert "130 steps" in step.text.en and "130 步" in zh
    record = next(iter(run_step(find_lesson("08_learning_rate"), step, raise_errors=True).runs.values()))
    ends = [s.step for s in record.snapshots if s.event == "epoch_end"]
    assert ends[0] == 11 and 125 <= ends[11] <= 135, ends[:13]       # epoch 13 starts there


@pytest.mark.parametrize("lesson_id, index, lang, answer", [
    ("01_init_symmetry", 0, "en", "same gradient"), ("01_init_symmetry", 0, "zh", "相同的梯度"),
    ("01_init_symmetry", 0, "en", "stay clones"), ("01_init_symmetry", 0, "zh", "复制品"),
    ("11_preprocessing", 1, "en", "training split only"), ("11_preprocessing", 1, "zh", "只在训练集上拟合"),
    ("13_small_data", 1, "en", "horizontal flip"), ("13_small_data", 1, "zh", "水平翻转"),
    ("13_small_data", 1, "en", "ends clearly higher"), ("13_small_data", 1, "zh", "明显更高")])
def test_no_text_read_before_a_question_says_its_answer_in_words(lesson_id, index, lang,
                                                                  answer):
    """Walker17 W17-b, W17-m: 11/2 asked where the test set's μ and σ come from right under
    "each fitted on the training split only"; 13/2 asked which augmentation hurts digits
    under "horizontal flips are ... not for digits", and told the run's outcome before it
    ran; 01/1 asked how many different weight vectors the units end with under "every unit
    receives the same gradient ... they are still identical", titled "the units stay
    clones"."""
    lesson = find_lesson(lesson_id)
    read = " ".join(step.title.get(lang) + " " + step.text.get(lang)
                    for step in lesson.steps[:index + 1]).lower()
    assert answer not in read


@pytest.mark.parametrize("lesson_id, index", [("11_preprocessing", 1), ("13_small_data", 1), ("10_regularization", 1), ("15_hyperparameter_search", 0),
                                              ("12_convolutions", 0), ("16_softmax_classifiers", 2)])
def test_questions_no_run_answers_say_think_it_through(lesson_id, index):
    """11/2 and 13/2 ask what their runs cannot show (no run flips digits or standardizes
    with the test set's statistics); walker19 W19-15: 10/2 asks a factor computed from the
    formula (η = 0.1, l2 = 0.005; the run uses l2 = 0.01 and no plot shows a per-step
    factor), 15/1 about uniform sampling (the search samples on a log scale); walker20 W20-3:
    12/1 counts a Conv2D's parameters on a 28×28×3 input with 5×5 kernels (the step trains
    nothing and shows the MNIST convnet, 28×28×1 and 3×3), 16/3 computes −log 0.25 (the run
    shows a decision boundary, not one example's loss)."""
    assert not find_lesson(lesson_id).steps[index].question.predicts
