"""A network edited while a run trains (walker5 W5-18): the run goes on with the network it
started with, the editor says so, and the run's weights are not kept for the edited network
(a saved workspace used to pair them and reopen as "do not fit its network (damaged file?)")."""
from __future__ import annotations

from dlstudio.engine import spec_edits as edits
from dlstudio.gui import workspace
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
    studio.set_network_spec(edits.set_hidden_activation(studio.network_spec, "relu"))
    assert studio.edited_since_run() == ["A"]
    assert editor.run_note.isVisible()
    studio.stop()
    qtbot.waitUntil(lambda: not studio.is_active(), timeout=60000)
    assert not editor.run_note.isVisible()
    assert studio.weights("A") is None                    # they belong to the old network
    assert "A" not in workspace.capture(studio).weights
