"""The toolbar's run progress: no empty bar without a run (walker11 W11-16)."""
from __future__ import annotations

import os


def test_the_progress_bar_shows_only_with_a_run(qtbot, small_studio, stop_after):
    """The empty bar beside Reset weights looked like a text field: it is hidden until a
    run starts, says what it is on hover, and goes again with Reset weights."""
    from dlstudio.gui.widgets.run_progress import RunProgressWidget

    progress = RunProgressWidget(small_studio)
    qtbot.addWidget(progress)
    progress.show()
    assert progress.bar.isHidden() and progress.label.text().startswith("Ready")
    assert progress.bar.toolTip()
    stop_after(2)                              # a run: the bar shows, and stays after it
    assert not progress.bar.isHidden()
    small_studio.reset_weights()
    assert progress.bar.isHidden()


def test_a_new_value_repaints_the_progress_line_but_not_the_toolbar_under_it(
        qtbot, small_studio, monkeypatch):
    """Issue 13: each new value and text repainted the toolbar beneath the line too (its
    Fusion painting waited for Qt's thread pool, ~9% of the GUI thread while an MLP
    trained); the line paints its own background."""
    from types import SimpleNamespace

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QToolBar

    from dlstudio.gui.widgets import run_progress
    from dlstudio.gui.widgets.run_progress import RunProgressWidget

    monkeypatch.setattr(run_progress, "SHOW_INTERVAL", 0.0)    # every value shown at once

    class PaintCounter(QObject):
        def __init__(self):
            super().__init__()
            self.paints = 0

        def eventFilter(self, _watched, event):  # noqa: N802 (Qt's name)
            self.paints += event.type() == QEvent.Type.Paint
            return False

    bar = QToolBar()
    qtbot.addWidget(bar)
    progress = RunProgressWidget(small_studio)
    bar.addWidget(progress)
    bar.resize(600, 40)
    bar.show()
    qtbot.waitExposed(bar)
    progress.bar.show()
    counter = PaintCounter()
    bar.installEventFilter(counter)
    qtbot.wait(50)
    counter.paints = 0
    for step in (10, 20, 30):
        snap = SimpleNamespace(variant="", step=step, total_steps=100, epoch=0,
                               examples_per_second=1234.0, event="epoch_end")
        small_studio.sigTelemetry.emit(snap)
        qtbot.wait(20)
    assert progress.bar.value() == 300 and "1,234" in progress.label.text()
    assert counter.paints == 0


def test_epoch_ends_in_quick_succession_are_shown_a_few_times_a_second(qtbot, small_studio):
    """The classroom toy ends ~700 epochs a second: the line shows the newest one at most
    every SHOW_INTERVAL (issue 13), the end of the run at once."""
    from types import SimpleNamespace

    from dlstudio.gui.widgets.run_progress import SHOW_INTERVAL, RunProgressWidget

    progress = RunProgressWidget(small_studio)
    qtbot.addWidget(progress)
    progress.show()

    def snap(step, event="epoch_end"):
        return SimpleNamespace(variant="", step=step, total_steps=1000, epoch=step // 5,
                               examples_per_second=1234.0, event=event)

    qtbot.wait(int(SHOW_INTERVAL * 1000) + 50)            # long after the line was shown
    small_studio.sigTelemetry.emit(snap(5))
    assert "step 5/" in progress.label.text()
    for step in range(10, 60, 5):
        small_studio.sigTelemetry.emit(snap(step))
    assert "step 5/" in progress.label.text()              # not yet
    qtbot.waitUntil(lambda: "step 55/" in progress.label.text(),
                    timeout=int(SHOW_INTERVAL * 1000) + 2000)
    small_studio.sigTelemetry.emit(snap(60, "finished"))
    assert "step 60" in progress.label.text()              # the end: at once


def test_the_time_left_is_the_live_runs_while_the_timeline_shows_the_past(qtbot,
                                                                          small_studio,
                                                                          pause_after):
    """Walker17 W17-g: with the timeline scrubbed back to step 1,920 of 4,220, the line
    said "0:48 left" on the run's last step: the time left was counted from the snapshot
    the plots showed, not from where the run was."""
    from dataclasses import replace

    from dlstudio.gui.widgets.run_progress import RunProgressWidget, format_duration, time_left

    s = small_studio
    progress = RunProgressWidget(s)
    qtbot.addWidget(progress)
    pause_after(3)
    live = s.store.latest("A", live=True)
    batches = {"A": s.train_spec.batch_size}
    s.store.pin(0, {"A": replace(live, step=0, examples_per_second=10.0)})
    s.sigTelemetry.emit(replace(live, event="epoch_end"))
    rates = progress.eta_rates.rates()          # the live run's, averaged (W39-10)
    expected = format_duration(time_left([live], batches, rates))
    from_pinned = format_duration(time_left([s.store.latest("A")], batches))
    assert expected != from_pinned
    qtbot.waitUntil(lambda: f"{expected} left" in progress.label.text(), timeout=5000)
    with qtbot.waitSignal(s.runner.sigFinished, timeout=60000):
        s.stop()


def test_a_comparisons_rate_is_each_variants_as_the_status_line_gives_it(qtbot, small_studio):
    """Walker29 W29-13: the progress line said "1,776 examples/s" (the newest snapshot's
    rate over the time both variants trained) beside a status line with A 3,464 and
    B 4,196."""
    from dlstudio.gui.widgets.run_progress import RunProgressWidget
    from dlstudio.training.telemetry import Telemetry

    s = small_studio
    progress = RunProgressWidget(s)
    qtbot.addWidget(progress)

    def snap(variant, eps, event="step"):
        return Telemetry(step=10, epoch=0, batch_loss=0.5, train_loss=0.5,
                         train_accuracy=0.8, learning_rate=0.01, examples_per_second=eps,
                         total_steps=10, event=event, variant=variant)

    for variant, eps in (("A", 3464.0), ("B", 4196.0)):
        s.store.append(snap(variant, eps))
    last = snap("B", 1776.0, event="finished")
    s.store.append(last)
    s.sigTelemetry.emit(last)
    text = progress.label.text()
    assert "A 3,464 / B 4,196" in text and "1,776" not in text


def test_while_a_branch_trains_only_the_variants_that_train_give_a_rate(qtbot, small_studio,
                                                                        monkeypatch):
    """Walker34: after a branch the line read "examples/s: A 2,132 / B 1,343" while only B
    trained (A had finished long before)."""
    from dlstudio.gui.widgets.run_progress import RunProgressWidget
    from dlstudio.training.telemetry import Telemetry

    s = small_studio
    progress = RunProgressWidget(s)
    qtbot.addWidget(progress)

    def snap(variant, eps, event="step", step=10):
        return Telemetry(step=step, epoch=0, batch_loss=0.5, train_loss=0.5,
                         train_accuracy=0.8, learning_rate=0.01, examples_per_second=eps,
                         total_steps=100, event=event, variant=variant)

    s.store.append(snap("A", 2132.0))
    s.store.append(snap("A", 2132.0, event="finished", step=100))
    s.store.append(snap("B", 1343.0, step=50))
    monkeypatch.setattr(type(s), "is_active", lambda self: True)
    last = snap("B", 1343.0, event="epoch_end", step=50)
    s.sigTelemetry.emit(last)
    qtbot.waitUntil(lambda: "examples/s:" in progress.label.text(), timeout=5000)
    text = progress.label.text()
    assert "examples/s: B 1,343" in text and "2,132" not in text


def test_a_run_that_ended_early_says_so(qtbot, small_studio):
    """Walker32 (lesson 10 step 2): after early stopping at epoch 11 of 25 the line kept
    "epoch 11/25 · step 165/375" beside a bar at 44%, which read as unfinished. A run that
    ended before its planned end says how it ended; the bar is full after early stopping
    (the run is over) and shows how far the run got after Stop or a divergence (W33-19)."""
    from dlstudio.gui.widgets.run_progress import RunProgressWidget
    from dlstudio.training.telemetry import Telemetry

    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=25))
    progress = RunProgressWidget(s)
    qtbot.addWidget(progress)

    def end(event, step, epoch):
        snap = Telemetry(step=step, epoch=epoch, batch_loss=0.5, train_loss=0.5,
                         train_accuracy=0.8, learning_rate=0.01, examples_per_second=900.0,
                         total_steps=375, event=event, variant=s.variants[0].name
                         if s.variants else "A")
        s.sigTelemetry.emit(snap)
        return progress.label.text()

    text = end("finished", 165, 10)                 # early stopping after epoch 11
    assert "stopped early at epoch 11 of 25 (early stopping)" in text
    assert "165/375" not in text and progress.bar.value() == 1000
    assert "stopped at epoch 5 of 25" in end("stopped", 70, 4)    # the student's Stop
    # walker33 W33-19: a Stop at epoch 5 of 25 drew the bar full; it shows how far it got
    assert progress.bar.value() == int(1000 * 70 / 375)
    assert "ended at epoch 3 of 25" in end("diverged", 40, 2)
    assert progress.bar.value() == int(1000 * 40 / 375)
    assert "epoch 25/25" in end("finished", 375, 24)              # the planned end


def test_preparing_says_compiling_only_with_a_cold_kernel_cache(qtbot, small_studio,
                                                                 monkeypatch):
    """fix89: "... and compiling kernels..." stayed above the plots while a window that
    trains at once loaded its kernels from a warm Numba cache."""
    from dlstudio.engine import kernel_cache, warmup
    from dlstudio.gui import i18n
    from dlstudio.gui.widgets.run_progress import RunProgressWidget

    progress = RunProgressWidget(small_studio)
    qtbot.addWidget(progress)
    monkeypatch.setattr(warmup, "kernels_ready", lambda: False)
    for warm in (True, False):
        monkeypatch.setattr(kernel_cache, "cache_warm", lambda warm=warm: warm)
        small_studio.sigRunStateChanged.emit("preparing")
        assert progress.label.text() == (
            "Preparing: loading data, building the network and loading the compiled "
            "kernels..." if warm else
            "Preparing: loading data, building the network and compiling kernels...")
    monkeypatch.setattr(kernel_cache, "cache_warm", lambda: True)
    i18n.set_language("zh_CN")
    try:
        small_studio.sigRunStateChanged.emit("preparing")
        assert "加载已编译的计算内核" in progress.label.text()
    finally:
        i18n.set_language("en")


def test_the_preparing_line_imports_nothing_at_the_first_start():
    """The modules ``preparing_text`` reads come with the progress line: imported at the
    first Start, PySide's import hook read their source on the GUI thread (~37 ms of the
    click, measured)."""
    import subprocess
    import sys

    code = ("import sys, dlstudio.gui.widgets.run_progress as rp; "
            "print(all(m in sys.modules for m in "
            "('dlstudio.engine.kernel_cache', 'dlstudio.engine.warmup')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "True", out.stderr


def test_preparing_says_what_the_run_waits_for_and_how_long_so_far(qtbot, small_studio,
                                                                   monkeypatch):
    """walker38 W38-6: "Preparing: loading data, building the network and loading the
    compiled kernels..." stood 30-60 s before the first point on a loaded machine, with no
    idea whether it moved: the line says the step the run's set-up is at and, after two
    seconds, the seconds it has waited, once a second (en, zh); it goes when the run trains."""
    from dlstudio.gui import i18n
    from dlstudio.gui.widgets import run_progress
    from dlstudio.gui.widgets.run_progress import RunProgressWidget

    clock = [100.0]
    monkeypatch.setattr(run_progress.time, "monotonic", lambda: clock[0])
    progress = RunProgressWidget(small_studio)
    qtbot.addWidget(progress)
    small_studio.sigRunStateChanged.emit("preparing")
    assert progress.label.text().startswith("Preparing:") and "so far" not in \
        progress.label.text()
    assert progress._tick.isActive()                                  # noqa: SLF001
    small_studio.runner.sigProgress.emit(0, 0, "Building the network...")
    assert progress.label.text() == "Building the network..."
    clock[0] += 12.4
    progress._tick.timeout.emit()                                     # noqa: SLF001
    assert progress.label.text() == "Building the network... (12 s so far)"
    i18n.set_language("zh_CN")
    try:
        progress._tick.timeout.emit()                                 # noqa: SLF001
        assert progress.label.text() == "Building the network...（已等 12 秒）"
    finally:
        i18n.set_language("en")
    small_studio.sigRunStateChanged.emit("running")
    assert not progress._tick.isActive() and "so far" not in progress.label.text()  # noqa: SLF001


def test_the_time_left_follows_an_averaged_rate_not_each_seconds():
    """Walker39 W39-10: the time left jumped 4:04, 6:15, 4:36, 4:13 within two minutes, as
    the last second's rate moved with probes and other programs. Counted at a rate averaged
    over ~10 s, a rate that swings +-25% every quarter second moves it by a few per cent; a
    lasting change is followed within half a minute; a new run starts afresh."""
    from types import SimpleNamespace

    from dlstudio.gui.widgets.run_progress import SmoothedRates, time_left

    clock = [0.0]
    rates = SmoothedRates(clock=lambda: clock[0])

    def feed(seconds: float, rate_at, step0: int) -> list[float]:
        lefts = []
        for i in range(int(seconds / 0.25)):
            clock[0] += 0.25
            snap = SimpleNamespace(variant="A", step=step0 + i, total_steps=100_000,
                                   event="step", examples_per_second=rate_at(i))
            rates.add(snap)
            lefts.append(time_left([snap], {"A": 64}, rates.rates()))
        return lefts

    swinging = feed(60, lambda i: 3000.0 if i % 2 else 1800.0, 1000)[-40:]
    assert max(swinging) / min(swinging) < 1.05              # the raw rate: 1.67x apart
    assert abs(rates.rates()["A"] - 2400) < 0.05 * 2400
    feed(30, lambda i: 1200.0, 2000)                         # the machine got busy
    assert abs(rates.rates()["A"] - 1200) < 0.06 * 1200
    feed(0.25, lambda i: 5000.0, 1)                          # steps back: a new run
    assert rates.rates()["A"] == 5000.0
    assert time_left([SimpleNamespace(variant="A", step=10, total_steps=20, event="step",
                                      examples_per_second=0.0)], {"A": 64},
                     rates.rates()) == 10 * 64 / 5000.0      # the averaged rate counts
