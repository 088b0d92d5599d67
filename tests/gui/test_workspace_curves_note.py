"""Curves whose trained weights are not the ones the pages draw are said so (walker7 W7-3,
W7-4): a session restored after an edit made after its run, and a workspace whose weights
inside are damaged, say it on the page (the note above the plots) and in the status line;
the damaged-weights line names the weights inside the workspace, not the whole file."""
from __future__ import annotations

import io
import zipfile

from PySide6.QtWidgets import QWidget

from dlstudio.engine import spec_edits as edits
from dlstudio.gui import workspace as ws
from dlstudio.gui import workspace_file
from dlstudio.gui.studio import Studio


def _train(studio, qtbot):
    studio.set_train_spec(studio.train_spec.replace(epochs=1))
    studio.start()
    qtbot.waitUntil(lambda: studio.state == "finished", timeout=60000)
    qtbot.waitUntil(lambda: studio.weights("A") is not None, timeout=5000)


def test_an_edit_after_the_run_is_said_in_the_session_and_after_a_restart(small_studio,
                                                                          qtbot, tmp_path):
    s = small_studio
    _train(s, qtbot)
    assert s.curves_note() == ""
    trained = s.network_spec
    s.set_network_spec(edits.set_hidden_activation(trained, "relu"))
    assert "edited after this run" in s.curves_note()
    saved = workspace_file.capture(s)
    assert "A" not in saved.weights and saved.run_networks == {"A": trained}
    path = tmp_path / "auto.dlsw"
    workspace_file.write(path, saved)

    back = workspace_file.read(path)
    assert back.run_networks == {"A": trained}
    fresh = Studio()
    workspace_file.apply(fresh, back)
    assert fresh.network_spec != trained
    assert "edited after this run" in fresh.curves_note()
    fresh.set_network_spec(trained)          # back to the run's network: weights are gone
    assert "not here" in fresh.curves_note()
    fresh.start()
    assert fresh.curves_note() == ""         # a new run: its curves are the network's
    fresh.shutdown()


def _cut_weights(path, size=300):
    with zipfile.ZipFile(path) as zf:
        doc, weights = zf.read("workspace.json"), zf.read("weights.npz")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("workspace.json", doc)
        zf.writestr("weights.npz", weights[:size])


def test_damaged_weights_inside_name_the_weights_not_the_file(small_studio, qtbot, tmp_path):
    from dlstudio.gui.i18n import render
    from dlstudio.messages import render as render_in

    s = small_studio
    _train(s, qtbot)
    path = tmp_path / "noweights.dlsw"
    workspace_file.write(path, workspace_file.capture(s))
    _cut_weights(path)
    back = workspace_file.read(path)
    assert back.weights == {} and back.lost_weights[0] == "A" and back.history
    text = render(back.problems[0])
    assert text.startswith("the saved weights inside this workspace are damaged; the network "
                           "starts from new random weights")
    assert "noweights.dlsw" not in text and "zip" not in text
    assert "权重已损坏" in render_in(back.problems[0], "zh")
    fresh = Studio()
    workspace_file.apply(fresh, back)
    assert "damaged" in fresh.curves_note() and fresh.weights("A") is None
    fresh.shutdown()


def test_the_window_says_it_above_the_plots_and_in_the_status_line(window, qtbot, tmp_path):
    s = window.studio
    _train(s, qtbot)
    trained = s.network_spec
    path = tmp_path / "toy1.dlsw"
    workspace_file.write(path, workspace_file.capture(s))
    ctl = ws.WorkspaceController(s, window, autosave_path=tmp_path / "auto.dlsw")
    window.attach_workspace(ctl)

    s.set_network_spec(edits.set_hidden_activation(trained, "relu"))
    qtbot.waitUntil(lambda: "edited after this run" in window.status_label.text(),
                    timeout=3000)
    assert "edited after this run" in window.run_note.text()
    assert not window.run_note.isHidden()
    s.undo()                                    # the trained network is back, with its weights
    assert s.shown_weights("A") is not None and "not here" not in window.run_note.text()

    _cut_weights(path)
    assert ctl.open(path)
    qtbot.waitUntil(lambda: "damaged" in window.status_label.text(), timeout=3000)
    assert "damaged" in window.run_note.text()
    boxes = [w for w in window.findChildren(QWidget) if w.isVisible() and w.isWindow()
             and hasattr(w, "text")]
    assert any("inside this workspace" in b.text() for b in boxes)
    for b in boxes:
        b.close()


def test_the_notes_in_chinese(small_studio, qtbot):
    from dlstudio.gui import i18n

    s = small_studio
    _train(s, qtbot)
    s.set_network_spec(edits.set_hidden_activation(s.network_spec, "relu"))
    i18n.set_language("zh_CN")
    try:
        text = s.curves_note()
    finally:
        i18n.set_language("en")
    assert text and not text.isascii() and "开始" in text


def test_a_session_that_ended_during_its_run_says_the_run_was_interrupted(small_studio,
                                                                          qtbot, tmp_path):
    """Walker7 W7-8: after kill -9 mid-run the restored status read like a live run."""
    s = small_studio
    _train(s, qtbot)
    saved = workspace_file.capture(s)
    saved.history = [rec for rec in saved.history if rec["event"] not in ("finished",)]
    saved.run_state = "running"                      # what an autosave during the run holds
    path = tmp_path / "autosave.dlsw"
    workspace_file.write(path, saved)
    fresh = Studio()
    workspace_file.apply(fresh, workspace_file.read(path))
    note = fresh.curves_note()
    last = fresh.store.latest("A")
    assert "interrupted at epoch %d" % (last.epoch + 1) in note and "Start" in note
    fresh.start()
    assert fresh.curves_note() == ""                 # a new run: nothing interrupted
    fresh.shutdown()
