"""A run is autosaved early (brief polish6 item 2): weights change twice a second while it
trains, so the 2-second change delay never passes and only the 60-second timer wrote the
session; a crash in a run's first minute lost it. Its first autosave now comes at its
first epoch end (with that epoch's moment, to continue from) or 10 s after it started,
whichever is sooner, and only once per run."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from dlstudio.gui import autosave_timer
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
    monkeypatch.setattr(autosave_timer, "RUN_FIRST_SAVE_MS", 600_000)  # the epoch end first
    ctl, saves = _controller(small_studio, qtbot, tmp_path)
    ctl.autosave.clock = lambda: 0.0                # the later epoch ends come at once
    small_studio.set_train_spec(small_studio.train_spec.replace(epochs=3))
    small_studio.start()
    qtbot.waitUntil(lambda: not small_studio.is_active(), timeout=60000)
    during = [resume for active, resume in saves if active]
    assert len(during) == 1                         # once, not on every change
    moment, _data = during[0]
    assert moment.event == "epoch_end"              # the run position to continue from
    ctl.close()


def test_a_run_without_an_epoch_end_is_autosaved_after_a_while(small_studio, qtbot,
                                                               tmp_path, monkeypatch):
    monkeypatch.setattr(autosave_timer, "RUN_FIRST_SAVE_MS", 50)
    ctl, saves = _controller(small_studio, qtbot, tmp_path)
    small_studio.start(paused=True)                # no epoch ends while paused
    qtbot.waitUntil(lambda: bool(saves), timeout=10000)
    assert saves[0][0] is True
    qtbot.wait(200)
    assert len(saves) == 1
    small_studio.stop()
    qtbot.waitUntil(lambda: not small_studio.is_active(), timeout=60000)
    ctl.close()


def test_later_epoch_ends_are_autosaved_once_the_last_autosave_is_a_few_seconds_old(
        small_studio, qtbot, tmp_path, monkeypatch):
    """Walker9 W9-4: killed in epoch 51, the session came back at epoch 42 (the 60-second
    timer's last autosave); an epoch end now autosaves when the last autosave is at least
    ``RUN_SAVE_MIN_S`` old, so at most one epoch is lost."""
    monkeypatch.setattr(autosave_timer, "RUN_FIRST_SAVE_MS", 600_000)
    ctl, saves = _controller(small_studio, qtbot, tmp_path)
    now = [0.0]

    def clock() -> float:                           # each epoch takes 3 s
        return now[0]

    ctl.autosave.clock = clock
    small_studio.sigTelemetry.connect(
        lambda snap: now.__setitem__(0, now[0] + 3.0) if snap.event == "epoch_end" else None)
    small_studio.set_train_spec(small_studio.train_spec.replace(epochs=6))
    small_studio.start()
    qtbot.waitUntil(lambda: not small_studio.is_active(), timeout=60000)
    epochs = [resume[0].epoch for active, resume in saves if active]
    # the first epoch end, then every other one (6 s >= RUN_SAVE_MIN_S); moments count
    # epochs from 0
    assert epochs == [0, 2, 4]
    ctl.close()


def test_a_session_autosaved_at_an_epoch_end_says_what_the_autosave_holds(
        small_studio, qtbot, tmp_path, monkeypatch):
    """Killed after that autosave, the note said "interrupted at epoch 42" and "(epoch 43)"
    in one sentence; it now says what the autosave has and where Continue goes on."""
    from dlstudio.gui.studio import Studio

    monkeypatch.setattr(autosave_timer, "RUN_FIRST_SAVE_MS", 600_000)
    ctl, saves = _controller(small_studio, qtbot, tmp_path)
    kept = tmp_path / "killed.dlsw"
    write = ctl.autosave_now

    def autosave_now() -> bool:          # the file as it was at the run's first autosave
        done = write()
        if done and small_studio.is_active() and not kept.exists():
            kept.write_bytes(ctl.autosave_path.read_bytes())
        return done

    ctl.autosave_now = autosave_now
    small_studio.set_train_spec(small_studio.train_spec.replace(epochs=3))
    small_studio.start()
    qtbot.waitUntil(lambda: not small_studio.is_active(), timeout=60000)
    ctl.close()
    fresh = Studio()
    try:
        workspace_file.apply(fresh, workspace_file.read(kept))
        assert fresh.curves_note() == (
            "dlstudio closed during this run. Its last autosave has it at the end of epoch 1 "
            "(later steps were not saved): Continue trains it on from epoch 2; Start trains "
            "again from new weights.")
    finally:
        fresh.shutdown()
