"""What a plot page says while it has no plots (``PagePlaceholderMixin``, mixed into
:class:`~dlstudio.gui.plots.base.BasePanel`): "Start training to see these plots." (or the
page's own ``placeholder_text``), "The run is starting: ..." while a run under way has sent
the page nothing yet (``set_run_starting``), and "Drawing the plots..." on a page shown with
plots still to build, which builds them once those words are on screen (``drawing_soon``,
``plots/drawing_soon.py``). The mixin uses the panel's ``stack`` (the placeholder, then the
plots), ``export_button``, ``refresh`` and ``draws_runs``.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy

from dlstudio.gui.plots.drawing_soon import DrawingSoon
from dlstudio.gui.widgets.wrapping import unbroken_hyphens


class PagePlaceholderMixin:
    """The page's placeholder label (``placeholder``) and the words it shows."""

    #: while a run is under way and has sent this page nothing yet, the placeholder says so
    #: (``set_run_starting``; False: the page's own placeholder stays, e.g. Units, whose data
    #: needs a layer chosen before Start)
    says_run_starting: bool = True

    def _init_placeholder(self) -> None:
        """The placeholder label, saying ``placeholder_text`` (called once, in the panel's
        ``__init__``)."""
        self._run_starting = False           # see ``set_run_starting``
        self.placeholder = QLabel()
        self.show_placeholder_text(self.placeholder_text())
        self.placeholder.setWordWrap(True)
        self.placeholder.setMargin(24)
        self.placeholder.setSizePolicy(QSizePolicy.Policy.Expanding,
                                       QSizePolicy.Policy.Expanding)
        self.placeholder.setStyleSheet("font-size: 14pt; color: palette(placeholder-text);")
        #: "Drawing the plots..." on a page shown with plots still to build (``showEvent``)
        self._drawing_soon = DrawingSoon(self.placeholder, self.show_placeholder_text,
                                         self._draw_now)

    def placeholder_text(self) -> str:
        return self.tr("Start training to see these plots.")

    def set_run_starting(self, on: bool) -> None:
        """A run is under way (on) or not: until it sends this page its first measurements
        the placeholder says they are coming, not "Start training..." while the status line
        says the run trains (walker12 W12-3)."""
        self._run_starting = bool(on) and self.draws_runs and self.says_run_starting
        self.show_placeholder_text(self._placeholder())

    def show_placeholder_text(self, text: str) -> None:
        """What the page says before it has plots (wrapped; hyphenated words kept whole)."""
        self.placeholder.setText(unbroken_hyphens(text))

    def _placeholder(self) -> str:
        if self._run_starting:
            return self.tr("The run is starting: these plots appear with its first "
                           "measurements.")
        return self.placeholder_text()

    @property
    def drawing_soon(self) -> bool:
        """Whether the page, just shown, says "Drawing the plots..." and builds them once
        that is on screen (``refresh`` waits for it)."""
        return self._drawing_soon.waiting

    def _draw_after_paint(self) -> None:
        """The page was shown and its plots must be built first (seconds for a comparison's
        first visit): say "Drawing the plots..." now, under a busy pointer, and build once
        that has been painted. Built inside the click (the page switch holds its painting
        back), the previous page's plots stayed on screen under the new tab for 1.5-3 s
        (walker33 W33-2; ``plots/drawing_soon.py``)."""
        self._show_placeholder(True)
        self._drawing_soon.start()

    def _draw_now(self) -> None:
        """Build and draw the page ``_draw_after_paint`` put "Drawing..." on."""
        self._stop_drawing_soon()
        if self.isVisible():
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.refresh(force=self.draw_all_on_build)
            finally:
                QApplication.restoreOverrideCursor()

    def _stop_drawing_soon(self) -> None:
        """The page no longer waits to say "Drawing..." (``_draw_after_paint``)."""
        self._drawing_soon.stop()
        self.show_placeholder_text(self._placeholder())

    def _show_placeholder(self, on: bool) -> None:
        self.stack.setCurrentIndex(0 if on else 1)
        self.export_button.setEnabled(not on)
