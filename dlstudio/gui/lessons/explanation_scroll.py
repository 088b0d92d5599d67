"""``ExplanationScroll``: the explanation of a locked-in answer kept in view in the lesson
panel's reading column (the step's text, then its question and answers).

Lock in shows the explanation under the greyed answers, often below the fold, and nothing
said to scroll (walker23 W23-5): ``bring_into_view`` scrolls down until the explanation ends
in view, never past its first line. When the column then gets shorter (after Apply the run
line and the check's result grow under it) an explanation that ended in view still does.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QScrollArea

from dlstudio.gui.lessons.question import QuestionWidget


class ExplanationScroll(QObject):
    """Scrolls ``reading`` so that ``question``'s explanation stays in view (see the module
    docstring); it watches the column's size itself."""

    def __init__(self, reading: QScrollArea, question: QuestionWidget,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.reading, self.question = reading, question
        # kept: asking ``reading`` for it on every event crashed while the panel was being
        # deleted (its children go first, this filter still hears their events)
        self._viewport = reading.viewport()
        self._viewport.installEventFilter(self)

    def bring_into_view(self) -> None:
        """Scroll down until the explanation of the locked-in answer ends in view, never
        past its first line (nothing when it is not shown)."""
        box = self.question.explanation
        if not box.isVisibleTo(self.reading):
            return
        top = box.mapTo(self.reading.widget(), box.rect().topLeft()).y()
        bar = self.reading.verticalScrollBar()
        wanted = min(top - 4, top + box.height() + 4 - self.reading.viewport().height())
        if wanted > bar.value():
            bar.setValue(wanted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._viewport and event.type() == QEvent.Type.Resize \
                and shiboken6.isValid(self.reading):
            self._keep_in_view(event.oldSize().height())
        return super().eventFilter(watched, event)

    def _keep_in_view(self, old_height: int) -> None:
        """The column's view got shorter or taller: an explanation that ended in view
        before still does."""
        box = self.question.explanation
        if not self.question.locked or old_height <= 0 or not box.isVisibleTo(self.reading):
            return
        top = box.mapTo(self.reading.viewport(), box.rect().topLeft()).y()
        bottom = top + box.height()
        height = self.reading.viewport().height()
        if 0 <= top and bottom <= old_height and bottom > height:
            down = min(top, bottom + 4 - height)
            bar = self.reading.verticalScrollBar()       # (its range follows the new size)
            QTimer.singleShot(0, bar, lambda: bar.setValue(bar.value() + down))
