"""The run's progress display: a bar and a line with epoch, step, throughput and time left.

``RunProgressWidget`` shows the progress bar and the line, updated from telemetry (the run's
actions are ``widgets/run_controls.py``); ``time_left`` and ``format_duration`` compute and
write the time remaining, at the rate ``SmoothedRates`` averages.
"""
from __future__ import annotations

import math
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from dlstudio.engine import kernel_cache, warmup
from dlstudio.gui.studio import Studio
from dlstudio.gui.widgets.steady_box import SteadyBoxWidget
from dlstudio.gui.widgets.retranslate import RetranslateMixin

#: seconds between two redraws of the progress line while a run trains: four a second, as
#: the plots (``plots.redraw_pacing.MIN_REDRAW_GAP``); each one (the bar's new value, the line's text
#: and their repaint) cost the GUI thread ~1 ms, which a training run shares (issue 13)
SHOW_INTERVAL = 0.25

#: a run being prepared: its line counts the seconds once it has waited this long, once a
#: second (a shorter wait needs no count; a longer one, 30-60 s on a loaded 2-core machine,
#: read as hung without it: walker38 W38-6)
COUNT_AFTER = 2

#: the time left is counted at each variant's rate averaged over about this many seconds: the
#: rate of the last second (the one the line shows) moves with probes, epoch ends and other
#: programs, and the time left jumped with it (walker39 W39-10: 4:04, 6:15, 4:36 and 4:13
#: left, ~35 s apart, in one MNIST run on a busy machine)
ETA_SECONDS = 10.0

#: snapshot events that end a run (or a comparison variant)
ENDED = ("finished", "stopped", "diverged")


def time_left(snaps, batch_sizes: dict[str, int],
              rates: dict[str, float] | None = None) -> float | None:
    """Seconds until the run ends, from the newest snapshot of each variant: the examples it
    still has to train (steps to go x its batch size) at its rate (``rates``, by variant, else
    the snapshot's). A comparison's variants take turns, so each rate already counts the
    others' time: the run ends with the slowest variant still training. None when unknown."""
    left = None
    for snap in snaps:
        if snap is None or snap.event in ENDED or not snap.total_steps:
            continue
        batch = batch_sizes.get(snap.variant)
        rate = (rates or {}).get(snap.variant, snap.examples_per_second)
        if not batch or rate <= 0:
            return None
        seconds = (snap.total_steps - snap.step) * batch / rate
        left = seconds if left is None else max(left, seconds)
    return left


class SmoothedRates:
    """Each variant's examples/s averaged exponentially over about ``seconds`` of wall time
    (``ETA_SECONDS``): what the time left is counted at. A variant's steps going back (a new
    run) start its average again."""

    def __init__(self, seconds: float = ETA_SECONDS, clock=time.monotonic) -> None:
        self.seconds = float(seconds)
        self._clock = clock
        self._rates: dict[str, tuple[float, float, int]] = {}   # variant: (rate, time, step)

    def clear(self) -> None:
        self._rates.clear()

    def add(self, snap) -> None:
        """Take in a snapshot's rate (0, not measured yet, is left out)."""
        rate = float(snap.examples_per_second or 0.0)
        if not rate > 0 or not math.isfinite(rate):
            return
        now = self._clock()
        old = self._rates.get(snap.variant)
        if old is None or snap.step < old[2]:
            value = rate
        else:
            weight = 1.0 - math.exp(-max(0.0, now - old[1]) / self.seconds)
            value = old[0] + weight * (rate - old[0])
        self._rates[snap.variant] = (value, now, snap.step)

    def rates(self) -> dict[str, float]:
        """The averaged rate of every variant seen."""
        return {variant: value for variant, (value, _, _) in self._rates.items()}


def format_duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class RunProgressWidget(RetranslateMixin, QWidget):
    """Progress bar plus 'epoch 2/5 · step 340/1,700 · 1,234 examples/s · 0:42 left'."""

    def __init__(self, studio: Studio, parent: QWidget | None = None,
                 panels_ready: bool = True):
        super().__init__(parent)
        self.studio = studio
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(180)
        self.label = QLabel(self)
        self.label.setProperty("role", "status")
        # long progress text must never widen the window (classroom fonts, translations)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(80)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.bar)
        lay.addWidget(SteadyBoxWidget(self.label), 1)      # new text: no relayout
        # opaque (its own background, the window's colour, as the toolbar's in both themes):
        # each new value and line of text repainted the toolbar under it too, 13.6 toolbar
        # paints a second while an MLP trained, whose Fusion painting handed its lines to
        # Qt's thread pool and waited for them (issue 13)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.setAutoFillBackground(True)
        studio.sigTelemetry.connect(self._on_studio_telemetry)
        studio.sigRunStarted.connect(self._on_studio_run_started)
        studio.sigRunStateChanged.connect(self._on_studio_state)
        studio.sigChecking.connect(self._on_studio_checking)
        studio.sigBackgroundProgress.connect(self._on_studio_background_progress)
        studio.sigBackgroundChanged.connect(self._on_studio_background)
        self._last = None
        #: the window's panels are in place (``set_panels_ready``): until then the line says
        #: they are loading, not "Ready. Press Start" (the window says so beside it)
        self.panels_ready = panels_ready
        self.bar.setVisible(studio.state != "idle")
        # snapshots come ~20 times a second; the line is redrawn at most ~8 times
        self._shown_at = 0.0
        self.eta_rates = SmoothedRates()
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(int(SHOW_INTERVAL * 1000))
        self._later.timeout.connect(self._show_latest)
        #: while a run is prepared: what it does now (the runner's own sentence: "Loading
        #: the data...", "Building the network...", the kernels), since when, and the
        #: once-a-second count (nothing else runs then on the GUI thread for it)
        self._stage = ""
        self._preparing_since: float | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_preparing)
        runner = getattr(studio, "runner", None)
        if runner is not None:
            runner.sigProgress.connect(self._on_runner_progress)
        self.retranslate()

    def retranslate(self) -> None:
        self.bar.setToolTip(self.tr("How far the run has got (its epochs and steps are "
                                    "beside it)"))
        self._show(self._last)

    def preparing_text(self) -> str:
        """The line while a run is prepared: the compiling only when the kernels may
        compile (a cold Numba cache, ``engine.kernel_cache``); with a warm one it said so
        at every start of a window that trains at once (fix89). The modules are imported
        with this one: imported here at the first Start, PySide's import hook read their
        source (~37 ms of the GUI thread at the click)."""
        if warmup.kernels_ready() or kernel_cache.cache_warm():
            return self.tr("Preparing: loading data, building the network and loading the "
                           "compiled kernels...")
        return self.tr("Preparing: loading data, building the network and compiling "
                       "kernels...")

    def set_panels_ready(self) -> None:
        """The window's panels are built: the line invites a run."""
        self.panels_ready = True
        self._show(self._last)

    def _on_studio_state(self, state: str) -> None:
        # without a run the empty bar looked like a text field (W11-16): it shows with one
        self.bar.setVisible(state != "idle" or self._last is not None)
        if state == "preparing":
            self.eta_rates.clear()   # a new run: its own rate
            self.bar.setRange(0, 0)  # busy indicator while kernels compile
            if self._preparing_since is None:
                self._preparing_since = time.monotonic()
                self._tick.start()
            self._show_preparing()
        else:
            self._tick.stop()
            self._preparing_since, self._stage = None, ""
            self.bar.setRange(0, 1000)
            self._show(self._last)
            if state == "idle":
                self._last = None
                self.bar.setValue(0)
                self.bar.hide()
                self._show(None)

    def _on_runner_progress(self, _done: int, _total: int, text: str) -> None:
        """The run's set-up says what it does now: the line says it too."""
        if text and self._preparing_since is not None:
            self._stage = text
            self._show_preparing()

    def _show_preparing(self) -> None:
        """The line while a run is prepared: the step it is at (else what preparing
        involves) and, after ``COUNT_AFTER`` seconds, how long it has waited."""
        if self._preparing_since is None:
            self._tick.stop()
            return
        text = self._stage or self.preparing_text()
        waited = int(time.monotonic() - self._preparing_since)
        if waited >= COUNT_AFTER:
            text = self.tr("%1 (%2 s so far)").replace("%1", text).replace("%2", str(waited))
        self.label.setText(text)

    def _on_studio_run_started(self) -> None:
        """A new run: the last one's epoch and step are not its own (a run that fails
        before its first step showed the old run's 'epoch 5/5 · step 210/210')."""
        self._last = None
        self.bar.setValue(0)
        self.bar.show()

    def _on_studio_checking(self, text: str) -> None:
        """A pre-flight check is running (``text`` says what it does) or ended (``""``)."""
        if self.studio.state in ("preparing", "running"):
            return                                # the run's own progress stays
        if text:
            self.bar.show()
            self.bar.setRange(0, 0)
            self.label.setText(text)
            self.label.setToolTip(text)
        else:
            self.label.setToolTip("")
            self._on_studio_state(self.studio.state)

    def _on_studio_background_progress(self, done: int, total: int, text: str) -> None:
        """Background work (a lesson's headless check) reports its place: shown while no
        run trains, whose own progress stays (walker26 W26-6: two minutes of "idle")."""
        if self.studio.is_active():
            return
        self.bar.show()
        if total > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * min(1.0, done / total)))
        else:
            self.bar.setRange(0, 0)
        self.label.setText(text)
        self.label.setToolTip(text)

    def _on_studio_background(self, running: bool) -> None:
        if not running and not self.studio.is_active():
            self.label.setToolTip("")
            self._on_studio_state(self.studio.state)

    def _on_studio_telemetry(self, snap) -> None:
        self._last = snap
        if self.studio.state == "preparing":
            return
        # an epoch's end waits too: the classroom toy ends ~700 epochs a second, and showing
        # each one took the window's GUI thread ~0.3 ms (issue 13)
        if snap.event in ("step", "epoch_end") and \
                time.monotonic() - self._shown_at < SHOW_INTERVAL:
            if not self._later.isActive():
                self._later.start()
            return
        self._show(snap)

    def _show_latest(self) -> None:
        if self.studio.state != "preparing":
            self._show(self._last)

    def _variant_speeds(self, store) -> str:
        """"examples/s: A 3,464 / B 4,196" in a comparison, each variant's rate on its own
        steps as the status line gives it ("" for a single run). The newest snapshot's own
        rate was that variant's examples over the time both trained: "1,776 examples/s"
        beside a status line with A 3,464 and B 4,196 (walker29 W29-13). While a run
        trains, only the variants that train now: after a branch, not the run it branched
        from, finished long before (walker34)."""
        names = store.variants()
        if len(names) < 2:
            return ""
        if self.studio.is_active():
            names = [name for name in names if (latest := store.latest(name, live=True))
                     is not None and latest.event not in ENDED] or names
        shown = [f"{name} {speed:,.0f}" for name in names
                 if (speed := store.last_speed(name))]
        if not shown:
            return ""
        return self.tr("examples/s: %1").replace("%1", " / ".join(shown))

    def _ended_early(self, snap, epoch: int, epochs: int) -> str:
        """How a run that ended before its planned last step ended ("stopped early at epoch
        11 of 25 (early stopping)"), or "" for a run that trains or reached its end. A run
        that finishes early was ended by early stopping, the one callback that ends runs."""
        total = snap.total_steps or 0
        if snap.event not in ENDED or not total or snap.step >= total or not epochs:
            return ""
        if snap.event == "finished":
            text = self.tr("stopped early at epoch %1 of %2 (early stopping)")
        elif snap.event == "stopped":
            text = self.tr("stopped at epoch %1 of %2 (Stop was pressed)")
        else:
            text = self.tr("ended at epoch %1 of %2: the loss diverged")
        return text.replace("%1", str(epoch)).replace("%2", str(epochs))

    def _show(self, snap) -> None:
        self._shown_at = time.monotonic()
        self._later.stop()
        if snap is None:
            self.label.setText(self.tr("Ready. Press Start (F5) to train.") if
                               self.panels_ready else self.tr("Loading the panels..."))
            return
        # the run's own total: a continued run may train to another total than the
        # Training panel showed when it was started, and Epochs may be edited meanwhile
        epochs = int(getattr(self.studio.run_train_spec(snap.variant), "epochs", 0) or 0)
        total = snap.total_steps or 0
        if total:
            self.bar.setValue(int(1000 * min(1.0, snap.step / total)))
        epoch = snap.epoch + 1 if not epochs else min(snap.epoch + 1, epochs)
        early = self._ended_early(snap, epoch, epochs)
        if early:
            # early stopping ended the run as planned: a bar at 44% and "step 165/375" read
            # as unfinished (walker32). A run that Stop or a divergence cut short keeps the
            # bar where it got: full beside "stopped at epoch 27 of 2000" said it had all
            # run (walker33 W33-19)
            if snap.event == "finished":
                self.bar.setValue(1000)
            parts = [early, self.tr("step %1").replace("%1", f"{snap.step:,}")]
        else:
            parts = [self.tr("epoch %1/%2").replace("%1", str(epoch))
                     .replace("%2", str(epochs or "?")),
                     self.tr("step %1").replace("%1", f"{snap.step:,}")
                     + (f"/{total:,}" if total else "")]
        store = self.studio.store
        speeds = self._variant_speeds(store)
        if speeds:
            parts.append(speeds)
        elif snap.examples_per_second > 0:    # 0: not measured yet (the first step)
            parts.append(self.tr("%1 examples/s").replace(
                "%1", f"{snap.examples_per_second:,.0f}"))
        left = None
        if self.studio.is_active() and snap.event not in ENDED:
            batches = {v.name: v.train_spec.batch_size for v in self.studio.variants}
            # the live snapshots: while the timeline shows step 1,920, the run is not there
            # (it said "0:48 left" on the last step, walker17 W17-g)
            live = [store.latest(v, live=True) for v in store.variants()] or [snap]
            for one in live:
                if one is not None:
                    self.eta_rates.add(one)
            left = time_left(live, batches, self.eta_rates.rates())
        if left is not None:
            parts.append(self.tr("%1 left").replace("%1", format_duration(left)))
        self.label.setText("  ·  ".join(parts))
