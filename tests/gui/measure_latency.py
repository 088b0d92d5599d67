"""Measure how smooth the window stays while a network trains (a script, not a test).

A 10 ms ``QTimer`` on the GUI thread records the interval between its ticks while the studio
trains (with the live plots redrawing); late ticks mean the GUI thread was blocked. Prints the
interval percentiles for the preparing phase (data loading, kernel compilation) and for
training, the shown panel's redraw costs while training (its refresh, and its paints, in
ms of wall time), plus the training throughput.

    DLSTUDIO_DATA=/work/shared/data .venv/bin/python tests/gui/measure_latency.py \
        --preset mnist_convnet --seconds 40
"""
from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", default="mnist_convnet")
    p.add_argument("--dataset", default=None)
    p.add_argument("--seconds", type=float, default=40.0, help="training time measured")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--panel", default="gradients", help="plot panel shown while training")
    p.add_argument("--no-plots", action="store_true",
                   help="stop the plots' redraw timer (separates plotting cost from the rest)")
    args = p.parse_args(argv)

    import numpy as np
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui import specs, theme
    from dlstudio.gui.main_window import MainWindow
    from dlstudio.gui.studio import Studio

    app = QApplication.instance() or QApplication([])
    theme.apply(app)
    studio = Studio()
    studio.set_network_spec(specs.preset_network(args.preset), record=False)
    data = specs.preset_data_spec(args.preset)
    if args.dataset:
        data = data.with_(dataset=args.dataset, params={})
    studio.set_data_spec(data)
    studio.set_train_spec(studio.train_spec.replace(epochs=50, batch_size=args.batch_size))
    window = MainWindow(studio)
    window.resize(1600, 1000)
    window.show()
    window.build_panels()
    studio.show_panel(args.panel)
    if args.no_plots and hasattr(window, "refresher"):
        window.refresher.stop()
    # the shown panel's redraw slices: its refresh (update) and the paints that follow
    panel = getattr(window, "plot_panels", {}).get(args.panel)
    updates: list[float] = []
    paints: list[float] = []
    if panel is not None:
        plain_refresh = panel.refresh

        def timed_refresh(force: bool = False) -> bool:
            t = time.perf_counter()
            drew = plain_refresh(force)
            if drew and studio.state == "running":
                updates.append((time.perf_counter() - t) * 1e3)
            return drew

        panel.refresh = timed_refresh
    seen_paint = [0.0]

    clock = QElapsedTimer()
    clock.start()
    samples: dict[str, list[float]] = {"preparing": [], "running": []}
    last = [clock.nsecsElapsed()]
    started = [None]
    snaps = [0]

    def tick() -> None:
        now = clock.nsecsElapsed()
        phase = studio.state
        if phase in samples:
            samples[phase].append((now - last[0]) / 1e6)
        last[0] = now
        if panel is not None and phase == "running" and \
                panel.graphics.paint_seconds != seen_paint[0]:
            seen_paint[0] = panel.graphics.paint_seconds
            paints.append(seen_paint[0] * 1e3)
        if phase == "running" and started[0] is None:
            started[0] = time.perf_counter()
        if started[0] is not None and time.perf_counter() - started[0] > args.seconds:
            studio.stop()
            app.quit()
        if phase in ("failed", "finished", "stopped", "diverged"):
            app.quit()

    studio.sigTelemetry.connect(lambda s: snaps.__setitem__(0, snaps[0] + 1))
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    QTimer.singleShot(100, studio.start)
    t0 = time.perf_counter()
    app.exec()
    wall = time.perf_counter() - t0
    last_snap = studio.last_telemetry
    studio.shutdown()
    print(f"preset {args.preset}, dataset {studio.data_spec.dataset}, batch {args.batch_size}, "
          f"panel {args.panel}, {wall:.1f} s")
    for phase, xs in samples.items():
        if xs:
            a = np.array(xs[1:] or xs)
            print(f"  {phase:9s} ticks {len(a):5d}  interval p50 {np.percentile(a, 50):6.1f} ms"
                  f"  p90 {np.percentile(a, 90):6.1f}  p99 {np.percentile(a, 99):6.1f}"
                  f"  max {a.max():7.1f}")
    for what, xs in (("update", updates), ("paint", paints)):
        if xs:
            a = np.array(xs)
            print(f"  {args.panel} {what:6s} {len(a):5d} x  p50 {np.percentile(a, 50):6.1f} ms"
                  f"  p99 {np.percentile(a, 99):6.1f}  max {a.max():6.1f}")
    if last_snap is not None:
        print(f"  training: step {last_snap.step}, {last_snap.examples_per_second:,.0f} "
              f"examples/s, {snaps[0]} snapshots, final state {studio.state}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
