"""Studio: specs with undo/redo and a real training run driven from the GUI side
(start, telemetry, pause, step, stop, reset, live settings, failures). Variants:
``test_studio_variants.py``."""
from __future__ import annotations

from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui.studio import Studio


def _wait_state(qtbot, studio, *states, timeout=60000):
    qtbot.waitUntil(lambda: studio.state in states, timeout=timeout)


def test_network_edits_undo_and_redo(small_studio, qtbot):
    s = small_studio
    first = s.network_spec
    with qtbot.waitSignal(s.sigNetworkChanged):
        s.set_network_spec(first.insert_layer(0, LayerSpec("Dense", {"units": 4})))
    assert len(s.network_spec.layers) == len(first.layers) + 1
    assert s.can_undo() and not s.can_redo()
    s.undo()
    assert s.network_spec == first
    assert s.can_redo()
    s.redo()
    assert len(s.network_spec.layers) == len(first.layers) + 1
    s.set_network_spec("mlp_300_100")          # a preset name is accepted too
    assert s.network_spec.input_shape == (28, 28, 1)


def test_training_run_reports_telemetry_and_finishes(small_studio, qtbot):
    s = small_studio
    states = []
    s.sigRunStateChanged.connect(states.append)
    with qtbot.waitSignal(s.sigTelemetry, timeout=60000):
        s.start()
    _wait_state(qtbot, s, "finished")
    assert states[0] == "preparing" and "running" in states
    assert s.last_telemetry.event == "finished"
    assert s.store.variants() == ["A"] and s.last_telemetry.variant == "A"   # one name
    assert s.store.snapshots("A")[-1] is s.last_telemetry
    assert s.history and s.history[-1]["event"] == "finished"
    assert not s.store.is_empty() if hasattr(s.store, "is_empty") else True
    qtbot.waitUntil(lambda: s.weights("A") is not None, timeout=5000)
    net = s.network                    # a GUI-side copy with the trained weights
    assert net is not None
    for a, b in zip(net.get_weights(), s.weights("A")):
        assert (a == b).all()


def test_pause_step_and_stop(small_studio, qtbot):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=200))
    with qtbot.waitSignal(s.sigTelemetry, timeout=60000):
        s.start()
    _wait_state(qtbot, s, "running")
    s.pause()
    assert s.state == "paused"
    qtbot.wait(300)                    # let snapshots already in flight arrive
    with qtbot.waitSignal(s.sigTelemetry, timeout=10000):
        s.step_once()             # reports the steps done since the last snapshot
    qtbot.wait(200)
    before = s.last_telemetry.step
    with qtbot.waitSignal(s.sigTelemetry, timeout=10000):
        s.step_once()
    qtbot.wait(200)
    assert s.last_telemetry.step == before + 1
    assert s.state == "paused"
    s.resume()
    assert s.state == "running"
    s.update_live(learning_rate=0.005)           # accepted mid-run
    s.set_train_spec(s.train_spec.replace(l2=1e-4))   # forwarded as a live change
    s.stop()
    _wait_state(qtbot, s, "stopped")
    s.reset_weights()
    assert s.state == "idle" and s.weights("A") is None and not s.history


def test_step_when_idle_starts_a_paused_run(small_studio, qtbot):
    s = small_studio
    with qtbot.waitSignal(s.sigTelemetry, timeout=60000):
        s.step_once()
    qtbot.waitUntil(lambda: s.last_telemetry is not None and s.last_telemetry.step >= 1,
                    timeout=10000)
    assert s.state == "paused"
    s.stop()
    _wait_state(qtbot, s, "stopped")


def test_starting_again_cancels_the_old_run(small_studio, qtbot):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=500))
    with qtbot.waitSignal(s.sigTelemetry, timeout=60000):
        s.start()
    first = s.runner.control
    with qtbot.waitSignal(s.sigTelemetry, timeout=60000):
        s.start()
    assert first.stop_requested and s.runner.control is not first
    qtbot.waitUntil(lambda: len(s.runner.threads()) == 1, timeout=10000)
    s.stop()
    _wait_state(qtbot, s, "stopped")


def test_a_run_that_cannot_start_reports_an_error(small_studio, qtbot):
    s = small_studio
    # an image network on 2-D points: the trainer refuses with a message for the user; the
    # data it loaded shows the mismatch, a setting to fix rather than a failed run (W5-15)
    s.set_network_spec("mlp_300_100")
    with qtbot.waitSignal(s.sigError, timeout=60000) as blocker:
        s.start()
    _wait_state(qtbot, s, "idle")
    assert "input shape" in blocker.args[0]


def test_invalid_live_setting_is_reported_not_raised(small_studio, qtbot):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=500))
    with qtbot.waitSignal(s.sigTelemetry, timeout=60000):
        s.start()
    with qtbot.waitSignal(s.sigError):
        s.update_live(learning_rate=-1.0)
    s.stop()
    _wait_state(qtbot, s, "stopped")


def test_shutdown_joins_running_threads(small_studio, qtbot):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=500))
    with qtbot.waitSignal(s.sigTelemetry, timeout=60000):
        s.start()
    threads = s.runner.threads()
    s.shutdown()
    assert all(t.isFinished() for t in threads)


def test_compare_run_trains_all_variants_in_lockstep(small_studio, qtbot):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    s.add_variant()
    s.set_variant("B", train_spec=s.train_spec.replace(learning_rate=0.05))
    seen, said = set(), []
    s.sigTelemetry.connect(lambda snap: seen.add(snap.variant))
    s.sigMessage.connect(said.append)
    s.start()
    _wait_state(qtbot, s, "finished", "failed")
    assert s.state == "finished"
    assert seen == {"A", "B"}
    # the end of the run says what the status line says about every variant, not the end
    # message of whichever variant ended last
    from dlstudio.gui.plots.status import status_text

    assert said and said[-1] == status_text(s.store) and "B: " in said[-1]
    qtbot.waitUntil(lambda: s.weights("B") is not None, timeout=5000)
    assert s.network_for("B") is not None
    wa, wb = s.weights("A"), s.weights("B")
    assert any((a != b).any() for a, b in zip(wa, wb))   # different rates, different weights


def test_start_with_an_invalid_network_explains_and_does_not_run(small_studio, qtbot):
    s = small_studio
    s.set_network_spec(s.network_spec.insert_layer(0, LayerSpec("Conv2D", {
        "filters": 4, "kernel_size": 3})))
    with qtbot.waitSignal(s.sigError) as blocker:
        s.start()
    assert blocker.args[0].startswith("Layer 1 conv2d") and "input shape" in blocker.args[0]
    assert s.state == "idle" and not s.runner.threads()


def test_live_settings_changed_in_the_spec_are_the_live_ones(small_studio):
    from dlstudio.training.control import LIVE_SETTINGS, live_changes

    a = small_studio.train_spec
    b = a.replace(learning_rate=0.5, l2=1e-3, epochs=9)
    assert live_changes(a, b) == {"learning_rate": 0.5, "l2": 1e-3}
    assert set(live_changes(a, b)) <= set(LIVE_SETTINGS)


def test_engine_kernels_warm_up_in_the_background(small_studio, qtbot):
    """The window starts the kernel warm-up on the studio's warmer worker (not a thread of its
    own); it ends with sigFinished, never sigFailed."""
    s = small_studio
    failed = []
    s.warmer.sigFailed.connect(failed.append)
    with qtbot.waitSignal(s.warmer.sigFinished, timeout=300000):
        s.warm_up_engine()
    assert failed == []


def test_warm_up_is_held_while_a_run_prepares_or_trains(small_studio, qtbot, monkeypatch):
    """A run compiles what it needs without waiting behind the warm-up's kernels (Numba
    compiles one at a time): the warm-up waits between its stages while a run prepares or
    trains, and goes on once the run pauses or ends (issue 13)."""
    import threading

    import numpy as np

    from dlstudio.engine import warmup as warmup_module

    s = small_studio
    entered, go, answers = threading.Event(), threading.Event(), []

    def fake_warmup(dtypes=(np.float32,), between=None):
        entered.set()
        go.wait(30)
        answers.append(between())

    monkeypatch.setattr(warmup_module, "warmup", fake_warmup)
    s.warm_up_engine()
    assert entered.wait(30)
    s.sigRunStateChanged.emit("preparing")          # a run starts while the warm-up works
    go.set()
    qtbot.wait(300)
    assert answers == []                 # held
    with qtbot.waitSignal(s.warmer.sigFinished, timeout=30000):
        s.sigRunStateChanged.emit("paused")
    assert answers == [True]


def test_data_that_cannot_feed_the_network_is_said_before_a_run_starts(qtbot, small_studio):
    """A 2-feature data set with a 28x28 network: one clear settings message, no failed run,
    and the last run's plots are kept (walker3 W3-16: it read like a crash)."""
    s = small_studio
    with qtbot.waitSignal(s.sigDatasetReady, timeout=60000):
        s.load_dataset()
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.start(max_steps=3)
    kept = len(s.store.variants())
    s.set_network_spec("mnist_convnet")
    errors = []
    s.sigError.connect(errors.append)
    s.start()
    assert len(errors) == 1 and "input shape (Input shape in the Network panel" in errors[0]
    assert "[2]" in errors[0] and "[28, 28, 1]" in errors[0]
    assert s.state != "failed" and len(s.store.variants()) == kept > 0


def test_start_lists_every_problem_with_the_data_at_once(small_studio, qtbot):
    """Walker5 W5-15: the toy network on three classes of 2-D points read one dialog per
    problem, the second (output units) in crash wording from the failed run. Now Start lists
    the input-shape and the output-unit mismatches together, naming the data as the Data
    panel does, and no run starts."""
    s = small_studio
    s.set_data_spec(s.data_spec.with_(dataset="blobs").with_params(n_samples=90, n_classes=3))
    with qtbot.waitSignal(s.sigDatasetReady, timeout=60000):
        s.load_dataset()
    s.set_network_spec(NetworkSpec((3,), (LayerSpec("Dense", {"units": 2,
                                                               "activation": "softmax"}),)))
    errors = []
    s.sigError.connect(errors.append)
    s.start()
    assert len(errors) == 1, errors
    lines = errors[0].splitlines()
    assert len(lines) == 2 and all(line.startswith("• ") for line in lines)
    assert "[3]" in lines[0] and "[2]" in lines[0]
    assert "3 classes" in lines[1] and "2 units" in lines[1] and "3 units" in lines[1]
    assert "Gaussian blobs" in errors[0] and "'blobs'" not in errors[0]
    assert s.state == "idle" and not s.runner.threads()


def test_a_mismatch_found_only_when_the_run_loaded_the_data_is_a_setting_to_fix(small_studio,
                                                                              qtbot):
    """Start before the data was loaded: the run loads it, finds more classes than output
    units and stops; the studio says what to fix (state idle), not that something failed."""
    s = small_studio
    s.set_data_spec(s.data_spec.with_(dataset="blobs").with_params(n_samples=90, n_classes=3))
    assert s.dataset is None
    errors = []
    s.sigError.connect(errors.append)
    with qtbot.waitSignal(s.sigError, timeout=60000):
        s.start()
    assert "3 classes" in errors[-1] and "2 units" in errors[-1]
    assert s.state == "idle"


def test_start_also_says_what_the_network_needs_once_its_input_shape_matches(small_studio,
                                                                             qtbot):
    """Walker7 W7-6: the 2-D toy on 28x28 images first said only "set the input shape"; the
    missing Flatten came at the next Start. Both are said at the first one."""
    s = small_studio
    s.set_data_spec(s.data_spec.with_(dataset="digits").with_params(n_samples=200))
    with qtbot.waitSignal(s.sigDatasetReady, timeout=60000):
        s.load_dataset()
    s.set_network_spec("toy_2d")
    errors = []
    s.sigError.connect(errors.append)
    s.start()
    assert len(errors) == 1, errors
    lines = errors[0].splitlines()
    assert len(lines) == 3 and all(line.startswith("• ") for line in lines), lines
    assert lines[0].startswith("• The network expects inputs of shape [2]")
    assert "[28, 28, 1]" in lines[0]
    assert "Flatten" in lines[1] and "10 classes" in lines[2]
    assert s.state == "idle" and not s.runner.threads()


def test_an_edit_undone_or_typed_back_brings_the_trained_weights_back(small_studio, qtbot):
    """Walker17 W17-23: "28, 28" typed for "28, 28, 1" and corrected at once (or undone)
    threw away five epochs of MNIST: the network on screen was the trained one again, with
    new random weights, and only reopening the file brought them back."""
    import numpy as np

    from dlstudio.engine.spec import NetworkSpec

    s = small_studio
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.start()
    trained = [w.copy() for w in s.shown_weights("A")]
    spec = s.network_spec
    s.set_network_spec(NetworkSpec((3,), spec.layers))           # the slip
    assert s.shown_weights("A") is None
    s.set_network_spec(spec)                                       # typed back
    assert all(np.array_equal(a, b) for a, b in zip(s.shown_weights("A"), trained))
    assert s.curves_note() == ""
    s.set_network_spec(NetworkSpec((3,), spec.layers))
    s.undo()                                                       # or undone
    assert all(np.array_equal(a, b) for a, b in zip(s.shown_weights("A"), trained))
    s.set_network_spec(NetworkSpec((3,), spec.layers))
    s.reset_weights()                                              # Reset forgets them
    s.set_network_spec(spec)
    assert s.shown_weights("A") is None
