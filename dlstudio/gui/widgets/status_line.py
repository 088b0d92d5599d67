"""Long sentences that must stay readable: the status line and the run note.

``StatusLineWidget`` is the window's status line. It keeps the whole sentence, shows what fits
in its lines (two in the window), the last one with "…" at the end when even they are too few,
and the whole sentence as a wrapped tooltip.

``RunNoteWidget`` is a wrapped note above the plots for what a student must read in full when
a run ends badly: why it diverged and what to try, or which layers stopped learning. It stays
until the next run starts or the student closes it.

``SentenceLabelWidget`` is a tool panel's wrapped status sentence ("Round 2: 5 of 12 runs
done."). It keeps the function that wrote the sentence and calls it again when the UI language
changes, so a sentence said before a live switch is shown in the new language.
"""
from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSizePolicy, QToolButton, QVBoxLayout, QWidget)

from dlstudio.gui import theme
from dlstudio.gui.widgets.restyle import RestyleMixin
from dlstudio.gui.widgets.retranslate import RetranslateMixin


def wrapped_tooltip(text: str) -> str:
    """``text`` as a rich-text tooltip, which Qt wraps (a plain one is a single line)."""
    if not text:
        return ""
    lines = (html.escape(line) for line in text.splitlines())
    return "<p style='white-space:pre-wrap'>" + "<br>".join(lines) + "</p>"


class StatusLineWidget(QLabel):
    """Status text in at most ``max_lines`` lines: wrapped (after whole words) when it is too
    long for one, the last line cut with "…" when it is too long for them all, the whole
    sentence in the tooltip. ``sigLinesChanged(n)`` says when it came to need another
    number of lines (the window's status line has two: walker26 W26-12, a run's warning with
    its cause and fix was cut after a third of it at 1366x768). ``steady``: the line asks
    for the height of all its lines whatever it shows, so that a sentence needing two does
    not push what is above it up a line, and the next short one down again (walker35: the
    window's bottom bar and the dock tabs jumped)."""

    sigLinesChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None, max_lines: int = 1,
                 steady: bool = False):
        super().__init__(parent)
        self._full = ""
        self.max_lines = max(1, int(max_lines))
        self.steady = bool(steady)
        self.lines = 1
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # the lines are fitted to the whole contents width: no indent of Qt's own (a label
        # with a frame, as the theme's padding gives it, draws half an "x" in from the
        # left, and the last glyph of a full line was cut: walker30 W30-5)
        self.setIndent(0)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._full = text or ""
        self.setToolTip(wrapped_tooltip(self._full))
        self._show_fitting()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self._held(super().sizeHint())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self._held(super().minimumSizeHint())

    def _held(self, hint: QSize) -> QSize:
        """``hint`` as tall as ``max_lines`` lines when ``steady`` (QLabel measures the
        lines it shows; the lines it does not show are added in the same measure)."""
        if not self.steady or self.lines >= self.max_lines:
            return hint
        metrics = self.fontMetrics()
        room = QRect(0, 0, 100000, 100000)

        def tall(n: int) -> int:
            return metrics.boundingRect(room, 0, "\n".join(["X"] * n)).height()

        return QSize(hint.width(), hint.height() + tall(self.max_lines) - tall(self.lines))

    def full_text(self) -> str:
        """The whole sentence (what ``text()`` shows may be cut short)."""
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._show_fitting()

    def _show_fitting(self) -> None:
        first = self._full.splitlines()[0] if self._full else ""
        more = first != self._full.strip()
        metrics = self.fontMetrics()
        width = max(0, self.contentsRect().width())
        lines = []
        rest = first
        while len(lines) < self.max_lines - 1 and metrics.horizontalAdvance(rest) > width > 0:
            head = fitting_at_word(metrics, rest, width)
            if not head:
                break
            lines.append(head.rstrip())
            rest = rest[len(head):].lstrip()
        shown = elided_at_word(metrics, rest, width)
        if more and shown == rest:
            shown = elided_at_word(metrics, rest + " …", width)
        lines.append(shown)
        super().setText("\n".join(lines))
        if len(lines) != self.lines:
            self.lines = len(lines)
            self.sigLinesChanged.emit(self.lines)


def fitting_at_word(metrics, text: str, width: int) -> str:
    """The longest start of ``text`` that fits ``width`` pixels, ending after a whole word
    when a Latin word would be cut (Chinese after any character); "" when not even one
    character fits."""
    low, high = 0, len(text)
    while low < high:                       # the longest prefix that fits
        mid = (low + high + 1) // 2
        if metrics.horizontalAdvance(text[:mid]) <= width:
            low = mid
        else:
            high = mid - 1
    head = text[:low]
    if 0 < low < len(text) and _in_latin_word(text[low - 1]) and _in_latin_word(text[low]):
        space = head.rfind(" ")
        if space > 0:
            head = head[:space + 1]
    return head


def elided_at_word(metrics, text: str, width: int) -> str:
    """``text`` cut to ``width`` pixels with "…", after a whole word when it is cut inside
    one (walker21 W21-15: "... the Network and Data panels keep less…" for "keep lesson 01's
    setup"). Chinese, with no spaces between words, is cut after any character."""
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    if shown == text or not shown.endswith("…"):
        return shown
    kept = shown[:-1]
    cut_inside_a_word = bool(kept) and _in_latin_word(kept[-1]) \
        and _in_latin_word(text[len(kept)])
    space = kept.rfind(" ")
    if cut_inside_a_word and space > 0:
        kept = kept[:space]
    return kept.rstrip(" ,;:") + "…"


def _in_latin_word(char: str) -> bool:
    """Whether ``char`` belongs to a word of Latin letters ("lesson's", "pre-flight")."""
    return (char.isascii() and (char.isalnum() or char in "'-_")) or char == "’"


class RunNoteWidget(RestyleMixin, RetranslateMixin, QFrame):
    """A wrapped, closable note: a bold heading and the sentences (hidden when empty), with
    an optional action button ("Continue from epoch 19": ``set_action``, ``sigAction``). The
    window shows the note again in the new language after a switch; the close button's
    tooltip follows by itself, the heading's colour follows the theme."""

    #: the action button was pressed
    sigAction = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("run_note")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setObjectName("run_note_text")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        self.action_button = QPushButton(self)
        self.action_button.setObjectName("run_note_action")
        self.action_button.setVisible(False)
        self.action_button.clicked.connect(self._on_action_button_clicked)
        # as tall as its text up to ``SHARE`` of the page it sits on (at least ``MAX_LINES``
        # lines), the rest scrolls: four lines beside the Continue button scrolled a
        # restore-best-weights note at 1366x768 (polish7), six lines over a short page left
        # the accuracy plot one tick (walker8)
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroller.setWidget(self.label)
        self.scroller.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self._fit_height()
        # the text takes the whole width; the action button sits under it, on the right
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.scroller, 1)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 4, 4, 4)
        lay.setSpacing(2)
        lay.addLayout(top)
        lay.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignRight)
        self.setVisible(False)
        self._heading = ""
        self._lines: list[str] = []
        self._aside: list[str] = []
        self._error = True
        self._page: QWidget | None = None
        self._watch_page()
        self.retranslate()
        self.follow_theme()

    #: lines the note may always show, however short the page
    MAX_LINES = 4
    #: the largest part of the page's height the note's text may take (the rest scrolls)
    SHARE = 0.3

    def height_cap(self) -> int:
        """The tallest the text may be: ``SHARE`` of the page under the note (its parent),
        but never under ``MAX_LINES`` lines."""
        lines = self.MAX_LINES * self.label.fontMetrics().lineSpacing() + 4
        page = self.parentWidget()
        return max(lines, int(self.SHARE * page.height())) if page is not None else lines

    def _fit_height(self) -> None:
        """As tall as the text, but at most ``height_cap``."""
        width = max(50, self.scroller.viewport().width())
        text_height = self.label.heightForWidth(width)
        if text_height < 0:
            text_height = self.label.sizeHint().height()
        self.scroller.setFixedHeight(max(1, min(text_height, self.height_cap())))

    def _watch_page(self) -> None:
        """Fit again when the page under the note changes height (the window was resized)."""
        page, old = self.parentWidget(), getattr(self, "_page", None)
        if page is not old:
            if old is not None:
                old.removeEventFilter(self)
            if page is not None:
                page.installEventFilter(self)
            self._page = page

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        # getattr: a note whose Python side the cycle collector is tearing down still
        # filters its page's events until Qt removes the filter (CI rehearsal of 0eb5d91:
        # "'RunNoteWidget' object has no attribute '_page'" from a deleted test window)
        if watched is getattr(self, "_page", None) and event.type() == QEvent.Type.Resize:
            self._fit_height()
        return False

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_height()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:     # classroom mode
            self._fit_height()
        elif event.type() == QEvent.Type.ParentChange:
            self._watch_page()

    def retranslate(self) -> None:
        self.close_button.setToolTip(self.tr("Close this note"))

    def show_note(self, heading: str, lines: list[str], error: bool = True,
                  aside: tuple[str, ...] = ()) -> None:
        """Show ``heading`` and one paragraph per line (nothing to say hides the note); the
        heading in the error colour, or (``error=False``: a note worth a look, not an alarm)
        in the text colour. ``aside``: paragraphs shown apart, before the heading (what the
        curves are is no reason why the run stopped: walker25 W25-15)."""
        self._heading, self._lines, self._error = heading, [l for l in lines if l], error
        self._aside = [l for l in aside if l] if self._lines else []
        if not self._lines:
            self.setVisible(False)
            return
        self.restyle()
        self.setVisible(True)
        self._fit_height()

    def restyle(self) -> None:
        """The note's text with its heading in the current theme's colour: a heading shown in
        the dark theme stayed light grey on the light banner after a switch (walker21 W21-7)."""
        if not self._lines:
            return
        color = (theme.error_color() if self._error
                 else self.palette().windowText().color().name())
        body = "<br>".join(html.escape(l) for l in self._lines)
        aside = "".join(f"{html.escape(l)}<br>" for l in self._aside)
        self.label.setText(f"{aside}<b style='color:{color}'>{html.escape(self._heading)}</b> "
                           f"{body}")

    def _on_action_button_clicked(self) -> None:
        self.sigAction.emit()

    def set_action(self, text: str) -> None:
        """Show the action button with ``text`` ("" hides it)."""
        self.action_button.setText(text)
        self.action_button.setVisible(bool(text))

    def text(self) -> str:
        """The note as plain text (heading and lines)."""
        return "\n".join(self._aside + [self._heading] + self._lines) if self._lines else ""

    def clear(self) -> None:
        self.set_action("")
        self.show_note("", [])


class SentenceLabelWidget(RetranslateMixin, QLabel):
    """A wrapped status sentence that follows the UI language.

    ``say`` takes the sentence as a function of no arguments that builds it with ``tr()``
    (``lambda: self.tr("Round %d finished.") % n``); the function is called now and again on
    every language change. A plain ``str`` is shown as it is (it cannot be translated later).
    """

    def __init__(self, text: str | Callable[[], str] = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self._make: Callable[[], str] | str = ""
        self.error = False
        self.say(text)

    def say(self, text: str | Callable[[], str], error: bool = False) -> None:
        """Show ``text`` (a sentence, or a function making it), in the error colour when
        ``error``."""
        self._make, self.error = text, bool(error)
        self.setStyleSheet(f"color: {theme.error_color()}" if self.error else "")
        self.retranslate()

    def retranslate(self) -> None:
        make = self._make
        self.setText(make() if callable(make) else make)
