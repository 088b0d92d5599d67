"""Run the benchmark and print a table of throughputs with PyTorch ratios."""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from typing import Callable

from dlstudio.bench import ours, pytorch
from dlstudio.bench.timing import Measurement
from dlstudio.bench.workloads import Workload, standard_workloads
from dlstudio.engine import threads


def calibrated(fn: Callable[[int, int], Measurement], target_seconds: float, repeats: int) -> Measurement:
    """Pick the number of steps per repeat so that one repeat takes about ``target_seconds``."""
    fn(3, 1)                                   # warm-up: JIT compilation, allocator
    t0 = time.perf_counter()
    fn(5, 1)
    seconds_per_step = (time.perf_counter() - t0) / 8  # measure() ran 3 warm-up + 5 steps
    n = max(5, int(target_seconds / max(seconds_per_step, 1e-7)))
    return fn(n, repeats)


def run(keys: list[str] | None = None, repeats: int = 5, target_seconds: float = 0.6,
        use_torch: bool = True, inference: bool = True, out=print) -> list[dict]:
    torch_version = pytorch.available() if use_torch else None
    out(f"dlstudio bench on {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
        f"PyTorch: {torch_version or 'not installed (pip install torch==2.13.0 for ratios)'}")
    out(f"medians of {repeats} repeats (min-max); ratio = dlstudio / PyTorch (>1 means dlstudio is faster); "
        f"dlstudio uses {threads.chosen_threads()} thread(s), PyTorch runs in a child process with its defaults")
    results = []
    for w in standard_workloads():
        if keys and w.key not in keys:
            continue
        results.extend(_bench_workload(w, repeats, target_seconds, torch_version, inference, out))
    return results


def _row(out, label: str, unit: str, mine: Measurement, ref: Measurement | None, ref_label: str) -> dict:
    ratio = mine.median / ref.median if ref else None
    text = f"  {label:<10} dlstudio {mine.text()} {unit}"
    if ref:
        text += f" | PyTorch{ref_label} {ref.text()} | ratio {ratio:4.2f}x"
    out(text)
    return {"mode": label, "unit": unit, "dlstudio": mine.median, "dlstudio_min": mine.low,
            "dlstudio_max": mine.high, "pytorch": ref.median if ref else None,
            "pytorch_layout": ref_label.strip(" ()") or None, "ratio": ratio}


#: convnet inference is also timed on arrays of this many images (``predict`` chunks them)
LARGE_INFERENCE = 1000


def _pytorch(w: Workload, mode: str, channels_last: bool, repeats: int, target: float,
             images: int | None = None) -> Measurement:
    """PyTorch's figure from a child process started with the libraries' default threading."""
    from dlstudio.thread_env import library_default_environment

    args = [sys.executable, "-m", "dlstudio.bench.pytorch_child", w.key, mode,
            "1" if channels_last else "0", str(repeats), str(target)] + \
        ([str(images)] if images else [])
    done = subprocess.run(args, capture_output=True, text=True, env=library_default_environment(),
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"PyTorch measurement failed:\n{done.stderr.strip()}")
    m = json.loads(done.stdout.strip().splitlines()[-1])
    return Measurement(m["median"], m["low"], m["high"])


def _bench_workload(w: Workload, repeats: int, target: float, torch_version, inference: bool, out) -> list[dict]:
    out(f"\n{w.title}" + (f"   [reference here: PyTorch {w.pytorch_reference}]" if w.pytorch_reference else ""))
    rows = []
    is_conv = len(w.spec.input_shape) == 3
    mine = calibrated(lambda n, r: ours.train_throughput(w, n, r), target, repeats)
    layouts = [(False, " (NCHW)"), (True, " (NHWC)")] if is_conv else [(False, "")]
    for channels_last, label in layouts if torch_version else [(False, "")]:
        ref = _pytorch(w, "train", channels_last, repeats, target) if torch_version else None
        rows.append(dict(_row(out, "train", w.unit, mine, ref, label), workload=w.key))
    if inference:
        mine_inf = calibrated(lambda n, r: ours.inference_throughput(w, n, r), target, repeats)
        ref_inf = _pytorch(w, "inference", False, repeats, target) if torch_version else None
        rows.append(dict(_row(out, "inference", w.unit, mine_inf, ref_inf, " (NCHW)" if is_conv else ""),
                         workload=w.key))
        if is_conv and w.batch_size == 64:
            n = LARGE_INFERENCE
            mine_big = calibrated(lambda k, r: ours.inference_throughput(w, k, r, n), target,
                                  repeats)
            ref_big = _pytorch(w, "inference", False, repeats, target, n) if torch_version else None
            rows.append(dict(_row(out, f"infer {n}", w.unit, mine_big, ref_big, " (NCHW)"),
                             workload=w.key, images=n))
    return rows


def save_json(results: list[dict], path: str) -> None:
    from dlstudio.engine.filesave import atomic_write_text

    atomic_write_text(path, json.dumps(results, indent=2))
