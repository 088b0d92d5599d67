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


def test_arrow_keys_browse_the_list_and_enter_or_a_click_opens(panel, qtbot):
    """Walker33 W33-16: each Down in the list opened the lesson under it; with unsaved work
    it asked to save, and the next Downs moved that dialog's focus to Discard. The keys only
    move the highlight (no lesson opens, nothing is asked); Enter opens the highlighted
    lesson, as does a click on it; the highlight goes back to the open lesson when the focus
    leaves the list without choosing."""
    from PySide6.QtCore import Qt

    lst = panel.lesson_list
    panel.open_lesson(panel.lessons[0].id)
    asked = []
    panel.may_change_lesson = lambda: asked.append(True) or True
    lst.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lst.hasFocus)
    for _ in range(3):
        qtbot.keyClick(lst, Qt.Key.Key_Down)
    qtbot.keyClick(lst, Qt.Key.Key_End)
    qtbot.keyClick(lst, Qt.Key.Key_Home)
    qtbot.keyClick(lst, Qt.Key.Key_Down)
    qtbot.keyClick(lst, Qt.Key.Key_Down)
    assert lst.currentRow() == 2 and panel.lesson is panel.lessons[0] and asked == []
    qtbot.keyClick(lst, Qt.Key.Key_Return)                      # Enter opens it
    assert panel.lesson is panel.lessons[2] and asked == [True]
    qtbot.keyClick(lst, Qt.Key.Key_Return)                      # the open one: nothing asked
    assert asked == [True]
    qtbot.keyClick(lst, Qt.Key.Key_Down)
    rect = lst.visualItemRect(lst.item(3))                     # a click on the highlight
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.lesson is panel.lessons[3] and asked == [True, True]
    rect = lst.visualItemRect(lst.item(1))                     # a click on another row
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.lesson is panel.lessons[1] and len(asked) == 3
    qtbot.keyClick(lst, Qt.Key.Key_Down)                       # browsed, then left
    assert lst.currentRow() == 2
    panel.check_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(panel.check_button.hasFocus)
    assert lst.currentRow() == 1 and panel.lesson is panel.lessons[1] and len(asked) == 3
