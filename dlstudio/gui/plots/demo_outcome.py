"""Demo model for the outcome panel: a real tiny run whose networks the panel looks at."""
from __future__ import annotations

from collections.abc import Iterator

from dlstudio.gui.plots.outcome_provider import NetworkProvider
from dlstudio.training.telemetry import Telemetry


def attach_demo_model(panel, args, epochs: int = 40) -> Iterator[Telemetry]:
    """Start a tiny run on ``args.dataset``; give the panel its data and providers."""
    from dlstudio.gui.plots.realrun import tiny_run

    images = args.dataset in ("digits", "shapes", "mnist", "fashion_mnist")
    run = tiny_run(args.variants, args.dataset, epochs=4 if images else epochs,
                   preset=getattr(args, "preset", None))
    data = run.dataset
    x, y = (data.x_val, data.y_val) if data.x_val is not None and images else \
        (data.x_train, data.y_train)
    panel.set_dataset(x, y, list(data.info.class_names))
    for name, net in run.networks.items():
        panel.set_model_provider(NetworkProvider(lambda net=net: net), variant=name)
    return run.snapshots()
