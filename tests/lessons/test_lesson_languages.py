"""Both languages are complete: every text, question, answer, explanation and hint has
English and Simplified Chinese, and the Chinese really is Chinese."""
from __future__ import annotations

import math
import re

import pytest

from dlstudio.lessons.loader import load_all
from dlstudio.lessons.model import Text
from tests.lesson_texts import lesson_texts

CJK = re.compile(r"[\u4e00-\u9fff]")
LESSONS = load_all()


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_every_text_has_english_and_chinese(lesson):
    problems = []
    for where, text in lesson_texts(lesson):
        assert isinstance(text, Text)
        if not text.en.strip() or not text.zh.strip():
            problems.append(f"{where}: empty")
            continue
        if CJK.search(text.en):
            problems.append(f"{where}: Chinese characters in the English text")
        # labels made only of names and symbols (e.g. "SGD η = 0.01") may be identical
        if len(text.en) > 30 and not CJK.search(text.zh):
            problems.append(f"{where}: the Chinese text has no Chinese characters")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_chinese_texts_of_steps_are_substantial(lesson):
    """A step's Chinese text is a translation, not a stub: comparable in length."""
    for step in lesson.steps:
        en, zh = step.text.en, step.text.zh
        assert len(CJK.findall(zh)) > 40, f"step {step.index + 1}: Chinese text too short"
        assert 0.2 < len(zh) / len(en) < 1.5, f"step {step.index + 1}: lengths {len(en)}/{len(zh)}"


def test_every_question_has_a_correct_answer_and_explanations():
    for lesson in LESSONS:
        for step in lesson.steps:
            if step.question is not None:
                assert step.question.correct_indices, f"{lesson.id} step {step.index + 1}"
                assert len(step.question.answers) >= 2


def test_texts_name_options_as_the_window_shows_them():
    """Walker3 W3-12: a step said "choose the initializer he_normal" while the combo box
    shows "He normal" ("He 正态"). Registry keys of initializers and the training
    panel's settings are written as the window labels them."""
    from dlstudio.engine.initializers import INITIALIZERS

    keys = [k for k in INITIALIZERS.names() if "_" in k] + ["early_stopping", "max_norm"]
    found = re.compile(r"\b(" + "|".join(map(re.escape, keys)) + r")\b")
    problems = [f"{lesson.id} {where} ({lang}): {m}"
                for lesson in LESSONS for where, text in lesson_texts(lesson)
                for lang in ("en", "zh") for m in found.findall(text.get(lang))]
    assert not problems, "\n".join(problems)


def test_presets_a_text_names_are_named_as_the_preset_box_lists_them():
    """walker16 W16-17: lesson 14's Chinese text said “5x100 ELU / He MLP”预设, while the
    Chinese Preset box lists “5x100 ELU / He 多层感知机”: a name the student cannot find."""
    from dlstudio.engine.presets import PRESETS

    table = _zh_table()
    en_names = {e.display for e in PRESETS.entries()}
    zh_names = {table.get(f"Registry|{n}", table.get(n, n)) for n in en_names}
    en_problems, en_named = _unknown_names(r'"([^"]+)" preset', "en", en_names)
    zh_problems, zh_named = _unknown_names(r"“([^”]+)”预设", "zh", zh_names)
    problems = en_problems + zh_problems
    assert en_named + zh_named and not problems, "\n".join(problems)


def test_chinese_texts_name_panels_as_their_tabs_read():
    """walker18 W18-4: lesson 15's Chinese text sent the student to the “搜索”面板 while the
    tab reads 超参数搜索. Every “…”面板 a Chinese text names is a tab or dock of the window."""
    table = _zh_table()
    tabs = ("Convergence", "Gradients", "Activations", "Weights", "Units", "Outcome",
            "Pre-flight check", "Optimizer playground", "Step debugger", "Loss landscape",
            "Draw a digit", "Search", "Transfer", "Network", "Data", "Training", "Compare",
            "Lessons")
    names = {table[t] for t in tabs if t in table}
    problems, named = _unknown_names(r"“([^”]+)”面板", "zh", names)
    assert named and not problems, "\n".join(problems)


def _zh_table() -> dict:
    """The window's Chinese translations (source text -> Chinese)."""
    import json
    from pathlib import Path

    return json.loads((Path(__file__).resolve().parents[2] / "resources" / "translations"
                       / "zh_CN.json").read_text(encoding="utf-8"))


def _unknown_names(pattern: str, language: str, known: set) -> tuple[list[str], int]:
    """The names ``pattern`` finds in every lesson text in ``language`` ("en" or "zh") that
    are not in ``known`` (one line each, naming the lesson and where), and how many it found."""
    problems, named = [], 0
    for lesson in LESSONS:
        for where, text in lesson_texts(lesson):
            for name in re.findall(pattern, getattr(text, language)):
                named += 1
                if name not in known:
                    problems.append(f"{lesson.id} {where} ({language}): {name}")
    return problems, named


def test_chinese_texts_call_patience_as_the_training_panel_does():
    """walker19 W19-9: lesson 09 step 2's Chinese text said "连续 *patience* 个轮次", an English
    word that matches nothing on the Chinese Training panel (耐心（轮数）). A Chinese text that
    writes "patience" also gives the panel's word 耐心."""
    table = _zh_table()
    word = table["Patience (epochs)"].split("（")[0]
    assert word == "耐心"
    problems = [f"{lesson.id} {where}" for lesson in LESSONS for where, text in lesson_texts(lesson)
                if "patience" in text.zh.lower() and word not in text.zh]
    assert not problems, "\n".join(problems)


def test_exponentials_are_superscripts_and_fan_in_is_hyphenated():
    """walker30 W30-18: lesson 6 wrote α(e^z − 1) and 1/(1 + e^(−z)) with carets where
    the others use superscripts (eᶻ, e⁻ᶻ, 10⁻⁵); in lesson 3 the underscores of
    "fan_in/fan_out" touched "E[a²]" on the line below (the lessons' prose says fan-in)."""
    found = re.compile(r"\be\^|\bfan_(?:in|out)\b")
    problems = [f"{lesson.id} {where} ({lang}): {m}"
                for lesson in LESSONS for where, text in lesson_texts(lesson)
                for lang in ("en", "zh") for m in found.findall(text.get(lang))]
    assert not problems, "\n".join(problems)


def test_chinese_texts_say_momentum_as_the_window_does():
    """Walker32: lesson 06 step 3 said "常用的 momentum 为 0.99" and labelled its variants
    "A = momentum 0.99" where step 2 (and the batch-norm layer's field) say 动量: one term
    throughout the Chinese lesson, its labels and hints."""
    problems = [f"{lesson.id} {where}: {text.zh[:60]}"
                for lesson in LESSONS for where, text in lesson_texts(lesson)
                if re.search(r"\bmomentum\b", text.zh, re.IGNORECASE)]
    assert not problems, "\n".join(problems)


def test_chinese_texts_name_data_sets_as_the_data_panel_lists_them():
    """walker35: lessons 10 and 11 called the moons “双月牙”数据集 while the Data panel's
    combo listed 双月. Every “…”数据集 a Chinese text names is listed so in the combo."""
    from dlstudio.data.registry import DATASETS

    table = _zh_table()
    names = {table.get(f"Registry|{e.display}", table.get(e.display, e.display))
             for e in DATASETS.entries()}
    problems, named = _unknown_names(r"“([^”]+)”数据集", "zh", names)
    assert named and not problems, "\n".join(problems)


def _checks(kind: str, params: dict):
    """``(kind, params)`` of a step's check and of every check an "all" check holds."""
    yield kind, params
    for sub in params.get("checks", []) or []:
        sub = dict(sub)
        yield from _checks(sub.pop("kind", None), sub)


# Parameters of a check that are not thresholds the student reaches: numerical tolerances of
# an equality (``tol``: "centred", "the identity") and the places a check reads (layer, variant,
# metric, when). Every other number of a check is a threshold the step's text states.
_NOT_THRESHOLDS = {"tol", "layer", "first_layer", "last_layer", "variant", "better", "worse",
                   "num", "den", "metric", "quantity", "at", "split", "includes", "direction",
                   "param", "steep", "flat"}
# Thresholds on a fraction: the text writes them as percentages (or percentage points).
_PERCENT_KINDS = {"accuracy_above", "accuracy_below", "accuracy_gap_above", "search_best_above",
                  "saturation_above", "saturation_below", "dead_fraction_above"}
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _thresholds(kind: str, params: dict):
    """``(name, value, forms)`` of every numeric threshold of one check: its value as the
    problem line says it and the ways a lesson text writes it (``_written``). A shape is one
    threshold, written as the texts write shapes ("26×26×32")."""
    for name, value in params.items():
        if name in _NOT_THRESHOLDS or name == "checks" or isinstance(value, bool):
            continue
        if name == "shape":
            dims = [str(d) for d in value]
            yield name, "×".join(dims), ["×".join(dims), " × ".join(dims)]
            continue
        percent = (kind in _PERCENT_KINDS and name in ("value", "gain")
                   or name == "margin" and "accuracy" in str(params.get("metric", ""))
                   or name == "fraction")
        values = value if isinstance(value, list) else [value]
        for number in values:
            if isinstance(number, (int, float)):
                yield name, f"{float(number):g}", _written(float(number), percent)


def _written(number: float, percent: bool) -> list[str]:
    """The ways a lesson text writes ``number``: "85%", "85 %", "0.5", "10⁻³", "18,496"."""
    number = abs(number)
    if percent:
        p = f"{round(100 * number, 4):g}"
        return [f"{p}%", f"{p} %", f"{p} percentage point", f"{p} 个百分点"]
    forms = [f"{number:g}", f"{number:,g}"]
    exponent = round(math.log10(number)) if number > 0 else 0
    if abs(exponent) >= 2 and math.isclose(10.0 ** exponent, number):
        forms.append("10" + str(exponent).translate(_SUPERSCRIPT))
    return forms


def _states(text: str, forms: list[str]) -> bool:
    return any(re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", text) for form in forms)


def _read_for_done(step, language: str) -> str:
    """What the student of ``step`` reads to know what "done" means: the step's text and,
    for a step with a question, the highlight of the line under it ("Look at: Convergence
    (...)"), which the lesson panel shows only once the question is answered
    (``gui.lessons.view.run_info_text``) and keeps in view while the step runs. A step that
    asks for a prediction first states its thresholds there: in the text they would give the
    answer away."""
    read = getattr(step.text, language)
    if step.question is not None and step.show.highlight is not None:
        read += "\n" + getattr(step.show.highlight, language)
    return read


def _unstated(step) -> list[str]:
    """The thresholds of ``step``'s check that the student is not told (``_read_for_done``),
    per language."""
    problems = []
    if step.check is None:
        return problems
    for kind, params in _checks(step.check.kind, step.check.params):
        for name, value, forms in _thresholds(kind, params):
            for language in ("en", "zh"):
                if not _states(_read_for_done(step, language), forms):
                    problems.append(f"step {step.index + 1} {language}: {kind}.{name} = "
                                    f"{value} (written {' / '.join(forms[:2])})")
    return problems


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_every_step_states_the_thresholds_its_check_asks_for(lesson):
    """walker35 a31 (lesson 11 step 3) and fix84's list: a check demanded "validation accuracy
    > 85%" that the step's text never said, so the student could not know what "done" meant.
    Every numeric threshold of a step's check (and of each check an "all" check holds) is
    written in the step's text, in both languages, as the text would write that number; a step
    with a question may write it in its highlight instead, read once the question is answered
    (``_read_for_done``; fix88 emptied fix86's list of steps left behind)."""
    problems = [problem for step in lesson.steps for problem in _unstated(step)]
    assert not problems, "\n".join(problems)


def test_a_highlight_states_a_threshold_only_after_a_question():
    """The highlight counts only where the panel holds it back until the question is
    answered: a step without a question writes its thresholds in its text."""
    with_question = next(s for lesson in LESSONS for s in lesson.steps
                         if s.question is not None and s.show.highlight is not None)
    without = next(s for lesson in LESSONS for s in lesson.steps
                   if s.question is None and s.show.highlight is not None)
    for step in (with_question, without):
        read = _read_for_done(step, "zh")
        assert step.text.zh in read
        assert (step.show.highlight.zh in read) == (step is with_question)


def test_a_shape_is_one_threshold_written_as_the_texts_write_shapes():
    """Lesson 12 step 2 wrote "26×26" for a check asking 26×26×32: every dimension of a
    shape is said, together."""
    found = list(_thresholds("output_shape_equals", {"layer": 0, "shape": [26, 26, 32]}))
    assert found == [("shape", "26×26×32", ["26×26×32", "26 × 26 × 32"])]
    assert _states("shrinks 28×28 to 26×26×32;", found[0][2])
    assert not _states("shrinks 28×28 to 26×26 (32 filters)", found[0][2])
