"""The studio's pre-flight check: one forward/backward pass before training, in the background.

``StudioPreflight`` is a mixin of :class:`~dlstudio.gui.studio.Studio` (it uses the studio's
specs, dataset and signals). ``check_network`` ("Check before training") runs
:func:`~dlstudio.gui.preflight_check.check_job` on the studio's ``checker`` (a
:class:`~dlstudio.gui.worker.GeneratorWorker`); a run's own check arrives with its telemetry.
A result that belongs to the current network is kept in ``preflight`` and sent as
``sigPreflight``; an edit of the network clears it. With comparison variants the check
(asked for, or a run's own) covers each of them: the other variants' results are kept too
and ``variant_preflights`` gives every variant's that still fits its specs (the pre-flight
page shows one at a time and says which: fix44, W23-1).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Slot

from dlstudio.gui.i18n import render
from dlstudio.gui.run_problems import spec_problems
from dlstudio.gui.worker import GeneratorWorker


class StudioPreflight:
    """The pre-flight check of the current network and its newest result (mixed into
    ``Studio``)."""

    def _init_preflight(self) -> None:
        #: runs the "Check before training" job
        self.checker = GeneratorWorker("preflight", self)
        self.checker.sigYielded.connect(self._on_checker_yielded)
        self.checker.sigFailed.connect(self._on_checker_failed)
        # bound methods, not closures over self: a child's connection keeps a closure alive,
        # and with it this studio, after everything else let go of it
        self.checker.sigProgress.connect(self._on_checker_progress)
        self.checker.sigFinished.connect(self._on_checker_finished)
        #: the newest pre-flight result for the current network (``PreflightResult``)
        self.preflight: Any = None
        #: ``preflight`` came from a lesson step's demonstration (its check, or its run's)
        self.preflight_by_lesson = False
        self._checking_for_lesson = False
        #: the newest results of the other variants (B, C, D), by letter
        self._variant_preflights: dict[str, Any] = {}

    def check_network(self) -> bool:
        """Run the pre-flight check of the current network on the current data, in the
        background; the result arrives as ``sigPreflight`` (and stays in ``preflight``).
        False when the specs have problems (said through ``sigError``) and nothing started."""
        from dlstudio.gui.preflight_check import check_job

        problems = spec_problems(self.variants[:1])
        if problems:
            self.sigError.emit(problems)
            return False
        self._checking_for_lesson = self.demonstrating
        # the other variants too, those without problems of their own
        others = tuple((v.name, v.network_spec, v.train_spec) for v in self.variants[1:]
                       if not spec_problems([v]))
        self.checker.start(partial(check_job, self._network_spec, self._train_spec,
                                   self._data_spec, self.dataset,
                                   compiling=self.warmer.running, others=others))
        return True

    def variant_preflights(self) -> dict[str, Any]:
        """Every variant's newest pre-flight result that fits its present network and
        training specs, by letter (A's is ``preflight``); a variant without one is left
        out."""
        out = {"A": self.preflight} if self.preflight is not None else {}
        for v in self.variants[1:]:
            result = self._variant_preflights.get(v.name)
            if result is not None and result.network_spec == v.network_spec \
                    and result.train_spec == v.train_spec:
                out[v.name] = result
        return out

    def clear_preflight(self) -> None:
        """Forget the pre-flight result (its page and the layers' verdicts go too), and
        the other variants' results."""
        if self.preflight is not None:
            self.preflight = None
            self.sigPreflight.emit(None)
        if self._variant_preflights:
            self._variant_preflights.clear()
            self.sigVariantPreflight.emit()

    def keep_preflight_across(self, edit: Callable[[], None],
                              follow: Callable[[Any], Any]) -> None:
        """Make ``edit``, a change of the network that leaves the pre-flight findings true
        (a live dropout rate the run took as well), keeping the pre-flight results, their
        networks changed by ``follow`` as the edit changes them: the layers keep their
        verdicts (walker34 W34-2: they lost their health badges)."""
        main, others = self.preflight, dict(self._variant_preflights)
        edit()
        if main is not None and self.preflight is None:
            self.preflight = dataclasses.replace(main, network_spec=follow(main.network_spec))
            self.sigPreflight.emit(self.preflight)
        if others and not self._variant_preflights:
            self._variant_preflights.update({
                name: dataclasses.replace(result, network_spec=follow(result.network_spec))
                for name, result in others.items()})
            self.sigVariantPreflight.emit()

    @Slot(object)
    def _on_checker_yielded(self, result: Any) -> None:
        self._take_preflight(result, quiet=False)

    @Slot(int, int, str)
    def _on_checker_progress(self, _done: int, _total: int, text: str) -> None:
        self.sigChecking.emit(text)

    @Slot(object)
    def _on_checker_finished(self, _result: Any) -> None:
        self.sigChecking.emit("")

    @Slot(str)
    def _on_checker_failed(self, message: str) -> None:
        self.sigChecking.emit("")
        self.sigError.emit(message)

    def _take_preflight(self, result: Any, quiet: bool) -> None:
        """Keep a result that belongs to the current network; say what it found."""
        from dlstudio.gui.preflight_check import status_note

        if result.variant not in ("", "A"):
            self._variant_preflights[result.variant] = result
            self.sigVariantPreflight.emit()
            note = status_note(result)          # other variants: only a bad verdict
            if quiet and note:
                self.sigMessage.emit(f"{result.variant}: {note}")
            return
        if result.network_spec != self._network_spec:
            return                              # the network changed meanwhile
        self.preflight = result
        # a run's own check belongs to the run; an asked-for check to whoever asked
        self.preflight_by_lesson = self.run_is_demonstration if quiet \
            else self._checking_for_lesson
        self.sigPreflight.emit(result)
        if result.report is None:
            if not quiet:
                self.sigError.emit(result.error)
            return
        note = status_note(result)
        if note or not quiet:
            self.sigMessage.emit(note or render(result.report.notes[0]))
        if not quiet:                   # the check the student asked for: its plots come forward
            self.show_panel("preflight")
