"""Space is the pause key wherever the focus is, unless a space is text there (walker13
W13-7, W13-5); Enter presses the focused button."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDoubleSpinBox, QLineEdit, QMainWindow, QSpinBox,
                               QVBoxLayout, QWidget)

from dlstudio.gui.widgets import space_key


@pytest.fixture
def router(qapp):
    """The application-wide Space rule, as dlstudio's start installs it."""
    made = space_key.install(qapp)
    yield made
    qapp.removeEventFilter(made)
    del qapp.space_key_router


def _pauses(action):
    """Record each time ``action`` (the Pause/Resume action) fires."""
    fired = []
    action.setEnabled(True)
    action.triggered.connect(lambda *_: fired.append(1))
    return fired


def test_space_pauses_and_never_reapplies_a_lesson_step(router, window, qtbot, tmp_path):
    """W13-7: after a click on "Apply this step" the button kept the focus, and Space pressed
    it again: the lesson's runs restarted from scratch. Space pauses; Enter still applies."""
    from dlstudio.lessons.progress import ProgressStore

    panel = window.lesson_panel()
    if panel is None:
        pytest.skip("no lessons")
    panel.progress = ProgressStore(tmp_path / "progress.json")
    window.open_lesson("16_softmax_classifiers", 0)
    window.activateWindow()
    qtbot.waitActive(window)
    pressed = []
    for name, button in (("apply", panel.apply_button), ("check", panel.check_button)):
        button.clicked.disconnect()
        button.clicked.connect(lambda _=False, n=name: pressed.append(n))
        button.setEnabled(True)
    pause = window.run_actions.actions["pause"]
    paused = _pauses(pause)
    panel.apply_button.setFocus()
    qtbot.waitUntil(panel.apply_button.hasFocus)
    qtbot.keyClick(panel.apply_button, Qt.Key.Key_Space)          # a run going: pauses
    assert (pressed, paused) == ([], [1])
    pause.setEnabled(False)                                        # the run finished
    qtbot.keyClick(panel.apply_button, Qt.Key.Key_Space)
    assert (pressed, paused) == ([], [1])
    qtbot.keyClick(panel.apply_button, Qt.Key.Key_Return)          # Tab + Enter still apply
    panel.check_button.setFocus()
    qtbot.keyClick(panel.check_button, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert pressed == ["apply", "check"]


def _form(qtbot, small_studio):
    from dlstudio.gui.widgets.run_controls import RunActions

    window = QMainWindow()
    qtbot.addWidget(window)
    actions = RunActions(small_studio, window)
    for act in actions.actions.values():
        window.addAction(act)
    page = QWidget()
    lay = QVBoxLayout(page)
    fields = {"epochs": QSpinBox(), "rate": QDoubleSpinBox(), "name": QLineEdit(),
              "number": QLineEdit(), "box": QCheckBox("Early stopping")}
    fields["epochs"].setRange(1, 1000)
    fields["epochs"].setValue(400)
    from PySide6.QtGui import QIntValidator
    fields["number"].setValidator(QIntValidator(0, 100))
    for w in fields.values():
        lay.addWidget(w)
    window.setCentralWidget(page)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window, actions, fields


def _focus(qtbot, widget):
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def test_space_pauses_from_a_number_field_and_types_in_a_name(router, small_studio, qtbot):
    """W13-5: after changing Epochs, Space blanked the field and the run went on. Number
    fields never take a space: Space pauses. A name field types the space."""
    _window, actions, fields = _form(qtbot, small_studio)
    paused = _pauses(actions.actions["pause"])
    epochs = fields["epochs"]
    _focus(qtbot, epochs)
    epochs.selectAll()
    qtbot.keyClick(epochs, Qt.Key.Key_Space)
    assert paused == [1]
    assert epochs.text() == "400" and epochs.value() == 400
    for name in ("rate", "number", "box"):
        _focus(qtbot, fields[name])
        qtbot.keyClick(fields[name], Qt.Key.Key_Space)
    assert len(paused) == 4
    assert fields["number"].text() == "" and not fields["box"].isChecked()
    qtbot.keyClick(fields["box"], Qt.Key.Key_Return)               # Enter ticks the box
    assert fields["box"].isChecked()
    name = fields["name"]
    _focus(qtbot, name)
    qtbot.keyClicks(name, "my run")
    assert name.text() == "my run" and len(paused) == 4
    actions.actions["pause"].setEnabled(False)                     # no run: still no space
    _focus(qtbot, epochs)
    epochs.selectAll()
    qtbot.keyClick(epochs, Qt.Key.Key_Space)
    assert epochs.text() == "400"


def test_dialogs_keep_qts_keys(router, qtbot):
    """A dialog's buttons keep Space (the studio's Pause key is not theirs)."""
    from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton

    dialog = QDialog()
    qtbot.addWidget(dialog)
    button = QPushButton("OK", dialog)
    QHBoxLayout(dialog).addWidget(button)
    clicked = []
    button.clicked.connect(lambda: clicked.append(1))
    dialog.show()
    qtbot.waitActive(dialog)
    _focus(qtbot, button)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert clicked == [1]


def test_dlstudio_installs_the_rule_once(qapp):
    first = space_key.install(qapp)
    try:
        assert space_key.install(qapp) is first
    finally:
        qapp.removeEventFilter(first)
        del qapp.space_key_router
