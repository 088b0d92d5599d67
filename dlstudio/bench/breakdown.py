"""Where the time of a training step goes: the textbook MNIST convnet through the trainer,
split per layer and per phase (``dlstudio bench --profile``); with ``--inference``, where the
time of its forward-only pass (``Network.predict``) goes.

    python -m dlstudio.bench.breakdown --batch 64 --steps 300 [--inference]

Timers are wrapped around the trainer's own pieces for the length of the measurement (and
removed afterwards): every layer's forward and backward, the Numba kernels they call
(im2col, col2im, bias + activation, pooling), the loss, the optimizer, the divergence guard
(gradient norms, the check, the copy of the last good weights), the accuracy, the batch
gathering and the shuffle. What is left inside a Conv2D or Dense forward/backward once its
kernels are taken out is the matrix products (BLAS) plus a little NumPy glue.

Each entry reports wall seconds and the CPU seconds of the training thread
(``time.thread_time``): with ``DLSTUDIO_THREADS=1`` all work runs on that thread, so the CPU
column is the breakdown a busy machine cannot spoil.
"""
from __future__ import annotations

import argparse
import contextlib
import time
from collections import defaultdict
from types import SimpleNamespace
from typing import Any, Callable, Iterator


class Timers:
    """Accumulated wall and thread-CPU seconds per label; nested timers subtract from their
    parent, so every label holds its own (exclusive) time."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter,
                 cpu_clock: Callable[[], float] = time.thread_time) -> None:
        self.clock, self.cpu_clock = clock, cpu_clock
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[list] = []

    def wrap(self, label: str, fn: Callable) -> Callable:
        def timed(*args, **kwargs):
            frame = [self.clock(), self.cpu_clock(), 0.0, 0.0]
            self._stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                self._stack.pop()
                wall = self.clock() - frame[0]
                cpu = self.cpu_clock() - frame[1]
                self.wall[label] += wall - frame[2]
                self.cpu[label] += cpu - frame[3]
                self.calls[label] += 1
                if self._stack:
                    self._stack[-1][2] += wall
                    self._stack[-1][3] += cpu
        return timed


@contextlib.contextmanager
def _patched(patches: list[tuple[Any, str, Callable]]) -> Iterator[None]:
    saved = [(obj, name, obj.__dict__.get(name, None), name in obj.__dict__)
             for obj, name, _ in patches]
    try:
        for obj, name, fn in patches:
            setattr(obj, name, fn)
        yield
    finally:
        for obj, name, old, had in saved:
            if had:
                setattr(obj, name, old)
            else:
                delattr(obj, name)


def _patches(trainer: Any, timers: Timers) -> list[tuple[Any, str, Callable]]:
    from dlstudio.engine import losses
    from dlstudio.engine.kernels import bias_act, conv, pooling
    from dlstudio.training import minibatch, step

    out = []
    for layer in trainer.network.layers:
        kind = layer.type_name
        for method in ("forward", "backward"):
            label = f"{layer.name} {method}" + (" (GEMM + glue)" if kind in ("Conv2D", "Dense")
                                               else "")
            out.append((layer, method, timers.wrap(label, getattr(layer, method))))
        if hasattr(layer, "backward_from_pool"):
            out.append((layer, "backward_from_pool",
                        timers.wrap(f"{layer.name} + pooling backward (fused)",
                                    layer.backward_from_pool)))
            out.append((layer, "forward_pooled",
                        timers.wrap(f"{layer.name} + pooling forward (fused)",
                                    layer.forward_pooled)))
    kernels = [(conv, "im2col", "im2col"), (conv, "col2im", "col2im"),
               (bias_act, "bias_relu_forward", "bias + ReLU forward"),
               (bias_act, "relu_backward_colsum", "ReLU backward + bias grad"),
               (bias_act, "colsum", "bias grad"),
               (pooling, "maxpool_forward", "maxpool forward kernel"),
               (pooling, "maxpool_backward", "maxpool backward kernel"),
               (pooling, "maxpool_backward_2x2", "maxpool backward kernel")]
    out += [(mod, name, timers.wrap(label, getattr(mod, name))) for mod, name, label in kernels]
    loss_cls = type(losses.get(trainer.spec.loss))
    out.append((loss_cls, "value_and_grad_logits",
                timers.wrap("loss (softmax cross-entropy)", loss_cls.value_and_grad_logits)))
    net = trainer.network
    out.append((net, "_finish_output", timers.wrap("output softmax", getattr(net, "_finish_output"))))
    out.append((trainer.optimizer, "apply", timers.wrap("optimizer", trainer.optimizer.apply)))
    # the step (``minibatch``) calls the guard's functions by the names it imported, and its
    # gradient norms through the trainer's own ``GradNorms``
    out.append((trainer, "_grad_norms",
                timers.wrap("divergence guard: gradient norms", trainer._grad_norms)))
    out.append((minibatch, "find_divergence",
                timers.wrap("divergence guard: check", step.find_divergence)))
    out.append((step.LastGood, "keep",
                timers.wrap("divergence guard: keep last good weights", step.LastGood.keep)))
    out.append((minibatch, "clip_gradients", timers.wrap("clipping", step.clip_gradients)))
    out.append((losses, "accuracy", timers.wrap("accuracy", losses.accuracy)))
    out.append((trainer, "_batch", timers.wrap("data: gather batch", getattr(trainer, "_batch"))))
    out.append((trainer, "_start_epoch", timers.wrap("data: shuffle", getattr(trainer, "_start_epoch"))))
    out.append((trainer, "_probe", timers.wrap("telemetry probes", getattr(trainer, "_probe"))))
    out.append((trainer, "_snapshot", timers.wrap("telemetry snapshots", getattr(trainer, "_snapshot"))))
    out.append((trainer, "advance", timers.wrap("trainer bookkeeping", trainer.advance)))
    return out


def profile_steps(data: Any, batch: int = 64, steps: int = 300, warm_steps: int = 20,
                  telemetry: bool = False, seed: int = 0) -> dict:
    """Train ``warm_steps`` untimed, then ``steps`` timed; returns the breakdown."""
    from dlstudio.bench.mnist import textbook_spec
    from dlstudio.engine.network import Network
    from dlstudio.training.trainer import Trainer

    train_only = SimpleNamespace(x_train=data.x_train, y_train=data.y_train)
    spec = textbook_spec(10**6, telemetry, seed).replace(batch_size=batch)
    trainer = Trainer(Network.from_spec("mnist_convnet", seed=seed), train_only, spec)
    gen = trainer.run()
    next(gen)
    for _ in range(warm_steps):
        trainer.advance()
    timers = Timers()
    with _patched(_patches(trainer, timers)):
        t0, c0 = time.perf_counter(), time.thread_time()
        for _ in range(steps):
            trainer.advance()
        wall, cpu = time.perf_counter() - t0, time.thread_time() - c0
    trainer.stop()
    return {"batch": batch, "steps": steps, "wall": wall, "cpu": cpu,
            "entries": {k: (timers.wall[k], timers.cpu[k], timers.calls[k])
                        for k in timers.wall}}


def profile_inference(x: Any, batch: int = 64, steps: int = 300, warm_steps: int = 20,
                      seed: int = 0) -> dict:
    """The same breakdown for ``Network.predict`` on batches of ``batch`` images of ``x``
    (the forward-only path evaluation and prediction take): every layer's ``infer`` and
    every fused convolution + pooling pass (``Conv2D.infer_pooled``), the output softmax;
    the rest of a call is ``predict``'s own checks and copies."""
    from dlstudio.engine.network import Network

    net = Network.from_spec("mnist_convnet", seed=seed)
    n = max(1, len(x) // batch)
    batches = [x[i * batch:(i + 1) * batch] for i in range(n)]
    for i in range(warm_steps):
        net.predict(batches[i % n], batch_size=batch)
    timers = Timers()
    patches = []
    for i, layer in enumerate(net.layers):
        patches.append((layer, "infer", timers.wrap(f"{layer.name} infer", layer.infer)))
        if hasattr(layer, "infer_pooled") and i + 1 < len(net.layers) and \
                net.layers[i + 1].type_name == "MaxPooling2D":
            label = f"{layer.name} + {net.layers[i + 1].name} infer (fused)"
            patches.append((layer, "infer_pooled", timers.wrap(label, layer.infer_pooled)))
    patches.append((net, "_finish_output",
                    timers.wrap("output softmax", getattr(net, "_finish_output"))))
    with _patched(patches):
        t0, c0 = time.perf_counter(), time.thread_time()
        for i in range(steps):
            net.predict(batches[i % n], batch_size=batch)
        wall, cpu = time.perf_counter() - t0, time.thread_time() - c0
    return {"batch": batch, "steps": steps, "wall": wall, "cpu": cpu, "what": "predict call",
            "entries": {k: (timers.wall[k], timers.cpu[k], timers.calls[k])
                        for k in timers.wall}}


def format_breakdown(result: dict) -> str:
    """A table: label, ms per step (wall and CPU), share of the step."""
    steps, wall, cpu = result["steps"], result["wall"], result["cpu"]
    what = result.get("what", "step")
    lines = [f"batch {result['batch']}, {steps} {what}s: {1e3 * wall / steps:.2f} ms/{what} "
             f"wall ({result['batch'] * steps / wall:,.0f} img/s), {1e3 * cpu / steps:.2f} "
             f"ms/{what} CPU of the calling thread",
             f"  {'part':<48} {'wall ms':>8} {'CPU ms':>8} {'CPU %':>6}"]
    rows = sorted(result["entries"].items(), key=lambda kv: -kv[1][1])
    for label, (w, c, _) in rows:
        lines.append(f"  {label:<48} {1e3 * w / steps:8.3f} {1e3 * c / steps:8.3f} "
                     f"{100 * c / max(cpu, 1e-12):6.1f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--telemetry", action="store_true")
    p.add_argument("--inference", action="store_true",
                   help="profile predict (the forward-only pass) instead of training")
    p.add_argument("--data-dir", default=None)
    args = p.parse_args(argv)
    from dlstudio.bench.mnist import load_mnist
    from dlstudio.engine.warmup import warmup

    warmup()
    data = load_mnist(args.data_dir)
    if args.inference:
        result = profile_inference(data.x_train, args.batch, args.steps)
    else:
        result = profile_steps(data, args.batch, args.steps, telemetry=args.telemetry)
    print(format_breakdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
