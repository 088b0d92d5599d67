"""Before a search starts, the page says how long it takes with the form's settings, from a
measured epoch (walker22 W22-7: the default MNIST search is half an hour and nothing said so);
while it runs, the bar moves within an epoch and the line gives the time so far and left.
No test depends on the machine's speed: every time is given."""
from __future__ import annotations

import pytest
from tests.gui.search_rounds import panel, report_round  # noqa: F401 (fixture)

from dlstudio.gui import i18n
from dlstudio.gui.search.round_time import (MeasuredEpoch, RoundTimeLabelWidget, about_text,
                                            measured_by_run)
from dlstudio.gui.training_run import RunSettings
from dlstudio.training import search_time
from dlstudio.training.search import SearchProgress
from dlstudio.training.search_space import Dimension
from dlstudio.training.telemetry import Telemetry


def studio_ran(studio, elapsed=30.0, step=300, steps_per_epoch=469, epochs=2):
    """The studio as after a run of its network on its data that trained ``step`` steps in
    ``elapsed`` seconds (the run's settings and its newest snapshot)."""
    train = studio.train_spec.replace(epochs=epochs)
    studio.last_run_settings = RunSettings(studio.data_spec,
                                           (("A", studio.network_spec, train),))
    studio.store.append(Telemetry(step=step, epoch=0, batch_loss=0.5, train_loss=0.5,
                                  train_accuracy=0.8, learning_rate=0.01,
                                  examples_per_second=1000.0,
                                  total_steps=steps_per_epoch * epochs,
                                  elapsed_seconds=elapsed, variant="A"))


def test_with_nothing_measured_the_time_is_not_known(panel):
    text = panel.time_label.text()
    assert "not known yet" in text and "Press Start" in text
    assert panel.time_label.seconds() is None
    assert panel.progress.format() == "%p%  ·  time not known yet"


def test_the_studios_last_run_of_this_network_on_this_data_gives_the_time(panel):
    studio = panel.studio
    studio_ran(studio, elapsed=30.0, step=300, steps_per_epoch=469)   # 46.9 s an epoch
    studio.sigRunStateChanged.emit("finished")
    panel.workers_spin.setValue(2)
    panel.runs_spin.setValue(12)
    panel.epochs_spin.setValue(3)
    cores = panel.time_label.shown[3]
    one_run = search_time.on_one_core(30.0 * 469 / 300, cores)
    planned = search_time.round_seconds(12, 3, 2, cores, one_run,
                                        search_time.RUN_START_SECONDS)
    assert panel.time_label.seconds() == pytest.approx(planned)
    text = panel.time_label.text()
    assert about_text(planned) in text and "the studio's last run took 47 s an epoch" in text, text
    # the bar says it too (the sentence may be scrolled out of view at 1366x768)
    assert panel.progress.format() == f"%p%  ·  {about_text(planned)} with these settings"
    # fewer runs: a shorter search, said at once
    panel.runs_spin.setValue(4)
    assert panel.time_label.seconds() < planned
    # another network: that run measured nothing about it
    studio.set_network_spec(studio.network_spec.remove_layer(0))
    assert "not known yet" in panel.time_label.text()


def test_a_run_stopped_at_its_first_step_is_no_basis(panel):
    """fix60: a run stopped at step 1 (8.5 s of loading and compiling for one step of 469)
    made the search "about 8.7 h"; too few steps time nothing."""
    studio = panel.studio
    studio_ran(studio, elapsed=8.5, step=1, steps_per_epoch=469)
    studio.sigRunStateChanged.emit("stopped")
    assert measured_by_run(studio) is None
    text = panel.time_label.text()
    assert "not known yet" in text and "about" not in text and "Press Start" in text


def test_other_data_is_no_basis(panel):
    studio = panel.studio
    studio_ran(studio)
    assert measured_by_run(studio) is not None
    studio.set_data_spec(studio.data_spec.with_params(noise=0.3))
    assert measured_by_run(studio) is None


def test_a_comparison_that_trained_this_network_gives_the_time_of_its_own_turns(panel):
    """walker33 W33-5: right after a comparison (A, B, C) had trained this very network on
    these data, the page said the time was not known. The variant that trained it counts,
    timed over its own turns (its examples per second: the run's elapsed time is every
    variant's); a comparison of other networks still measured nothing about this one."""
    studio = panel.studio
    studio_ran(studio, elapsed=90.0, step=300, steps_per_epoch=469)   # A's examples/s: 1000
    settings = studio.last_run_settings
    (_, network, train), = settings.variants
    other = network.remove_layer(0)
    studio.last_run_settings = RunSettings(settings.data_spec,
                                           (("A", network, train), ("B", other, train)))
    studio.sigRunStateChanged.emit("finished")
    measured = measured_by_run(studio)
    assert measured is not None and (measured.source, measured.variant) == ("comparison", "A")
    assert measured.seconds == pytest.approx(469 * train.batch_size / 1000.0)
    text = panel.time_label.text()
    assert "variant A of the studio's last comparison took" in text, text
    i18n.set_language("zh_CN")
    try:
        assert "对比中变体 A" in panel.time_label.text(), panel.time_label.text()
    finally:
        i18n.set_language("en")
    studio.last_run_settings = RunSettings(settings.data_spec,
                                           (("B", other, train), ("C", other, train)))
    assert measured_by_run(studio) is None


def test_a_finished_round_measures_the_next_one(panel, monkeypatch):
    panel.runs_spin.setValue(2)
    panel.epochs_spin.setValue(2)
    report_round(panel, monkeypatch, [Dimension("learning_rate", 1e-3, 1.0, "log")],
                 [{"params": {"learning_rate": 0.1}, "status": "ok", "score": 0.9,
                   "val_accuracy": 0.9, "val_loss": 0.3, "seconds": 20.0},
                  {"params": {"learning_rate": 0.01}, "status": "ok", "score": 0.8,
                   "val_accuracy": 0.8, "val_loss": 0.4, "seconds": 24.0}])
    assert panel.measured.source == "round"
    assert panel.measured.seconds == pytest.approx(22.0 / 2)       # median 22 s / 2 epochs
    text = panel.time_label.text()
    assert "in the last round a run took 11 s an epoch" in text, text


def test_the_estimate_in_chinese(qapp):
    label = RoundTimeLabelWidget()
    measured = MeasuredEpoch(40.0, None, None, 32, "round")
    i18n.set_language("zh_CN")
    try:
        label.show_estimate(12, 3, 2, measured, cores=2)      # 5 + 6 x 3 x 40 s = 12 min
        text = label.text()
        label.show_estimate(12, 3, 2, None, cores=2)
        unknown = label.text()
    finally:
        i18n.set_language("en")
    assert "约 12 分钟" in text and "40 秒" in text, text
    assert "还不知道" in unknown, unknown


@pytest.mark.parametrize("seconds, words", [(20, "less than a minute"), (725, "about 12 min"),
                                            (5400, "about 1.5 h")])
def test_about_text(qapp, seconds, words):
    assert about_text(seconds) == words


def test_a_running_trial_moves_the_bar_and_the_line_says_the_time(panel, monkeypatch):
    now = [100.0]
    monkeypatch.setattr(panel.round_progress, "clock", lambda: now[0])
    monkeypatch.setattr(panel.worker, "start", lambda *a, **k: None)
    panel.runs_spin.setValue(4)
    panel.epochs_spin.setValue(1)
    assert panel.start()
    assert panel.progress.value() == 0 and "0:00 so far." in panel.status_label.text()
    now[0] = 130.0                  # 30 s later two runs are a quarter through their epoch
    for trial in (0, 1):
        panel.worker.sigYielded.emit(SearchProgress(trial, 0, 1, None, None, fraction=0.25))
    assert 0 < panel.progress.value() < panel.progress.maximum()
    assert panel.round_progress.done() == pytest.approx(0.5 / 4)
    text = panel.status_label.text()
    # 1/8 of the round in 30 s: 210 s to go
    assert "0:30 so far; about 4 min left." in text, text
    assert text.startswith("Round 1: 4 runs of 1 epochs")       # the sentence stays
    assert panel.progress.format() == "%p%  ·  0:30 so far; about 4 min left"


def test_while_a_round_runs_the_line_does_not_say_press_start(panel, monkeypatch):
    """walker24 W24-3 (lesson 15/2): while the lesson's own round ran, the line above it said
    "not known yet: ... Press Start once to measure it" over "under a minute left"."""
    monkeypatch.setattr(panel.worker, "start", lambda *a, **k: None)
    assert "Press Start" in panel.time_label.text()
    assert panel.start()
    assert panel.time_label.text() == ""
    panel.epochs_spin.setValue(2)          # a setting the lesson changes while it runs
    assert panel.time_label.text() == ""
    assert panel.progress.format() != "%p%  ·  time not known yet"
