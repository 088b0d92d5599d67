"""A workspace keeps what a stopped or interrupted run needs to continue (walker7 W7-8, W7-14)."""
from __future__ import annotations

import json
import zipfile

import numpy as np

from dlstudio.gui import workspace_file as wf
from dlstudio.gui import workspace_resume
from float_tolerance import assert_float_close


def reopened(studio, path):
    """A fresh studio with the workspace ``studio`` saved to ``path``."""
    from dlstudio.gui.studio import Studio

    wf.write(path, wf.capture(studio))
    fresh = Studio()
    fresh.set_data_spec(studio.data_spec)
    ws = wf.read(path)
    wf.apply(fresh, ws)
    return fresh, ws


def test_a_saved_stopped_run_continues_like_the_original(small_studio, qtbot, stop_after,
                                                         tmp_path, one_thread):
    s = small_studio
    stop_after(6)
    fresh, ws = reopened(s, tmp_path / "stopped.dlsw")
    try:
        assert ws.problems == [] and ws.resume is not None
        moment = fresh.resume_point()
        assert moment is not None and moment.step == 6 and moment.has_optimizer_state
        assert "stopped in epoch" not in fresh.curves_note()      # a stop is no interruption
        with qtbot.waitSignal(fresh.runner.sigFinished, timeout=120000):
            assert fresh.continue_run()
        with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
            assert s.continue_run()
        assert fresh.store.latest("A").step == s.store.latest("A").step
        steps = fresh.store.series("A", "train_loss")[0]
        assert steps[0] == 0 and np.all(np.diff(steps) >= 0)      # the saved curves, appended
        for a, b in zip(fresh.weights("A"), s.weights("A")):
            assert_float_close(a, b, n_terms=s.train_spec.batch_size * 16, depth=3)
    finally:
        fresh.shutdown()


def test_an_interrupted_run_says_it_can_continue(small_studio, stop_after, tmp_path):
    s = small_studio
    stop_after(4)
    saved = wf.capture(s)
    saved.history = [rec for rec in saved.history if rec["event"] != "stopped"]
    wf.write(tmp_path / "crash.dlsw", saved)          # as an autosave made during the run
    from dlstudio.gui.studio import Studio

    fresh = Studio()
    try:
        wf.apply(fresh, wf.read(tmp_path / "crash.dlsw"))
        note = fresh.curves_note()
        assert "dlstudio closed during this run" in note and "Continue" in note
        assert "in epoch 1 (later steps were not saved)" in note
        assert fresh.resume_point() is not None
    finally:
        fresh.shutdown()


def test_a_reopened_finished_run_trains_on_once_epochs_is_raised(small_studio, qtbot,
                                                                tmp_path):
    """Walker9 W9-1: a finished homework reopened could not be trained on (Continue greyed,
    Start threw the trained weights and curves away). A workspace keeps a finished run's
    end too; once Epochs is raised above its epochs, Continue trains it on from there."""
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120000):
        s.start()
    end = s.store.latest("A").step
    fresh, ws = reopened(s, tmp_path / "done.dlsw")
    try:
        assert ws.resume is not None and ws.problems == []
        assert fresh.resume_point() is None and fresh.finished_epochs() == 1
        fresh.set_train_spec(fresh.train_spec.replace(epochs=3))
        moment = fresh.resume_point()
        assert moment is not None and fresh.resume_epoch(moment) == 2
        with qtbot.waitSignal(fresh.runner.sigFinished, timeout=120000):
            assert fresh.continue_run()
        assert fresh.state == "finished" and fresh.store.latest("A").step == 3 * end
        assert [e for _s, e, _m in fresh.store.events("A")] == ["finished"]   # one end
        assert fresh.store.latest("A").epoch + 1 == 3
    finally:
        fresh.shutdown()


def test_a_damaged_position_is_left_out_and_said(small_studio, stop_after, tmp_path):
    s = small_studio
    stop_after(3)
    path = tmp_path / "damaged.dlsw"
    wf.write(path, wf.capture(s))
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members[workspace_resume.MEMBER] = b"not an npz"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    ws = wf.read(path)
    assert ws.resume is None and ws.history and ws.weights
    assert [p.id for p in ws.problems] == ["workspace.resume_left_out"]


def test_a_large_optimizer_state_is_left_out_and_the_run_still_continues(
        small_studio, qtbot, stop_after, tmp_path, monkeypatch):
    s = small_studio
    stop_after(3)
    moment = s.resume_point()
    # room for the weights and the run's own state, not for Adam's two slots per weight
    monkeypatch.setattr(workspace_resume, "LIMIT_BYTES", moment.nbytes - 1)
    fresh, ws = reopened(s, tmp_path / "light.dlsw")
    try:
        assert not ws.resume[0].has_optimizer_state
        messages = []
        fresh.sigMessage.connect(messages.append)
        with qtbot.waitSignal(fresh.runner.sigFinished, timeout=120000):
            assert fresh.continue_run()
        assert any("optimizer starts afresh" in m for m in messages)
        assert fresh.state == "finished"
    finally:
        fresh.shutdown()
    monkeypatch.setattr(workspace_resume, "LIMIT_BYTES", 16)     # not even the weights fit
    assert workspace_resume.resume_parts((moment, s.data_spec)) is None
