"""The standard workloads, each a network spec, an optimizer, a batch size and a unit.

Inputs are random arrays of the real shapes (throughput does not depend on the pixel values),
drawn once per workload with a fixed seed so that both frameworks see the same data.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from dlstudio.engine.presets import PRESETS
from dlstudio.engine.spec import LayerSpec, NetworkSpec


@dataclass(frozen=True)
class Workload:
    key: str
    title: str
    spec: NetworkSpec
    optimizer: str
    optimizer_config: dict
    batch_size: int
    unit: str = "img/s"            # "img/s" (examples per second) or "steps/s"
    n_classes: int = 10
    pytorch_reference: str = ""    # the figure the issue quotes for this machine
    tags: tuple = field(default_factory=tuple)

    def data(self, n_batches: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng(seed)
        n = n_batches * self.batch_size
        x = rng.random((n,) + tuple(self.spec.input_shape), dtype=np.float32)
        y = rng.integers(0, self.n_classes, size=n).astype(np.int64)
        return x, y


def _toy_spec() -> NetworkSpec:
    return PRESETS["toy_2d"]()


def _flat_mlp() -> NetworkSpec:
    # 784-300-100-10 on flat input, as the benchmark reference was measured
    return NetworkSpec((784,), (LayerSpec("Dense", {"units": 300, "activation": "relu"}),
                                LayerSpec("Dense", {"units": 100, "activation": "relu"}),
                                LayerSpec("Dense", {"units": 10, "activation": "softmax"})))


def _elu_mlp() -> NetworkSpec:
    hidden = tuple(LayerSpec("Dense", {"units": 100, "activation": "elu",
                                       "kernel_initializer": "he_normal"}) for _ in range(5))
    return NetworkSpec((784,), hidden + (LayerSpec("Dense", {"units": 10, "activation": "softmax"}),))


def standard_workloads() -> list[Workload]:
    conv = PRESETS["mnist_convnet"]()
    rms = {"learning_rate": 0.001}
    out = [Workload(f"convnet_b{b}", f"MNIST convnet, RMSprop, batch {b}", conv, "rmsprop", rms, b,
                    pytorch_reference="~3,400 img/s NCHW, ~4,600 channels-last (batch 64)" if b == 64 else "")
           for b in (32, 64, 128)]
    out.append(Workload("mlp_300_100", "MLP 784-300-100-10, SGD momentum, batch 50", _flat_mlp(), "sgd",
                        {"learning_rate": 0.01, "momentum": 0.9}, 50, pytorch_reference="~44,600 img/s"))
    out.append(Workload("elu_5x100", "5x100 ELU/He MLP, Adam, batch 50", _elu_mlp(), "adam",
                        {"learning_rate": 0.001}, 50, pytorch_reference="~29,000 img/s"))
    out.append(Workload("toy", "Classroom toy 2-8-8-8-2 tanh, SGD, batch 10", _toy_spec(), "sgd",
                        {"learning_rate": 0.03}, 10, unit="steps/s", n_classes=2,
                        pytorch_reference="~2,250 steps/s"))
    return out
