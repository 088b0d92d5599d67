"""The loss-landscape panel: where do the current weights sit, and how did the run get there?

Computes (in the background worker, never on the GUI thread) the training loss on a grid
around the newest weights the run sent, along two random filter-normalized directions or in
the plane of the run's two principal directions with the run's path drawn on it
(``dlstudio.training.landscape``, Li et al. 2018), and draws its contours. The panel keeps
copies of the weights the worker sends during a run (at most ``MAX_SNAPSHOTS``, thinned
evenly when full) for the path.

Landscapes of the comparison variants computed with the same settings share one colour scale
(and the colour bar shows its loss values), so that a flat surface looks flat next to a
valley; the status line says when a surface is flat. A lesson step that shows this panel
calls ``compute_after_run``: the landscapes of every variant are computed as soon as the
step's run ends (``after_run.py``). The form is ``settings_form.py``, the path
``weight_path.py``, the worker's job ``job.py``, the landscapes computed and their shared
colour scale ``results.py``, the sentence reading a landscape ``summary.py``.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy,
                               QVBoxLayout, QWidget)

from dlstudio.gui.landscape.after_run import AfterRun
from dlstudio.gui.landscape.job import NO_NETWORK, landscape_jobs, plan_job
from dlstudio.gui.landscape.plot import LandscapePlotWidget
from dlstudio.gui.landscape.results import LandscapeResults
from dlstudio.gui.landscape.settings_form import MODES, LandscapeSettingsWidget
from dlstudio.gui.landscape.summary import landscape_summary
from dlstudio.gui.landscape.weight_path import WeightPath
from dlstudio.gui.training.compare import variant_line
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.widgets.tool_layout import ToolLayoutWidget
from dlstudio.gui.worker import GeneratorWorker


class LandscapePanel(RetranslateMixin, QWidget):
    """Controls, the contour plot and a status line.

    Signals
    -------
    sigComputed(object) : the ``LandscapeProgress`` carrying the finished landscape.
    """

    sigComputed = Signal(object)

    def __init__(self, studio: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.studio = studio
        self.worker = GeneratorWorker("landscape", self)
        self.worker.sigYielded.connect(self._on_worker_yielded)
        self.worker.sigFailed.connect(self._on_worker_failed)
        self.worker.sigFinished.connect(self._on_worker_finished)
        #: per studio variant: (step, weights) copies the window received, for the path
        self.weight_path = WeightPath()
        self.result = None                 # the LandscapeProgress shown
        #: per variant: (settings, finished LandscapeProgress) and the data it is computed on
        self.results = LandscapeResults()
        self._computed_mode = MODES[0]
        self._job_variants: list[str] = []
        self._after_run = AfterRun()          # armed by compute_after_run
        #: the landscapes shown (or being computed) are a lesson's: a lesson step asked for
        #: them, or they are of a lesson's demonstration run (``leave_lesson``)
        self.for_lesson = False
        self._build_ui()
        if studio is not None:
            studio.sigRunStateChanged.connect(self._on_studio_run_state_changed)
            studio.sigWeightsChanged.connect(self._on_studio_weights_changed)
            studio.sigTelemetry.connect(self._on_studio_telemetry)
            studio.sigNetworkChanged.connect(self._on_studio_network_changed)
            studio.sigVariantsChanged.connect(self._on_studio_variants_changed)
            studio.sigSessionReplaced.connect(self._on_studio_session_replaced)
            studio.sigAppearanceChanged.connect(self._on_studio_appearance_changed)
            self._on_studio_appearance_changed()
        self.retranslate()
        self._show_empty()

    # -- layout ------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.plot = LandscapePlotWidget(self)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.plot.setMinimumSize(150, 200)
        self.settings_form = form = LandscapeSettingsWidget()
        self.variant_combo, self.mode_combo = form.variant_combo, form.mode_combo
        self.resolution_spin, self.span_spin = form.resolution_spin, form.span_spin
        self.examples_spin, self.seed_spin = form.examples_spin, form.seed_spin
        self.variant_combo.currentIndexChanged.connect(self._on_variant_changed)
        self.span_spin.valueChanged.connect(self._show_empty)
        self.mode_combo.currentIndexChanged.connect(self._show_empty)
        self.compute_button = QPushButton()
        self.compute_button.clicked.connect(self._on_compute_clicked)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.explain = QLabel()
        self.explain.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.compute_button)
        buttons.addWidget(self.cancel_button)
        run_box = QWidget()
        run = QVBoxLayout(run_box)
        run.setContentsMargins(0, 0, 0, 0)
        run.addLayout(buttons)
        run.addWidget(self.progress)
        self.arrangement = ToolLayoutWidget(
            self.plot, [form, run_box, self.status, self.explain], controls_width=300,
            pinned=run_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.arrangement)

    def retranslate(self) -> None:
        """The panel's own texts in the current language (the form retranslates itself)."""
        self.setWindowTitle(self.tr("Loss landscape"))
        self.plot.set_colour_bar_label(self.tr("loss"))
        self.compute_button.setText(self.tr("Compute"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.explain.setText(self.tr(
            "The training loss on a grid around the current weights (the white cross). Each "
            "random direction is scaled filter by filter to the size of the weights, so that "
            "sharp and flat minima of different networks can be compared (Li et al., 2018). "
            "The PCA plane holds the two directions in which the run's weights moved most; "
            "the red line is the run's path, from the white dot to the cross."))
        if self.studio is not None:
            self.settings_form.name_variants(self._variant_lines())
        self._show_axis_labels()
        self._show_status()

    def _show_axis_labels(self) -> None:
        mode = self.mode_combo.currentData()
        if self.result is not None and self.result.result is not None:
            mode = self._computed_mode
        if mode == "run_plane":
            self.plot.set_axis_labels(self.tr("1st principal direction"),
                                      self.tr("2nd principal direction"))
        elif mode == "random_1d":
            self.plot.set_axis_labels(self.tr("step along a random direction"), self.tr("loss"))
        else:
            self.plot.set_axis_labels(self.tr("random direction 1"), self.tr("random direction 2"))

    def _show_status(self) -> None:
        item = self.result
        if (item is None or item.result is None) and self._after_run.armed:
            self.status.setText(self.tr("The landscape of every network will be computed as "
                                        "soon as the run ends."))
            return
        if item is None or item.result is None:
            n = len(self.path_snapshots(self.variant_combo.currentData() or "A"))
            self.status.setText(self.tr("Weight snapshots of this run kept for the path: "
                                        "%1.").replace("%1", str(n)))
            return
        variant = self.variant_combo.currentData() or "A"
        data_spec = self.results.data_of(variant)
        other = data_spec is not None and self.studio is not None \
            and data_spec != self.studio.data_spec
        start = self.studio.moments_start(variant) if self.studio is not None else None
        self.status.setText(landscape_summary(item, self._data_name(data_spec), other, start))

    def _data_name(self, data_spec) -> str:
        """The data as the Data panel names it, in the window's language."""
        from dlstudio.gui.specs import dataset_name

        return "-" if data_spec is None else dataset_name(data_spec.dataset)

    # -- public API -------------------------------------------------------------------------
    def set_classroom(self, on: bool) -> None:
        self.plot.set_classroom(on)

    def compute(self, mode: str | None = None, variant: str | None = None, *,
                every_variant: bool = False, for_lesson: bool = False) -> bool:
        """Start computing (replacing a running computation) for the studio's network
        ``variant`` (default: the one chosen), or for every comparison variant one after the
        other with ``every_variant``; ``for_lesson``: a lesson step asks for it (it goes
        when the student leaves the lesson: ``leave_lesson``). False, with the reason in the
        status line, when there is nothing to compute on yet."""
        if mode is not None:
            self.mode_combo.setCurrentIndex(MODES.index(mode))
        if variant is not None and self.variant_combo.findData(variant) >= 0:
            self.variant_combo.setCurrentIndex(self.variant_combo.findData(variant))
        mode = self.mode_combo.currentData()
        chosen = self.variant_combo.currentData() or "A"
        studio = self.studio
        if studio is None:
            return False
        names = [v.name for v in studio.variants] if every_variant else [chosen]
        jobs = []
        for name in names or [chosen]:
            path = self.path_snapshots(name) if mode == "run_plane" else None
            job = plan_job(studio, name, mode, self.settings_form.job_arguments(mode), path)
            if isinstance(job, str):
                self._show_refusal(job)
                return False
            jobs.append(job)
        # each network on the data it trained on (W7-18: the Data dock may show other data
        # by now); untrained weights on the current data
        shown = (studio.data_spec, getattr(studio, "dataset", None))
        if shown[1] is None and any(job[-1] == shown[0] for job in jobs):
            self.status.setText(self.tr("The data is not loaded yet: wait a moment and try "
                                        "again."))
            return False
        for name, *_rest, data_spec in jobs:
            self.results.note_data(name, data_spec)

        self._computed_mode = mode
        self._job_variants = [job[0] for job in jobs]
        self.for_lesson = for_lesson or bool(getattr(studio, "run_is_demonstration", False))
        self.result = None
        self.progress.setValue(0)
        self.compute_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText(self.tr("Computing the loss on the grid..."))
        self.worker.start(lambda _job: landscape_jobs(jobs, shown))
        return True

    def compute_after_run(self, span: float | None = None, examples: int | None = None, *,
                          wait: bool = True) -> None:
        """Compute the landscapes of every variant (random plane) as soon as the studio's
        run (going on or about to start) ends, or at once with ``wait=False`` (for a lesson
        step that shows this panel; ``span`` and ``examples`` come from the step's
        ``config.landscape``)."""
        if span is not None:
            self.span_spin.setValue(float(span))
        if examples is not None:
            self.examples_spin.setValue(int(examples))
        self.mode_combo.setCurrentIndex(MODES.index("random_2d"))
        if not wait:
            self._after_run.disarm()
            self.compute(every_variant=True, for_lesson=True)
            return
        self._after_run.arm(getattr(self.studio, "state", "idle"))
        self.result = None
        self._show_status()

    def _show_refusal(self, reason: str) -> None:
        """Why ``plan_job`` planned no landscape, in the status line."""
        if reason == NO_NETWORK:
            self.status.setText(self.tr("The network has a problem; fix it in the editor "
                                        "first."))
        else:
            self.status.setText(self.tr("The PCA plane needs a run: train for a while "
                                        "(at least 3 weight snapshots), then compute."))

    def path_snapshots(self, variant: str) -> list[tuple[int, list]]:
        """(step, weights) along the run for the PCA plane: the moments of the run's timeline
        (probe steps and epoch ends: the same steps on every machine) and the weight copies
        the window received (the run's end), by step (``WeightPath.path``)."""
        return self.weight_path.path(variant, self.studio.timelines.get(variant))

    def _show_result(self, variant: str) -> None:
        """Draw the stored landscape of ``variant`` on the colour scale it shares with the
        other variants computed with the same settings (or clear the plot)."""
        stored = self.results.get(variant)
        if stored is None:
            self.result = None
            self._show_empty()
            self._show_status()
            return
        settings, item = stored
        self.result = item
        self._computed_mode = settings[0]
        self.plot.show_landscape(item.result, item.trajectory,
                                 self.results.shared_range(variant))
        self._show_axis_labels()
        self._show_status()

    def _show_empty(self, *_args: Any) -> None:
        """While nothing is computed, the axes show the grid the settings ask for (a plane
        of the run's path is as wide as the path: nothing to show before it)."""
        if self.result is not None:
            return
        mode = self.mode_combo.currentData()
        if mode == "run_plane":
            self.plot.clear_landscape()
        else:
            self.plot.show_empty(float(self.span_spin.value()), two_d=mode == "random_2d")

    def shutdown(self, timeout_ms: int = 10000) -> bool:
        return self.worker.shutdown(timeout_ms)

    # -- slots -------------------------------------------------------------------------------
    def _on_compute_clicked(self) -> None:
        self.compute()

    def _on_cancel_clicked(self) -> None:
        self.worker.stop()

    def _on_worker_yielded(self, tagged) -> None:
        variant, item = tagged
        k = self._job_variants.index(variant) if variant in self._job_variants else 0
        total = max(item.total, 1)
        self.progress.setMaximum(total * max(len(self._job_variants), 1))
        self.progress.setValue(k * total + item.done)
        if item.result is None:
            return
        self.results.store(variant, self.settings_form.settings(self._computed_mode), item)
        shown = self.variant_combo.currentData() or "A"
        if variant == shown or shown not in self._job_variants:
            self.variant_combo.blockSignals(True)
            self.variant_combo.setCurrentIndex(max(self.variant_combo.findData(variant), 0))
            self.variant_combo.blockSignals(False)
            self._show_result(variant)
        elif shown in self.results:       # a later variant may widen the shared scale
            self._show_result(shown)
        self.sigComputed.emit(item)

    def _on_worker_finished(self, _result) -> None:
        self.compute_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if self.result is None:
            self.status.setText(self.tr("Cancelled."))

    def _on_worker_failed(self, message: str) -> None:
        self.compute_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("The landscape could not be computed: %1").replace(
            "%1", message))

    def _on_variant_changed(self, _index: int) -> None:
        self._show_result(self.variant_combo.currentData() or "A")

    def _on_studio_run_state_changed(self, state: str) -> None:
        if self._after_run.run_state(state):
            self.compute(every_variant=True, for_lesson=True)

    def _on_studio_telemetry(self, snap) -> None:
        self.weight_path.note_step(getattr(snap, "variant", "") or "A", int(snap.step))

    def _on_studio_weights_changed(self) -> None:
        for v in self.studio.variants:
            self._keep_weights(v.name)
        if self.result is None:
            self._show_status()

    def _keep_weights(self, variant: str) -> None:
        def step_now() -> int:      # weights before any telemetry (a workspace opened)
            latest = self.studio.store.latest(variant, live=True)
            return int(latest.step) if latest is not None else 0

        self.weight_path.keep(variant, self.studio.weights(variant), step_now)

    def _on_studio_network_changed(self) -> None:
        self.weight_path.forget_copies()
        self.results.clear()

    def _on_studio_session_replaced(self) -> None:
        """A new workspace: the landscapes and paths of the old one are gone (W7-19)."""
        self._forget_landscapes()
        self.weight_path.clear()
        self._show_result(self.variant_combo.currentData() or "A")

    def leave_lesson(self) -> bool:
        """The student moved to another lesson: the landscapes the lesson's steps asked for
        or computed on a lesson's run (``for_lesson``) go, stopped if they are still being
        computed, and so does a computation waiting for the step's run to end; with the
        run gone from the studio its path goes too. The student's own landscapes of their
        own runs stay. True when something went."""
        went = self._after_run.armed or (self.for_lesson and (
            bool(self.results) or self.worker.running))
        if self._after_run.armed or self.for_lesson:
            self._forget_landscapes()
        if self.studio is not None and self.studio.store.is_empty():
            self.weight_path.clear()
        self._show_result(self.variant_combo.currentData() or "A")
        return went

    def _forget_landscapes(self) -> None:
        """No landscape, none being computed and none waiting for a run to end."""
        self.worker.cancel()                 # (a cancelled job reports nothing more)
        self.compute_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setValue(0)
        self._job_variants = []
        self._after_run.disarm()
        self.for_lesson = False
        self.results.clear(data=True)

    def _on_studio_variants_changed(self) -> None:
        self.results.clear()              # a variant's network may have changed
        self.settings_form.set_variants([v.name for v in self.studio.variants],
                                        self._variant_lines())
        self._show_result(self.variant_combo.currentData() or "A")   # (cleared above)

    def _variant_lines(self) -> dict[str, str]:
        """Each variant's line as the Compare list names it, for the network box."""
        return {v.name: variant_line(self.studio, v) for v in self.studio.variants}

    def _on_studio_appearance_changed(self) -> None:
        self.set_classroom(bool(getattr(self.studio, "classroom", False)))
