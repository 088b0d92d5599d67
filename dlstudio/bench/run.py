"""Run the benchmark and print a table of throughputs with PyTorch ratios."""
from __future__ import annotations

import json
import os
import platform

from dlstudio.bench import ours, paired, pytorch
from dlstudio.bench.paired import PytorchChild
from dlstudio.bench.timing import Measurement, measure
from dlstudio.bench.workloads import Workload, standard_workloads
from dlstudio.engine import threads


def run(keys: list[str] | None = None, repeats: int = 5, target_seconds: float = 0.6,
        use_torch: bool = True, inference: bool = True, out=print) -> list[dict]:
    torch_version = pytorch.available() if use_torch else None
    out(f"dlstudio bench on {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
        f"PyTorch: {torch_version or 'not installed (pip install torch==2.13.0 for ratios)'}")
    out(f"medians of {repeats} repeats (min-max); ratio = dlstudio / PyTorch (>1 means dlstudio is faster); "
        f"dlstudio uses {threads.chosen_threads()} thread(s), PyTorch runs in a child process with its defaults; "
        f"they take turns, one repeat each")
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


def _measured(mine, children: list, repeats: int, target: float):
    """dlstudio's measurement and each PyTorch child's, taking turns (``bench.paired``);
    the children are closed afterwards."""
    try:
        if not children:
            step, per = mine
            n = paired.steps_for(step, target)
            return measure(step, n, per, repeats, warmup=0), []
        return paired.alternate(mine, children, repeats, target)
    finally:
        for child in children:
            child.close()


def _bench_workload(w: Workload, repeats: int, target: float, torch_version, inference: bool, out) -> list[dict]:
    out(f"\n{w.title}" + (f"   [reference here: PyTorch {w.pytorch_reference}]" if w.pytorch_reference else ""))
    rows = []
    is_conv = len(w.spec.input_shape) == 3
    layouts = [(False, " (NCHW)"), (True, " (NHWC)")] if is_conv else [(False, "")]
    # the PyTorch children are built first (while this process is idle), then everyone takes
    # turns; without PyTorch only dlstudio is measured
    children = [PytorchChild(w, "train", cl, target) for cl, _ in layouts] if torch_version \
        else []
    mine, refs = _measured(ours.train_step(w), children, repeats, target)
    for (_, label), ref in zip(layouts, refs) if refs else [(("", ""), None)]:
        rows.append(dict(_row(out, "train", w.unit, mine, ref, label), workload=w.key))
    if inference:
        children = [PytorchChild(w, "inference", False, target)] if torch_version else []
        mine_inf, refs = _measured(ours.inference_step(w), children, repeats, target)
        rows.append(dict(_row(out, "inference", w.unit, mine_inf, refs[0] if refs else None,
                              " (NCHW)" if is_conv else ""), workload=w.key))
        if is_conv and w.batch_size == 64:
            n = LARGE_INFERENCE
            children = [PytorchChild(w, "inference", False, target, n)] if torch_version else []
            mine_big, refs = _measured(ours.inference_step(w, n), children, repeats, target)
            rows.append(dict(_row(out, f"infer {n}", w.unit, mine_big,
                                  refs[0] if refs else None, " (NCHW)"),
                             workload=w.key, images=n))
    return rows


def save_json(results: list[dict], path: str) -> None:
    from dlstudio.engine.filesave import atomic_write_text

    atomic_write_text(path, json.dumps(results, indent=2))
