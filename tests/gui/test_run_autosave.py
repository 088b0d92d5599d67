"""A run is autosaved early (brief polish6 item 2): weights change twice a second while it
trains, so the 2-second change delay never passes and only the 60-second timer wrote the
session; a crash in a run's first minute lost it. Its first autosave now comes at its
first epoch end (with that epoch's moment, to continue from) or 10 s after it started,
whichever is sooner, and only once per run."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from dlstudio.gui import workspace as ws
from dlstudio.gui import workspace_file


def _controller(studio, qtbot, tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    ctl = ws.WorkspaceController(studio, parent, autosave_path=tmp_path / "auto.dlsw")
    saves = []                      # (whether a run was active, the file's run position)
    write = ctl.autosave_now

    def autosave_now() -> bool:
        done = write()
        resume = workspace_file.read(ctl.autosave_path).resume if done else None
        saves.append((studio.is_active(), resume))
        return done

    ctl.autosave_now = autosave_now
    ctl.start_autosave()
    return ctl, saves


def test_the_first_epoch_end_of_a_run_is_autosaved_while_it_trains(small_studio, qtbot,
                                                                   tmp_path, monkeypatch):
    monkeypatch.setattr(ws, "RUN_FIRST_SAVE_MS", 600_000)    # the epoch end comes first
    ctl, saves = _controller(small_studio, qtbot, tmp_path)
    small_studio.set_train_spec(small_studio.train_spec.replace(epochs=3))
    small_studio.start()
    qtbot.waitUntil(lambda: not small_studio.is_active(), timeout=60000)
    during = [resume for active, resume in saves if active]
    assert len(during) == 1                         # once per run, not on every change
    moment, _data = during[0]
    assert moment.event == "epoch_end"              # the run position to continue from
    ctl.close()


def test_a_run_without_an_epoch_end_is_autosaved_after_a_while(small_studio, qtbot,
                                                               tmp_path, monkeypatch):
    monkeypatch.setattr(ws, "RUN_FIRST_SAVE_MS", 50)
    ctl, saves = _controller(small_studio, qtbot, tmp_path)
    small_studio.start(paused=True)                # no epoch ends while paused
    qtbot.waitUntil(lambda: bool(saves), timeout=10000)
    assert saves[0][0] is True
    qtbot.wait(200)
    assert len(saves) == 1
    small_studio.stop()
    qtbot.waitUntil(lambda: not small_studio.is_active(), timeout=60000)
    ctl.close()
