"""A search round's progress: the bar that counts the epochs its runs have trained, and the
sentences that say where the round is ("Round 1: trial 3 reached epoch 2 of 3 (1 of 12 runs
done). 2:05 so far; about 9 min left.", "Round 1 finished: 12 done. Best so far: ...").

``RoundProgress`` drives the round's ``QProgressBar`` and says the round's sentence with its
time so far and left in the panel's status line, again every second while the round runs;
the ``..._text`` functions make the sentences, which the line says again after a language
change. The runs report their progress within an epoch too, so the bar moves while a long
epoch trains (walker22 W22-7: 0 % for two minutes). The texts are the search panel's
(translation context ``SearchPanel``).
"""
from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot
from PySide6.QtWidgets import QProgressBar

from dlstudio.gui.i18n import render, sentences, tidy
from dlstudio.gui.search import best_trial
from dlstudio.gui.search.results_view import accuracy_text, status_text
from dlstudio.gui.search.round_buttons import rerun_text
from dlstudio.gui.search.round_time import about_text
from dlstudio.gui.widgets.run_progress import format_duration
from dlstudio.gui.widgets.status_line import SentenceLabelWidget
from dlstudio.messages import Message, counted
from dlstudio.training import search_time
from dlstudio.training.search import SearchProgress, SearchRunner

#: the bar's units per epoch of a run (a run reports its way through an epoch)
UNITS_PER_EPOCH = 100


class RoundProgress(QObject):
    """The round's progress ``bar``, ``UNITS_PER_EPOCH`` units per epoch of every run, and
    its sentence in the status ``line``, with the round's time on ``clock`` (seconds;
    ``time.monotonic``, a test gives its own)."""

    def __init__(self, bar: QProgressBar, line: SentenceLabelWidget,
                 clock: Callable[[], float] = time.monotonic, parent: QObject | None = None):
        super().__init__(parent)
        self.bar, self.line = bar, line
        self.clock = clock
        #: epochs each run has trained (fractions while it runs), by trial
        self.trained: dict[int, float] = {}
        self.runs = self.epochs = 0
        #: the share of the round trained before it (re)started (``begin``)
        self.before = 0.0
        #: seconds the round took before it restarted to finish its cancelled runs
        self.carried = 0.0
        self.started = 0.0
        #: the running round's sentence (said with its time)
        self.sentence: Callable[[], str] | None = None
        #: the bar's text while no round runs (``show_plan``), and the seconds it says
        self.plan_format = "%p%"
        self.plan_seconds: float | None = None
        #: why the round could not start (``refuse``), said on the bar until ``clear_refusal``
        self.refusal: Callable[[], str] | None = None
        #: seconds the last round took (``finish``): its full bar says so, not the next
        #: round's plan (walker26 W26-13); None before a round, or once another starts
        self.took: float | None = None
        #: ``(runs, cancelled)`` of the last round when some of its runs were cancelled
        #: (``finish``): its bar says how many were done, not 100% (walker33 W33-6)
        self.cut_short: tuple[int, int] | None = None
        #: ``(runs, rounds)`` of an opened workspace's search (``show_restored``), said on
        #: its full bar until a round starts or the results are cleared; None otherwise
        self.restored: tuple[int, int] | None = None
        self._begun = False
        #: says the time again every second, also before a run reports
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(1000)
        self.clock_timer.timeout.connect(self._on_clock_timer_timeout)

    def begin(self, runner: SearchRunner) -> None:
        """A round of ``runner.n_runs`` runs of ``runner.epochs`` epochs starts now; a cut
        short round's runs that ended before (``runner.kept``: its cancelled trials run
        again) count as trained, its time so far is carried on, and the pace is that of the
        runs left."""
        self.carried = (self.took or 0.0) if runner.kept else 0.0
        self.clear_refusal()
        self._forget_took()
        self._begun = True
        self.runs, self.epochs = runner.n_runs, runner.epochs
        self.trained = {trial: float(self.epochs) for trial in runner.kept}
        self.before = self.done()
        self.started = self.clock()
        self.bar.setRange(0, self.runs * self.epochs * UNITS_PER_EPOCH)
        self._show()
        self.sentence = None
        self.clock_timer.start()

    def say(self, sentence: Callable[[], str] | None = None) -> None:
        """Say the running round's ``sentence`` (None: the one said before) with the time so
        far and, once the pace shows, the time left."""
        if sentence is not None:
            self.sentence = sentence
        said, elapsed, left = self.sentence, self.round_seconds(), self.seconds_left()
        if said is not None:
            self.line.say(lambda: tidy(sentences(said(), time_text(elapsed, left))))
            # the bar too (the line may be scrolled out of view at 1366x768)
            self.bar.setFormat("%p%  ·  " + time_text(elapsed, left).rstrip(".。"))

    def stop(self) -> None:
        """The line says something else from now on (the round is being cancelled)."""
        self.clock_timer.stop()
        self.sentence = None
        self.bar.setFormat(self.plan_format)

    def show_plan(self, seconds: float | None) -> None:
        """While no round runs, the bar says how long the next one takes (``seconds``;
        None: not known yet) after its percentage; after a round, how long that one took
        instead (``finish``); a refusal (``refuse``) stays."""
        self.plan_seconds = seconds
        if seconds is None:
            plan = QCoreApplication.translate("SearchPanel", "time not known yet")
        else:
            plan = QCoreApplication.translate("SearchPanel", "%1 with these settings").replace(
                "%1", about_text(seconds))
        if self.took is not None:
            plan = QCoreApplication.translate("SearchPanel", "took %1").replace(
                "%1", format_duration(self.took))
        elif self.restored is not None:     # not the next round's time (walker28 W28-8)
            plan = render(saved_message("search.saved_bar", *self.restored))
        done = "%p%" if self.cut_short is None \
            else cut_short_text(*self.cut_short).replace("%", "%%")
        self.plan_format = done + "  ·  " + tidy(plan)
        if self.refusal is not None:
            self._show_refusal()
        elif not self.clock_timer.isActive():
            self.bar.setFormat(self.plan_format)

    def _forget_took(self) -> None:
        """The bar says the next round's plan again, not the last round's time (or the
        opened search's)."""
        if self.took is not None or self.restored is not None or self.cut_short is not None:
            self.took = self.restored = self.cut_short = None
            self.show_plan(self.plan_seconds)

    def refuse(self, reason: Callable[[], str]) -> None:
        """The round could not start: the bar, under the Start button, says ``reason`` (a
        function making the sentence in the UI language) instead of the next round's time,
        until ``clear_refusal`` (the status line that says it too may be scrolled out of
        view: walker26 W26-4)."""
        self.stop()
        self.refusal = reason
        self.bar.setValue(self.bar.minimum())
        self._show_refusal()

    def clear_refusal(self) -> None:
        """The reason a round could not start is gone: the bar says its plan again."""
        if self.refusal is None:
            return
        self.refusal = None
        self.bar.setToolTip("")
        if not self.clock_timer.isActive():
            self.bar.setFormat(self.plan_format)

    def _show_refusal(self) -> None:
        said = tidy(self.refusal())
        self.bar.setFormat(said.replace("%", "%%"))
        self.bar.setToolTip(said)

    def retranslate(self) -> None:
        """The bar's text in the current language (a running round's is said again every
        second)."""
        if not self.clock_timer.isActive():
            self.show_plan(self.plan_seconds)

    @Slot()
    def _on_clock_timer_timeout(self) -> None:
        self.say()

    def advanced(self, event: SearchProgress) -> None:
        """A run reported how far it got (within an epoch, or at an epoch's end)."""
        at = min(float(self.epochs), event.epoch + event.fraction)
        self.trained[event.trial] = max(self.trained.get(event.trial, 0.0), at)
        self._show()

    def run_ended(self, result: dict) -> None:
        """A run ended: all its epochs count, also those a run that stopped early will not
        train."""
        self.trained[result["trial"]] = float(self.epochs)
        self._show()

    def done(self) -> float:
        """The share of the round's epochs trained (0..1)."""
        total = self.runs * self.epochs
        return min(1.0, sum(self.trained.values()) / total) if total else 0.0

    def elapsed(self) -> float:
        """Seconds since the round started (or restarted to finish its cancelled runs)."""
        return max(0.0, self.clock() - self.started)

    def round_seconds(self) -> float:
        """Seconds the round has taken: before a restart (``carried``) and since."""
        return self.carried + self.elapsed()

    def seconds_left(self) -> float | None:
        """Seconds the round still takes at its pace so far (None: too early to tell)."""
        left = 1.0 - self.before
        done = (self.done() - self.before) / left if left > 0 else 1.0
        return search_time.seconds_left(self.elapsed(), done)

    def _show(self) -> None:
        total = sum(self.trained.values())
        self.bar.setValue(min(round(total * UNITS_PER_EPOCH), self.bar.maximum()))

    def finish(self, cancelled: int = 0) -> None:
        """The round ended (finished, cancelled or failed): the bar says how long the round
        took; it is full, unless ``cancelled`` of its runs were: then it shows the runs
        done and says "4 of 6 runs done (2 cancelled)" instead of 100% (walker33 W33-6)."""
        if self._begun:
            self.took, self._begun = self.round_seconds(), False
        cancelled = max(0, min(int(cancelled), self.runs))
        self.cut_short = (self.runs, cancelled) if cancelled else None
        self.stop()
        self.show_plan(self.plan_seconds)
        done = self.bar.maximum() if not cancelled else \
            (self.runs - cancelled) * self.epochs * UNITS_PER_EPOCH
        self.bar.setValue(done)

    def show_restored(self, runs: int, rounds: int,
                      cut_short: tuple[int, int] | None = None) -> None:
        """An opened workspace's search of ``runs`` runs in ``rounds`` rounds: its rounds
        are done, and the bar says so (it said "100% · time not known yet"); or its last
        round of ``cut_short[0]`` runs was cut short with ``cut_short[1]`` of them not
        ended: the bar says "4 of 6 runs done (2 cancelled)", as when it was cancelled."""
        self.took, self.restored, self.cut_short = None, (runs, rounds), cut_short
        self.show_plan(self.plan_seconds)
        total = cut_short[0] if cut_short else 1
        self.bar.setRange(0, total)
        self.bar.setValue(total - cut_short[1] if cut_short else 1)

    def reset(self) -> None:
        """Nothing searched: an empty bar."""
        self.clear_refusal()
        self._forget_took()
        self._begun = False
        self.stop()
        self.bar.setValue(0)


def saved_message(message_id: str, n_runs: int, n_rounds: int) -> Message:
    """``message_id`` ("search.saved_bar" or "search.saved_sentence") about an opened
    workspace's search of ``n_runs`` runs in ``n_rounds`` rounds ("1 round", "2 rounds":
    walker27 said "round(s)" read as a form left half filled in)."""
    return Message(message_id, runs=counted("search.runs", n_runs),
                   rounds=counted("search.rounds", n_rounds))


def cut_short_text(runs: int, cancelled: int) -> str:
    """A round of ``runs`` runs ended with ``cancelled`` of them cancelled ("4 of 6 runs
    done (2 cancelled)")."""
    return QCoreApplication.translate("SearchPanel", "%1 of %2 runs done (%3 cancelled)") \
        .replace("%1", str(runs - cancelled)).replace("%2", str(runs)) \
        .replace("%3", str(cancelled))


def restored_text(n_runs: int, n_rounds: int, unfinished: int = 0) -> str:
    """An opened workspace's search of ``n_runs`` runs in ``n_rounds`` rounds is shown; its
    last round has ``unfinished`` trials to run ("Run the 2 cancelled trials")."""
    said = render(saved_message("search.saved_sentence", n_runs, n_rounds))
    if unfinished:
        said = sentences(said, QCoreApplication.translate(
            "SearchPanel", "Its last round was cancelled: “%1” finishes it with the round's "
            "settings and seeds.").replace("%1", rerun_text(unfinished)))
    return tidy(said)


def starting_text(n_round: int, runs: int, epochs: int, workers: int) -> str:
    """Round ``n_round`` (from 1) starts."""
    return QCoreApplication.translate(
        "SearchPanel", "Round %d: %d runs of %d epochs in %d processes (starting the "
        "processes takes a few seconds)…") % (n_round, runs, epochs, workers)


def left_cut_short_text(n_round: int, cancelled: int) -> str:
    """A new round starts while round ``n_round`` (from 1), the last one, still had
    ``cancelled`` trials to run: only the last round's can be run again (``finish_round``;
    a later round was planned from this one's results as they were)."""
    return QCoreApplication.translate(
        "SearchPanel", "Round %1 stays cut short (%2 cancelled): only the last round's "
        "cancelled runs can be run again.").replace("%1", str(n_round)) \
        .replace("%2", str(cancelled))


def finishing_text(n_round: int, trials: int, runs: int, epochs: int, workers: int) -> str:
    """Round ``n_round`` (from 1) of ``runs`` runs trains its ``trials`` cancelled ones."""
    return QCoreApplication.translate(
        "SearchPanel", "Round %1: training its %2 cancelled runs of %3 (%4 epochs each, in %5 "
        "processes); its other runs stay as they ended…").replace("%1", str(n_round)) \
        .replace("%2", str(trials)).replace("%3", str(runs)).replace("%4", str(epochs)) \
        .replace("%5", str(workers))


def epoch_text(n_round: int, event: SearchProgress, done: int, runs: int) -> str:
    """A run of round ``n_round`` finished an epoch; ``done`` of the round's ``runs`` runs
    have ended."""
    return QCoreApplication.translate(
        "SearchPanel", "Round %d: trial %d reached epoch %d of %d (%d of %d runs done).") \
        % (n_round, event.trial, event.epoch + 1, event.epochs, done, runs)


def runs_done_text(n_round: int, done: int, runs: int) -> str:
    """A run of round ``n_round`` ended: ``done`` of ``runs``."""
    return QCoreApplication.translate("SearchPanel", "Round %d: %d of %d runs done.") \
        % (n_round, done, runs)


def finished_text(n_round: int, counts: dict[str, int], best: dict | None,
                  results: list[dict]) -> str:
    """Round ``n_round`` ended with ``counts`` runs per status; ``best`` is the run offered
    as the best of every round's ``results`` (None: none scored)."""
    # "4 done, 1 failed"; in Chinese "4 次完成、1 次失败" (walker22 W22-7: "4 完成")
    summary = QCoreApplication.translate("SearchPanel", ", ").join(
        QCoreApplication.translate("SearchPanel", "%1 %2").replace("%1", str(n))
        .replace("%2", status_text(s)) for s, n in counts.items())
    said = QCoreApplication.translate("SearchPanel", "Round %d finished: %s.") \
        % (n_round, summary)
    if counts.get("cancelled"):     # Start does not resume them (walker33 W33-6)
        said = sentences(said, QCoreApplication.translate(
            "SearchPanel", "“%1” trains them with the round's settings and seeds; Run "
            "search starts a new round with new random settings.").replace(
                "%1", rerun_text(counts["cancelled"])))
    if best is not None:
        said = sentences(said, QCoreApplication.translate(
            "SearchPanel", "Best so far: trial %d, validation accuracy %s.")
            % (best["trial"], accuracy_text(best["score"])), best_trial.caveat(results, best))
    return tidy(said)


def time_text(elapsed: float, left: float | None) -> str:
    """How long the round has run and, once its pace shows, how long it still takes
    ("2:05 so far; about 9 min left.")."""
    so_far = format_duration(elapsed)
    if left is None:
        return QCoreApplication.translate("SearchPanel", "%1 so far.").replace("%1", so_far)
    return QCoreApplication.translate("SearchPanel", "%1 so far; %2 left.").replace(
        "%1", so_far).replace("%2", about_text(left))
