"""Hyphenated words stay on one line where the plots' empty pages wrap their text."""
from __future__ import annotations

from dlstudio.gui.widgets.wrapping import unbroken_hyphens


def test_hyphens_inside_words_do_not_break():
    assert unbroken_hyphens("for 2-D data, a pre-flight check") == \
        "for 2\u2011D data, a pre\u2011flight check"
    # a dash between words, a minus sign and a trailing hyphen stay breakable text
    assert unbroken_hyphens("loss - accuracy, -1 and x-") == "loss - accuracy, -1 and x-"


def test_the_outcome_page_keeps_2d_whole(qtbot):
    # walker16 W16-1: the empty Outcome page wrapped "2-" / "D data" at 1366x768
    from dlstudio.gui.plots.outcome import OutcomePanel
    from dlstudio.gui.run_store import RunStore

    panel = OutcomePanel(RunStore())
    qtbot.addWidget(panel)
    text = panel.placeholder.text()
    assert "2\u2011D data" in text and "2-D" not in text
