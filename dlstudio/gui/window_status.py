"""The main window's status bar: the status line's sentence and the run-state label.

``WindowStatusMixin`` (mixed into :class:`~dlstudio.gui.main_window.MainWindow`) builds the
bar (``build_status_bar``: ``status_label``, up to two lines, and ``state_label``) and follows
the studio: its messages, a dataset that failed to load, a new session (nothing said about
the old one stays) and the run state ("running", "checking a lesson step"...). An error said
in the status line (``say_error``) goes once the settings it described change. The texts keep
the ``MainWindow`` translation context.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

from dlstudio.gui.widgets.status_line import StatusLineWidget
from dlstudio.gui.widgets.steady_box import SteadyBoxWidget

translate = QCoreApplication.translate


class WindowStatusMixin:
    """The status line and the run-state label of ``MainWindow``."""

    #: the status line says an error (it goes when the settings change)
    _status_is_error = False

    def build_status_bar(self) -> None:
        """Build the status bar and follow the studio's messages and run state."""
        # opaque, as the progress line: each new sentence (four a second while a run
        # trains) repainted the window's own background under the bar too (issue 13)
        self.statusBar().setBackgroundRole(QPalette.ColorRole.Window)
        self.statusBar().setAutoFillBackground(True)
        # long sentences: two lines, then "…" and a tooltip (W26-12); room for both
        # always, so that a two-line sentence moves nothing above it (walker35)
        self.status_label = StatusLineWidget(self, max_lines=2, steady=True)
        self.status_label.setProperty("role", "status")
        box = SteadyBoxWidget(self.status_label)
        self.statusBar().addWidget(box, 1)   # see the box
        # back to one line once the sentence fits it (the box only grows by itself)
        self.status_label.sigLinesChanged.connect(box.settle)
        self.state_label = QLabel(self)
        self.state_label.setProperty("role", "status")
        self.statusBar().addPermanentWidget(self.state_label)
        studio = self.studio
        studio.sigMessage.connect(self._on_studio_message)
        studio.sigDatasetFailed.connect(self._on_studio_dataset_failed)
        for signal in (studio.sigNetworkChanged, studio.sigTrainChanged,
                       studio.sigVariantsChanged, studio.sigDataChanged):
            signal.connect(self._on_studio_settings_changed)
        studio.sigSessionReplaced.connect(self._on_studio_session_replaced)
        studio.sigRunStateChanged.connect(self._on_studio_state)
        studio.sigBackgroundChanged.connect(self._on_studio_background)

    def say_error(self, text: str) -> None:
        """Say the first line of the error ``text`` in the status line, until the settings
        change."""
        self._status_is_error = True
        self.status_label.setText(text.splitlines()[0] if text else "")

    def show_run_state(self) -> None:
        """The run-state label for the studio's state now (in the current language)."""
        self._on_studio_state(self.studio.state)

    def say(self, text: str) -> None:
        """Say ``text`` in the status line, where it stays until the next sentence (as the
        studio's messages, the File menu's exports and a plot panel's export do)."""
        self._status_is_error = False
        self.status_label.setText(text)

    def _on_studio_message(self, text: str) -> None:
        self.say(text)

    def _on_studio_session_replaced(self) -> None:
        """Nothing said about the old session stays in the status line (W7-19)."""
        self._status_is_error = False
        self.status_label.setText("")

    def _on_studio_settings_changed(self) -> None:
        """An error leaves the status bar once the settings change (an undo included): it
        described settings (or a failed run of settings, or data) that no longer exist."""
        if self._status_is_error:
            self._status_is_error = False
            self.status_label.setText("")

    def _on_studio_dataset_failed(self, text: str) -> None:
        """Data that cannot be loaded is said in the Data dock's preview and here, without a
        dialog: it may be a file restored from the last session, no longer in use."""
        self.say_error(text)

    def _on_studio_state(self, state: str) -> None:
        names = {"idle": translate("MainWindow", "idle"),
                 "preparing": translate("MainWindow", "preparing"),
                 "running": translate("MainWindow", "running"),
                 "paused": translate("MainWindow", "paused"),
                 "finished": translate("MainWindow", "finished"),
                 "stopped": translate("MainWindow", "stopped"),
                 "diverged": translate("MainWindow", "diverged"),
                 "failed": translate("MainWindow", "failed")}
        text = names.get(state, state)
        if self.studio.background_running and not self.studio.is_active():
            # a lesson's check trains in the background: not "idle" (walker26 W26-6)
            text = translate("MainWindow", "checking a lesson step")
        self.state_label.setText(text)
        starting = self.studio.is_active()
        for panel in self.plot_panels.values():
            if hasattr(panel, "set_run_starting"):
                panel.set_run_starting(starting)

    def _on_studio_background(self, _running: bool) -> None:
        self._on_studio_state(self.studio.state)
