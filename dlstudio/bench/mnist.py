"""The textbook MNIST run, timed: dlstudio's trainer against the same run in PyTorch, and the
cost of telemetry.

    python -m dlstudio.bench.mnist --epochs 5 --torch      # accuracy + wall time
    python -m dlstudio.bench.mnist --overhead --steps 300  # telemetry cost
    python -m dlstudio.bench.mnist --throughput            # steps/s vs PyTorch

The run: Conv32-Pool-Conv64-Pool-Conv64-Flatten-Dense64-Dense10 (the ``mnist_convnet``
preset), RMSprop (learning rate 0.001, rho 0.9, epsilon 1e-7), batch 64, shuffled each epoch,
all 60,000 training images, tested on the 10,000 test images. PyTorch gets the same network
with Keras's initialization (Glorot-uniform kernels, zero biases), NCHW float32, its default
thread count (the model from ``bench.pytorch.build_model``). The MNIST files are found the way
every dataset is: ``--data-dir``, else the settings folder, ``DLSTUDIO_DATA`` or the per-user
cache (``dlstudio data fetch mnist`` downloads them). Wall and CPU seconds (all threads) are reported: on a shared machine the CPU
time is the fairer comparison. ``run_dlstudio``, ``run_pytorch`` and ``telemetry_overhead`` return plain dicts
so that ``dlstudio bench`` can include them.
"""
from __future__ import annotations

import argparse
import json
import time
from types import SimpleNamespace
from typing import Any, Callable

import numpy as np

from dlstudio.training.clock import SnapshotClock

def load_mnist(path: str | None = None) -> Any:
    """MNIST through dlstudio's loader (``path``, else the usual data folders): all 60,000
    training images, no validation split."""
    from dlstudio.data import load

    params = {"path": path} if path else {}
    return load("mnist", validation_split=0.0, **params)


def textbook_spec(epochs: int, telemetry: bool = False, seed: int = 0) -> Any:
    from dlstudio.training.spec import TrainSpec

    return TrainSpec(loss="sparse_categorical_crossentropy", optimizer="rmsprop",
                     learning_rate=0.001, batch_size=64, epochs=epochs, seed=seed,
                     telemetry={"enabled": telemetry})


def run_dlstudio(data: Any, epochs: int = 5, seed: int = 0, telemetry: bool = False,
                 progress: Callable[[Any], None] | None = None) -> dict:
    """Train the convnet with ``Trainer``; returns accuracy, wall time and per-epoch logs."""
    from dlstudio.engine.network import Network
    from dlstudio.training.trainer import Trainer

    net = Network.from_spec("mnist_convnet", seed=seed)
    trainer = Trainer(net, data, textbook_spec(epochs, telemetry, seed))
    t0, cpu0 = time.perf_counter(), time.process_time()
    last = None
    for snap in trainer.run():
        last = snap
        if progress is not None:
            progress(snap)
    wall = time.perf_counter() - t0
    return {"framework": "dlstudio", "epochs": epochs, "test_accuracy": last.test_accuracy,
            "test_loss": last.test_loss, "wall_seconds": wall,
            "cpu_seconds": time.process_time() - cpu0,
            "train_seconds": last.elapsed_seconds, "probe_seconds": last.extra["probe_seconds"],
            "probes": trainer.probes, "steps": trainer.step,
            "history": [{k: v for k, v in h.items() if k != "step"} for h in trainer.history]}


def run_pytorch(data: Any, epochs: int = 5, seed: int = 0,
                progress: Callable[[str], None] | None = None) -> dict:
    """The same run in PyTorch (CPU); raises ImportError when torch is missing."""
    import torch
    import torch.nn as nn

    model, opt = _torch_convnet(seed)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.from_numpy(np.ascontiguousarray(data.x_train.transpose(0, 3, 1, 2)))
    y = torch.from_numpy(data.y_train.astype(np.int64))
    xt = torch.from_numpy(np.ascontiguousarray(data.x_test.transpose(0, 3, 1, 2)))
    yt = torch.from_numpy(data.y_test.astype(np.int64))
    gen = torch.Generator().manual_seed(seed)
    history = []
    t0, cpu0 = time.perf_counter(), time.process_time()
    for epoch in range(epochs):
        te = time.perf_counter()
        model.train()
        perm = torch.randperm(len(x), generator=gen)
        total = correct = 0.0
        for i in range(0, len(x), 64):
            idx = perm[i:i + 64]
            xb, yb = x[idx], y[idx]
            opt.zero_grad(set_to_none=True)
            out = model(xb)
            loss = loss_fn(out, yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            correct += float((out.argmax(1) == yb).sum())
        history.append({"epoch": epoch + 1, "loss": total / len(x), "accuracy": correct / len(x),
                        "seconds": time.perf_counter() - te})
        if progress is not None:
            progress(f"pytorch epoch {epoch + 1}: loss {total / len(x):.4f} "
                     f"acc {correct / len(x):.4f} {history[-1]['seconds']:.1f} s")
    train_seconds = time.perf_counter() - t0
    model.eval()
    with torch.inference_mode():
        outs = torch.cat([model(xt[i:i + 256]) for i in range(0, len(xt), 256)])
        test_loss = float(loss_fn(outs, yt))
        test_acc = float((outs.argmax(1) == yt).float().mean())
    return {"framework": f"pytorch {torch.__version__}", "epochs": epochs,
            "test_accuracy": test_acc, "test_loss": test_loss,
            "wall_seconds": time.perf_counter() - t0, "train_seconds": train_seconds,
            "cpu_seconds": time.process_time() - cpu0,
            "threads": torch.get_num_threads(), "history": history}


def _torch_convnet(seed: int):
    """The convnet in PyTorch (NCHW) with Keras's initialization, and its RMSprop."""
    from dlstudio.bench.pytorch import build_model, build_optimizer
    from dlstudio.engine.presets import PRESETS

    model = build_model(PRESETS["mnist_convnet"](), keras_init=True, seed=seed)
    return model, build_optimizer("rmsprop", {"learning_rate": 0.001}, model.parameters())


def _torch_steps(data: Any, seed: int):
    """A generator training the PyTorch convnet one batch of 64 per ``next()``."""
    import torch
    import torch.nn as nn

    model, opt = _torch_convnet(seed)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.from_numpy(np.ascontiguousarray(data.x_train.transpose(0, 3, 1, 2)))
    y = torch.from_numpy(data.y_train.astype(np.int64))
    gen = torch.Generator().manual_seed(seed)
    while True:
        perm = torch.randperm(len(x), generator=gen)
        for i in range(0, len(x), 64):
            idx = perm[i:i + 64]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            yield loss.item()


class _OwnTime:
    """A clock that stands still while its trainer is not being run, so that alternating
    two trainers does not make either one's snapshot clock think time has passed."""

    def __init__(self) -> None:
        self.offset, self.left = 0.0, None

    def __call__(self) -> float:
        return time.perf_counter() - self.offset

    def enter(self) -> None:
        if self.left is not None:
            self.offset += time.perf_counter() - self.left

    def leave(self) -> None:
        self.left = time.perf_counter()


def telemetry_overhead(data: Any, steps: int = 300, block: int = 25, seed: int = 0,
                       progress: Callable[[str], None] | None = None) -> dict:
    """Cost of telemetry at its default interval on the MNIST convnet.

    Two trainers of the same network, one probing and one not, are run alternately in
    blocks of ``block`` steps until each has trained ``steps`` steps; alternating keeps a
    shared machine's changing load from favouring either. Reports wall and CPU time per step
    for both, the overhead ratios, and the probes' own measured share of the probing
    trainer's training time. (Probes have no side effects, so both trainers do the very same
    arithmetic.)
    """
    from dlstudio.engine.network import Network
    from dlstudio.training.trainer import Trainer

    train_only = SimpleNamespace(x_train=data.x_train, y_train=data.y_train)
    runs = {}
    for flag in (False, True):
        own = _OwnTime()
        spec = textbook_spec(1, flag, seed)
        trainer = Trainer(Network.from_spec("mnist_convnet", seed=seed), train_only, spec,
                          clock=SnapshotClock(spec.telemetry.snapshots_per_second, own))
        gen = trainer.run()
        next(gen)
        runs[flag] = {"trainer": trainer, "gen": gen, "own": own, "wall": 0.0, "cpu": 0.0,
                      "steps": 0, "warm": False}
    while min(r["steps"] for r in runs.values()) < steps:
        for flag, r in runs.items():
            t = r["trainer"]
            r["own"].enter()
            s0, w0, c0 = t.step, time.perf_counter(), time.process_time()
            while t.step - s0 < block:
                next(r["gen"])
            if r["warm"]:                     # the first block compiles kernels: not timed
                r["wall"] += time.perf_counter() - w0
                r["cpu"] += time.process_time() - c0
                r["steps"] += t.step - s0
            r["warm"] = True
            r["own"].leave()
        if progress is not None:
            on, off = runs[True], runs[False]
            if on["steps"]:
                progress(f"{on['steps']} steps: {1000 * off['wall'] / off['steps']:.2f} ms/step "
                         f"without telemetry, {1000 * on['wall'] / on['steps']:.2f} with")
    on, off = runs[True], runs[False]
    trainer_on = on["trainer"]
    return {"steps": on["steps"],
            "step_ms_off": 1000 * off["wall"] / off["steps"],
            "step_ms_on": 1000 * on["wall"] / on["steps"],
            "cpu_step_ms_off": 1000 * off["cpu"] / off["steps"],
            "cpu_step_ms_on": 1000 * on["cpu"] / on["steps"],
            "overhead_wall": (on["wall"] / on["steps"]) / (off["wall"] / off["steps"]) - 1.0,
            "overhead_cpu": (on["cpu"] / on["steps"]) / (off["cpu"] / off["steps"]) - 1.0,
            "probe_share": trainer_on.probe_seconds / trainer_on.active_seconds,
            "probes": trainer_on.probes,
            "probes_per_second": trainer_on.probes / trainer_on.active_seconds}


def compare_throughput(data: Any, steps: int = 400, block: int = 25, seed: int = 0,
                       telemetry: bool = False,
                       progress: Callable[[str], None] | None = None) -> dict:
    """Training throughput of dlstudio's trainer and of PyTorch on the same convnet and
    batches of 64, run alternately in blocks of ``block`` steps (fair on a loaded machine)."""
    from dlstudio.engine.network import Network
    from dlstudio.training.trainer import Trainer

    train_only = SimpleNamespace(x_train=data.x_train, y_train=data.y_train)
    own = _OwnTime()
    spec = textbook_spec(100, telemetry, seed)
    trainer = Trainer(Network.from_spec("mnist_convnet", seed=seed), train_only, spec,
                      clock=SnapshotClock(spec.telemetry.snapshots_per_second, own))
    ours = trainer.run()
    next(ours)
    theirs = _torch_steps(data, seed)
    sums = {"dlstudio": [0.0, 0.0, 0], "pytorch": [0.0, 0.0, 0]}
    warm = False
    while min(v[2] for v in sums.values()) < steps:
        own.enter()
        s0, w0, c0 = trainer.step, time.perf_counter(), time.process_time()
        while trainer.step - s0 < block:
            next(ours)
        w1, c1, n = time.perf_counter(), time.process_time(), trainer.step - s0
        own.leave()
        for _ in range(block):
            next(theirs)
        w2, c2 = time.perf_counter(), time.process_time()
        if warm:                              # the first blocks compile / warm up
            for key, wall, cpu, k in (("dlstudio", w1 - w0, c1 - c0, n),
                                      ("pytorch", w2 - w1, c2 - c1, block)):
                sums[key][0] += wall
                sums[key][1] += cpu
                sums[key][2] += k
            if progress is not None:
                progress(f"{sums['pytorch'][2]} steps: dlstudio "
                         f"{64 * sums['dlstudio'][2] / sums['dlstudio'][0]:,.0f} img/s, "
                         f"pytorch {64 * sums['pytorch'][2] / sums['pytorch'][0]:,.0f} img/s")
        warm = True
    trainer.stop()
    out = {key: {"images_per_second": 64 * k / wall, "cpu_ms_per_step": 1000 * cpu / k,
                 "steps": k} for key, (wall, cpu, k) in sums.items()}
    out["ratio"] = out["dlstudio"]["images_per_second"] / out["pytorch"]["images_per_second"]
    out["telemetry"] = telemetry
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--data-dir", default=None,
                   help="folder holding the MNIST files (default: the usual data folders)")
    p.add_argument("--torch", action="store_true", help="also run PyTorch")
    p.add_argument("--no-dlstudio", action="store_true", help="skip dlstudio's run")
    p.add_argument("--overhead", action="store_true", help="measure telemetry overhead only")
    p.add_argument("--throughput", action="store_true",
                   help="alternate dlstudio and PyTorch training steps and compare speed")
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--block", type=int, default=25, help="steps per alternation block")
    p.add_argument("--json", help="write the results here")
    args = p.parse_args(argv)
    data = load_mnist(args.data_dir)
    results: dict[str, Any] = {}
    if args.overhead or args.throughput:
        if args.overhead:
            results["overhead"] = telemetry_overhead(data, args.steps, args.block,
                                                     progress=print)
        if args.throughput:
            results["throughput"] = compare_throughput(data, args.steps, args.block,
                                                       progress=print)
    else:
        def show(snap):
            if snap.event == "epoch_end":
                print(f"dlstudio epoch {snap.epoch + 1}: loss {snap.train_loss:.4f} "
                      f"acc {snap.train_accuracy:.4f} {snap.examples_per_second:,.0f} img/s",
                      flush=True)

        if not args.no_dlstudio:
            results["dlstudio"] = run_dlstudio(data, args.epochs, progress=show)
        if args.torch:
            results["pytorch"] = run_pytorch(data, args.epochs,
                                             progress=lambda m: print(m, flush=True))
    for key, r in results.items():
        print(key, json.dumps({k: v for k, v in r.items() if k != "history"}))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
