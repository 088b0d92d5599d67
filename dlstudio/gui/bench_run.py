"""The window side of ``dlstudio bench --window``: one workload trained in the real studio.

    python -m dlstudio.gui.bench_run [--panel NAME] [--process] WORKLOAD [STEPS]

Builds the window as ``dlstudio`` does (offscreen unless a display is set), puts the
workload of ``dlstudio.bench.window`` into the studio, waits for the data and the kernels,
presses Start and lets the live plots draw. A 5 ms timer on the GUI thread records how late
each tick comes while the measured steps train. Prints one ``RESULT {json}`` line: the
examples/s (measured as the headless side measures it), the lateness percentiles in ms, the
rate the window showed during the run and after it ended, with the progress line's text, the
probes' share of the training clock, and how the GUI and training threads spent the measured
steps (``dlstudio.bench.thread_times``).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: the timer whose lateness measures the GUI thread's responsiveness (ms)
TICK_MS = 5


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of ``values`` by linear interpolation (0 if empty)."""
    if not values:
        return 0.0
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def run(name: str, steps: int | None = None, panel: str | None = None,
        process: bool = False) -> dict:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from dlstudio.bench import thread_times
    from dlstudio.bench.rate_meter import RateMeter
    from dlstudio.bench.window import workload_specs
    from dlstudio.gui import collector, theme
    from dlstudio.gui.app import build_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    collector.install(app)      # as the app runs: cycles collected on the GUI thread only
    theme.apply(app)
    window = build_window(None, "light", False)
    window.resize(1500, 950)
    window.show()
    window.build_panels()
    studio = window.studio
    studio.train_in_process = process
    child = None                # the training child's pid
    if process:                 # as the app does when the preference is on
        from dlstudio.gui.training_process import idle_child, start_spare

        start_spare()
        child = idle_child().process.pid
    net_spec, data_spec, train_spec, steps = workload_specs(name, steps)
    studio.set_network_spec(net_spec, record=False)
    studio.set_data_spec(data_spec, follow_input=False)
    studio.set_train_spec(train_spec)
    if panel:
        studio.show_panel(panel)
    gui_thread = thread_times.current_thread_id()

    def watched() -> dict:
        """The GUI thread and the thread that trains: the child's main thread (its tid is
        its pid) or, training in this process, the worker's thread."""
        training = (child, child) if process else \
            thread_times.thread_named(thread_times.thread_times(), "training-")
        return {"gui": gui_thread, "training": training}

    meter = RateMeter(train_spec.batch_size, threads=watched, last_step=steps)
    studio.sigTelemetry.connect(meter.add)
    result: dict = {"mode": "window"}
    late: list[float] = []
    ready = {"kernels": False, "data": studio.dataset is not None, "started": False}

    def start_when_ready() -> None:
        if ready["kernels"] and ready["data"] and not ready["started"]:
            ready["started"] = True
            studio.start(max_steps=steps)

    def kernels_ready(_result=None) -> None:
        collector.settle()      # as the app does when its kernels are ready
        ready["kernels"] = True
        start_when_ready()

    def data_ready(_dataset=None) -> None:
        ready["data"] = True
        start_when_ready()

    def failed(message: str) -> None:
        if not ready["started"]:     # e.g. the data cannot be loaded: say so, do not wait
            result["error"] = str(message)
            app.quit()

    studio.warmer.sigFinished.connect(kernels_ready)
    studio.sigDatasetReady.connect(data_ready)
    studio.sigError.connect(failed)
    studio.sigDatasetFailed.connect(failed)
    studio.warm_up_engine()
    if not ready["data"]:
        studio.load_dataset()

    last_tick = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        if studio.state == "running" and meter.first is not None:
            late.append(max(0.0, (now - last_tick[0]) * 1e3 - TICK_MS))
        last_tick[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    timer.start()

    def finish() -> None:
        snap = studio.last_telemetry
        result["shown_final"] = float(snap.examples_per_second) if snap is not None else 0.0
        result["progress_text"] = window.progress.label.text()
        app.quit()

    def on_state(state: str) -> None:
        if state in ("finished", "stopped", "diverged", "failed"):
            result["final_state"] = state
            QTimer.singleShot(300, window, finish)      # the window's own end-of-run updates first

    studio.sigRunStateChanged.connect(on_state)
    app.exec()
    timer.stop()
    studio.shutdown()
    if "error" in result:
        raise RuntimeError(f"{name} could not start: {result['error']}")
    result.update(meter.result(), late_p50_ms=percentile(late, 50),
                  late_p99_ms=percentile(late, 99), late_max_ms=max(late, default=0.0),
                  ticks=len(late))
    return result


def main(argv: list[str]) -> int:
    from dlstudio.bench.window import RESULT

    p = argparse.ArgumentParser(prog="python -m dlstudio.gui.bench_run",
                                description=__doc__.splitlines()[0])
    p.add_argument("--panel", default=None, help="plot panel shown while training")
    p.add_argument("--process", action="store_true", help="train in a child process")
    p.add_argument("workload", help="a name of dlstudio.bench.window.WORKLOADS")
    p.add_argument("steps", type=int, nargs="?", default=None,
                   help="steps trained (default: the workload's)")
    args = p.parse_args(argv)
    print(RESULT + json.dumps(run(args.workload, args.steps, args.panel, args.process)),
          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
