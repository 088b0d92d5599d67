"""Measure one PyTorch workload in a child process, repeat by repeat on request:

    python -m dlstudio.bench.pytorch_child KEY MODE CHANNELS_LAST SECONDS [IMAGES]

builds the workload (``MODE`` train or inference; ``IMAGES``: inference on arrays of that many
examples instead of one batch), warms it up, sizes a repeat to about ``SECONDS`` and prints
``{"ready": steps}``; then each line ``repeat`` on its standard input runs one repeat and prints
``{"rate": units per second}``. End of input ends it. ``dlstudio bench`` alternates these
repeats with its own (``bench.paired``), so both frameworks meet the same moments of a busy
machine.

dlstudio makes idle OpenMP/OpenBLAS threads sleep (``dlstudio/thread_env.py``); inside the same
process PyTorch would inherit that and run slower than it does out of the box. The child
starts with the libraries' own defaults, so PyTorch is measured as a user would run it.
"""
from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> int:
    key, mode, channels_last, seconds = argv[:4]
    images = int(argv[4]) if len(argv) > 4 else None
    import torch

    from dlstudio.bench import pytorch
    from dlstudio.bench.paired import steps_for
    from dlstudio.bench.timing import measure
    from dlstudio.bench.workloads import standard_workloads

    torch.set_num_threads(os.cpu_count() or 1)
    w = next(w for w in standard_workloads() if w.key == key)
    cl = channels_last == "1"
    if mode == "train":
        step, per = pytorch.train_step(w, cl)
    else:
        step, per = pytorch.inference_step(w, cl, images)
    n = steps_for(step, float(seconds))
    print(json.dumps({"ready": n}), flush=True)
    for line in sys.stdin:
        if line.strip() != "repeat":
            break
        rate = measure(step, n, per, 1, warmup=0).median
        print(json.dumps({"rate": rate}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
