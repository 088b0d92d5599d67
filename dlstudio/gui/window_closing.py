"""Closing the main window: File > Quit, the window's close button, the system ending it.

``WindowClosingMixin`` (mixed into :class:`~dlstudio.gui.main_window.MainWindow`) asks before
a tool's long job (a search, transfer learning) or a training run is stopped, stops a run and
closes once it has ended (so that the final autosave keeps it), lets the workspace controller
ask about a second window's unsaved work, then saves the session and the dock layout. When
the system ends dlstudio (``end_for_system``) nothing is asked, and closing waits for work to
stop no longer than ``SYSTEM_END_WAIT_MS`` in all. The texts keep the ``MainWindow``
translation context.
"""
from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from dlstudio.gui.dock_state import save_dock_state
from dlstudio.gui.i18n import sentences

translate = QCoreApplication.translate

#: how long (ms) a window told to stop its run and close waits for the run to end
CLOSE_WAIT_MS = 15_000
#: how long (ms) in all a window the system ends waits for its work to stop (its run to end,
#: the background jobs' threads to join) before it closes: a logout or ``kill`` expects the
#: end within seconds. The session is saved either way; work that cannot be interrupted (a
#: kernel compiling on a cold Numba cache, the step debugger's first float64 trace) is left
#: behind and ``app.run`` exits without it. It waited up to 15 s for each busy worker
#: (measured: 15 s idle on a cold cache, 45 s training on the window's thread, 22 s with the
#: step debugger tracing).
SYSTEM_END_WAIT_MS = 3_000


class WindowClosingMixin:
    """How ``MainWindow`` closes (its ``closeEvent``)."""

    #: "Stop it and quit?" was answered: close on its own
    _close_asked = False
    #: closes the window once the run has ended (or after ``CLOSE_WAIT_MS``)
    _close_timer: QTimer | None = None
    #: the system ends the window: no questions
    _ending = False
    #: when (``time.monotonic``) the system's end stops waiting for work (``wait_left_ms``)
    _end_by: float | None = None

    def end_for_system(self) -> None:
        """Close as File > Quit does, without questions: the system ends dlstudio (SIGTERM
        at a logout or shutdown, ``kill``; ``gui/end_signals.py``). Open dialogs are
        cancelled, a run is stopped and kept as Quit keeps it, the session is saved, and
        the next start does not take it for a crash."""
        self._ending = True
        if self._end_by is None:
            self._end_by = time.monotonic() + SYSTEM_END_WAIT_MS / 1000
        while (dialog := QApplication.activeModalWidget()) is not None and dialog is not self:
            if isinstance(dialog, QDialog):
                dialog.reject()
            else:
                dialog.close()
            if QApplication.activeModalWidget() is dialog:     # it refused: leave it
                break
        # once the dialogs' own event loops have returned
        QTimer.singleShot(0, self, self.close)

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.workspace is not None and not self._close_asked and not self._ending \
                and not self._may_stop_tools():
            event.ignore()
            return
        if self.workspace is not None:
            if self.studio.is_active() and not self._close_asked:
                event.ignore()
                if self._ending or self.workspace.may_close():   # "Stop it and quit?" (W7-14)
                    self._close_when_run_ended()
                return
            if self._close_timer is not None:     # the run ended (or never stopped in time)
                self._close_timer.stop()
                self._close_timer = None
                self.studio.sigRunStateChanged.disconnect(self._on_studio_state_closing)
            self._close_asked = False
            if not self._ending and not self.workspace.may_close_unsaved():   # W7-7
                event.ignore()
                return
        if self.studio.is_active():
            self.status_label.setText(translate("MainWindow",
                                                "Stopping the training before closing..."))
        if self.workspace is not None:
            # ended by the system, a second window keeps its unsaved work's autosave: the
            # next start offers it
            self.workspace.close(keep_unsaved=self._ending)
        self.studio.shutdown(timeout_ms=self.wait_left_ms(15000))
        for tab in self.tool_tabs.values():
            if hasattr(tab, "shutdown"):          # panels with their own background worker
                tab.shutdown(self.wait_left_ms(5000))
        if self.settings is not None:
            save_dock_state(self, self.settings)
        super().closeEvent(event)

    def _may_stop_tools(self) -> bool:
        """Whether a tool's long job (a hyperparameter search, transfer learning) may stop
        for Quit: at once when none runs, else once the student chose "Stop and quit"
        (W9-19: Quit during a search closed at once and its results were gone)."""
        busy = [tab.busy_text() for tab in self.tool_tabs.values() if hasattr(tab, "busy_text")]
        busy = [text for text in busy if text]
        if not busy:
            return True
        return bool(self.workspace.ask_stop_run(
            self, translate("MainWindow", "%1 Stop it and quit?").replace("%1", sentences(*busy)),
            translate("MainWindow", "Its results are not kept: a workspace does not hold "
                      "them, so they are gone when dlstudio closes. Cancel keeps it running.")))

    def _close_when_run_ended(self) -> None:
        """Stop the run and close once it has ended: its last moment then reaches the
        studio, and the final autosave keeps it to continue later. A run that does not stop
        in time (a first kernel compilation) is left behind after ``CLOSE_WAIT_MS`` (what is left
        of ``SYSTEM_END_WAIT_MS`` when the system ends the window)."""
        self._close_asked = True
        self.status_label.setText(translate("MainWindow",
                                            "Stopping the training before closing..."))
        self.studio.sigRunStateChanged.connect(self._on_studio_state_closing)
        self.studio.stop()
        self._close_timer = QTimer(self)
        self._close_timer.setSingleShot(True)
        self._close_timer.timeout.connect(self.close)
        self._close_timer.start(self.wait_left_ms(CLOSE_WAIT_MS))

    def wait_left_ms(self, longest_ms: int) -> int:
        """How long (ms) closing may wait for a piece of work to stop: ``longest_ms``, or
        less when the system ends the window and its ``SYSTEM_END_WAIT_MS`` runs out."""
        if self._end_by is None:
            return longest_ms
        return max(0, min(longest_ms, int((self._end_by - time.monotonic()) * 1000)))

    def _on_studio_state_closing(self, _state: str) -> None:
        if not self.studio.is_active() and self._close_timer is not None:
            self._close_timer.start(0)          # close now, once (the timer closes)
