"""The application-wide event filters let the everyday events (paints, timers, layout...)
through without asking them their type: every event of the application passes all three, and
``QEvent.type()`` builds a Python enum each time (~1-2 us), the costliest test they make."""
from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QSpinBox, QWidget

from dlstudio.gui.widgets import focus, space_key, wheel_guard


class TypeNotAsked(QEvent):
    """An everyday event that fails the test if a filter asks its type."""

    def type(self):  # noqa: A003 (Qt's name)
        raise AssertionError("the filter asked an everyday event its type")


def focus_controller(app: QApplication) -> focus.KeyboardFocusController:
    """A controller for one test: deleted at its end (which also takes its filter off)."""
    return focus.KeyboardFocusController(app)


@pytest.mark.parametrize("install", [focus_controller, space_key.install, wheel_guard.install],
                         ids=["focus", "space_key", "wheel_guard"])
def test_everyday_events_pass_without_their_type_asked(qtbot, request, install):
    app = QApplication.instance()
    event_filter = install(app)
    if install is focus_controller:
        request.addfinalizer(lambda: shiboken6.delete(event_filter))
    widget = QWidget()
    qtbot.addWidget(widget)
    for kind in (QEvent.Type.UpdateRequest, QEvent.Type.LayoutRequest, QEvent.Type.Timer):
        assert event_filter.eventFilter(widget, TypeNotAsked(kind)) is False


def test_the_wheel_guard_still_sees_a_spin_box_polished(qtbot):
    # the one plain event it needs (Polish), on the widgets it guards
    guard = wheel_guard.install(QApplication.instance())
    spin = QSpinBox()
    qtbot.addWidget(spin)
    spin.setFocusPolicy(wheel_guard.Qt.FocusPolicy.WheelFocus)
    assert guard.eventFilter(spin, QEvent(QEvent.Type.Polish)) is False
    assert spin.focusPolicy() == wheel_guard.Qt.FocusPolicy.StrongFocus


def test_the_focus_controller_still_tells_keyboard_from_mouse(qtbot, request):
    # real events through Qt: they reach the filter as QKeyEvent / QMouseEvent
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    controller = focus_controller(QApplication.instance())
    request.addfinalizer(lambda: shiboken6.delete(controller))
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    assert controller.keyboard_in_use is False
    qtbot.keyClick(edit, Qt.Key.Key_A)
    assert controller.keyboard_in_use is True
