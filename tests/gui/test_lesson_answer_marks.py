"""Classroom readability of the lesson pane (walker33 W33-13): once an answer is locked in,
the chosen answer and the right one stay in the text colour (the others grey out), and in
classroom mode the step text's sub- and superscripts are set larger."""
from __future__ import annotations

import re

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402

from dlstudio.gui import theme  # noqa: E402
from dlstudio.gui.lessons.answer_marks import CHOSEN, RIGHT, answer_roles  # noqa: E402


@pytest.fixture(params=["light", "dark"])
def themed(qapp, request):
    """The application in a theme (its style sheet holds the answer rules), as at start."""
    theme.apply(qapp, request.param, classroom=True)
    yield request.param
    theme.apply(qapp, "light", classroom=False)
    qapp.setStyleSheet("")


def _contrast(label, background: QColor) -> float:
    """The WCAG contrast of the label's most contrasting pixel against ``background``."""
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) \
            + 0.0722 * channel(c.blueF())

    image = label.grab().toImage()
    bg = luminance(background)
    best = 1.0
    for y in range(0, image.height()):
        for x in range(0, image.width(), 2):
            lum = luminance(image.pixelColor(x, y))
            hi, lo = max(lum, bg), min(lum, bg)
            best = max(best, (hi + 0.05) / (lo + 0.05))
    return best


def test_the_chosen_and_the_right_answer_stay_readable_once_locked_in(lesson_panel, themed,
                                                                       qtbot):
    panel = lesson_panel
    panel.open_lesson("16_softmax_classifiers", 0)
    q = panel.question
    right = q.question.correct_indices[0]
    wrong = next(i for i in range(len(q.labels)) if i != right)
    other = next(i for i in range(len(q.labels)) if i not in (right, wrong))
    assert answer_roles(q) == ["", "", ""]
    q.choose(wrong)
    q.lock_in()
    roles = answer_roles(q)
    assert roles[wrong] == CHOSEN and roles[right] == RIGHT and roles[other] == ""
    assert [label.property("answer") for label in q.labels] == roles
    background = q.palette().color(q.backgroundRole())
    qtbot.wait(10)
    chosen, shown, greyed = (_contrast(q.labels[i], background) for i in (wrong, right, other))
    # the locked answers were ~1.6:1 (light grey on grey); the text's own is > 7:1
    assert chosen > 7 and shown > 7, (chosen, shown)
    assert greyed < 4, greyed                  # the third answer still greys out
    assert q.labels[wrong].font().bold() and not q.labels[right].font().bold()


def test_a_step_shown_again_keeps_its_locked_answer_readable(lesson_panel, themed):
    panel = lesson_panel
    panel.open_lesson("16_softmax_classifiers", 0)
    q = panel.question
    q.choose(q.question.correct_indices[0])
    q.lock_in()
    panel.go_to_step(1)
    panel.go_to_step(0)
    assert q.locked and q.labels[q.chosen].property("answer") == CHOSEN


def test_classroom_mode_sets_the_texts_scripts_larger(lesson_panel):
    """z₁, zᵢ in the step text were ~9 px high at 1920x1080 in classroom mode."""
    panel = lesson_panel
    panel.open_lesson("16_softmax_classifiers", 0)

    def script_size() -> tuple[float, float]:
        """The point size of the text around "z₁" and of its subscript."""
        block = panel.text.document().begin()
        while block.isValid() and "z₁" not in block.text():
            block = block.next()
        sizes = {"text": block.begin().fragment().charFormat().font().pointSizeF()}
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if "₁" in fragment.text():
                sizes["script"] = fragment.charFormat().font().pointSizeF()
            it += 1
        return sizes["text"], sizes["script"]

    text, script = script_size()
    assert script == text                       # as before, outside classroom mode
    panel.studio.set_classroom(True)
    text, script = script_size()
    assert script >= 1.3 * text
    panel.studio.set_classroom(False)
    assert script_size()[1] == script_size()[0]


def test_the_scripts_follow_classroom_modes_larger_font(lesson_panel, qapp, qtbot):
    """The window sets the classroom flag, then the larger font: the scripts are sized
    from the font the text ends up with."""
    from dlstudio.gui.lessons.markup import CLASSROOM_SCRIPT_SCALE

    panel = lesson_panel
    panel.open_lesson("16_softmax_classifiers", 0)
    panel.studio.set_classroom(True)
    theme.apply(qapp, "light", classroom=True)
    try:
        qtbot.waitUntil(lambda: panel.font().pointSizeF() > 10)
        wanted = f"font-size:{CLASSROOM_SCRIPT_SCALE * panel.font().pointSizeF():.1f}pt"
        assert panel.font().pointSizeF() > 10 and wanted in panel.step_html()
        assert panel.text.document().toHtml().count("₁") == 1
        sizes = [f.charFormat().font().pointSizeF() for f in _fragments(panel, "₁")]
        assert sizes and abs(sizes[0] - CLASSROOM_SCRIPT_SCALE * panel.font().pointSizeF()) \
            < 0.11
    finally:
        theme.apply(qapp, "light", classroom=False)
        qapp.setStyleSheet("")


def _fragments(panel, char: str):
    block = panel.text.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            if char in it.fragment().text():
                yield it.fragment()
            it += 1
        block = block.next()


def _label_script_sizes(label, char: str) -> tuple[float, float]:
    """The point size of a rich-text label's first character and of ``char`` in it."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setHtml(label.text())
    sizes = {}
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            size = fragment.charFormat().font().pointSizeF()
            sizes.setdefault("text", size)
            if char in fragment.text():
                sizes.setdefault("script", size)
            it += 1
        block = block.next()
    return sizes["text"], sizes["script"]


def test_classroom_mode_sets_the_explanations_scripts_larger(lesson_panel, qapp, qtbot):
    """fix77 left them small: "x₁² + x₂²" (the chosen answer's explanation) and "wᵢ" (the
    right one's, shown after a wrong answer) under a locked-in answer."""
    from dlstudio.gui.lessons.markup import CLASSROOM_SCRIPT_SCALE

    panel = lesson_panel
    panel.open_lesson("16_softmax_classifiers", 0)
    q = panel.question
    q.choose(2)                                   # circles: x₁² + x₂²
    q.lock_in()
    text, script = _label_script_sizes(q.explanation, "₁")
    assert script == text                         # as before, outside classroom mode
    panel.studio.set_classroom(True)
    theme.apply(qapp, "light", classroom=True)
    try:
        qtbot.waitUntil(lambda: panel.font().pointSizeF() > 10)
        wanted = CLASSROOM_SCRIPT_SCALE * panel.font().pointSizeF()
        for char in ("₁", "²", "ᵢ"):
            text, script = _label_script_sizes(q.explanation, char)
            assert abs(script - wanted) < 0.11, (char, script, wanted)
        panel.go_to_step(1)
        panel.go_to_step(0)                       # shown again, still locked in
        assert abs(_label_script_sizes(q.explanation, "ᵢ")[1] - wanted) < 0.11
    finally:
        panel.studio.set_classroom(False)
        theme.apply(qapp, "light", classroom=False)
        qapp.setStyleSheet("")
    text, script = _label_script_sizes(q.explanation, "₁")
    assert script == text


def test_classroom_mode_sets_the_answers_scripts_larger(lesson_panel, qapp, qtbot):
    """The answer "(1 − 0.25)² ≈ 0.56" kept a ~9 px ² in classroom mode, beside the
    explanation's larger ones."""
    from dlstudio.gui.lessons.markup import CLASSROOM_SCRIPT_SCALE

    panel = lesson_panel
    panel.open_lesson("16_softmax_classifiers", 2)
    q = panel.question
    [label] = [lb for lb in q.labels if "²" in lb.text()]
    assert label.textFormat() == Qt.TextFormat.PlainText      # outside classroom mode
    panel.studio.set_classroom(True)
    theme.apply(qapp, "light", classroom=True)
    try:
        qtbot.waitUntil(lambda: panel.font().pointSizeF() > 10)
        wanted = CLASSROOM_SCRIPT_SCALE * panel.font().pointSizeF()
        [label] = [lb for lb in q.labels if "²" in lb.text()]
        assert label.textFormat() == Qt.TextFormat.RichText
        assert abs(_label_script_sizes(label, "²")[1] - wanted) < 0.11
        assert re.sub("<[^>]+>", "", label.text()) == "(1 − 0.25)² ≈ 0.56"
    finally:
        panel.studio.set_classroom(False)
        theme.apply(qapp, "light", classroom=False)
        qapp.setStyleSheet("")
    [label] = [lb for lb in q.labels if "²" in lb.text()]
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == "(1 − 0.25)² ≈ 0.56"


def test_the_right_answer_follows_a_chinese_colon_without_a_space(lesson_panel):
    """zh 16/1 read "正确答案： 直线…" (a space after the full-width colon)."""
    panel = lesson_panel
    panel.open_lesson("16_softmax_classifiers", 0)
    q = panel.question
    q.set_question(panel.step.question, "zh", 2)          # circles: wrong
    text = re.sub("<[^>]+>", "", q.explanation.text())
    assert "正确答案：直线" in text
    q.set_question(panel.step.question, "en", 2)
    assert "The right answer: Straight lines" in re.sub("<[^>]+>", "", q.explanation.text())
