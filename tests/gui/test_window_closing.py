"""Closing the main window (``gui/window_closing.py``); Quit during a run and its question
are ``test_quit_during_run.py``, a second window's unsaved work ``test_second_window_close.py``."""
from __future__ import annotations


def test_closing_while_training_stops_and_joins(window, small_studio, qtbot):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=500))
    with qtbot.waitSignal(s.sigTelemetry, timeout=60000):
        s.start()
    threads = s.runner.threads()
    window.close()
    assert all(t.isFinished() for t in threads)
    assert not s.runner.threads()


def test_the_system_ending_waits_for_busy_work_no_longer_than_its_budget(window, small_studio,
                                                                         qtbot, tmp_path,
                                                                         monkeypatch):
    """SIGTERM while a worker cannot stop (a kernel compiling on a cold Numba cache, the step
    debugger's first trace): every wait ends by ``SYSTEM_END_WAIT_MS`` after the end began,
    and the session is saved (it waited 15 s for each busy worker: 45 s while training on a
    cold cache). The assertion is on the waits asked for, not on how long they took."""
    import threading
    import time

    from dlstudio.gui import window_closing
    from dlstudio.gui.job_runner import blocking_job
    from dlstudio.gui.workspace import WorkspaceController
    from dlstudio.gui.worker import GeneratorWorker

    autosave = tmp_path / "auto.dlsw"
    window.attach_workspace(WorkspaceController(small_studio, window, autosave_path=autosave))
    release = threading.Event()
    small_studio.warmer.start(blocking_job(lambda job: release.wait(120)))   # cannot stop
    waits = []
    shutdown = GeneratorWorker.shutdown

    def recorded(self, timeout_ms=60000):
        waits.append((self.name, time.monotonic(), timeout_ms))
        return shutdown(self, timeout_ms)

    monkeypatch.setattr(GeneratorWorker, "shutdown", recorded)
    try:
        window.end_for_system()
        began_by = time.monotonic()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=60000)
    finally:
        release.set()
    end_by = began_by + window_closing.SYSTEM_END_WAIT_MS / 1000
    assert "kernel-warmup" in [name for name, *_ in waits]
    # a wait asked for once the time is up is no wait at all
    late = [(name, timeout_ms) for name, asked, timeout_ms in waits
            if timeout_ms > 0 and asked + timeout_ms / 1000 > end_by + 0.002]
    assert not late, late
    assert autosave.exists()


def test_quit_still_waits_its_own_time_for_a_run(window):
    """Quit (no system end) keeps its waits: ``wait_left_ms`` gives what it is asked."""
    from dlstudio.gui.window_closing import CLOSE_WAIT_MS

    assert window.wait_left_ms(CLOSE_WAIT_MS) == CLOSE_WAIT_MS
