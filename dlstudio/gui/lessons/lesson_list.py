"""The lesson panel's list of lessons: one row per lesson, "05 Learning rate   2/4" (its
number is its place on the learning path, ``lessons.path``), with
" ✓" once every step is done and the lesson's summary as its tooltip; the lesson files that
could not be loaded follow, disabled, their error as the tooltip. A long row wraps onto as
many lines as it needs (``LessonRowDelegate``), so its count stays in view.

A click on a row chooses its lesson; the keys only browse: arrows, Page Up/Down, Home, End and
typed letters move the highlight, and Enter chooses the highlighted lesson, as the start
page's list does with its Open button. Each Down opened the lesson under it, and with unsaved
work asked to save, whose dialog then took the next Downs: a Return discarded the work
(walker33 W33-16). When the focus leaves the list, the highlight goes back to the open
lesson."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (QListView, QListWidget, QListWidgetItem, QStyle,
                               QStyledItemDelegate, QStyleOptionViewItem, QWidget)

from dlstudio.gui.lessons.strings import ui
from dlstudio.lessons.loader import BrokenLesson
from dlstudio.lessons.model import Lesson
from dlstudio.lessons.path import number_text, numbers
from dlstudio.lessons.progress import ProgressStore


def row_text(lesson: Lesson, progress: ProgressStore, lang: str, number: int) -> str:
    """``lesson``'s row: its ``number`` (``path.numbers``), title in ``lang`` and steps done
    (``progress``)."""
    n = len(lesson.steps)
    done = len(progress.done_steps(lesson.id, [s.id for s in lesson.steps]))
    mark = "  ✓" if done == n else ""
    return f"{number_text(number)} {lesson.title.get(lang)}   {done}/{n}{mark}"


class LessonRowDelegate(QStyledItemDelegate):
    """Draws a row's whole text wrapped to the list's width, and makes the row as tall as
    that takes. Qt's own wrapping of list rows elided some rows to one line ending in "…"
    inside a two-line row, hiding their "0/4" (walker16 W16-2: zh row 02, whose title
    breaks between Latin words); its size and its drawing measured the text differently.
    Here one measure (``QFontMetrics.boundingRect`` with the painter's wrap flags) sizes
    and draws."""

    FLAGS = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
    #: the space between the row's edge and its text: (left and right, top and bottom)
    PAD = (4, 2)

    def text_rect(self, rect: QRect) -> QRect:
        """Where a row at ``rect`` draws its text."""
        dx, dy = self.PAD
        return rect.adjusted(dx, dy, -dx, -dy)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:       # background, selection and focus as the style draws them
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        state = opt.state
        group = QPalette.ColorGroup.Normal if state & QStyle.StateFlag.State_Enabled \
            else QPalette.ColorGroup.Disabled
        role = QPalette.ColorRole.HighlightedText if state & QStyle.StateFlag.State_Selected \
            else QPalette.ColorRole.Text
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(group, role))
        painter.drawText(self.text_rect(opt.rect), self.FLAGS, text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListView) else opt.rect.width()
        return QSize(width, self.text_height(opt.text, opt.font, width) + 2 * self.PAD[1])

    def text_height(self, text: str, font, width: int) -> int:
        """The height of ``text`` in ``font`` wrapped in a row ``width`` wide."""
        inner = self.text_rect(QRect(0, 0, width, 1 << 20))
        return QFontMetrics(font).boundingRect(inner, self.FLAGS, text).height()


#: one-line rows the list keeps in sight however its dock's splitter is dragged or sized
#: (walker16 W16-27: five lessons whole on a 1366x768 classroom screen; fix68: the splitter's
#: 150 px held six DejaVu Sans rows there but four and a half Noto Sans CJK ones)
ROWS_SHOWN = 5


#: the keys that choose the highlighted lesson (plain or on the keypad)
CHOOSE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


class LessonListWidget(QListWidget):
    """The list (see the module docstring); row ``i`` is the ``i``-th lesson given to
    ``fill``. Long titles wrap instead of scrolling sideways; at least ``ROWS_SHOWN`` one-line
    rows of its font stay in sight.

    ``sigLessonChosen(row)``: the student chose row ``row``'s lesson (a click, Enter, or a
    new current row set by the program); not emitted while the keys browse. ``open_row`` is
    the row last chosen (or shown with ``select_quietly``)."""

    sigLessonChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.open_row = -1
        self._browsing = False      # a key moves the current row: it is not chosen
        self.currentRowChanged.connect(self._on_current_row_changed)
        self.setObjectName("lessonList")
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(LessonRowDelegate(self))
        self.setResizeMode(QListView.ResizeMode.Adjust)     # rows wrap again at a new width

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().minimumSizeHint()
        delegate = self.itemDelegate()
        if not isinstance(delegate, LessonRowDelegate):
            return hint
        row = delegate.text_height("0", self.font(), 1 << 16) + 2 * delegate.PAD[1]
        return QSize(hint.width(), max(hint.height(), ROWS_SHOWN * row + 2 * self.frameWidth()))

    def fill(self, lessons: Sequence[Lesson], broken: Sequence[BrokenLesson],
             progress: ProgressStore, lang: str) -> None:
        """Every row again in ``lang`` (the current row stays, without a signal)."""
        row = self.currentRow()
        self.blockSignals(True)
        self.clear()
        shown = numbers(lesson.id for lesson in lessons)
        for lesson in lessons:
            item = QListWidgetItem(row_text(lesson, progress, lang, shown[lesson.id]))
            item.setToolTip(lesson.summary.get(lang))
            self.addItem(item)
        for lesson in broken:
            item = QListWidgetItem(ui("broken_lesson", lang).replace("{id}", lesson.id))
            item.setToolTip(lesson.error)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)
        self.setCurrentRow(row)
        self.blockSignals(False)

    def update_counts(self, lessons: Sequence[Lesson], progress: ProgressStore,
                      lang: str) -> None:
        """Every lesson's steps-done count from ``progress``."""
        shown = numbers(lesson.id for lesson in lessons)
        for i, lesson in enumerate(lessons):
            item = self.item(i)
            if item is not None:
                item.setText(row_text(lesson, progress, lang, shown[lesson.id]))

    def select_quietly(self, row: int) -> None:
        """Make ``row`` the current and only selected row without ``currentRowChanged`` (no
        lesson opens)."""
        self.open_row = row
        self.blockSignals(True)
        self.setCurrentRow(row, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.blockSignals(False)

    def choose(self, row: int) -> None:
        """Choose row ``row``'s lesson (``sigLessonChosen``)."""
        if row >= 0:
            self.open_row = row
            self.sigLessonChosen.emit(row)

    def _on_current_row_changed(self, row: int) -> None:
        if not self._browsing:
            self.choose(row)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() in CHOOSE_KEYS and event.modifiers() in PLAIN:
            self.choose(self.currentRow())
            event.accept()
            return
        self._browsing = True
        try:
            super().keyPressEvent(event)
        finally:
            self._browsing = False

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """A click on another row chooses it (its new current row); on the highlighted row,
        which the keys may have browsed to, it chooses that."""
        before = self.currentRow()
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and before >= 0 \
                and self.indexAt(event.position().toPoint()).row() == before:
            self.choose(before)

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """The highlight goes back to the open lesson when the keys left it elsewhere."""
        super().focusOutEvent(event)
        if 0 <= self.open_row < self.count() and self.currentRow() != self.open_row:
            self.select_quietly(self.open_row)
