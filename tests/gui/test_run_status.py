"""Status text that tells the truth: a lesson-length run finishes at its step count, a run
that ended shows no time left, one epoch is singular, and a settings error leaves the status
bar once the settings changed (an undo included)."""
from __future__ import annotations

import pytest

from dlstudio.engine.spec import LayerSpec
from dlstudio.gui.i18n import render
from tests.run_waits import wait_until

TIMEOUT = 60000


def _progress_text(window) -> str:
    return window.progress.label.text()


def _wait_state(qtbot, studio, *states):
    # a timeout says where each thread stood (the stop of a 500-epoch run once took more
    # than 60 s in a CI rehearsal, on a quiet machine, and never alone)
    wait_until(qtbot, lambda: studio.state in states, 2 * TIMEOUT, lambda: (
        f"waiting for {states}: state {studio.state}, job running {studio.runner.running}, "
        f"trainer waiting {studio.runner.control.waiting}, {studio.runner.pending()} items "
        f"not handed over, last step shown {studio.last_telemetry and studio.last_telemetry.step}"))


def test_a_lesson_length_run_finishes_at_its_step_count(window, small_studio, qtbot):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=3))        # 15 steps an epoch, 45 planned
    s.start(max_steps=30)
    _wait_state(qtbot, s, "finished", "stopped", "failed")
    assert s.state == "finished"
    last = s.last_telemetry
    assert last.event == "finished" and last.step == 30 and last.total_steps == 30
    message = render(last.message)
    assert "30 steps" in message and "user" not in message
    text = _progress_text(window)
    assert "30/30" in text and "left" not in text


def test_a_stopped_run_shows_no_time_left(window, small_studio, qtbot):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=500))
    with qtbot.waitSignal(s.sigTelemetry, timeout=TIMEOUT):
        s.start()
    _wait_state(qtbot, s, "running")
    qtbot.waitUntil(lambda: s.last_telemetry.step > 5, timeout=TIMEOUT)   # a rate measured
    s.stop()
    _wait_state(qtbot, s, "stopped")
    assert s.last_telemetry.examples_per_second > 0
    text = _progress_text(window)
    assert "examples/s" in text and "left" not in text


def test_one_epoch_is_singular(small_studio, qtbot):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    s.start()
    _wait_state(qtbot, s, "finished", "failed")
    message = render(s.last_telemetry.message)
    assert "1 epoch" in message and "epochs" not in message


def test_an_undone_settings_error_leaves_the_status_bar(window, small_studio, qtbot):
    s = small_studio
    s.set_network_spec(s.network_spec.insert_layer(0, LayerSpec("Conv2D", {
        "filters": 4, "kernel_size": 3})))
    with qtbot.waitSignal(s.sigError):
        s.start()
    assert "conv2d" in window.status_label.text()
    s.undo()
    assert window.status_label.text() == ""


def test_time_left_is_the_examples_to_go_at_each_variants_rate():
    from dlstudio.gui.widgets.run_progress import time_left
    from dlstudio.training.telemetry import Telemetry

    def snap(variant, step, rate, event="step"):
        return Telemetry(step=step, epoch=0, batch_loss=1.0, train_loss=1.0,
                         train_accuracy=None, learning_rate=0.1, examples_per_second=rate,
                         total_steps=100, event=event, variant=variant)

    batches = {"A": 10, "B": 20}
    assert time_left([snap("A", 50, 100.0)], batches) == pytest.approx(5.0)
    # variants in lockstep: the run ends with the slowest one
    assert time_left([snap("A", 50, 100.0), snap("B", 50, 100.0)], batches) == \
        pytest.approx(10.0)
    # a variant that diverged no longer trains
    assert time_left([snap("A", 50, 100.0), snap("B", 20, 1.0, "diverged")], batches) == \
        pytest.approx(5.0)
    assert time_left([snap("A", 0, 0.0)], batches) is None      # no rate measured yet
