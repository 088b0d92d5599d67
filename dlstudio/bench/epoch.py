"""One full epoch of the textbook MNIST convnet, dlstudio against PyTorch (``dlstudio bench
--epoch``).

dlstudio trains through ``dlstudio train mnist_convnet --data mnist`` in a subprocess, exactly as
a user runs it (its own thread choice included); the epoch's training seconds come from the
run's JSON log. PyTorch trains the same network (``bench.pytorch.build_model``, Keras's
initialization) with RMSprop 0.001 on the same 60,000 shuffled images, in NCHW and in
channels-last, each in a child process started with the libraries' default threading. The
three are run alternately (the order rotates every repeat) and the medians reported, in two
conditions:

* ``quiet``: the machine as it is;
* ``after-load``: right after a 2-process CPU burner ran for ``burn_seconds`` (the situation
  where a stale look at the load would make a program throttle itself).

``images`` shortens every epoch to that many training images (dlstudio ``--limit``, PyTorch
the first ``images`` of the shuffled set): a quick comparison on a shared machine; the full
epoch (60,000) is the figure to report.

The GEMM ceiling is measured in the same run: the float32 rate of a large matrix product split
over the cores (the hardware's practical peak) and of the convnet's own GEMM shapes at each
batch size. An epoch's rate is its matrix-product FLOPs (forward, weight and input gradients,
no input gradient for the first layer) over its seconds, and its share of the ceiling is that
rate over the peak rate.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

FRAMEWORKS = ("dlstudio", "pytorch-nchw", "pytorch-cl")
CONDITIONS = ("quiet", "after-load")
N_TRAIN = 60000


# -- what the epoch computes ---------------------------------------------------------------------
def gemm_shapes(spec, batch: int) -> list[tuple[int, int, int]]:
    """The (M, K, N) products of one training step (``out (M, N) = a (M, K) @ b (K, N)``):
    forward, weight gradient and, above the first layer with weights, input gradient."""
    from dlstudio.engine.network import Network

    net = Network.from_spec(spec, seed=0)
    shape = net.input_shape
    out, first = [], True
    for layer in net.layers:
        nxt = tuple(layer.output_shape(shape))
        if layer.type_name == "Conv2D":
            kh, kw = layer.kernel_size
            m, k, n = batch * nxt[0] * nxt[1], kh * kw * shape[2], layer.filters
        elif layer.type_name == "Dense":
            m, k, n = batch, shape[0], layer.units
        else:
            shape = nxt
            continue
        out += [(m, k, n), (k, m, n)] + ([] if first else [(m, n, k)])
        first, shape = False, nxt
    return out


def step_flops(shapes: Sequence[tuple[int, int, int]]) -> float:
    return float(sum(2 * m * k * n for m, k, n in shapes))


def epoch_flops(spec, batch: int, n_images: int = N_TRAIN) -> float:
    """Matrix-product FLOPs of one epoch (the last short batch counted pro rata)."""
    return step_flops(gemm_shapes(spec, batch)) * n_images / batch


def gemm_rate(shapes: Sequence[tuple[int, int, int]], seconds: float = 0.5,
              n_threads: int | None = None) -> float:
    """FLOP/s of float32 products of ``shapes`` through ``engine.gemm`` (split over the
    cores): repeated until ``seconds`` passed, best of three rounds."""
    from dlstudio.engine import gemm, threads

    n = n_threads or threads.available_cores()
    rng = np.random.default_rng(0)
    ops = []
    for m, k, nn in shapes:
        ops.append((rng.random((m, k), dtype=np.float32), rng.random((k, nn), dtype=np.float32),
                    np.empty((m, nn), np.float32)))
    flops = step_flops(shapes)
    for a, b, c in ops:                         # first touch, helper threads started
        gemm.matmul(a, b, c, n)
    best = 0.0
    for _ in range(3):
        t0, reps = time.perf_counter(), 0
        while True:
            for a, b, c in ops:
                gemm.matmul(a, b, c, n)
            reps += 1
            dt = time.perf_counter() - t0
            if dt >= seconds / 3:
                break
        best = max(best, reps * flops / dt)
    return best


# -- one epoch in a subprocess -----------------------------------------------------------------
def dlstudio_command(batch: int, log: str, data_dir: str | None,
                     images: int = N_TRAIN) -> list[str]:
    cmd = [sys.executable, "-m", "dlstudio", "train", "mnist_convnet", "--data", "mnist",
           "--validation-split", "0", "--epochs", "1", "--batch-size", str(batch),
           "--optimizer", "rmsprop", "--lr", "0.001", "--quiet", "--log", log]
    if images < N_TRAIN:
        cmd += ["--limit", str(images)]
    return cmd + (["--data-dir", data_dir] if data_dir else [])


def user_environment(pytorch: bool) -> dict[str, str]:
    """The environment a user's shell would give: for PyTorch without the thread settings
    ``import dlstudio`` fills in; for ``dlstudio train`` the same, so it sets its own."""
    from dlstudio.thread_env import NO_DEFAULTS, library_default_environment

    env = library_default_environment()
    if not pytorch:
        env.pop(NO_DEFAULTS, None)
    return env


def run_dlstudio_epoch(batch: int, data_dir: str | None = None,
                       images: int = N_TRAIN) -> float:
    """Seconds of training in one epoch of ``dlstudio train`` (from its log)."""
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "run.jsonl")
        done = subprocess.run(dlstudio_command(batch, log, data_dir, images),
                              capture_output=True, text=True, env=user_environment(False), check=False)
        if done.returncode != 0:
            raise RuntimeError(f"dlstudio train failed:\n{done.stderr.strip()[-2000:]}")
        with open(log, encoding="utf-8") as fh:
            entries = [json.loads(line) for line in fh if line.strip()]
    return float(next(e["seconds"] for e in entries if "epoch" in e))


def run_pytorch_epoch(batch: int, channels_last: bool, data_dir: str | None = None,
                      images: int = N_TRAIN) -> float:
    """Seconds of one PyTorch epoch, in a child process with the default threading."""
    cmd = [sys.executable, "-m", "dlstudio.bench.epoch", "--torch-child", str(batch),
           "1" if channels_last else "0", str(images)] + ([data_dir] if data_dir else [])
    done = subprocess.run(cmd, capture_output=True, text=True, env=user_environment(True),
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"PyTorch epoch failed:\n{done.stderr.strip()[-2000:]}")
    return float(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])


def torch_epoch(data, batch: int, channels_last: bool, seed: int = 0,
                images: int = N_TRAIN) -> float:
    """Train one shuffled epoch (its first ``images`` images) in this process (PyTorch);
    returns its seconds."""
    import torch

    from dlstudio.bench.pytorch import build_model, build_optimizer
    from dlstudio.engine.presets import PRESETS

    model = build_model(PRESETS["mnist_convnet"](), keras_init=True, seed=seed)
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    model = model.to(memory_format=fmt)
    opt = build_optimizer("rmsprop", {"learning_rate": 0.001}, model.parameters())
    loss_fn = torch.nn.CrossEntropyLoss()
    x = torch.from_numpy(np.ascontiguousarray(data.x_train.transpose(0, 3, 1, 2)))
    y = torch.from_numpy(data.y_train.astype(np.int64))
    gen = torch.Generator().manual_seed(seed)
    t0 = time.perf_counter()
    perm = torch.randperm(len(x), generator=gen)[:images]
    for i in range(0, len(perm), batch):
        idx = perm[i:i + batch]
        xb = x[idx].contiguous(memory_format=fmt)
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), y[idx])
        loss.backward()
        opt.step()
        loss.item()                       # what a progress line reads every step
    return time.perf_counter() - t0


def burn(seconds: float, processes: int = 2) -> None:
    """Keep ``processes`` cores busy for ``seconds`` (child processes), then return."""
    code = f"import time\nt = time.perf_counter() + {float(seconds)}\n" \
           "while time.perf_counter() < t:\n    pass\n"
    children = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(processes)]
    for child in children:
        child.wait()


# -- the schedule ------------------------------------------------------------------------------
Runner = Callable[[str, int], float]


def measure(batches: Sequence[int], repeats: int, conditions: Sequence[str], runner: Runner,
            before: Callable[[str], None] = lambda condition: None,
            progress: Callable[[str], None] = lambda text: None) -> dict:
    """``{(condition, batch, framework): [seconds, ...]}``. Frameworks alternate, their order
    rotating each repeat; ``before(condition)`` runs before every single epoch (the burner
    for ``after-load``)."""
    times: dict[tuple[str, int, str], list[float]] = {}
    for condition in conditions:
        for r in range(repeats):
            order = FRAMEWORKS[r % 3:] + FRAMEWORKS[:r % 3]
            for batch in batches:
                for fw in order:
                    before(condition)
                    seconds = runner(fw, batch)
                    times.setdefault((condition, batch, fw), []).append(seconds)
                    progress(f"{condition} batch {batch} {fw}: {seconds:.1f} s")
    return times


@dataclass(frozen=True)
class EpochRow:
    condition: str
    batch: int
    seconds: dict          # framework -> median seconds
    spread: dict           # framework -> (min, max)
    vs_nchw: float | None  # PyTorch NCHW seconds / dlstudio seconds (>1: dlstudio faster)
    vs_cl: float | None
    gflops: float | None   # dlstudio's matrix-product rate in the epoch
    of_peak: float | None  # gflops / the peak GEMM rate


def summarize(times: dict, flops: dict[int, float] | None = None,
              peak_gflops: float | None = None) -> list[EpochRow]:
    """Medians, ratios and the share of the GEMM ceiling per (condition, batch).

    ``flops[batch]`` are one epoch's matrix-product FLOPs; ``peak_gflops`` the ceiling.
    """
    rows = []
    keys = sorted({(c, b) for c, b, _ in times}, key=lambda cb: (CONDITIONS.index(cb[0])
                                                                if cb[0] in CONDITIONS else 9,
                                                                cb[1]))
    for condition, batch in keys:
        med, spread = {}, {}
        for fw in FRAMEWORKS:
            values = times.get((condition, batch, fw))
            if values:
                med[fw] = statistics.median(values)
                spread[fw] = (min(values), max(values))
        ours = med.get("dlstudio")

        def ratio(fw: str) -> float | None:
            return med[fw] / ours if ours and fw in med else None

        gflops = flops[batch] / ours / 1e9 if ours and flops and batch in flops else None
        of_peak = gflops / peak_gflops if gflops is not None and peak_gflops else None
        rows.append(EpochRow(condition, batch, med, spread, ratio("pytorch-nchw"),
                             ratio("pytorch-cl"), gflops, of_peak))
    return rows


def format_table(rows: Sequence[EpochRow], repeats: int, peak_gflops: float | None = None,
                 shape_gflops: dict[int, float] | None = None, images: int = N_TRAIN) -> str:
    def sec(row: EpochRow, fw: str) -> str:
        return f"{row.seconds[fw]:7.1f}" if fw in row.seconds else f"{'-':>7}"

    def num(v: float | None, fmt: str) -> str:
        return format(v, fmt) if v is not None else "-"

    what = "one epoch" if images >= N_TRAIN else f"{images:,} images of an epoch"
    lines = [f"{what} of the MNIST convnet ({N_TRAIN:,} images, RMSprop 0.001): median seconds "
             f"of {repeats} repeat(s); ratio = PyTorch seconds / dlstudio seconds "
             f"(>1: dlstudio faster)",
             f"{'condition':<11}{'batch':>6}{'dlstudio':>9}{'NCHW':>8}{'ch-last':>8}"
             f"{'vs NCHW':>9}{'vs ch-last':>11}{'GFLOPS':>8}{'% peak':>8}"]
    for r in rows:
        lines.append(f"{r.condition:<11}{r.batch:>6}{sec(r, 'dlstudio'):>9}"
                     f"{sec(r, 'pytorch-nchw'):>8}{sec(r, 'pytorch-cl'):>8}"
                     f"{num(r.vs_nchw, '.2f') + 'x':>9}{num(r.vs_cl, '.2f') + 'x':>11}"
                     f"{num(r.gflops, '.1f'):>8}"
                     f"{(num(100 * r.of_peak, '.0f') + '%') if r.of_peak is not None else '-':>8}")
    if peak_gflops:
        text = f"GEMM ceiling (same run): {peak_gflops:.1f} GFLOPS float32 (1024^3 product " \
               f"split over the cores)"
        if shape_gflops:
            text += "; the convnet's own GEMM shapes: " + ", ".join(
                f"batch {b} {g:.1f}" for b, g in sorted(shape_gflops.items()))
        lines.append(text)
    return "\n".join(lines)


def run(batches: Sequence[int] = (32, 64, 128), repeats: int = 3,
        conditions: Sequence[str] = CONDITIONS, burn_seconds: float = 10.0,
        data_dir: str | None = None, out: Callable[[str], None] = print,
        images: int = N_TRAIN) -> list[EpochRow]:
    """The whole comparison; prints progress and the table, returns the rows."""
    from dlstudio.engine.presets import PRESETS

    spec = PRESETS["mnist_convnet"]()
    peak = gemm_rate([(1024, 1024, 1024)]) / 1e9
    shape_rates = {b: gemm_rate(gemm_shapes(spec, b)) / 1e9 for b in batches}
    out(f"GEMM ceiling: {peak:.1f} GFLOPS; convnet shapes: " +
        ", ".join(f"batch {b} {g:.1f}" for b, g in shape_rates.items()))

    def runner(fw: str, batch: int) -> float:
        if fw == "dlstudio":
            return run_dlstudio_epoch(batch, data_dir, images)
        return run_pytorch_epoch(batch, fw == "pytorch-cl", data_dir, images)

    def before(condition: str) -> None:
        if condition == "after-load":
            burn(burn_seconds)

    times = measure(batches, repeats, conditions, runner, before, out)
    rows = summarize(times, {b: epoch_flops(spec, b, images) for b in batches}, peak)
    out(format_table(rows, repeats, peak, shape_rates, images))
    return rows


def _torch_child(argv: list[str]) -> int:
    from dlstudio.bench.mnist import load_mnist

    batch, channels_last, images = int(argv[0]), argv[1] == "1", int(argv[2])
    data = load_mnist(argv[3] if len(argv) > 3 else None)
    print(json.dumps({"seconds": torch_epoch(data, batch, channels_last, images=images)}))
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--torch-child"]:
        raise SystemExit(_torch_child(sys.argv[2:]))
    raise SystemExit(run() and 0)
