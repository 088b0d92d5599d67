"""Walker8 W8-11: a lesson step with the keyboard only. Tab went to "Lock in my answer"
before the answers and from the answers away from it; Apply, Check and the next step had no
keys. Now Tab reaches the answers and then Lock, Enter locks the chosen answer in, and
Ctrl+Return / Ctrl+Shift+Return / Alt+Right / Alt+Left press Apply, Check, next and previous
step from anywhere in the window (listed in Help > Keyboard shortcuts)."""
from __future__ import annotations

import pytest

from dlstudio.lessons.progress import ProgressStore
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dlstudio.gui.lessons.strings import LESSON_KEYS


def _tab_stops(start, count):
    """The next ``count`` widgets Tab reaches from ``start`` (visible, enabled, taking Tab)."""
    out, w = [], start
    for _ in range(5000):
        w = w.nextInFocusChain()
        if w is start or len(out) == count:
            break
        if w.isVisible() and w.isEnabled() and \
                (w.focusPolicy() & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus:
            out.append(w)
    return out


def test_tab_reaches_the_answers_then_lock_and_enter_locks_in(window, qtbot, tmp_path):
    panel = window.lesson_panel()
    if panel is None:
        pytest.skip("no lessons")
    panel.progress = ProgressStore(tmp_path / "progress.json")   # no answer locked before
    window.open_lesson("16_softmax_classifiers", 2)
    question = panel.question
    question.choose(1)
    qtbot.wait(20)
    stops = _tab_stops(panel.text, 5)
    assert stops[:4] == question.buttons + [question.lock_button], \
        [type(w).__name__ for w in stops]
    assert "Enter" in question.lock_button.toolTip()
    question.buttons[1].setFocus()
    qtbot.keyClick(question.buttons[1], Qt.Key.Key_Return)
    assert question.locked and question.chosen == 1


def test_after_locking_in_the_focus_is_on_apply(window, qtbot, tmp_path):
    """Walker19 W19-5: Return locked the answer in and the focus jumped to Check (Apply was
    still grey while the answers greyed out), so the next Return said "Apply this step
    first". The focus goes to Apply, the step's next action, by keyboard and by mouse."""
    panel = window.lesson_panel()
    if panel is None:
        pytest.skip("no lessons")
    for lock in ("keyboard", "mouse"):
        panel.progress = ProgressStore(tmp_path / f"{lock}.json")   # no answer locked before
        window.open_lesson("16_softmax_classifiers", 2)
        window.docks["lessons"].raise_()
        window.activateWindow()
        question = panel.question
        qtbot.waitUntil(lambda: bool(question.buttons) and question.buttons[1].isVisible())
        assert not question.locked
        question.choose(1)
        if lock == "keyboard":
            question.buttons[1].setFocus()
            qtbot.keyClick(question.buttons[1], Qt.Key.Key_Return)
        else:
            question.lock_button.setFocus()
            qtbot.mouseClick(question.lock_button, Qt.MouseButton.LeftButton)
        assert question.locked
        qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.apply_button)
        assert panel.apply_button.isEnabled()
        window.open_lesson("16_softmax_classifiers", 0)


def test_the_lesson_keys_press_apply_check_and_the_step_buttons(window, qtbot, tmp_path):
    panel = window.lesson_panel()
    if panel is None:
        pytest.skip("no lessons")
    panel.progress = ProgressStore(tmp_path / "progress.json")   # no answer locked before
    window.open_lesson("16_softmax_classifiers", 0)
    window.activateWindow()
    pressed = []
    for name, button in (("apply", panel.apply_button), ("check", panel.check_button)):
        button.clicked.disconnect()
        button.clicked.connect(lambda _=False, n=name: pressed.append(n))
    panel.question.choose(0)
    panel.question.lock_in()
    window.plot_tabs.setFocus()                  # the focus away from the panel
    for name in ("apply", "check"):
        _press(window, LESSON_KEYS[name])
    assert pressed == ["apply", "check"]
    _press(window, LESSON_KEYS["next"])
    assert panel.step_index == 1
    _press(window, LESSON_KEYS["previous"])
    assert panel.step_index == 0


def _press(window, sequence: str) -> None:
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest

    combo = QKeySequence(sequence)[0]
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, combo.key(), combo.keyboardModifiers())


def test_the_shortcut_list_names_the_lesson_keys(qapp):
    from dlstudio.gui.widgets.about import shortcuts_text

    text = shortcuts_text()
    assert "Apply this lesson step" in text and "Ctrl+Return" in text
    assert "Alt+→ / Alt+←" in text and "lock in the chosen answer" in text
    assert "Lesson layout" in text and "Ctrl+L" in text
    # one Return row that says where each meaning applies (walker27 W27-19)
    assert text.count("<b>Return</b>") == 1
    assert "In a lesson question: lock in the chosen answer" in text
    assert "Elsewhere: press the focused button" in text


def test_tab_stops_only_at_controls_not_at_frames(window):
    """W8-11: ~25 Tab stops in the plot area and the docks showed no focus at all (scroll
    areas, plot views, the plot tabs' page container)."""
    import pyqtgraph as pg
    from PySide6.QtWidgets import QScrollArea, QTabWidget

    frames = [w for w in window.findChildren(QScrollArea) + window.findChildren(pg.GraphicsView)
              + window.findChildren(QTabWidget)
              if (w.focusPolicy() & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus]
    assert frames == [], [type(w).__name__ for w in frames]
    panel = window.lesson_panel()
    if panel is not None:           # the lesson text and the buttons still take Tab
        assert panel.text.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert panel.apply_button.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_a_clear_frame_marks_the_keyboard_focus_not_a_click(qapp, qtbot):
    """W8-11: the 1-px focus outline was invisible on a projector. A 3-px frame follows the
    focus when it moves by keyboard; a mouse click shows none (the pointer is there)."""
    from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

    from dlstudio.gui.widgets.focus import KeyboardFocusController

    shown = KeyboardFocusController(qapp)
    box = QWidget()
    lay = QHBoxLayout(box)
    first, second = QPushButton("Apply"), QPushButton("Check")
    lay.addWidget(first)
    lay.addWidget(second)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: shown.frame is not None and shown.frame.widget() is first
                    and shown.frame.isVisible(), timeout=2000)
    assert shown.frame.geometry().contains(first.geometry())  # drawn around, not inside
    assert first.size() == second.size()                     # the button keeps its size
    qtbot.mouseClick(second, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shown.frame.isVisible(), timeout=2000)
    shown.frame.deleteLater()          # (as with a closed dialog it was drawn in) ...
    qtbot.wait(20)
    qtbot.keyClick(second, Qt.Key.Key_Tab)                  # ... it is made again
    qtbot.waitUntil(lambda: shown.frame.widget() is first, timeout=2000)
    qapp.focusChanged.disconnect(shown._on_app_focus_changed)   # noqa: SLF001
    qapp.removeEventFilter(shown)


def test_no_frame_when_a_clicked_button_hands_the_focus_on(qapp, qtbot):
    """W10-18: a clicked button that greys out or disappears hands the focus to the next
    widget (Qt moves it as Tab would); that showed the keyboard frame after a mouse click,
    like a stray selection on a projector. The keyboard still sees it: the next Tab frames."""
    from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

    from dlstudio.gui.widgets.focus import KeyboardFocusController

    shown = KeyboardFocusController(qapp)
    box = QWidget()
    lay = QHBoxLayout(box)
    go, fade = QPushButton("Continue"), QPushButton("Check")
    after, last = QPushButton("Next"), QPushButton("Done")
    for button in (go, fade, after, last):
        lay.addWidget(button)
    go.clicked.connect(go.hide)                  # the note's Continue button goes away
    fade.clicked.connect(lambda: fade.setEnabled(False))   # Check greys out
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    box.activateWindow()
    for button in (go, fade):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.wait(20)
        assert not button.isVisible() or not button.isEnabled()
        assert not (shown.frame is not None and shown.frame.isVisible()), button.text()
    after.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.keyClick(after, Qt.Key.Key_Tab)           # a keyboard user moves on: framed
    qtbot.waitUntil(lambda: shown.frame is not None and shown.frame.isVisible(), timeout=2000)
    assert shown.frame.widget() is last
    qapp.focusChanged.disconnect(shown._on_app_focus_changed)   # noqa: SLF001
    qapp.removeEventFilter(shown)


def test_arrows_space_and_enter_answer_a_question_through_the_key_router(window, qtbot,
                                                                        tmp_path):
    """Walker33 W33-17: Tab reached the first answer, but Up/Down only moved the focus ring
    (Qt's radio buttons check on arrows only once one is checked), Space was the window's
    pause key, Return did nothing, so Lock and Apply stayed grey. With the application's
    key router installed: arrows choose, Space and Enter choose the focused answer (Space
    even while a run could be paused), Enter and Ctrl+Return lock the chosen one in."""
    from dlstudio.gui.widgets import space_key

    panel = window.lesson_panel()
    if panel is None:
        pytest.skip("no lessons")
    router = space_key.install(QApplication.instance())
    try:
        pause = window.run_actions.actions["pause"]
        pause.setEnabled(True)                       # a run going: Space could pause it
        paused = []
        pause.triggered.connect(lambda *_: paused.append(1))
        for lock_key in ("Return", "Ctrl+Return"):
            panel.progress = ProgressStore(tmp_path / f"{lock_key}.json")   # nothing locked
            window.open_lesson("16_softmax_classifiers", 0)
            window.docks["lessons"].raise_()
            window.activateWindow()
            qtbot.waitActive(window)
            question = panel.question
            qtbot.waitUntil(lambda: bool(question.buttons) and question.buttons[0].isVisible())
            assert question.chosen is None and not panel.apply_button.isEnabled()
            first, second, third = question.buttons[:3]
            first.setFocus(Qt.FocusReason.TabFocusReason)
            qtbot.waitUntil(first.hasFocus)
            _press(window, "Down")                   # chooses the next answer, focus with it
            assert question.chosen == 1 and second.isChecked() and second.hasFocus()
            _press(window, "Down")
            assert question.chosen == 2 and third.hasFocus()
            _press(window, "Up")
            assert question.chosen == 1 and second.hasFocus()
            first.setFocus(Qt.FocusReason.TabFocusReason)
            _press(window, "Space")                  # the focused answer, not the pause key
            assert question.chosen == 0 and first.isChecked() and paused == []
            third.setFocus(Qt.FocusReason.TabFocusReason)
            _press(window, "Return")                 # Enter on another answer chooses it ...
            assert question.chosen == 2 and not question.locked
            _press(window, lock_key)                 # ... and on the chosen one locks it in
            assert question.locked and question.chosen == 2
            assert panel.apply_button.isEnabled()
        assert paused == []
    finally:
        QApplication.instance().removeEventFilter(router)
        del QApplication.instance().space_key_router
