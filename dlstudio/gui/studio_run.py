"""The studio's training run: starting, pausing, stepping and stopping it, and its state.

``StudioRun`` is a mixin of :class:`~dlstudio.gui.studio.Studio` (it uses the studio's specs,
variants, store, weights, timeline, curves and signals). ``start`` checks the networks and
their fit to the data, then runs :func:`~dlstudio.gui.training_run.training_job` on the
studio's ``runner`` (a :class:`~dlstudio.gui.worker.GeneratorWorker`); what the job yields
(telemetry, weight copies, kept moments, the loaded data, the run's pre-flight check) reaches
the studio only for the current run.

Run states (``sigRunStateChanged``): ``"idle"``, ``"preparing"`` (loading data, building,
compiling kernels), ``"running"``, ``"paused"``, ``"finished"``, ``"stopped"``, ``"diverged"``,
``"failed"``.
"""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, Slot

from dlstudio.engine import spec_edits as edits
from dlstudio.gui.i18n import render, sentences
from dlstudio.gui.preflight_check import PreflightResult
from dlstudio.gui.run_problems import (data_problems, frozen_layers_note, listed,
                                       spec_problems)
from dlstudio.gui.studio_variants import Variant
from dlstudio.gui.training_run import (DatasetLoaded, MomentKept, RunPlan, VariantPlan,
                                       WeightsCopy, training_job)
from dlstudio.gui.worker import GeneratorWorker
from dlstudio.messages import Message
from dlstudio.training.telemetry import END_EVENTS, SINGLE_RUN

ACTIVE_STATES = ("preparing", "running", "paused")


class StudioRun:
    """The training run of the studio's variants and its state (mixed into ``Studio``)."""

    def _init_run(self) -> None:
        self._state = "idle"
        #: runs the training job; its signals reach the studio only for the current run
        self.runner = GeneratorWorker("training", self)
        self.runner.sigYielded.connect(self._on_runner_yielded)
        self.runner.sigFinished.connect(self._on_runner_finished)
        self.runner.sigFailed.connect(self._on_runner_failed)
        #: the data spec the current run (or branch) trains on
        self._run_data: Any = None
        self.run_failure = ""                  # why the last run failed ("" if it did not)
        self.run_failure_expected = False      # ... a problem to fix, not a bug
        self.last_telemetry: Any = None
        #: the settings of the newest run started with ``start`` (``RunSettings``), or None
        self.last_run_settings: Any = None
        #: a folder to write TensorBoard event files of each run to, or None
        self.tensorboard_dir: str | None = None
        #: train in a child process (``gui/training_process.py``: the GUI thread's drawing
        #: then takes nothing from the training) instead of on the worker's thread; the
        #: window sets it from Run > Train in a separate process (on until the user turns it
        #: off: ``app.training_in_process``); ``DLSTUDIO_TRAIN_PROCESS=1`` makes it every
        #: studio's default (e.g. to run the GUI tests that way)
        self.train_in_process = os.environ.get("DLSTUDIO_TRAIN_PROCESS", "") == "1"
        #: functions saying which long job of a tool holds the processor now ("" when none):
        #: a run does not start or resume beside it (``add_job_in_the_way``)
        self._jobs_in_the_way: list[Callable[[], str]] = []

    def add_job_in_the_way(self, say: Callable[[], str]) -> None:
        """Let ``say`` (a tool's, e.g. the search's) name its running job and how to stop
        it, or return "" when none runs: while it names one, Start and Resume say so instead
        of training beside it (both would share the cores and crawl, as Run search while a
        run trains is refused for: ``search/start_check.py``)."""
        self._jobs_in_the_way.append(say)

    def remove_job_in_the_way(self, say: Callable[[], str]) -> None:
        if say in self._jobs_in_the_way:
            self._jobs_in_the_way.remove(say)

    def job_in_the_way(self) -> str:
        """What a tool's job in the way says ("" when no job holds the processor)."""
        return sentences(*(say() for say in self._jobs_in_the_way))

    def _refused_for_job(self) -> bool:
        """A tool's job holds the processor: say so (``sigError``) and return True."""
        text = self.job_in_the_way()
        if text:
            self.sigError.emit(text)
        return bool(text)

    @property
    def state(self) -> str:
        return self._state

    def training_job_for(self, plan: RunPlan) -> Any:
        """The worker's factory for the run ``plan`` describes: in a child process when
        ``train_in_process``, else on the worker's thread."""
        if self.train_in_process:
            from dlstudio.gui.training_process import process_training_job

            return partial(process_training_job, plan)
        return partial(training_job, plan)

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

    def start(self, *, paused: bool = False, max_steps: int | None = None,
              compare: bool | None = None) -> None:
        """Start a new run from freshly initialized weights (cancels a current run).

        With variants defined (or ``compare=True``) all variants train in lockstep.
        """
        if not paused and self._refused_for_job():     # (a paused run takes no time)
            return
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
        self._frozen_note = sentences(self.branches_left_out, frozen)
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
        self.runner.start(self.training_job_for(plan), controlled=True, paused=paused)
        self.sigRunStarted.emit()
        self._set_state("preparing")

    def _branches_note(self, dropped: list[str]) -> str:
        """Said once a run that left out the branches ``dropped`` trains, or ""."""
        if not dropped:
            return ""
        return QCoreApplication.translate(
            "Studio", "Branch %1 belonged to the previous run and is left out of this one "
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
        if self._state == "paused" and not self._refused_for_job():
            self.runner.resume()
            self._set_state("running")

    def start_or_resume(self) -> None:
        """What Start does: resume the paused run when it trains the variants a new Start
        would, else start a new run (walker28 W28-1: a single run paused by F10 swallowed
        "Start A + B" after a variant B was added; only A trained on)."""
        if self._state == "paused" and self._paused_run_is_current():
            self.resume()
        else:
            self.start()

    def _paused_run_is_current(self) -> bool:
        """The paused run trains the variants Start names (branches go on from it)."""
        settings = self.last_run_settings
        running = [name for name, _net, _train in settings.variants] if settings else []
        return [n for n in running if self.branch_origin(n) is None] == self.start_names()

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
        """Stop the run; with none active, the background work (a lesson's headless check,
        ``studio_background``)."""
        if self.is_active():
            self.runner.stop()
        else:
            self.stop_background()

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

    def update_live(self, **settings: Any) -> bool:
        """Change settings of the running trainer (learning_rate, dropout, l2, clipnorm...);
        whether a run took them."""
        if self.is_active():
            try:
                self.runner.update(**settings)
                return True
            except ValueError as exc:
                self.sigError.emit(render(exc))
        return False

    def set_dropout_rate(self, rate: float) -> None:
        """Put ``rate`` on every Dropout layer of the network (the Training panel's live
        field). A running run's networks take it at once, so the run's record of the
        networks it trains takes it too: it is no edit for the next run, and the layers
        keep the run's pre-flight verdicts (walker34 W34-2: the editor said the run kept
        training the network as it was, and its layers lost their health badges)."""
        spec = self.network_spec
        if not edits.count_type(spec, "Dropout"):
            return
        new = edits.with_dropout_rate(spec, rate)
        if self.update_live(dropout_rate=rate):
            self._run_takes_dropout_rate(rate)
            self.keep_preflight_across(lambda: self.set_network_spec(new),
                                       lambda net: edits.with_dropout_rate(net, rate))
        else:
            self.set_network_spec(new)

    def _run_takes_dropout_rate(self, rate: float) -> None:
        settings = self.last_run_settings
        if settings is None:
            return
        before = self.run_networks()
        after = {name: edits.with_dropout_rate(net, rate) for name, net in before.items()}
        self.last_run_settings = dataclasses.replace(settings, variants=tuple(
            (name, after[name], train) for name, _, train in settings.variants))

        def follow(networks: dict[str, Any]) -> dict[str, Any]:
            return {name: after[name] if name in after and net == before[name] else net
                    for name, net in networks.items()}

        self._curve_networks = follow(self._curve_networks)
        self._weight_specs = follow(self._weight_specs)

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
                self._say_after_setup(QCoreApplication.translate(
                    "Studio", "Paused: Space resumes the run, F10 trains one "
                    "mini-batch, Shift+F5 stops it."))
            elif snap.step > 0 or snap.event != "step":
                self._set_state("running")
                self._say_after_setup(QCoreApplication.translate(
                    "Studio", "Training: Space pauses the run, Shift+F5 stops it."))
        self.last_telemetry = snap
        self.store.append(snap)
        self.sigTelemetry.emit(snap)

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
