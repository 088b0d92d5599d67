"""The window's start-up: it paints before the heavy modules load, and the trace tells when.

Each test starts a fresh interpreter (what is imported depends on what ran before in the
process). Nothing here measures time: only which modules are loaded at which milestone and
in which order the milestones come.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: modules that must not load before the window first paints: the compiler and kernels
#: (they come with the panels, and compile in the background), the plotting library (its
#: import alone takes ~0.3-1 s), and the optional frameworks of interop
LAZY = ("numba", "pyqtgraph", "torch", "tensorflow", "keras", "onnx", "scipy",
        "dlstudio.engine.kernels", "dlstudio.engine.layers")


def _run(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environ = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
                   XDG_CONFIG_HOME=str(tmp_path / "config"),
                   XDG_DATA_HOME=str(tmp_path / "data"),
                   PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), **env)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=240, env=environ, cwd=str(tmp_path))


def test_the_window_paints_before_the_heavy_modules_load(tmp_path):
    out = _run("""
        import sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from dlstudio.gui import startup_trace
        from dlstudio.gui.app import build_window

        app = QApplication([])
        window = build_window(None, "light", False)
        seen = {}

        def painted():
            seen["modules"] = set(sys.modules)
            seen["built"] = window._panels_built
            QTimer.singleShot(0, app.quit)

        startup_trace.on_next_paint(window, painted)
        window.show()
        app.exec()
        lazy = sys.argv[1:]
        print("built", seen["built"])
        print("loaded", [m for m in lazy if m in seen["modules"]])
        """.replace("sys.argv[1:]", repr(list(LAZY))), tmp_path)
    assert out.returncode == 0, out.stderr
    assert "built False" in out.stdout          # the panels come after the first paint
    assert "loaded []" in out.stdout, out.stdout


def test_the_trace_prints_the_milestones_in_order(tmp_path):
    # the kernels' warm-up is replaced by nothing (a cold Numba cache would take a minute)
    out = _run("""
        import sys
        import dlstudio.gui.studio as studio_module
        from dlstudio.gui.job_runner import blocking_job

        def no_warm_up(self):
            self.warmer.start(blocking_job(lambda job: None))

        studio_module.Studio.warm_up_engine = no_warm_up
        from dlstudio.gui.app import run
        sys.exit(run(["--fresh"]))
        """, tmp_path, DLSTUDIO_STARTUP_TRACE="exit")
    assert out.returncode == 0, out.stderr
    lines = [line.split(maxsplit=2) for line in out.stderr.splitlines()
             if line.startswith("startup ")]
    names = [name for _, _, name in lines]
    assert names == ["imports done", "window constructed", "first paint", "panels built",
                     "panels painted", "kernels ready", "exit"], out.stderr
    times = [float(t) for _, t, _ in lines]
    assert times == sorted(times) and times[0] > 0


def test_marks_keep_the_first_time():
    from dlstudio.gui import startup_trace

    first = startup_trace.mark("test milestone")
    assert startup_trace.mark("test milestone") == first
    assert startup_trace.marks()["test milestone"] == first


def test_the_window_lets_the_trainer_take_the_gil_back_soon(qapp, monkeypatch):
    from dlstudio.gui import app

    monkeypatch.setattr(sys, "setswitchinterval", lambda s: seen.append(s))
    seen: list[float] = []
    window = app.build_window(None, "light", False)
    window.deleteLater()
    assert seen == [app.GIL_SWITCH_SECONDS] and app.GIL_SWITCH_SECONDS < 0.005


def test_the_empty_window_says_its_panels_are_loading(qtbot):
    """Walker32 B0: on a loaded machine the empty docks stayed 12-15 s with no sign that
    the panels were coming; they say so until the panels are in place."""
    from PySide6.QtWidgets import QLabel

    from dlstudio.gui.main_window import MainWindow
    from dlstudio.gui.studio import Studio

    studio = Studio()
    window = MainWindow(studio)
    qtbot.addWidget(window)
    loading = "Loading the panels..."
    assert window.docks["network"].widget().text() == loading
    assert window.plot_tabs.widget(0).text() == loading
    window.build_panels()
    assert not [label for label in window.findChildren(QLabel) if label.text() == loading]
    window.close()
    studio.shutdown()


def test_the_progress_line_says_ready_only_once_the_panels_are_built(qtbot):
    """fix69's list: beside "Loading the panels..." the toolbar already said "Ready. Press
    Start (F5) to train."; it says that once the panels are in place."""
    from dlstudio.gui.main_window import MainWindow
    from dlstudio.gui.studio import Studio

    studio = Studio()
    window = MainWindow(studio)
    qtbot.addWidget(window)
    ready = "Ready. Press Start (F5) to train."
    assert window.progress.label.text() == "Loading the panels..."
    window.retranslate()                      # (a language switch keeps it)
    assert window.progress.label.text() == "Loading the panels..."
    window.build_panels()
    assert window.progress.label.text() == ready
    window.close()
    studio.shutdown()


def test_a_launcher_without_a_main_guard_opens_no_window_in_its_spawned_processes(tmp_path):
    """A spawned process (a training child, a search worker) runs the launcher again before
    ``multiprocessing`` knows its parent: ``inside_worker_process`` must see it anyway, or
    each child opens a window of its own that outlives the one that started it."""
    launcher = tmp_path / "launcher.py"
    launcher.write_text(textwrap.dedent(f"""
        import multiprocessing, sys
        sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
        from dlstudio.gui.app import inside_worker_process
        print("INSIDE" if inside_worker_process() else "OUTSIDE", flush=True)

        def nothing():
            pass

        if __name__ == "__main__":
            child = multiprocessing.get_context("spawn").Process(target=nothing)
            child.start()
            child.join()
        """))
    out = subprocess.run([sys.executable, str(launcher)], capture_output=True, text=True,
                         timeout=120, cwd=tmp_path).stdout.split()
    assert out == ["OUTSIDE", "INSIDE"]
