"""Choosing a lesson in the lesson panel (``lesson_choice``): the list with its steps-done
counts, which follow another window's progress; a lesson switch the student cancels leaves
the list on the open lesson."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from dlstudio.lessons.progress import ProgressStore  # noqa: E402


@pytest.fixture
def panel(lesson_panel):
    return lesson_panel


def test_lists_all_lessons_with_progress(panel):
    assert panel.lesson_list.count() >= 17
    assert "0/" in panel.lesson_list.item(0).text()
    assert panel.step_label.text().startswith("Step 1/")


def test_another_windows_progress_shows_in_the_list_and_stays_in_the_file(panel):
    """Walker14 W14-8: two windows, one progress file; this window's passed check neither
    erases nor hides the step another window completed meanwhile."""
    from dlstudio.lessons.checks.base import CheckResult

    other = ProgressStore(panel.progress.path)          # the second window
    first = panel.lessons[0]
    other.mark_completed(first.id, first.steps[0].id)
    panel.open_lesson("16_softmax_classifiers", 0)
    panel._finish_check(CheckResult(True, 1.0, "fine"))  # noqa: SLF001 - as a passed check
    assert f"1/{len(first.steps)}" in panel.lesson_list.item(0).text()
    fresh = ProgressStore(panel.progress.path)
    assert fresh.get(first.id).completed == {first.steps[0].id}
    assert fresh.get("16_softmax_classifiers").completed == {panel.step.id}


def test_a_cancelled_lesson_switch_leaves_the_list_on_the_open_lesson(panel, qtbot):
    """Walker19 W19-13: a click on lesson 13 asked to save the session first; Save, then
    Cancel in the file dialog kept lesson 12 open while the list highlighted 13 (the
    click's own selection came after the list was set back). The list shows the lesson
    that is open once the click is over."""
    from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer

    panel.open_lesson(panel.lessons[1].id)
    before = panel.lesson_list.currentRow()
    asked = []

    def refuse() -> bool:               # a dialog (its own event loop), then Cancel
        loop = QEventLoop()
        QTimer.singleShot(30, loop.quit)
        loop.exec()
        asked.append(True)
        return False

    panel.may_change_lesson = refuse
    target = before + 2
    rect = panel.lesson_list.visualItemRect(panel.lesson_list.item(target))
    qtbot.mouseClick(panel.lesson_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center() if rect.isValid() else QPoint(5, 5))
    qtbot.waitUntil(lambda: bool(asked))
    qtbot.wait(50)
    assert panel.lesson is panel.lessons[before]
    assert panel.lesson_list.currentRow() == before
    assert [i.row() for i in panel.lesson_list.selectedIndexes()] == [before]
