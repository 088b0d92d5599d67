"""A short tour of the window: a few steps, each bringing one part forward and saying in
two sentences what it is for. The tour stays open beside the window and follows a live
language switch."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPoint
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dlstudio.gui.widgets.placement import clamped, global_rect, move_beside
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.widgets.start_page import take_keyboard
from dlstudio.gui.widgets.target_frame import window_frame


class TourDialog(RetranslateMixin, QDialog):
    """Steps ``(text, show)``: ``show()`` brings a part of the window forward and returns the
    widget to stand beside (or None). ``text`` is English, shown translated (context
    ``Tour``) in the UI language. While the bubble is open a frame is drawn round that
    widget in its window, so that the bubble visibly means it (walker37 W37-29: beside the
    Network dock, over the plots' tab bar, the bubble read as a note about the plots)."""

    def __init__(self, steps: list[tuple[str, Callable[[], QWidget | None]]],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tour")
        self.steps = steps
        self.index = 0
        self.target: QWidget | None = None
        self.target_frame = window_frame(parent.window()) if parent is not None else None
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setMinimumWidth(320)
        self.counter = QLabel(self)
        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(lambda: self.go(self.index - 1))
        self.next_button = QPushButton(self)
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self._on_next_clicked)
        row = QHBoxLayout()
        row.addWidget(self.counter)
        row.addStretch(1)
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text, 1)
        lay.addLayout(row)
        self.go(0)

    def retranslate(self) -> None:
        """The title, the buttons and this step's text in the current language."""
        self.setWindowTitle(self.tr("Tour of dlstudio"))
        self.back_button.setText(self.tr("Back"))
        last = self.index == len(self.steps) - 1
        self.next_button.setText(self.tr("Done") if last else self.tr("Next"))
        self.text.setText(QCoreApplication.translate("Tour", self.steps[self.index][0]))
        # grow or shrink to this step's text (a longer text was cut off at the bottom)
        self.adjustSize()

    def go(self, index: int) -> None:
        self.index = max(0, min(index, len(self.steps) - 1))
        show = self.steps[self.index][1]
        self.counter.setText(f"{self.index + 1}/{len(self.steps)}")
        self.back_button.setEnabled(self.index > 0)
        self.retranslate()
        self.target = target = show()
        if target is not None and target.isVisible():
            self._stand_by(target)
        if self.isVisible():
            self._frame(target)
            self.take_keyboard()

    def _frame(self, target: QWidget | None) -> None:
        """The frame round ``target`` (none when the bubble is closed)."""
        if self.target_frame is not None:
            self.target_frame.frame(target)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        self._frame(self.target)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Closed (Done, Esc, the close box): the window loses the frame."""
        if self.target_frame is not None:
            self.target_frame.clear()
        super().hideEvent(event)

    def _stand_by(self, target: QWidget) -> None:
        """Beside a panel it talks about, never over it (walker20: the first bubble covered
        layers 5-7 of the layer stack it describes); over the middle of the window when that
        is the part it talks about (the plots: beside them it covered a side panel, walker21
        W21-13), a third of the way down it. Always on the target's screen."""
        screen = target.screen()
        area = screen.availableGeometry() if screen is not None else None
        rect = global_rect(target)
        if not rect.contains(global_rect(target.window()).center()):
            move_beside(self, rect, area)
            return
        size = self.frameGeometry().size()
        corner = QPoint(rect.center().x() - size.width() // 2, rect.top() + rect.height() // 3)
        self.move(clamped(corner, size, area) if area is not None else corner)

    def take_keyboard(self) -> None:
        """Make the bubble the active window with Next focused: Enter presses Next, Esc
        closes (walker14 W14-3: the window kept the keyboard, Enter did nothing)."""
        self.raise_()
        self.activateWindow()
        self.next_button.setFocus()

    def _on_next_clicked(self) -> None:
        if self.index == len(self.steps) - 1:
            self.accept()
        else:
            self.go(self.index + 1)


def open_tour(window) -> TourDialog:
    """Five steps over ``window`` (a ``MainWindow``): the network editor, the settings, the
    run buttons, the plots and the lessons, each brought forward in turn."""

    def dock(name: str):
        def show():
            found = window.docks.get(name)
            if found is not None:
                found.show()
                found.raise_()
            return found
        return show

    steps = [
        # no side named: the panels move (a fresh window tabs them all on the right, the
        # standard layout puts the network on the left: walker19 W19-20)
        (QT_TRANSLATE_NOOP("Tour", "<b>The network.</b> You build it in the Network panel: "
                                   "pick a ready-made preset or add layers from the list; "
                                   "the selected layer's settings are below."),
         dock("network")),
        (QT_TRANSLATE_NOOP("Tour", "<b>Data and training.</b> The Data, Training and Compare "
                                   "panels: the data set, how the network trains (optimizer, "
                                   "learning rate, epochs) and the variants to compare."),
         dock("training")),
        (QT_TRANSLATE_NOOP("Tour", "<b>Running.</b> Start (F5) trains from fresh weights; "
                                   "Pause, Step (one mini-batch at a time) and Stop control "
                                   "the run."),
         lambda: window.toolbar),
        (QT_TRANSLATE_NOOP("Tour", "<b>Watching.</b> The middle shows what happens while it "
                                   "trains: loss and accuracy, each layer's gradients, "
                                   "activations and weights, and the outcome."),
         lambda: window.plot_tabs),
        (QT_TRANSLATE_NOOP("Tour", "<b>Lessons.</b> They walk you through the classic effects "
                                   "step by step. Help > Lessons and start page brings the "
                                   "list back; View > Lesson layout gives the lesson and the "
                                   "plots the whole window."),
         dock("lessons")),
    ]
    tour = TourDialog(steps, window)
    # closed (Done, Esc): the window takes the keyboard back, so F5 works at once
    tour.finished.connect(lambda _: take_keyboard(window))
    tour.show()
    tour.take_keyboard()
    return tour
