"""Shared helpers for the training tests: tiny data and networks that train in milliseconds."""
from __future__ import annotations

import numpy as np

from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.training.spec import TrainSpec


def mlp(units=(16,), activation="tanh", n_in=2, n_out=3, init=None, extra=None) -> dict:
    """A Dense network spec dict (softmax output)."""
    layers = []
    for u in units:
        layer = {"type": "Dense", "units": u, "activation": activation}
        if init is not None:
            layer["kernel_initializer"] = init
        layers.append(layer)
        if extra:
            layers.append(dict(extra))
    layers.append({"type": "Dense", "units": n_out, "activation": "softmax"})
    return {"format": "dlstudio.network", "version": 1, "input_shape": [n_in], "layers": layers}


def build(spec: dict, seed: int = 0):
    from dlstudio.engine.network import Network

    return Network.from_spec(spec, seed=seed)


def weights_equal(a, b) -> bool:
    wa, wb = a.get_weights(), b.get_weights()
    return len(wa) == len(wb) and all(np.array_equal(x, y) for x, y in zip(wa, wb))



#: the run the timeline tests keep moments of: dropout and batch norm (a moment holds their
#: state), Adam (a moment holds its slots), 3 epochs of 300 blobs with a batch of 16
TIMELINE_SPEC = NetworkSpec((2,), (LayerSpec("Dense", {"units": 12, "activation": "tanh"}),
                                   LayerSpec("Dropout", {"rate": 0.2}),
                                   LayerSpec("BatchNormalization"),
                                   LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
TIMELINE_TRAIN = TrainSpec(optimizer="adam", learning_rate=0.01, epochs=3, batch_size=16, seed=4)
TIMELINE_EXAMPLES = 300


def timeline_run(data, timeline=None):
    """The timeline tests' run on ``data``, recorded by ``timeline`` if given: its trainer
    and snapshots."""
    from dlstudio.engine.network import Network
    from dlstudio.training.trainer import Trainer

    trainer = Trainer(Network.from_spec(TIMELINE_SPEC, seed=1), data, TIMELINE_TRAIN)
    snaps = list(timeline.follow(trainer) if timeline else trainer.run())
    return trainer, snaps
