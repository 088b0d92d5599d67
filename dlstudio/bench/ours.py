"""dlstudio's side of the benchmark: one training step = forward, backward, optimizer update."""
from __future__ import annotations

from typing import Callable

from dlstudio.bench.timing import Measurement, measure
from dlstudio.bench.workloads import Workload

LOSS = "sparse_categorical_crossentropy"


def train_step(w: Workload) -> tuple[Callable[[int], None], float]:
    """``(step(i), units per step)``: step i trains on the i-th of 8 fixed batches."""
    from dlstudio import Network
    from dlstudio.engine import optimizers

    net = Network.from_spec(w.spec, seed=0)
    opt = optimizers.get(w.optimizer, **w.optimizer_config)
    lr = w.optimizer_config.get("learning_rate", 0.01)
    x, y = w.data(8)
    b = w.batch_size
    batches = [(x[i * b:(i + 1) * b], y[i * b:(i + 1) * b]) for i in range(8)]

    def step(i: int) -> None:
        xb, yb = batches[i % 8]
        net.forward_backward(xb, yb, LOSS)
        opt.apply(net.parameters(), lr)

    return step, 1.0 if w.unit == "steps/s" else float(b)


def inference_step(w: Workload, images: int | None = None) -> tuple[Callable[[int], None], float]:
    """``(step(i), units per step)``: predictions on batches of ``w.batch_size`` or, with
    ``images``, on one array of that many examples (``predict`` cuts it into its own chunks)."""
    from dlstudio import Network

    net = Network.from_spec(w.spec, seed=0)
    b = images or w.batch_size
    x, _ = w.data(-(-8 * b // w.batch_size))
    batches = [x[i * b:(i + 1) * b] for i in range(8)]
    # the forward-only path, in chunks of 64 as evaluation runs it
    return (lambda i: net.predict(batches[i % 8], batch_size=64),
            1.0 if w.unit == "steps/s" else float(b))


def train_throughput(w: Workload, n_steps: int, repeats: int) -> Measurement:
    step, per = train_step(w)
    return measure(step, n_steps, per, repeats)
