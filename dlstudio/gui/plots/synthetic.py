"""Synthetic telemetry: believable snapshots for demos and tests without training anything.

The numbers imitate what the probes of a small MLP report: a loss that falls, accuracy that
rises, validation metrics at epoch ends, gradient norms that shrink towards the input in a
sigmoid network (vanishing) and stay level in a ReLU one, activation histograms that saturate
over time, a batch-normalization layer's running statistics.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from dlstudio.training.telemetry import Histogram, LayerTelemetry, Telemetry

#: (name, kind, activation) of the synthetic network's layers.
DEMO_LAYERS = (
    ("dense_1", "Dense", "sigmoid"),
    ("dense_2", "Dense", "sigmoid"),
    ("batch_normalization_1", "BatchNormalization", None),
    ("dense_3", "Dense", "sigmoid"),
    ("dense_4", "Dense", "softmax"),
)


def _hist(values: np.ndarray, lo: float, hi: float, bins: int = 30) -> Histogram:
    counts, edges = np.histogram(values, bins=bins, range=(lo, hi))
    return Histogram(counts.astype(np.int64), edges)


def synthetic_snapshot(step: int, steps_per_epoch: int = 50, variant: str = "",
                       activation: str = "sigmoid", seed: int = 0,
                       total_steps: int | None = None) -> Telemetry:
    """One snapshot of an imagined run at ``step`` (deterministic for a given seed)."""
    rng = np.random.default_rng(seed * 100_003 + step)
    epoch, in_epoch = divmod(step, steps_per_epoch)
    fraction = in_epoch / steps_per_epoch
    speed = 1.0 if activation == "relu" else 0.45
    t = step / steps_per_epoch
    base = 0.08 + 2.2 * np.exp(-speed * t)
    batch_loss = base * (1 + 0.25 * rng.standard_normal())
    train_acc = float(np.clip(1 - base / 2.4 + 0.02 * rng.standard_normal(), 0, 1))
    epoch_end = in_epoch == 0 and step > 0
    layers = []
    n = len(DEMO_LAYERS)
    for i, (name, kind, act) in enumerate(DEMO_LAYERS):
        if act is not None and activation == "relu" and act != "softmax":
            act = "relu"
        depth_scale = (0.25 ** (n - 1 - i)) if activation == "sigmoid" else 0.8 ** (n - 1 - i)
        grad_norm = 0.5 * depth_scale * np.exp(-0.2 * t) * (1 + 0.2 * rng.standard_normal())
        weight_norm = 4.0 + 0.3 * t + 0.1 * i
        grads = rng.normal(0, grad_norm / 10, 400)
        weights = rng.normal(0, 0.3 + 0.02 * t, 400)
        if kind == "BatchNormalization":
            units = 16
            layers.append(LayerTelemetry(
                index=i, name=name, kind=kind, activation=None,
                act_hist=_hist(rng.normal(0, 1, 400), -4, 4), act_mean=0.0, act_std=1.0,
                weight_norm=4.0, weight_hist=_hist(rng.normal(1, 0.05, units), 0, 2),
                grad_norm=abs(grad_norm), update_ratio=1e-3,
                bn_moving_mean=rng.normal(0.5, 0.2, units) * (1 - np.exp(-t)),
                bn_moving_variance=np.abs(rng.normal(0.2, 0.05, units)) + np.exp(-t),
                bn_batch_mean=np.full(units, 0.5), bn_batch_variance=np.full(units, 0.2)))
            continue
        if act == "relu":
            z = rng.normal(0.1, 1.0, 2000)
            a = np.maximum(z, 0)
            lo, hi = 0.0, 4.0
            extra = {"dead_fraction": float(min(0.6, 0.05 + 0.03 * t + 0.02 * i))}
        else:
            spread = 1.0 + 0.6 * t * (i + 1) / n
            z = rng.normal(0, spread, 2000)
            a = 1 / (1 + np.exp(-np.clip(z, -60, 60)))
            lo, hi = 0.0, 1.0
            sat = float(np.mean((a < 0.05) | (a > 0.95)))
            extra = {"saturated_fraction": sat}
        layers.append(LayerTelemetry(
            index=i, name=name, kind=kind, activation=act,
            act_hist=_hist(a, lo, hi), act_mean=float(a.mean()), act_std=float(a.std()),
            pre_mean=float(z.mean()), pre_std=float(z.std()), pre_hist=_hist(z, -6, 6),
            weight_norm=weight_norm, weight_hist=_hist(weights, -1.5, 1.5),
            grad_norm=abs(grad_norm),
            grad_hist=_hist(grads, -max(1e-12, 4 * abs(grad_norm) / 10),
                            max(1e-12, 4 * abs(grad_norm) / 10)),
            update_ratio=float(abs(grad_norm) * 0.05 / weight_norm * 10), **extra))
    return Telemetry(
        step=step, epoch=epoch, batch_loss=float(batch_loss), train_loss=float(base),
        train_accuracy=train_acc, learning_rate=0.1 * 0.5 ** (step // (4 * steps_per_epoch)),
        examples_per_second=float(2500 + 100 * rng.standard_normal()),
        val_loss=float(base * 1.1) if epoch_end else None,
        val_accuracy=float(np.clip(train_acc - 0.03, 0, 1)) if epoch_end else None,
        epoch_fraction=fraction, total_steps=total_steps, layers=tuple(layers),
        event="epoch_end" if epoch_end else "step", variant=variant,
        elapsed_seconds=step * 0.02)


def synthetic_run(n_snapshots: int = 150, every: int = 5, variants: dict[str, str] | None = None,
                  steps_per_epoch: int = 50) -> list[Telemetry]:
    """Snapshots of one or more variants in lockstep (interleaved as a comparison run).

    ``variants`` maps a variant name to the hidden activation (``"sigmoid"`` or ``"relu"``);
    default ``{"": "sigmoid"}``.
    """
    variants = variants or {"": "sigmoid"}
    out = []
    total = n_snapshots * every
    for k in range(n_snapshots):
        for j, (name, act) in enumerate(variants.items()):
            out.append(synthetic_snapshot(k * every, steps_per_epoch, name, act, seed=j,
                                          total_steps=total))
    return out


def deep_synthetic_run(n_snapshots: int, probe_every: int = 5, copies: int = 2,
                       every: int = 2) -> list[Telemetry]:
    """A long run of a deeper network (``copies`` stacked copies of ``DEMO_LAYERS``).

    As in real training, layer data is probed only every ``probe_every`` snapshots; the
    snapshots in between repeat the last probe's layers (``extra["probe_step"]`` tells).
    """
    out: list[Telemetry] = []
    probe_step, probe_layers = 0, ()
    for k in range(n_snapshots):
        snap = synthetic_snapshot(k * every, total_steps=2 * every * n_snapshots)
        if k % probe_every == 0:
            probe_step = snap.step
            probe_layers = tuple(
                dataclasses.replace(lt, index=rep * len(snap.layers) + lt.index,
                                    name=f"{lt.name}_{rep + 1}")
                for rep in range(copies) for lt in snap.layers)
        out.append(dataclasses.replace(snap, layers=probe_layers,
                                       extra={"probe_step": probe_step}))
    return out
