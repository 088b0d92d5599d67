"""What the main window says in words about the run and its telemetry.

``WindowFindingsMixin`` (mixed into :class:`~dlstudio.gui.main_window.MainWindow`) runs the
status line's sentence about the newest telemetry (``plots/status.py``'s ``StatusTracker``:
vanishing gradients, dead units...), prefixed by the cause the loaded inputs' scale explains
and by the curves' own note (their trained weights are not here), and the note above the plots
after a run (``gui/run_end_note.py``), cleared when a run starts or continues.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer

from dlstudio.gui.run_end_note import comparison_to_train_on, run_end_note

#: run states that end a run: the plots then draw everything pending at once
RUN_ENDS = ("finished", "stopped", "diverged", "failed")


class WindowFindingsMixin:
    """The status line's sentence and the run-end note of ``MainWindow``."""

    def build_findings(self) -> None:
        """Follow the store and the studio: the status line explains the newest telemetry;
        the note above the plots says what a run's end is worth saying."""
        self._build_status_tracker()
        self.studio.sigRunStarted.connect(self.run_note.clear)
        self.run_note.sigAction.connect(self.studio.continue_run)
        self.studio.store.sigCleared.connect(self.run_note.clear)
        self.studio.store.sigCleared.connect(self._on_store_cleared)
        # curves whose trained weights are not here (an edit after the run, damaged weights)
        self.studio.sigNetworkChanged.connect(self._on_studio_curves)
        self.studio.sigWeightsChanged.connect(self._on_studio_curves)
        # raising Epochs after a finished run offers to train it on (W9-1)
        self.studio.sigTrainChanged.connect(self._on_studio_curves)
        self._on_studio_curves()

    def _build_status_tracker(self) -> None:
        """The status line explains the newest telemetry in words (vanishing gradients...)."""
        try:
            from dlstudio.gui.plots.status import StatusTracker
        except ImportError:
            return
        self.status_tracker = StatusTracker(self.studio.store, self)
        self.status_tracker.sigStatusChanged.connect(self._on_status_changed)
        self.studio.sigPreflight.connect(self._on_studio_preflight)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(250)
        self._status_timer.timeout.connect(self.status_tracker.refresh)
        self._status_timer.start()

    def _on_studio_preflight(self, result) -> None:
        from dlstudio.gui.preflight_check import status_note

        self.status_tracker.set_note(status_note(result))

    def _on_status_changed(self, text: str) -> None:
        from dlstudio.gui.plots.status import run_end_findings

        scale = self.input_scale_note()
        if scale and text and not self.studio.is_active() \
                and run_end_findings(self.studio.store):
            text = f"{scale} · {text}"     # the cause of what the run found (W8-13)
        note = self.studio.curves_note()
        if note:       # first: the curves' sentence would read as the network's
            text = f"{note} · {text}" if text else note
        if text:
            self.status_label.setText(text)

    def _on_store_cleared(self) -> None:
        """The curves went (a new run, Reset weights, a lesson step's new network): so does
        the status line's sentence about them (a run's verdict, a diagnosis)."""
        self.status_label.setText("")

    def _on_studio_curves(self, *_: object) -> None:
        """Say on the page and in the status line when the curves' trained weights are not
        the ones the pages draw (``Studio.curves_note``); take the sentence back after."""
        if self.studio.is_active():
            return
        if self.studio.curves_note() or not self.run_note.isHidden() \
                or self.studio.resume_point() is not None or comparison_to_train_on(self.studio):
            self.show_run_note()
        tracker = getattr(self, "status_tracker", None)
        if tracker is not None:
            tracker.refresh(force=True)
            self._on_status_changed(tracker.text)

    def tell_run_state(self, state: str) -> None:
        """A run ended (``RUN_ENDS``): say what its end is worth saying, above the plots and
        again in the status line when the inputs' scale explains it; a run starts or
        continues (``"preparing"``): the note was the last end's."""
        if state in RUN_ENDS:
            self.show_run_note()
            if state != "failed" and self.input_scale_note():
                # after the studio's own end sentence, which it says right after this
                QTimer.singleShot(0, self, self._say_status_again)
        elif state == "preparing":
            self.run_note.clear()

    def show_run_note(self) -> None:
        """Above the plots, in full, what the run's end is worth saying
        (``run_end_note``); hidden when all went well."""
        note = run_end_note(self.studio, self.input_scale_note)
        self.run_note.set_action(note.action)
        self.run_note.show_note(note.heading, note.lines, error=note.error, aside=note.aside)

    def _say_status_again(self) -> None:
        tracker = getattr(self, "status_tracker", None)
        if tracker is not None and not self.studio.is_active():
            tracker.refresh(force=True)
            self._on_status_changed(tracker.text)

    def input_scale_note(self) -> str:
        """Why the first layer starts saturated or dead when the loaded training inputs are
        far from unit scale (``data.preprocess.large_inputs``), in the window's language;
        "" otherwise. Judged once per loaded dataset."""
        from dlstudio.gui.i18n import render

        dataset = self.studio.dataset
        if dataset is None:
            return ""
        judged = self.judge_input_scale(dataset)
        return render(judged) if judged is not None else ""

    def judge_input_scale(self, dataset):
        """``large_inputs`` of ``dataset``'s training inputs, judged once per dataset: when
        it is loaded (the window's ``sigDatasetReady`` slot), not at a run's first status
        line."""
        from dlstudio.data.preprocess import large_inputs

        kept = getattr(self, "_input_scale", None)
        if kept is None or kept[0] is not dataset:
            kept = self._input_scale = (dataset, large_inputs(dataset.x_train))
        return kept[1]
