"""The status line cuts a sentence too long for it after a whole word (walker21 W21-15: "...
Until then the Network and Data panels keep less…" for "keep lesson 01's setup")."""
from __future__ import annotations

import re

from PySide6.QtWidgets import QLabel

from dlstudio.gui.widgets.status_line import StatusLineWidget

SENTENCE = ("Lesson 01's runs and checks (Initialization I) are cleared from the plots; this "
            "lesson's steps show their own when applied. Until then the Network and Data "
            "panels keep lesson 01's setup.")


def test_a_long_sentence_is_cut_after_a_whole_word(qtbot):
    line = StatusLineWidget()
    qtbot.addWidget(line)
    words = set(re.findall(r"[\w']+", SENTENCE))
    metrics = line.fontMetrics()
    for width in range(120, metrics.horizontalAdvance(SENTENCE), 7):
        line.resize(width, 20)
        line.setText(SENTENCE)
        shown = line.text()
        assert shown.endswith("…") and metrics.horizontalAdvance(shown) <= width, width
        last = re.findall(r"[\w']+", shown[:-1])[-1]
        assert last in words, (width, shown)


def test_chinese_is_cut_after_any_character_and_a_fitting_line_stays_whole(qtbot):
    line = StatusLineWidget()
    qtbot.addWidget(line)
    line.resize(200, 20)
    line.setText("第 01 课的训练和检查结果已从图表中清除；这一课的步骤在应用时会显示它们自己的结果。")
    shown = line.text()
    assert shown.endswith("…") and line.fontMetrics().horizontalAdvance(shown) <= 200
    assert len(shown) > 8
    line.resize(2000, 20)
    line.setText("Ready.")
    assert line.text() == "Ready."


def test_two_lines_hold_what_one_cannot_and_only_the_last_is_cut(qtbot):
    """The window's status line has two lines (walker26 W26-12: a run's warning, its cause
    and its fix were cut after a third at 1366x768); back to one line it says so."""
    line = StatusLineWidget(max_lines=2)
    qtbot.addWidget(line)
    lines_said = []
    line.sigLinesChanged.connect(lines_said.append)
    metrics = line.fontMetrics()
    width = metrics.horizontalAdvance(SENTENCE) * 2 // 3
    line.resize(width, 40)
    line.setText(SENTENCE)
    first, second = line.text().split("\n")
    assert first.endswith(" ") is False and not second.endswith("…")
    assert (first + " " + second).split() == SENTENCE.split()
    assert all(metrics.horizontalAdvance(part) <= width for part in (first, second))
    line.resize(width // 3, 40)
    line.setText(SENTENCE)
    first, second = line.text().split("\n")
    assert second.endswith("…") and SENTENCE.startswith(first)
    assert line.lines == 2 and lines_said == [2]
    line.setText("Ready.")
    assert line.text() == "Ready." and lines_said == [2, 1]


def test_every_line_fits_where_the_label_draws_it_with_the_themes_padding(qtbot):
    """Walker30 W30-5 (on X at 1366x768): a two-line status line lost the last glyph of its
    first line ("panels kee" for "panels keep"). The theme pads the status line (``padding:
    0 6px``), which gives the label a frame; a label with a frame and no indent set draws its
    text half an "x" in from the left (Qt's effective indent), so a line fitted to the whole
    width lost its last pixels on the right. Each line fits the width the text is drawn in."""
    line = StatusLineWidget(max_lines=2)
    qtbot.addWidget(line)
    line.setProperty("role", "status")
    line.setStyleSheet('QLabel[role="status"] { padding: 0 6px; }')
    line.show()
    metrics = line.fontMetrics()
    words = SENTENCE.split(" ")
    for k in range(4, len(words) - 2):
        first = " ".join(words[:k])
        # the first line's words just fit: a pixel to spare in the label's contents
        line.resize(metrics.horizontalAdvance(first) + 1 + 12, 40)
        line.setText(SENTENCE)
        indent = line.indent() if line.indent() >= 0 else (
            metrics.horizontalAdvance("x") // 2 if line.frameWidth() > 0 else 0)
        drawn = line.contentsRect().width() - indent
        for shown in line.text().split("\n"):
            assert metrics.horizontalAdvance(shown) <= drawn, (k, shown, drawn)


def test_the_window_status_line_keeps_its_height_when_a_sentence_needs_two_lines(qtbot):
    """walker35: a status sentence that needed two lines (a long warning, a lesson-switch
    note) made the bottom bar and the dock tabs above it jump up a line, and down again
    with the next short one. The window's line keeps room for its two lines."""
    line = StatusLineWidget(max_lines=2, steady=True)
    qtbot.addWidget(line)
    width = line.fontMetrics().horizontalAdvance(SENTENCE) * 2 // 3
    line.resize(width, 40)
    line.setText("Ready.")
    short = (line.sizeHint().height(), line.minimumSizeHint().height())
    line.setText(SENTENCE)
    assert line.lines == 2
    assert (line.sizeHint().height(), line.minimumSizeHint().height()) == short
    two = QLabel("a\nb")
    two.setIndent(0)
    assert short[0] >= two.sizeHint().height()
