"""A button that disables itself while its work runs does not hand the focus to the next
field (walker28 W28-7: Train on the Transfer page left Rho focused with its text selected,
Compute on the loss landscape the Dropout rate field)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDoubleSpinBox, QPushButton, QVBoxLayout, QWidget

from dlstudio.gui.widgets import busy_button_focus


@pytest.fixture
def keeper(qapp):
    made = busy_button_focus.install(qapp)
    yield made
    qapp.focusChanged.disconnect(made._on_focus_changed)
    del qapp.busy_button_focus


def _page(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    button = QPushButton("Compute", page)
    rate = QDoubleSpinBox(page)
    lay = QVBoxLayout(page)
    lay.addWidget(button)
    lay.addWidget(rate)
    button.clicked.connect(lambda: button.setEnabled(False))
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=5000)
    button.setFocus()
    qtbot.waitUntil(button.hasFocus, timeout=5000)
    return page, button, rate


def test_a_button_that_disables_itself_keeps_the_next_field_unfocused(keeper, qtbot):
    page, button, rate = _page(qtbot)
    button.click()
    assert not button.isEnabled()
    assert not rate.hasFocus() and page.focusWidget() is None
    button.setEnabled(True)                 # its work ended: the focus comes back
    assert button.hasFocus()


def test_the_focus_the_student_moved_meanwhile_stays(keeper, qtbot):
    page, button, rate = _page(qtbot)
    button.click()
    rate.setFocus()
    qtbot.waitUntil(rate.hasFocus, timeout=5000)
    button.setEnabled(True)
    assert rate.hasFocus() and not button.hasFocus()
