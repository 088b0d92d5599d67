"""Speed figures of the data side, for ``dlstudio bench --data`` (each returns numbers).

- ``digits_speed``: procedural digits generated per second.
- ``mnist_load_times``: cold (verify + decompress + write the ``.npy`` cache) and warm loads.
- ``augment_cost``: seconds to augment a batch of 64 MNIST-sized images, and the ratio to one
  training step of the textbook convnet at batch 64.
- ``linear_vs_mlp``: test accuracy of softmax regression and a one-hidden-layer MLP on the
  procedural digits (a plain NumPy trainer, so the figure does not depend on the engine).
"""
from __future__ import annotations

import dataclasses
import os
import tempfile
import time

import numpy as np

from dlstudio.bench.timing import best_of

AUGMENT_TYPICAL = {"rotation_range": 10, "width_shift_range": 0.1, "height_shift_range": 0.1,
                   "zoom_range": 0.1}
AUGMENT_ALL = {**AUGMENT_TYPICAL, "shear_range": 10, "horizontal_flip": True,
               "brightness_range": 0.1, "contrast_range": 0.2, "noise_std": 0.05,
               "fill_mode": "reflect"}


def digits_speed(n: int = 60000, repeats: int = 3) -> dict:
    """Images per second for ``n`` digits (after compilation / cache load)."""
    from dlstudio.data.digits import generate_digits

    t = time.perf_counter()
    generate_digits(64, seed=0)
    first = time.perf_counter() - t
    best = best_of(lambda: generate_digits(n, seed=1), repeats)
    cpu = time.process_time()
    generate_digits(n, seed=1)
    cpu = time.process_time() - cpu  # all threads: robust when other work shares the cores
    return {"n": n, "seconds": best, "images_per_s": n / best, "first_call_s": first,
            "cpu_s": cpu}


def mnist_load_times(folder: str | None = None, repeats: int = 3) -> dict | None:
    """Cold and warm ``load("mnist")`` seconds from ``folder`` or the usual data folders
    (settings, ``DLSTUDIO_DATA``, the cache); None when the files are not found."""
    from dlstudio.data import availability, idxsets, load

    args = dict(download=False, validation_split=0.0, **({"path": folder} if folder else {}))
    if not availability("mnist", **({"path": folder} if folder else {}))[0]:
        return None
    old = os.environ.get("DLSTUDIO_CACHE_DIR")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DLSTUDIO_CACHE_DIR"] = tmp
        try:
            idxsets.forget_verification()
            t = time.perf_counter()
            ds = load("mnist", **args)
            cold = time.perf_counter() - t
            del ds
            idxsets.forget_verification()  # a new session: verification again, arrays cached
            warm_new_session = best_of(lambda: (idxsets.forget_verification(),
                                                load("mnist", **args)), repeats)
            warm = best_of(lambda: load("mnist", **args), repeats)
        finally:
            if old is None:
                os.environ.pop("DLSTUDIO_CACHE_DIR", None)
            else:
                os.environ["DLSTUDIO_CACHE_DIR"] = old
    return {"cold_s": cold, "warm_new_session_s": warm_new_session, "warm_s": warm}


def convnet_step_seconds(batch: int = 64, repeats: int = 5) -> tuple[float, str]:
    """Seconds of one RMSprop training step of the textbook convnet (the median of
    ``repeats``; the same workload as ``dlstudio bench``)."""
    from dlstudio.bench.ours import train_throughput
    from dlstudio.bench.workloads import standard_workloads

    conv = next(w for w in standard_workloads() if w.key == "convnet_b64")
    workload = conv if batch == conv.batch_size else dataclasses.replace(conv, batch_size=batch)
    return batch / train_throughput(workload, 8, repeats).median, "measured"


def augment_cost(batch: int = 64, repeats: int = 20, step_seconds: float | None = None) -> dict:
    """Seconds to augment one batch (typical and all-on settings) and the ratio to a step."""
    from dlstudio.data.augment import Augmenter
    from dlstudio.data.digits import generate_digits

    x, _ = generate_digits(batch, seed=0)
    rng = np.random.default_rng(0)
    out = {}
    for label, settings in (("typical", AUGMENT_TYPICAL), ("all", AUGMENT_ALL)):
        aug = Augmenter(settings)
        aug(x, rng)  # compile / load cache
        out[f"{label}_s"] = best_of(lambda: aug(x, rng), repeats)
        ref = Augmenter(settings, use_numba=False)
        out[f"{label}_numpy_s"] = best_of(lambda: ref(x, rng), max(3, repeats // 4))
    if step_seconds is None:
        step_seconds, how = convnet_step_seconds(batch)
    else:
        how = "given"
    out.update(step_s=step_seconds, step_source=how,
               ratio_typical=out["typical_s"] / step_seconds,
               ratio_all=out["all_s"] / step_seconds)
    return out


def _train_softmax_net(xtr, ytr, xte, yte, hidden: int, epochs: int, seed: int = 0,
                       lr: float = 1e-3, batch: int = 64) -> float:
    """Adam-trained softmax regression (hidden=0) or 1-hidden-layer ReLU MLP; test accuracy."""
    rng = np.random.default_rng(seed)
    sizes = [xtr.shape[1]] + ([hidden] if hidden else []) + [10]
    ws = [rng.normal(0, np.sqrt(2 / a), (a, b)).astype(np.float32)
          for a, b in zip(sizes[:-1], sizes[1:])]
    bs = [np.zeros(b, np.float32) for b in sizes[1:]]
    params = ws + bs
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    t = 0

    def forward(x):
        hs = [x]
        for i, (w, b) in enumerate(zip(ws, bs)):
            z = hs[-1] @ w + b
            hs.append(np.maximum(z, 0) if i < len(ws) - 1 else z)
        return hs

    for _ in range(epochs):
        perm = rng.permutation(len(xtr))
        for s in range(0, len(xtr), batch):
            idx = perm[s:s + batch]
            hs = forward(xtr[idx])
            z = hs[-1] - hs[-1].max(1, keepdims=True)
            g = np.exp(z)
            g /= g.sum(1, keepdims=True)
            g[np.arange(len(idx)), ytr[idx]] -= 1
            g /= len(idx)
            gw, gb = [None] * len(ws), [None] * len(ws)
            for i in reversed(range(len(ws))):
                gw[i], gb[i] = hs[i].T @ g, g.sum(0)
                if i:
                    g = (g @ ws[i].T) * (hs[i] > 0)
            t += 1
            for j, (p, gr) in enumerate(zip(params, gw + gb)):
                m[j] = 0.9 * m[j] + 0.1 * gr
                v[j] = 0.999 * v[j] + 0.001 * gr * gr
                p -= lr * (m[j] / (1 - 0.9 ** t)) / (np.sqrt(v[j] / (1 - 0.999 ** t)) + 1e-8)
    return float((forward(xte)[-1].argmax(1) == yte).mean())


def linear_vs_mlp(n_train: int = 20000, n_test: int = 5000, hidden: int = 256,
                  epochs: int = 10, seed: int = 0) -> dict:
    """Test accuracy of a linear softmax model and a small MLP on the procedural digits."""
    from dlstudio.data.digits import generate_digits

    x, y = generate_digits(n_train + n_test, seed=seed)
    x = x.reshape(len(x), -1)
    xtr, ytr, xte, yte = x[:n_train], y[:n_train], x[n_train:], y[n_train:]
    return {"n_train": n_train, "n_test": n_test, "epochs": epochs, "hidden": hidden,
            "linear_acc": _train_softmax_net(xtr, ytr, xte, yte, 0, epochs, seed),
            "mlp_acc": _train_softmax_net(xtr, ytr, xte, yte, hidden, epochs, seed)}


def run(quick: bool = False) -> dict:
    """All figures (``quick`` uses smaller sizes)."""
    return {
        "digits": digits_speed(10000 if quick else 60000),
        "mnist_load": mnist_load_times(),
        "augment": augment_cost(repeats=5 if quick else 20),
        "linear_vs_mlp": linear_vs_mlp(4000 if quick else 20000, 1000 if quick else 5000,
                                       hidden=128 if quick else 256, epochs=5 if quick else 10),
    }


def format_report(fig: dict) -> str:
    d, a, lm, ml = fig["digits"], fig["augment"], fig["linear_vs_mlp"], fig["mnist_load"]
    lines = [f"procedural digits: {d['images_per_s']:,.0f} images/s ({d['n']} in "
             f"{d['seconds']:.2f} s, {d['cpu_s']:.2f} s CPU; first call {d['first_call_s']:.2f} s)"]
    if ml:
        lines.append(f"MNIST load: cold {ml['cold_s']:.2f} s, warm (new session) "
                     f"{ml['warm_new_session_s']:.2f} s, warm {ml['warm_s']:.2f} s")
    else:
        lines.append("MNIST load: files not found, skipped")
    lines.append(f"augment 64 images: typical {a['typical_s'] * 1e3:.2f} ms, all settings "
                 f"{a['all_s'] * 1e3:.2f} ms (NumPy twin {a['all_numpy_s'] * 1e3:.1f} ms); "
                 f"training step {a['step_s'] * 1e3:.1f} ms ({a['step_source']}): ratio "
                 f"{a['ratio_typical']:.3f} / {a['ratio_all']:.3f}")
    lines.append(f"digits, {lm['n_train']} train / {lm['n_test']} test, {lm['epochs']} epochs: "
                 f"linear softmax {lm['linear_acc']:.3f}, MLP({lm['hidden']}) "
                 f"{lm['mlp_acc']:.3f}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_report(run()))
