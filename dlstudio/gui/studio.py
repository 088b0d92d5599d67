"""The studio's application model: what is being edited, trained and watched.

``Studio`` is the one object that panels talk to. It holds the current specs (network, data,
training), the comparison variants, the run store of telemetry, and the training run's state;
it starts, pauses, steps and stops runs on a :class:`~dlstudio.gui.worker.GeneratorWorker`
(the job is :func:`~dlstudio.gui.training_run.training_job`). Panels edit the specs
through the ``set_...`` methods and listen to the ``sig...``
signals; they never touch the engine objects of a running training.

``Studio`` composes mixins, one concept each, and keeps what concerns the whole session
(appearance, the session's replacement, its background workers' shut-down): the specs and the
undo history of network edits (``studio_specs``), the training run and its state
(``studio_run``), what the status line says as a run leaves its set-up
(``studio_setup_notes``), the trained networks and the loaded data (``studio_assets``), the
run's timelines (``studio_timeline``), the comparison variants (``studio_variants``), the
pre-flight check (``studio_preflight``), the run's curves and what they belong to
(``studio_curves``), the lessons' demonstrations and place (``studio_lessons``), and work
beside the run such as a lesson's headless check (``studio_background``).

Run states (``sigRunStateChanged``, ``studio_run``): ``"idle"``, ``"preparing"`` (loading
data, building, compiling kernels), ``"running"``, ``"paused"``, ``"finished"``,
``"stopped"``, ``"diverged"``, ``"failed"``.

A lesson drives the app through this object only, e.g.::

    studio.set_network_spec(PRESETS["deep_sigmoid_mlp"])
    studio.set_train_spec(studio.train_spec.replace(epochs=2))   # or a dict
    studio.show_panel("gradients")
    studio.start()
"""
from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, Signal

from dlstudio.gui import specs
from dlstudio.gui.job_runner import blocking_job
from dlstudio.gui.studio_assets import StudioAssets
from dlstudio.gui.studio_background import StudioBackground
from dlstudio.gui.studio_curves import StudioCurves
from dlstudio.gui.studio_lessons import StudioLessons
from dlstudio.gui.studio_preflight import StudioPreflight
from dlstudio.gui.studio_run import StudioRun
from dlstudio.gui.studio_setup_notes import StudioSetupNotes
from dlstudio.gui.studio_specs import StudioSpecs
from dlstudio.gui.studio_timeline import StudioTimeline
from dlstudio.gui.studio_variants import StudioVariants
from dlstudio.gui.worker import GeneratorWorker

#: how long the window's kernel warm-up waits for the training child's (s): a cold Numba
#: cache takes a few tens of seconds to fill on a slow machine
KERNELS_WAIT_SECONDS = 180.0


class Studio(StudioSpecs, StudioRun, StudioSetupNotes, StudioAssets, StudioTimeline,
             StudioVariants, StudioPreflight, StudioCurves, StudioLessons, StudioBackground,
             QObject):
    """The app model. Every method must be called on the GUI thread."""

    sigNetworkChanged = Signal()
    sigDataChanged = Signal()
    sigDatasetReady = Signal(object)
    sigDatasetProgress = Signal(int, int, str)   # done, total (0 = unknown), message
    sigDatasetLoading = Signal(bool)
    #: the current data spec could not be loaded (the reason, in the UI language)
    sigDatasetFailed = Signal(str)
    sigTrainChanged = Signal()
    sigVariantsChanged = Signal()
    sigRunStateChanged = Signal(str)
    #: a new run started (its store was just cleared); ``sigRunStateChanged`` follows
    sigRunStarted = Signal()
    #: the base run trains on from where it stopped (``continue_run``): the same run, its
    #: curves kept up to its last moment; ``sigRunStateChanged`` follows
    sigRunContinued = Signal()
    sigTelemetry = Signal(object)
    sigWeightsChanged = Signal()
    sigTimelineChanged = Signal()
    sigScrubbed = Signal(int)                    # the step shown, -1 when live
    sigMessage = Signal(str)
    sigError = Signal(str)
    sigUndoChanged = Signal()
    sigAppearanceChanged = Signal()
    sigShowPanel = Signal(str)
    #: the pre-flight check's result for the current network changed (None: cleared)
    sigPreflight = Signal(object)
    #: a pre-flight result of another variant (B, C, D) arrived (``variant_preflights``)
    sigVariantPreflight = Signal()
    #: what the pre-flight check is doing while it runs ("" once it has ended)
    sigChecking = Signal(str)
    #: an opened workspace says where its lessons were (``lesson_place``)
    sigLessonPlaceRestored = Signal(object)
    #: an opened workspace's hyperparameter search (``gui/workspace_search.SearchRecord``,
    #: None: it has none), for the search panel to show
    sigSearchRestored = Signal(object)
    #: the whole session was replaced (File > New, a workspace opened or restored): what
    #: the tools computed for the old one (landscape, search, transfer) no longer applies
    sigSessionReplaced = Signal()
    #: the student moved to another lesson and what the one before put on screen went
    #: (``leave_lesson``): a page it emptied starts afresh
    sigLessonLeft = Signal()
    #: background work beside the run (``studio_background``) started (True) or ended
    sigBackgroundChanged = Signal(bool)
    #: its progress: done, total (0 = unknown), what it does
    sigBackgroundProgress = Signal(int, int, str)

    def __init__(self, parent: QObject | None = None, *, store: Any = None):
        super().__init__(parent)
        self._init_specs()
        self._init_variants()
        self.store = store if store is not None else specs.make_store()
        self.classroom = False
        self.theme = "light"
        #: the search panel's finished trials (``gui/workspace_search.py``), kept in
        #: workspaces; None without results
        self.search_record: Any = None
        self._init_run()
        self._init_assets()
        self._init_preflight()
        #: compiles the engine's kernels in the background when the window opens
        self.warmer = GeneratorWorker("kernel-warmup", self)
        self.sigRunStateChanged.connect(self._hold_warmup)
        self._init_setup_notes()
        self._init_curves()
        self._init_lessons()
        self._init_timeline()
        self._init_background()

    # -- appearance ----------------------------------------------------------------------------
    def set_classroom(self, on: bool) -> None:
        """Classroom mode: plots use larger fonts and thicker lines (read ``classroom``)."""
        if bool(on) != self.classroom:
            self.classroom = bool(on)
            self.sigAppearanceChanged.emit()

    def set_theme(self, theme: str) -> None:
        if theme != self.theme:
            self.theme = theme
            self.sigAppearanceChanged.emit()

    # -- the session ---------------------------------------------------------------------------
    def restore_search(self, record: Any) -> None:
        """An opened workspace's search (``SearchRecord`` or None): kept, and shown by the
        search panel (``sigSearchRestored``)."""
        self.search_record = record
        self.sigSearchRestored.emit(record)

    def session_replaced(self) -> None:
        """Say that the whole session is being replaced (``sigSessionReplaced``); the
        pre-flight verdicts on the layers and the weights Start would train on from
        (``install_trained_network``) go with it."""
        self.clear_preflight()
        self._start_from = None
        self.sigSessionReplaced.emit()

    def show_panel(self, name: str) -> None:
        """Ask the window to bring the plot panel ``name`` (e.g. ``"gradients"``) forward."""
        self.sigShowPanel.emit(name)

    # -- background workers --------------------------------------------------------------------
    def warm_up_engine(self) -> None:
        """Compile every engine kernel (or load it from Numba's cache) on the warmer's
        thread, so that the first training step pays no compilation. A run started meanwhile
        simply waits for the kernels it needs (Numba compiles one kernel at a time)."""
        def compile_kernels(job: Any) -> None:
            from dlstudio.engine.warmup import warmup

            if self.train_in_process:        # its child compiles them: load what it cached
                from dlstudio.gui.training_process import wait_for_spare_kernels

                wait_for_spare_kernels(KERNELS_WAIT_SECONDS)
            # held between its stages while a run prepares or trains (``_hold_warmup``)
            warmup(between=lambda: job.control.wait_for_turn() != "stop")

        self.warmer.start(blocking_job(compile_kernels))
        self._hold_warmup(self.state)

    def _hold_warmup(self, state: str) -> None:
        """Hold the warm-up back while a run prepares or trains: a run then compiles the
        kernels it needs without waiting for the warm-up's (Numba compiles one at a time),
        and trains without a compilation beside it; a paused or finished run lets the warm-up
        go on. With a warm Numba cache the warm-up is over before any run starts."""
        if state in ("preparing", "running"):
            self.warmer.pause()
        else:
            self.warmer.resume()

    def shutdown(self, timeout_ms: int = 60000) -> bool:
        """Stop every run and join its thread (called when the window closes).

        ``timeout_ms`` is the wait for all of them together. Returns False when a thread is
        still busy after it (a first-time kernel compilation cannot be interrupted); its
        thread object is then kept alive so that Qt does not abort, and the caller should
        exit the process without waiting (``app.run`` does). Each worker waited the whole
        ``timeout_ms`` before: 15 s for a busy run and 15 s more for the kernels' warm-up.
        """
        until = time.monotonic() + timeout_ms / 1000
        clean = True
        for worker in (self.runner, self.checker, self.warmer, self.loader):
            left_ms = max(0, int((until - time.monotonic()) * 1000))
            clean = worker.shutdown(left_ms) and clean
        return clean
