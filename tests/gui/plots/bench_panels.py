"""Time each plot panel's redraw with a realistic store (a script, not a test).

A 10-layer synthetic run with a long history is loaded into a store; then, per tick, one new
snapshot is appended (a fresh layer probe every ``--probe-every`` snapshots), the panel is
refreshed and the event loop paints it. Prints, per panel, the update and paint times
(p50/p99/max in ms) of the ticks that redrew: update and whole slice in the GUI thread's
CPU time (robust to other processes on a shared machine), paint in wall time.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/gui/plots/bench_panels.py
"""
from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--history", type=int, default=3000)
    p.add_argument("--ticks", type=int, default=120)
    p.add_argument("--probe-every", type=int, default=5)
    p.add_argument("--panels", default="convergence,gradients,activations,weights")
    p.add_argument("--size", default="1400x900")
    args = p.parse_args(argv)

    import numpy as np
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui import plots
    from dlstudio.gui.plots.synthetic import deep_synthetic_run
    from dlstudio.gui.run_store import RunStore

    app = QApplication.instance() or QApplication([])
    snaps = deep_synthetic_run(args.history + args.ticks, args.probe_every)
    w, h = (int(v) for v in args.size.split("x"))
    classes = {key: cls for key, _, cls in plots.PANELS}
    for key in args.panels.split(","):
        store = RunStore()
        for s in snaps[:args.history]:
            store.append(s)
        panel = classes[key](store)
        panel.redraw_share = None
        panel.resize(w, h)
        panel.show()
        panel.refresh(force=True)
        for _ in range(3):
            app.processEvents()
        upd, paint, total = [], [], []
        for s in snaps[args.history:args.history + args.ticks]:
            store.append(s)
            t0 = time.thread_time()
            drew = panel.refresh()
            t1 = time.thread_time()
            panel.graphics.paint_seconds = 0.0
            app.processEvents()
            t2 = time.thread_time()
            if drew:
                upd.append((t1 - t0) * 1e3)
                paint.append(panel.graphics.paint_seconds * 1e3)
                total.append((t2 - t0) * 1e3)

        def fmt(xs):
            a = np.array(xs)
            return (f"p50 {np.percentile(a, 50):5.1f} p99 {np.percentile(a, 99):5.1f} "
                    f"max {a.max():5.1f}")
        print(f"{key:12s} redraws {len(upd):3d} | update {fmt(upd)} | paint {fmt(paint)} | "
              f"slice {fmt(total)}")
        panel.close()
        panel.deleteLater()
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
