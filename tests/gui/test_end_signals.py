"""The system ends the window (``gui/end_signals.py``): SIGTERM closes it as File > Quit
does, so that the next start restores the session without calling it a crash (walker32 B1).

A real window in its own process (offscreen, its own HOME); nothing here measures time.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: the window, with the kernels' warm-up replaced by nothing (a cold Numba cache would take a
#: minute); it prints every status message, and "READY" once its session is in place
START = """
    import sys
    import dlstudio.gui.studio as studio_module
    from dlstudio.gui import app as app_module
    from dlstudio.gui.job_runner import blocking_job

    def no_warm_up(self):
        self.warmer.start(blocking_job(lambda job: None))

    studio_module.Studio.warm_up_engine = no_warm_up
    shown = app_module.after_show

    def after_show(window, args):
        window.studio.sigMessage.connect(lambda text: print("MESSAGE", text, flush=True))
        shown(window, args)
        print("READY", flush=True)

    app_module.after_show = after_show
    sys.exit(app_module.run([]))
    """


def _start(home: Path) -> subprocess.Popen:
    environ = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home),
                   XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
                   PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(START)], env=environ,
                            cwd=str(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _until_ready(proc: subprocess.Popen) -> list[str]:
    lines = []
    for line in proc.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("READY"):
            return lines
    proc.wait(30)
    raise AssertionError(f"the window did not start: {lines} {proc.stderr.read()}")


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix",
                    reason="POSIX signals")
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP"])
def test_a_terminated_window_is_not_taken_for_a_crash(tmp_path, sig):
    first = _start(tmp_path)
    try:
        _until_ready(first)
        time.sleep(0.5)                     # the start's own messages have come
        first.send_signal(getattr(signal, sig))
        out, err = first.communicate(timeout=60)
    finally:
        first.kill()
    assert first.returncode == 0, err       # ended as Quit ends, not by the signal
    assert list(tmp_path.rglob("autosave.dlsw")), "the session was saved"
    assert not list(tmp_path.rglob("autosave.dlsw.lock")), "the session's lock was let go"
    second = _start(tmp_path)
    try:
        said = "\n".join(_until_ready(second))
        time.sleep(0.5)
        second.send_signal(signal.SIGTERM)
        second.communicate(timeout=60)
    finally:
        second.kill()
    assert "did not close properly" not in said
    assert "Restored your last session." in said
