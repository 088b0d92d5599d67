"""The workspace file: save and reopen round-trips specs, variants, weights and run history;
broken, foreign and future files give a clear error (never a crash); migration; a file never
points the app at another file."""
from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

from dlstudio.gui import workspace_file as ws
from dlstudio.gui.studio import Studio


def _trained(small_studio, qtbot):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    s.add_variant()
    s.set_variant("B", train_spec=s.train_spec.replace(learning_rate=0.05))
    s.start(compare=False)
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60000)
    qtbot.waitUntil(lambda: s.weights("A") is not None, timeout=5000)
    return s


def test_save_and_reopen_round_trips(small_studio, qtbot, tmp_path, user_dir):
    s = _trained(small_studio, qtbot)
    path = tmp_path / "lesson.dlsw"
    ws.write(path, ws.capture(s))
    back = ws.read(path)
    assert back.network == s.network_spec
    assert back.data == s.data_spec
    assert back.train == s.train_spec
    assert [v["name"] for v in back.variants] == ["B"]
    assert back.variants[0]["train"].learning_rate == 0.05
    assert len(back.weights["A"]) == len(s.weights("A"))
    for a, b in zip(back.weights["A"], s.weights("A")):
        np.testing.assert_array_equal(a, b)
    assert back.history == json.loads(json.dumps(s.history))
    assert back.run_state == "finished"

    fresh = Studio()
    ws.apply(fresh, back)
    assert fresh.network_spec == s.network_spec and fresh.train_spec == s.train_spec
    assert [v.name for v in fresh.variants] == ["A", "B"]
    assert len(fresh.history) == len(s.history)
    assert fresh.last_telemetry is not None and fresh.last_telemetry.event == "finished"
    net = fresh.network
    for a, b in zip(net.get_weights(), s.weights("A")):
        np.testing.assert_array_equal(a, b)
    fresh.shutdown()


@pytest.mark.parametrize("content,says", [(b"not a zip at all", "not a dlstudio (file|workspace)"),
                                          (b"", r"the file is empty \(0 bytes\)")])
def test_broken_file_gives_a_clear_error(tmp_path, content, says):
    path = tmp_path / "broken.dlsw"
    path.write_bytes(content)
    with pytest.raises(ws.WorkspaceError, match=says):
        ws.read(path)


def test_foreign_and_future_files_are_refused(tmp_path):
    path = tmp_path / "x.dlsw"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("workspace.json", json.dumps({"format": "something.else"}))
    with pytest.raises(ws.WorkspaceError):
        ws.read(path)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("workspace.json", json.dumps({"format": ws.FORMAT, "version": 99}))
    with pytest.raises(ws.WorkspaceError, match="newer dlstudio"):
        ws.read(path)
    with pytest.raises(ws.WorkspaceError, match="no such file"):
        ws.read(tmp_path / "missing.dlsw")


def test_version_0_documents_are_migrated(small_studio, tmp_path):
    s = small_studio
    doc = ws.to_document(ws.capture(s))
    old = {"format": ws.FORMAT, "version": 0, "network_spec": doc["network"],
           "data_spec": doc["data"], "train_spec": doc["train"]}
    path = tmp_path / "old.dlsw"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("workspace.json", json.dumps(old))
    back = ws.read(path)
    assert back.network == s.network_spec and back.train == s.train_spec
    assert ws.migrate({"version": 1})["version"] == 1



@pytest.mark.parametrize("network", ["/dev/zero", 5, None])
def test_a_workspace_cannot_point_at_another_file(tmp_path, small_studio, network):
    doc = ws.to_document(ws.Workspace(network=small_studio.network_spec,
                                      data=small_studio.data_spec,
                                      train=small_studio.train_spec))
    doc["network"] = network
    path = tmp_path / "w.dlsw"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("workspace.json", json.dumps(doc))
    with pytest.raises(ws.WorkspaceError, match="JSON object"):
        ws.read(path)



def test_a_workspace_that_cannot_open_says_why_in_chinese(tmp_path):
    from dlstudio.messages import render_error

    path = tmp_path / "other.dlsw"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("notes.txt", "hello")
    with pytest.raises(ws.WorkspaceError) as err:
        ws.read(path)
    assert str(err.value) == ("other.dlsw is not a dlstudio workspace (it should be a zip file "
                              "holding workspace.json); it may be damaged")
    assert render_error(err.value, "zh") == ("other.dlsw 不是 dlstudio 工作区（它应该是一个包含 "
                                             "workspace.json 的 zip 文件）；文件可能已损坏")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("workspace.json", json.dumps({"format": ws.FORMAT, "version": 7}))
    with pytest.raises(ws.WorkspaceError) as err:
        ws.read(path)
    assert "newer dlstudio (version 7)" in str(err.value)
    assert "版本 7" in render_error(err.value, "zh")


def test_a_workspace_saved_after_send_to_studio_trains_on_from_the_sent_weights(
        small_studio, qtbot, tmp_path, user_dir):
    """Keepwork2 3: Save, Open, Start gave the sent network new random weights (without the
    save, Start trains it on from the sent ones: W9-26)."""
    from dlstudio import Network
    from dlstudio.engine import spec_edits as edits

    s = small_studio
    sent_spec = edits.set_hidden_activation(s.network_spec, "relu")
    sent = Network.from_spec(sent_spec, seed=7).get_weights()
    s.install_trained_network(sent_spec, sent)
    path = tmp_path / "sent.dlsw"
    ws.write(path, ws.capture(s))
    back = ws.read(path)
    assert back.start_from_weights
    fresh = Studio()
    ws.apply(fresh, back)
    kept = fresh.weights_to_start_from(fresh.network_spec)
    assert kept is not None
    for a, b in zip(kept, sent):
        np.testing.assert_array_equal(a, b)
    # one step at a tiny rate: the weights stay within ~1e-6 of where Start began
    fresh.set_train_spec(fresh.train_spec.replace(learning_rate=1e-7))
    with qtbot.waitSignal(fresh.runner.sigFinished, timeout=120_000):
        fresh.start(max_steps=1)
    for a, b in zip(fresh.weights("A"), sent):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-4)
    fresh.shutdown()
    # saved once it trained: the next Start gives new weights, and the file says so
    ws.write(path, ws.capture(fresh))
    assert not ws.read(path).start_from_weights


def test_a_workspace_of_the_previous_version_opens_without_sent_weights(small_studio,
                                                                         tmp_path):
    """Files written before ``start_from_weights`` open as before: Start gives new weights."""
    from dlstudio import Network

    s = small_studio
    s.install_trained_network(s.network_spec, Network.from_spec(s.network_spec, seed=7)
                              .get_weights())
    path = tmp_path / "before.dlsw"
    ws.write(path, ws.capture(s))
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    doc = json.loads(members["workspace.json"])
    assert doc.pop("start_from_weights") is True
    members["workspace.json"] = json.dumps(doc).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    back = ws.read(path)
    assert not back.start_from_weights and len(back.weights["A"]) == len(s.weights("A"))
    fresh = Studio()
    ws.apply(fresh, back)
    assert fresh.weights_to_start_from(fresh.network_spec) is None
    fresh.shutdown()
