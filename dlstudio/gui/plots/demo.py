"""Start one panel alone with live demo data: ``python -m dlstudio.gui.plots.<module>``.

Options: ``--variants N`` (a comparison of N variants), ``--real`` (train a tiny network with
the real trainer when it is available, else synthetic data; ``--dataset``, ``--preset``,
``--epochs`` choose what), ``--dark``, ``--classroom``,
``--screenshot PATH --seconds S`` (save a picture after S seconds and quit).
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from dlstudio.gui.plots.synthetic import synthetic_run
from dlstudio.gui.run_store import RunStore
from dlstudio.training.telemetry import Telemetry


def synthetic_source(n_variants: int) -> Iterator[Telemetry]:
    acts = ["sigmoid", "relu", "sigmoid", "relu"]
    names = {"": "sigmoid"} if n_variants <= 1 else {
        chr(ord("A") + i): acts[i % 4] for i in range(n_variants)}
    yield from synthetic_run(400, every=5, variants=names)


def real_source(n_variants: int, dataset: str = "moons", preset: str | None = None,
                epochs: int = 40) -> Iterator[Telemetry] | None:
    """Telemetry of a real tiny training run, or None when the trainer is not available."""
    try:
        from dlstudio.gui.plots.realrun import toy_run
    except ImportError:
        return None
    return toy_run(n_variants=n_variants, dataset=dataset, preset=preset, epochs=epochs)


def run_demo(panel_cls, argv: list[str] | None = None,
             setup: Callable[[object, RunStore, argparse.Namespace],
                             Iterator[Telemetry] | None] | None = None) -> int:
    """Show ``panel_cls`` fed live from a synthetic or real run; returns the exit code.

    ``setup(panel, store, args)`` may prepare the panel and return its own snapshot source.
    """
    parser = argparse.ArgumentParser(description=f"Demo of {panel_cls.__name__}")
    parser.add_argument("--variants", type=int, default=1)
    parser.add_argument("--real", action="store_true")
    parser.add_argument("--dataset", default="moons")
    parser.add_argument("--preset", help="with --real: a preset network (e.g. deep_sigmoid_mlp)")
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--classroom", action="store_true")
    parser.add_argument("--screenshot")
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--size", default="1200x800")
    args = parser.parse_args(argv)

    app = QApplication.instance()
    if app is None:                     # started alone: style the app like the studio
        app = QApplication(sys.argv[:1])
        try:
            from dlstudio.gui import theme

            theme.apply(app, "dark" if args.dark else "light", args.classroom)
        except Exception:  # noqa: BLE001 - the demo works without the app theme
            pass
    from dlstudio.gui.plots import PlotRefresher

    store = RunStore()
    panel = panel_cls(store)
    w, h = (int(v) for v in args.size.split("x"))
    panel.resize(w, h)
    panel.setWindowTitle(f"dlstudio - {panel_cls.__name__} demo")
    source = (setup(panel, store, args) if setup is not None else None) \
        or (real_source(args.variants, args.dataset, args.preset, args.epochs)
            if args.real else None) \
        or synthetic_source(args.variants)
    panel.show()
    refresher = PlotRefresher(app, hz=25)
    refresher.add(panel)
    refresher.set_classroom(args.classroom)
    refresher.start()

    def feed() -> None:
        for _ in range(3 if args.real else 2 * max(1, args.variants)):
            snap = next(source, None)
            if snap is None:
                feeder.stop()
                return
            store.append(snap)

    feeder = QTimer(app)
    feeder.timeout.connect(feed)
    feeder.start(33)
    if args.screenshot:
        def shoot() -> None:
            refresher.refresh_now()
            panel.grab().save(args.screenshot)
            app.quit()

        QTimer.singleShot(int(args.seconds * 1000), panel, shoot)
    code = app.exec()
    # Tear down in order while the application still exists: pyqtgraph items destroyed
    # after the QApplication crash the interpreter at exit.
    feeder.stop()
    refresher.stop()
    panel.close()
    panel.deleteLater()
    refresher.deleteLater()
    feeder.deleteLater()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return code
