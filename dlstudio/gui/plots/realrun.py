"""Real telemetry from tiny training runs, for the demos and the panel tests.

``toy_run`` trains the classroom toy network (or a small convnet on procedural digits) with
the real :class:`~dlstudio.training.Trainer`, one snapshot per step, and yields the snapshots
of all variants interleaved step by step, as a comparison run would deliver them. The
networks are kept in ``TinyRun.networks`` so the outcome panel can look at them (everything
runs on one thread here, so reading the training network between steps is safe).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from dlstudio.data import load
from dlstudio.engine.network import Network
from dlstudio.engine.presets import PRESETS
from dlstudio.engine.spec import NetworkSpec
from dlstudio.training import Trainer, TrainSpec
from dlstudio.training.spec import TelemetrySpec
from dlstudio.training.telemetry import Telemetry

#: a convnet small enough to train in seconds on procedural digits
TINY_CONVNET = {
    "format": "dlstudio.network", "version": 1, "input_shape": [28, 28, 1],
    "layers": [
        {"type": "Conv2D", "filters": 8, "kernel_size": 3, "activation": "relu"},
        {"type": "MaxPooling2D", "pool_size": 2},
        {"type": "Conv2D", "filters": 8, "kernel_size": 3, "activation": "relu"},
        {"type": "MaxPooling2D", "pool_size": 2},
        {"type": "Flatten"},
        {"type": "Dense", "units": 10, "activation": "softmax"}]}

VARIANT_ACTIVATIONS = ("tanh", "relu", "sigmoid", "elu")


@dataclass
class TinyRun:
    """The pieces of a tiny run: its dataset, one network per variant, the snapshots."""

    dataset: object
    networks: dict[str, Network] = field(default_factory=dict)
    trainers: dict[str, Trainer] = field(default_factory=dict)

    def snapshots(self) -> Iterator[Telemetry]:
        gens = {name: t.run() for name, t in self.trainers.items()}
        while gens:
            for name in list(gens):
                snap = next(gens[name], None)
                if snap is None:
                    del gens[name]
                else:
                    yield snap


def _spec_for(dataset: str, activation: str, preset: str | None = None) -> NetworkSpec:
    if preset:
        return PRESETS[preset]()
    if dataset in ("digits", "shapes", "mnist", "fashion_mnist"):
        return NetworkSpec.from_dict(TINY_CONVNET)
    base = PRESETS["toy_2d"]().to_dict()
    for layer in base["layers"][:-1]:
        layer["activation"] = activation
    return NetworkSpec.from_dict(base)


def tiny_run(n_variants: int = 1, dataset: str = "moons", epochs: int = 6,
             n_samples: int | None = None, batch_size: int = 32,
             preset: str | None = None) -> TinyRun:
    """Set up a tiny run of ``n_variants`` variants differing in their hidden activation.

    One variant is named ``""``; several are ``"A"``, ``"B"``, ... with the activations of
    ``VARIANT_ACTIVATIONS`` in turn (2-D data) or different seeds (images). ``preset``
    trains a network of ``dlstudio.engine.presets`` instead (every variant the same preset,
    different seeds).
    """
    images = dataset in ("digits", "shapes", "mnist", "fashion_mnist")
    n = n_samples or (600 if images else 400)
    data = load(dataset, n_samples=n) if dataset not in ("mnist", "fashion_mnist") \
        else load(dataset)
    run = TinyRun(data)
    for k in range(max(1, n_variants)):
        name = "" if n_variants <= 1 else chr(ord("A") + k)
        act = VARIANT_ACTIVATIONS[k % len(VARIANT_ACTIVATIONS)]
        net = Network.from_spec(_spec_for(dataset, act, preset),
                                seed=k if images or preset else 0)
        # the Units panel follows the first layer with weights
        first = next((i for i, layer in enumerate(net.layers) if "W" in layer.params), 0)
        spec = TrainSpec(epochs=epochs, batch_size=batch_size, optimizer="adam",
                         learning_rate=0.01 if not images else 0.003,
                         telemetry=TelemetrySpec(snapshots_per_second=1000.0,
                                                 unit_layer=first, probe_size=64))
        run.networks[name] = net
        run.trainers[name] = Trainer(net, data, spec, variant=name)
    return run


def toy_run(n_variants: int = 1, dataset: str = "moons", epochs: int = 40,
            preset: str | None = None) -> Iterator[Telemetry]:
    """Snapshots of :func:`tiny_run` (the demos' live source)."""
    return tiny_run(n_variants, dataset, epochs=epochs, preset=preset).snapshots()
