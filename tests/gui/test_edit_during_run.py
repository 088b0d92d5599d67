"""A network edited while a run trains (walker5 W5-18, W5-22): the run goes on with the
network it started with, the editor says so, the plot pages keep showing that network with
its trained weights, and a saved workspace does not pair those weights with the edited network
(it used to, and reopened with "do not fit its network (damaged file?)")."""
from __future__ import annotations

from dlstudio.engine import spec_edits as edits
from dlstudio.gui import workspace_file
from dlstudio.gui.editor.panel import NetworkEditorPanel


def test_an_edit_during_a_run_is_for_the_next_run(small_studio, qtbot):
    studio = small_studio
    studio.set_train_spec(studio.train_spec.replace(epochs=30))
    editor = NetworkEditorPanel(studio)
    qtbot.addWidget(editor)
    editor.show()
    studio.start()
    qtbot.waitUntil(lambda: studio.state == "running", timeout=60000)
    studio.pause()
    qtbot.waitUntil(lambda: studio.state == "paused", timeout=60000)
    assert studio.edited_since_run() == [] and not editor.run_note.isVisible()
    trained = studio.network_spec
    studio.set_network_spec(edits.set_hidden_activation(studio.network_spec, "relu"))
    assert studio.edited_since_run() == ["A"]
    assert editor.run_note.isVisible()
    studio.stop()
    qtbot.waitUntil(lambda: not studio.is_active(), timeout=60000)
    assert editor.run_note.isVisible() and "last run" in editor.run_note.text()
    # the pages keep showing the network the run trained, with its weights (W5-22) ...
    assert studio.weights("A") is not None
    shown = studio.network_for("A")
    assert shown.spec == trained and shown.spec != studio.network_spec
    assert all((a == b).all() for a, b in zip(shown.get_weights(), studio.weights("A")))
    # ... and a saved workspace does not pair them with the edited network (W5-18)
    assert "A" not in workspace_file.capture(studio).weights
    studio.undo()                                         # back to the trained network
    assert "A" in workspace_file.capture(studio).weights
    assert not editor.run_note.isVisible()


def test_the_live_dropout_rate_is_no_edit_of_the_network(small_studio, qtbot):
    """Training panel's "Dropout rate (live)" during a run changes the running network at
    once: the editor must not say the run trains the network as it was, nor drop the
    layers' health badges (walker34 W34-2)."""
    from dlstudio.gui.training.panel import TrainingPanel

    studio = small_studio
    studio.set_network_spec(edits.add_dropout(studio.network_spec, 0.2))
    studio.set_train_spec(studio.train_spec.replace(epochs=30))
    editor, training = NetworkEditorPanel(studio), TrainingPanel(studio)
    qtbot.addWidget(editor)
    qtbot.addWidget(training)
    editor.show()
    studio.start()
    qtbot.waitUntil(lambda: studio.state == "running", timeout=60000)
    qtbot.waitUntil(lambda: studio.preflight is not None, timeout=60000)   # the run's check
    studio.pause()
    qtbot.waitUntil(lambda: studio.state == "paused", timeout=60000)
    training.dropout_rate.setValue(0.5)
    # the layers keep the run's pre-flight verdicts (their health badges)
    assert studio.preflight is not None and studio.preflight.network_spec == studio.network_spec
    assert editor.stack.preflight is studio.preflight
    assert edits.dropout_rate(studio.network_spec) == 0.5       # the layers show the rate
    assert studio.edited_since_run() == [] and not editor.run_note.isVisible()
    assert studio.curve_networks()["A"] == studio.network_spec  # the badges stay
    assert edits.dropout_rate(studio.run_networks()["A"]) == 0.5
    studio.stop()
    qtbot.waitUntil(lambda: not studio.is_active(), timeout=60000)
    assert studio.edited_since_run() == [] and not editor.run_note.isVisible()
    assert studio.network_for("A").spec == studio.network_spec
