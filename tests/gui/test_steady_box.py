"""A label in a ``SteadyBoxWidget`` shows new text without relaying out the window (issue 13:
the progress line, the timeline's step and the status sentence relaid the main window out
~13 times a second while a run trained)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QVBoxLayout, QWidget

from dlstudio.gui.widgets.steady_box import SteadyBoxWidget


class LayoutRequests(QObject):
    """Counts the layout requests ``widget`` receives."""

    def __init__(self, widget: QWidget):
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def window_with(label: QLabel, boxed: bool, qtbot) -> tuple[QMainWindow, LayoutRequests]:
    window = QMainWindow()
    central = QWidget()
    column = QVBoxLayout(central)
    row = QHBoxLayout()
    box = SteadyBoxWidget(label) if boxed else label
    row.addWidget(box, 1)
    row.addWidget(QLabel("right"))
    column.addLayout(row)
    column.addWidget(QLabel("below"))
    window.setCentralWidget(central)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(20)
    return window, LayoutRequests(window)


def show_texts(label: QLabel, texts, qtbot) -> None:
    for text in texts:
        label.setText(text)
        qtbot.wait(5)


def test_a_plain_label_relays_out_the_window_at_each_new_text(qtbot):
    label = QLabel("live (step 100)")
    _window, requests = window_with(label, boxed=False, qtbot=qtbot)
    show_texts(label, [f"live (step {n})" for n in range(101, 111)], qtbot)
    assert requests.count >= 5                       # what the box is for


def test_a_boxed_label_shows_new_text_without_relaying_out_the_window(qtbot):
    label = QLabel("live (step 100)")
    window, requests = window_with(label, boxed=True, qtbot=qtbot)
    show_texts(label, [f"live (step {n})" for n in range(101, 111)], qtbot)
    assert requests.count == 0
    assert label.text() == "live (step 110)"
    assert label.geometry() == label.parentWidget().rect()     # the child fills the box
    # a longer text asks for room once (the hint grows), then fits again
    show_texts(label, ["step 575 of 1,500, the earliest kept"] * 3, qtbot)
    assert 1 <= requests.count <= 2
    box = label.parentWidget()
    assert box.width() >= label.sizeHint().width()
    wide = box.sizeHint().width()
    # a shorter text keeps the room; settle() gives it back
    show_texts(label, ["live"], qtbot)
    assert box.sizeHint().width() == wide
    box.settle()
    assert box.sizeHint().width() == label.sizeHint().width() < wide


def test_the_box_takes_the_childs_policy_and_minimum(qtbot):
    label = QLabel("x")
    label.setMinimumWidth(80)
    box = SteadyBoxWidget(label)
    qtbot.addWidget(box)
    assert box.minimumSizeHint().width() >= 80
    assert box.sizePolicy() == label.sizePolicy()
