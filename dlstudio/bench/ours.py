"""dlstudio's side of the benchmark: one training step = forward, backward, optimizer update."""
from __future__ import annotations

from dlstudio.bench.timing import Measurement, measure
from dlstudio.bench.workloads import Workload

LOSS = "sparse_categorical_crossentropy"


def train_throughput(w: Workload, n_steps: int, repeats: int) -> Measurement:
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

    per = 1.0 if w.unit == "steps/s" else float(b)
    return measure(step, n_steps, per, repeats)


def inference_throughput(w: Workload, n_steps: int, repeats: int,
                         images: int | None = None) -> Measurement:
    """Predictions per second on batches of ``w.batch_size`` or, with ``images``, on one
    array of that many examples (``predict`` cuts it into its own chunks)."""
    from dlstudio import Network

    net = Network.from_spec(w.spec, seed=0)
    b = images or w.batch_size
    x, _ = w.data(-(-8 * b // w.batch_size))
    batches = [x[i * b:(i + 1) * b] for i in range(8)]
    per = 1.0 if w.unit == "steps/s" else float(b)
    # the forward-only path, in chunks of 64 as evaluation runs it
    return measure(lambda i: net.predict(batches[i % 8], batch_size=64), n_steps, per, repeats)
