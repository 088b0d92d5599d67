"""Tab goes through the Training and Compare panels in the order they are read (walker30:
from the Compare panel's learning rate Tab left for the "Gradients" page button; walker31:
from the Training panel's Seed it went to Beta 1 at the top, in Chinese out of the panel;
after "Restore my settings" the focus left the Training panel). ``widgets/tab_order.py``."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from dlstudio.gui.widgets.tab_order import reading_order


def _shown(window, qtbot, dock: str) -> QWidget:
    window.resize(1366, 768)
    window.docks[dock].raise_()
    window.activateWindow()
    panel = window.docks[dock].widget()
    qtbot.waitUntil(lambda: not panel.visibleRegion().isEmpty())
    return panel


def _tab_from(widget: QWidget, qtbot) -> QWidget:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    return QApplication.focusWidget()


def _is(widget: QWidget, stop: QWidget) -> bool:
    return widget is stop or (widget is not None and stop.isAncestorOf(widget))


def test_tab_from_seed_goes_to_the_field_below_it(window, qtbot):
    training = _shown(window, qtbot, "training")
    assert _is(_tab_from(training.seed, qtbot), training.l1)
    # the optimizer's own settings (made for each optimizer) sit under the optimizer
    stops = reading_order(training)
    beta = next(iter(training.optimizer_params.editors.values()))
    assert stops.index(training.optimizer) < stops.index(beta) \
        < stops.index(training.learning_rate) < stops.index(training.seed) \
        < stops.index(training.l1)


def test_tab_from_the_compare_learning_rate_stays_in_the_panel(window, qtbot):
    window.studio.add_variant("B")
    compare = _shown(window, qtbot, "compare")
    compare.list.setCurrentRow(1)
    assert compare.learning_rate.isEnabled()
    now = _tab_from(compare.learning_rate, qtbot)
    assert _is(now, compare.batchnorm), type(now).__name__


def test_restoring_the_settings_keeps_the_focus_in_the_training_panel(window, qtbot, qapp):
    from dlstudio.gui.widgets import space_key

    # the keys as the app has them: Enter presses the focused button (Space is the pause
    # key once the router is installed, which an earlier test in the process may have done)
    space_key.install(qapp)
    studio = window.studio
    training = _shown(window, qtbot, "training")
    studio.lesson_place = {"lesson": "17_default_recipe", "step": 2, "run_for": None}
    with studio.demonstration():
        studio.set_train_spec(studio.train_spec.replace(l1=0.002, epochs=9, optimizer="sgd",
                                                        optimizer_config={}))
    note = training.lesson_note
    qtbot.waitUntil(note.restore_button.isVisible)
    note.restore_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(note.restore_button.hasFocus)
    qtbot.keyClick(note.restore_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not note.isVisible())
    assert studio.train_spec.optimizer != "sgd"     # (the optimizer's own fields made anew)
    assert training.isAncestorOf(QApplication.focusWidget()), QApplication.focusWidget()


def test_shift_tab_goes_back_to_the_field_above(window, qtbot):
    training = _shown(window, qtbot, "training")
    training.l1.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab,
                   Qt.KeyboardModifier.ShiftModifier)
    assert _is(QApplication.focusWidget(), training.seed), QApplication.focusWidget()



def test_tab_past_the_last_field_leaves_the_panel(window, qtbot):
    """walker33 W33-18: from the Training panel's last field Tab went back to Seed, and
    round the lower fields forever; it goes on outside the panel, and Shift+Tab from the
    first field leaves it the other way."""
    training = _shown(window, qtbot, "training")
    stops = [s for s in reading_order(training) if s.isVisible() and s.isEnabled()]
    now = _tab_from(stops[-1], qtbot)
    assert now is not None and not training.isAncestorOf(now), type(now).__name__
    stops[0].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab,
                   Qt.KeyboardModifier.ShiftModifier)
    now = QApplication.focusWidget()
    assert now is not None and not training.isAncestorOf(now), type(now).__name__


def test_tab_goes_through_the_whole_panel_and_out(window, qtbot):
    """Every stop of the Training panel once, then out (no cycle inside it)."""
    training = _shown(window, qtbot, "training")
    stops = [s for s in reading_order(training) if s.isVisible() and s.isEnabled()]
    stops[0].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    seen = []
    for _ in range(len(stops) + 5):
        now = QApplication.focusWidget()
        if not training.isAncestorOf(now):
            break
        seen.append(next(i for i, s in enumerate(stops) if _is(now, s)))
        qtbot.keyClick(now, Qt.Key.Key_Tab)
    assert seen == list(range(len(stops)))
