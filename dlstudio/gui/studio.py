"""The studio's application model: what is being edited, trained and watched.

``Studio`` is the one object that panels talk to. It holds the current specs (network, data,
training), the comparison variants, the run store of telemetry, and the training run's state;
it starts, pauses, steps and stops runs on a :class:`~dlstudio.gui.worker.GeneratorWorker`
(the job is :func:`~dlstudio.gui.training_run.training_job`). Panels edit the specs
through the ``set_...`` methods and listen to the ``sig...``
signals; they never touch the engine objects of a running training. Parts of the model live
in mixins beside this module: the trained networks and the loaded data
(``studio_assets``), the run's timelines (``studio_timeline``), the comparison variants
(``studio_variants``), the pre-flight check (``studio_preflight``), the run's curves and what
they belong to (``studio_curves``), and the lessons' demonstrations and place
(``studio_lessons``).

Run states (``sigRunStateChanged``): ``"idle"``, ``"preparing"`` (loading data, building,
compiling kernels), ``"running"``, ``"paused"``, ``"finished"``, ``"stopped"``, ``"diverged"``,
``"failed"``.

A lesson drives the app through this object only, e.g.::

    studio.set_network_spec(PRESETS["deep_sigmoid_mlp"])
    studio.set_train_spec(studio.train_spec.replace(epochs=2))   # or a dict
    studio.show_panel("gradients")
    studio.start()
"""
from __future__ import annotations

import dataclasses
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from dlstudio.engine.spec import NetworkSpec
from dlstudio.gui import specs
from dlstudio.gui.i18n import render
from dlstudio.gui.preflight_check import PreflightResult
from dlstudio.gui.run_problems import (data_problems, frozen_layers_note, listed,
                                       spec_problems)
from dlstudio.gui.studio_assets import StudioAssets
from dlstudio.gui.studio_curves import StudioCurves
from dlstudio.gui.studio_lessons import StudioLessons
from dlstudio.gui.studio_preflight import StudioPreflight
from dlstudio.gui.studio_timeline import StudioTimeline
from dlstudio.gui.studio_variants import StudioVariants, Variant
from dlstudio.gui.training_run import (DatasetLoaded, MomentKept, RunPlan, VariantPlan,
                                       WeightsCopy, training_job)
from dlstudio.gui.worker import GeneratorWorker, blocking_job
from dlstudio.messages import Message
from dlstudio.training.control import live_changes
from dlstudio.training.spec import TrainSpec
from dlstudio.training.telemetry import END_EVENTS, SINGLE_RUN

ACTIVE_STATES = ("preparing", "running", "paused")


class Studio(StudioAssets, StudioTimeline, StudioVariants, StudioPreflight, StudioCurves,
             StudioLessons, QObject):
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

    def __init__(self, parent: QObject | None = None, *, store: Any = None):
        super().__init__(parent)
        self._network_spec = specs.default_network_spec()
        self._data_spec = specs.default_data_spec()
        self._train_spec = specs.default_train_spec()
        self._init_variants()
        self._undo: list[Any] = []
        self._redo: list[Any] = []
        self.store = store if store is not None else specs.make_store()
        self.classroom = False
        self.theme = "light"
        #: the search panel's finished trials (``gui/workspace_search.py``), kept in
        #: workspaces; None without results
        self.search_record: Any = None
        self._state = "idle"
        #: runs the training job; its signals reach the studio only for the current run
        self.runner = GeneratorWorker("training", self)
        self.runner.sigYielded.connect(self._on_runner_yielded)
        self.runner.sigProgress.connect(self._on_runner_progress)
        self.runner.sigFinished.connect(self._on_runner_finished)
        self.runner.sigFailed.connect(self._on_runner_failed)
        self.loader = GeneratorWorker("data-loading", self)
        self._connect_loader()
        self._init_preflight()
        #: compiles the engine's kernels in the background when the window opens
        self.warmer = GeneratorWorker("kernel-warmup", self)
        self._weights: dict[str, list] = {}
        #: (network spec, weights) Start trains on from (``install_trained_network``)
        self._start_from: tuple[Any, list] | None = None
        #: the file those weights came from ("" for Transfer learning's Send to studio)
        self.start_from_origin = ""
        #: said once the newest run trains (``run_problems.frozen_layers_note``), or ""
        self._frozen_note = ""
        #: the status line's last sentence, the run's set-up sentences, and the sentence they
        #: covered: said again once the run trains (W9-22)
        self._last_message = ""
        self._setup_texts: set[str] = set()
        self._covered_message = ""
        self.sigMessage.connect(self._on_own_message)
        self._weight_specs: dict[str, Any] = {}
        self._weight_data: dict[str, Any] = {}
        #: the data spec the current run (or branch) trains on
        self._run_data: Any = None
        self._view_nets: dict[str, Any] = {}
        self._dataset: Any = None
        self._dataset_key: Any = None
        self._loading_key: Any = None
        self._dataset_failure: tuple | None = None     # (data spec, message) of a failed load
        self.run_failure = ""                  # why the last run failed ("" if it did not)
        self.run_failure_expected = False      # ... a problem to fix, not a bug
        self.last_telemetry: Any = None
        #: the settings of the newest run started with ``start`` (``RunSettings``), or None
        self.last_run_settings: Any = None
        self._init_curves()
        #: a folder to write TensorBoard event files of each run to, or None
        self.tensorboard_dir: str | None = None
        self._init_lessons()
        self._init_timeline()

    # -- specs ----------------------------------------------------------------------------------
    @property
    def network_spec(self):
        return self._network_spec

    @property
    def data_spec(self):
        return self._data_spec

    @property
    def train_spec(self):
        return self._train_spec

    def set_network_spec(self, spec: Any, *, record: bool = True) -> None:
        """Replace the network spec (a ``NetworkSpec``, dict or preset name); undoable."""
        spec = NetworkSpec.coerce(spec)
        if spec == self._network_spec:
            return
        if record:
            self._undo.append(self._network_spec)
            del self._undo[:-200]
            self._redo.clear()
        self._swap_network(spec)
        self.note_lesson_settings()

    def set_data_spec(self, spec: Any) -> None:
        spec = specs.coerce_data(spec)
        if spec == self._data_spec:
            return
        self._data_spec = spec
        self.sigDataChanged.emit()
        self.note_lesson_settings()

    def set_train_spec(self, spec: Any) -> None:
        """Replace the training spec; settings that can change mid-run (learning rate,
        L1/L2, max-norm, clipping) are also sent to a running trainer."""
        spec = TrainSpec.coerce(spec)
        if spec == self._train_spec:
            return
        old, self._train_spec = self._train_spec, spec
        self.remember_lesson_settings()
        if self.is_active():
            changed = live_changes(old, spec)
            if changed:
                self.update_live(**changed)
        self._variants_follow(self._network_spec, old)
        self.sigTrainChanged.emit()

    # -- undo / redo of network edits ---------------------------------------------------------
    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> None:
        if self._undo:
            self._redo.append(self._network_spec)
            self._swap_network(self._undo.pop())

    def redo(self) -> None:
        if self._redo:
            self._undo.append(self._network_spec)
            self._swap_network(self._redo.pop())

    def _swap_network(self, spec: Any) -> None:
        old, self._network_spec = self._network_spec, spec
        # during a run the edit is for the next run: the pages keep showing the running
        # network and its weights (``network_for``); so does going back to that network
        if not self.is_active() and spec != self._weight_specs.get(SINGLE_RUN):
            self._forget_weights()
        self._variants_follow(old, self._train_spec)
        self.clear_preflight()
        self.sigNetworkChanged.emit()
        self.sigUndoChanged.emit()

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

    # -- the run --------------------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self._state

    def is_active(self) -> bool:
        return self._state in ACTIVE_STATES

    def run_networks(self) -> dict[str, Any]:
        """The network spec each variant of the newest run trains (empty before any run)."""
        settings = self.last_run_settings
        return {name: net for name, net, _ in settings.variants} if settings else {}

    def edited_since_run(self) -> list[str]:
        """The variants whose network was changed after the run started: the running run
        trains them as they were, and once it ended the plots still show its trained
        networks; the edits are for the next run."""
        trained = self.run_networks() if self.is_active() else self._weight_specs
        return [v.name for v in self.variants
                if v.name in trained and trained[v.name] != v.network_spec]

    def _take_run_weights(self, weights: dict[str, list]) -> None:
        """Keep the run's newest weights with the network spec they belong to (the run's,
        which differs from the variant's after an edit during the run)."""
        trained = self.run_networks()
        current = {v.name: v.network_spec for v in self.variants}
        self._weights = {**self._weights, **weights}
        self._weight_specs.update({name: trained.get(name, current.get(name))
                                   for name in weights})
        self._weight_data.update({name: self._run_data or self._data_spec for name in weights})

    def start(self, *, paused: bool = False, max_steps: int | None = None,
              compare: bool | None = None) -> None:
        """Start a new run from freshly initialized weights (cancels a current run).

        With variants defined (or ``compare=True``) all variants train in lockstep.
        """
        dropped = self.drop_branches() if not compare else []
        use_variants = bool(self._variants) if compare is None else compare
        chosen = self.variants if use_variants else self.variants[:1]
        # every problem of the networks and of their fit to the data at once (fixing one
        # should not reveal the next only at the next Start)
        problems = (listed(spec_problems(chosen), self._data_problems(chosen))
                    or self._data_load_problem())
        if problems:   # say what to fix instead of starting a run that cannot work
            self.sigError.emit(problems)
            return
        self.runner.cancel()
        start_from = {v.name: w for v in chosen
                      if (w := self.weights_to_start_from(v.network_spec)) is not None}
        plan = RunPlan(
            data_spec=self._data_spec,
            variants=[VariantPlan(v.name, v.network_spec, v.train_spec) for v in chosen],
            dataset=self.dataset, weights=start_from, max_steps=max_steps,
            tensorboard_dir=self.tensorboard_dir)
        frozen = frozen_layers_note([v.network_spec for v in chosen if v.name not in start_from])
        self.branches_left_out = self._branches_note(dropped)
        self._frozen_note = " ".join(n for n in (self.branches_left_out, frozen) if n)
        if start_from:      # used once: the notes then say that Start gives new weights
            self._start_from = None
        self.run_is_demonstration = self.demonstrating
        self.store.clear()
        self.store.expect_variants([v.name for v in chosen])
        self.last_telemetry = None
        self.last_run_settings = plan.settings()
        self._run_data = plan.data_spec
        if len(chosen) > 1:
            tags = self.variant_tags()
            self.store.set_variant_tags({v.name: tags[v.name] for v in chosen if v.name in tags})
        self._forget_weights()
        self._forget_timeline()
        self._curves_trained_by({v.name: v.network_spec for v in chosen})
        self._forget_messages()
        self.runner.start(partial(training_job, plan), controlled=True, paused=paused)
        self.sigRunStarted.emit()
        self._set_state("preparing")

    def _branches_note(self, dropped: list[str]) -> str:
        """Said once a run that left out the branches ``dropped`` trains, or ""."""
        if not dropped:
            return ""
        return self.tr("Branch %1 belonged to the previous run and is left out of this one "
                       "(it went on from a moment of that run). To train variants side by "
                       "side from new weights, add them in the Compare dock.").replace(
            "%1", ", ".join(dropped))

    def _data_load_problem(self) -> str:
        """The current data could not be loaded: said (as a setting to fix) instead of a
        run that fails; the data is loaded again, in case the file was fixed meanwhile."""
        message = self.dataset_error
        if message:
            self._dataset_failure = None
            self.load_dataset()
        return message

    def _data_problems(self, variants: list[Variant]) -> str:
        """Why the loaded data cannot feed ``variants`` (``run_problems.data_problems``):
        said before a run starts, so that the last run's plots stay and nothing reads as a
        crash."""
        return data_problems(variants, self.dataset, self._data_spec.dataset)

    def pause(self) -> None:
        if self._state == "running":
            self.runner.pause()
            self._set_state("paused")

    def resume(self) -> None:
        if self._state == "paused":
            self.runner.resume()
            self._set_state("running")

    def toggle_pause(self) -> None:
        if self._state == "running":
            self.pause()
        elif self._state == "paused":
            self.resume()

    def step_once(self) -> None:
        """Train one mini-batch; starts a paused run when nothing is running."""
        if self.is_active():
            self.runner.step_once()
            if self._state == "running":
                self._set_state("paused")
        else:
            self.start(paused=True)
            self.runner.step_once()

    def stop(self) -> None:
        if self.is_active():
            self.runner.stop()

    def reset_weights(self) -> None:
        """Stop any run, forget trained weights and clear the plots."""
        self.runner.cancel()
        self._forget_weights()
        self._start_from = None
        self._forget_timeline()
        self.store.clear()
        self.last_telemetry = None
        self._curves_trained_by({})
        self._set_state("idle")
        self.sigWeightsChanged.emit()

    def run_train_spec(self, variant: str = SINGLE_RUN) -> Any:
        """The training settings ``variant``'s newest run trains with (a continued run's
        total epochs may differ from the Training panel's); the variant's current settings
        when no run of it is known."""
        settings = self.last_run_settings
        for name, _net, train in (settings.variants if settings else ()):
            if name == variant:
                return train
        return next((v.train_spec for v in self.variants if v.name == variant),
                    self._train_spec)

    def update_live(self, **settings: Any) -> None:
        """Change settings of the running trainer (learning_rate, dropout, l2, clipnorm...)."""
        if self.is_active():
            try:
                self.runner.update(**settings)
            except ValueError as exc:
                self.sigError.emit(render(exc))

    def warm_up_engine(self) -> None:
        """Compile every engine kernel (or load it from Numba's cache) on the warmer's
        thread, so that the first training step pays no compilation. A run started meanwhile
        simply waits for the kernels it needs (Numba compiles one kernel at a time)."""
        def compile_kernels(job: Any) -> None:
            from dlstudio.engine.warmup import warmup

            warmup()

        self.warmer.start(blocking_job(compile_kernels))

    def shutdown(self, timeout_ms: int = 60000) -> bool:
        """Stop every run and join its thread (called when the window closes).

        Returns False when a thread is still busy after ``timeout_ms`` (a first-time kernel
        compilation cannot be interrupted); its thread object is then kept alive so that Qt
        does not abort, and the caller should exit the process without waiting
        (``app.run`` does).
        """
        clean = self.runner.shutdown(timeout_ms)
        clean = self.checker.shutdown(timeout_ms) and clean
        clean = self.warmer.shutdown(timeout_ms) and clean
        return self.loader.shutdown(timeout_ms) and clean

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            if state not in ACTIVE_STATES:      # the pages draw whatever variants came
                self.store.expect_variants(())
            self.sigRunStateChanged.emit(state)

    # -- runner slots (GUI thread, current run only) -------------------------------------------
    @Slot(object)
    def _on_runner_yielded(self, item: Any) -> None:
        if isinstance(item, WeightsCopy):
            self._take_run_weights(item.weights)      # a branch adds its variant
            self.sigWeightsChanged.emit()
        elif isinstance(item, MomentKept):
            self._on_moment(item)
        elif isinstance(item, DatasetLoaded):
            self._store_dataset(item.data_spec, item.dataset)
        elif isinstance(item, PreflightResult):
            self._take_preflight(item, quiet=True)
        else:
            self._on_telemetry(item)

    def _on_telemetry(self, snap: Any) -> None:
        if self._state == "preparing":
            # the first training step compiles the backward kernels: stay "preparing" until
            # a snapshot after it arrives (or the run is paused)
            control = self.runner.control
            if control is not None and control.paused:
                self._set_state("paused")
                self._say_after_setup(self.tr("Paused: Space resumes the run, F10 trains one "
                                              "mini-batch, Shift+F5 stops it."))
            elif snap.step > 0 or snap.event != "step":
                self._set_state("running")
                self._say_after_setup(self.tr("Training: Space pauses the run, Shift+F5 "
                                              "stops it."))
        self.last_telemetry = snap
        self.store.append(snap)
        self.sigTelemetry.emit(snap)

    @Slot(int, int, str)
    def _on_runner_progress(self, done: int, total: int, text: str) -> None:
        if text:
            if self._last_message not in self._setup_texts:
                self._covered_message = self._last_message
            self._setup_texts.add(text)
            self.sigMessage.emit(text)

    def _say_after_setup(self, hint: str) -> None:
        """Once a run leaves its set-up: the frozen layers' note (W9-26), else, while the
        status line still shows a set-up sentence, what it covered or ``hint`` (W9-22)."""
        note = self._frozen_note
        if self._last_message in self._setup_texts:
            note = note or self._covered_message or hint
        self._frozen_note = ""
        if note:
            self.sigMessage.emit(note)

    @Slot(str)
    def _on_own_message(self, text: str) -> None:
        self._last_message = text

    def _forget_messages(self) -> None:
        """A new run starts: nothing said before it is said again after its set-up."""
        self._last_message = ""
        self._covered_message = ""

    @Slot(object)
    def _on_runner_finished(self, final: Any) -> None:
        from dlstudio.gui.plots.status import status_text

        self._set_state(final or "stopped")
        if self.last_telemetry is not None:
            # the status line's verdict over every variant (a diagnosis such as vanishing
            # gradients before the end message; each variant's result in a comparison),
            # rather than the end message of whichever variant ended last
            text = status_text(self.store)
            if text:
                self.sigMessage.emit(text)

    @Slot(str)
    def _on_runner_failed(self, message: str) -> None:
        # a run started before its data was loaded finds a mismatch only then: that is a
        # setting to fix (all of them, as Start says them), not a failure of dlstudio
        trained = self.run_networks()
        to_fix = listed(self._data_problems([v for v in self.variants if v.name in trained]))
        self.run_failure = to_fix or message
        self.run_failure_expected = bool(to_fix) or self.runner.failure_expected
        if not to_fix:
            self._mark_failed_in_curves(self.runner.failure or message)
        self._set_state("idle" if to_fix else "failed")
        self.sigError.emit(to_fix or message)

    def _mark_failed_in_curves(self, message: Any) -> None:
        """End each trained variant's curves with a "failed" snapshot naming the error, so
        that the run note (live, and after reopening the workspace) says the run stopped with
        an error, not that dlstudio closed during it (walker13 W13-13). An error raised with
        a ``Message`` is kept as one, so the note reads in the language chosen when it is
        shown, not the one of the moment it failed; other errors keep their first line."""
        first_line = message if isinstance(message, Message) else \
            (str(message).strip().splitlines() or [""])[0]
        for name in self.store.variants():
            latest = self.store.latest(name, live=True)
            if latest is not None and latest.event not in END_EVENTS:
                self.store.append(dataclasses.replace(latest, event="failed",
                                                      message=first_line))
