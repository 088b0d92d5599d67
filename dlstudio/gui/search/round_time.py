"""How long the next search round takes, said before it starts (walker22 W22-7: a default
MNIST search is half an hour, and nothing said so).

The estimate needs a measured epoch: the last round's runs, when they trained the network
and data the studio holds now, or else the studio's last run of this network on this data
(``training.search_time``: a search run has one core), alone or as a comparison's
variant (timed over its own turns). With neither, the sentence says that
the time is not known yet and how to measure it; once a round runs, its own pace gives the
time left (``round_progress``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from dlstudio.gui.i18n import tidy
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.training import search_time
from dlstudio.training.search import default_workers


@dataclass(frozen=True)
class MeasuredEpoch:
    """An epoch's time measured on ``network`` and ``data`` with batches of ``batch_size``:
    ``source`` "round" (``seconds`` a search run took per epoch in the last round), "run"
    (``seconds`` per epoch of the studio's last run, which had every core) or "comparison"
    (of ``variant``'s own turns in the studio's last comparison, with every core)."""

    seconds: float
    network: Any
    data: Any
    batch_size: int | None
    source: str
    variant: str = ""

    def fits(self, studio: Any) -> bool:
        """Whether it was measured on what the studio holds now."""
        return (self.network == studio.network_spec and self.data == studio.data_spec
                and self.batch_size == getattr(studio.train_spec, "batch_size", None))

    def search_run_seconds(self, cores: int) -> float:
        """Seconds a search run (one core of ``cores``) trains an epoch."""
        if self.source == "round":
            return self.seconds
        return search_time.on_one_core(self.seconds, cores)

    @property
    def run_start_seconds(self) -> float:
        """Seconds a search run spends besides its epochs that ``seconds`` leaves out."""
        return 0.0 if self.source == "round" else search_time.RUN_START_SECONDS


def measured_by_round(results: list[dict], epochs: int, runner: Any) -> MeasuredEpoch | None:
    """The epoch time of a finished round's runs (``results``, ``epochs`` each) of
    ``runner`` (a ``SearchRunner``: its network, data and training spec); None when no run
    finished."""
    seconds = search_time.epoch_seconds_from_trials(results, epochs)
    if seconds is None:
        return None
    return MeasuredEpoch(seconds, runner.network_spec, runner.data_spec,
                         getattr(runner.train_spec, "batch_size", None), "round")


def measured_by_run(studio: Any) -> MeasuredEpoch | None:
    """The epoch time of the studio's newest run when it trained the network and data the
    studio holds now: a run alone, or the variant of a comparison that trained them (its
    own turns: walker33 W33-5, the page said "not known" right after a comparison had
    trained this network on this data for an epoch); None otherwise."""
    settings = getattr(studio, "last_run_settings", None)
    if settings is None or settings.data_spec != studio.data_spec:
        return None
    batch = getattr(studio.train_spec, "batch_size", None)
    mine = [v for v in settings.variants if v[1] == studio.network_spec]
    # a comparison's variant with the studio's batch size first (its time per epoch)
    mine.sort(key=lambda v: getattr(v[2], "batch_size", None) != batch)
    if not mine:
        return None
    name, network, train = mine[0]
    snap = studio.store.latest(name, live=True)
    epochs = int(getattr(train, "epochs", 0) or 0)
    if snap is None or not snap.total_steps or epochs < 1:
        return None
    steps_per_epoch = snap.total_steps / epochs
    if len(settings.variants) == 1:
        seconds = search_time.run_epoch_seconds(snap.elapsed_seconds, snap.step,
                                                steps_per_epoch)
        source, variant = "run", ""
    else:
        seconds = search_time.turns_epoch_seconds(
            snap.examples_per_second, snap.step, steps_per_epoch,
            int(getattr(train, "batch_size", 0) or 0))
        source, variant = "comparison", name
    if seconds is None:
        return None
    return MeasuredEpoch(seconds, network, settings.data_spec,
                         getattr(train, "batch_size", None), source, variant)


def about_text(seconds: float) -> str:
    """A planned or remaining time in words: "less than a minute", "about 25 min", "about
    1.5 h"."""
    if seconds < 60:
        return QCoreApplication.translate("RoundTimeLabelWidget", "less than a minute")
    minutes = round(seconds / 60)
    if minutes < 90:
        return QCoreApplication.translate("RoundTimeLabelWidget", "about %1 min").replace(
            "%1", str(max(1, minutes)))
    return QCoreApplication.translate("RoundTimeLabelWidget", "about %1 h").replace(
        "%1", f"{seconds / 3600:.1f}")


def seconds_figure(seconds: float) -> str:
    """A measured epoch time in seconds, as precise as it needs: "47", "3.4", "0.012"."""
    return f"{seconds:.0f}" if seconds >= 10 else f"{seconds:.2g}"


class RoundTimeLabelWidget(RetranslateMixin, QLabel):
    """One wrapped sentence: how long a round with the form's settings takes, and what the
    figure stands on; the text follows the UI language."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        #: (runs, epochs, workers, cores, MeasuredEpoch or None) last shown
        self.shown: tuple | None = None

    def show_estimate(self, n_runs: int, epochs: int, workers: int,
                      measured: MeasuredEpoch | None, cores: int | None = None) -> None:
        """Say how long ``n_runs`` runs of ``epochs`` epochs in ``workers`` processes take
        on this machine (``cores``: the machine's), from ``measured`` (None: not known)."""
        self.shown = (n_runs, epochs, workers, default_workers() if cores is None else cores,
                      measured)
        self.setText(self.estimate_text())

    def clear_estimate(self) -> None:
        """Say nothing (a round runs and nothing measured the next one yet)."""
        self.shown = None
        self.setText("")

    def seconds(self) -> float | None:
        """The planned seconds of the round last shown (None: not known)."""
        if self.shown is None or self.shown[4] is None:
            return None
        n_runs, epochs, workers, cores, measured = self.shown
        return search_time.round_seconds(n_runs, epochs, workers, cores,
                                         measured.search_run_seconds(cores),
                                         measured.run_start_seconds)

    def estimate_text(self) -> str:
        """The sentence for the round last shown."""
        if self.shown is None:
            return ""
        measured, seconds = self.shown[4], self.seconds()
        if measured is None or seconds is None:
            # (also after a run stopped at its first steps: they timed its compiling)
            return self.tr("How long the search takes is not known yet: no run has timed "
                           "this network on this data. Press Start and let it train a few "
                           "seconds to measure it.")
        if measured.source == "round":
            text = self.tr("With these settings the search takes %1 (in the last round a run "
                           "took %2 s an epoch).")
        elif measured.source == "comparison":
            text = self.tr("With these settings the search takes %1 (variant %3 of the "
                           "studio's last comparison took %2 s an epoch; here each run has "
                           "one core).").replace("%3", measured.variant)
        else:
            text = self.tr("With these settings the search takes %1 (the studio's last run "
                           "took %2 s an epoch; here each run has one core).")
        return tidy(text.replace("%1", about_text(seconds)).replace(
            "%2", seconds_figure(measured.seconds)))

    def retranslate(self) -> None:
        self.setText(self.estimate_text())
