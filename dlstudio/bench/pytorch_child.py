"""Measure one PyTorch workload in a child process: ``python -m dlstudio.bench.pytorch_child
KEY MODE CHANNELS_LAST REPEATS SECONDS [IMAGES]`` prints the measurement as JSON (``IMAGES``:
inference on arrays of that many examples instead of one batch).

dlstudio makes idle OpenMP/OpenBLAS threads sleep (``dlstudio/thread_env.py``); inside the same
process PyTorch would inherit that and run slower than it does out of the box. The child
starts with the libraries' own defaults, so PyTorch is measured as a user would run it.
"""
from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> int:
    key, mode, channels_last, repeats, seconds = argv[:5]
    images = int(argv[5]) if len(argv) > 5 else None
    import torch

    from dlstudio.bench import pytorch
    from dlstudio.bench.run import calibrated
    from dlstudio.bench.workloads import standard_workloads

    torch.set_num_threads(os.cpu_count() or 1)
    w = next(w for w in standard_workloads() if w.key == key)
    cl = channels_last == "1"
    if mode == "train":
        m = calibrated(lambda n, r: pytorch.train_throughput(w, n, r, cl), float(seconds),
                       int(repeats))
    else:
        m = calibrated(lambda n, r: pytorch.inference_throughput(w, n, r, cl, images),
                       float(seconds), int(repeats))
    print(json.dumps({"median": m.median, "low": m.low, "high": m.high}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
