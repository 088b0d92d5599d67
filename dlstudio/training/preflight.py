"""The pre-flight check: one forward and backward pass at initialization, judged per layer.

Before a single step is taken, a network's initialization already decides whether the
gradient will reach its first layers. ``preflight(network, x, y, loss, ...)`` runs one batch
forward and backward (``Network.backward_signals``: no side effects) and one optimizer step
that is undone, and reports per layer:

* the activation's mean and standard deviation on the batch
  (``preflight_verdicts.activation_reading`` judges the spread on its own);
* the mean and standard deviation of the **pre-activation** z that the activation receives
  (``z = x W + b`` for Dense/Conv2D; for the output layer, the scores (logits) before the
  softmax): a too-large initialization shows here as scores thousands of times too large,
  which the softmax's probabilities hide (walker18 W18-3);
* the gradient **pass-through**: mean f'(z) relative to f'(0) (sigmoid units at |z| > 5 pass
  under 3%; a ReLU layer passes its share of active units);
* the RMS of **dL/dz**, the signal back-propagation delivers to the layer (per value, so
  layers of different widths compare fairly), and its size relative to the reference layer
  (the last hidden layer with weights, or the output layer when there is no hidden one);
* the RMS of the weight gradient dL/dW;
* the **update/weight ratio** ``||delta W|| / ||W||`` of one step of the chosen optimizer at
  the chosen learning rate (about 1e-3 is the rule of thumb;
  ``preflight_verdicts.update_reading`` judges it on its own);
* the share of dead units (ReLU family: never positive on the batch) and of saturated
  outputs (sigmoid/tanh: ``Activation.saturated_mask``).

The verdicts on these figures (exploding, vanishing, dead units, saturated or healthy, per
layer and for the network), their limits and the sentences that explain them are
``preflight_verdicts``'s.

Everything here is pure (no Qt, no state); sentences are structured messages
(``dlstudio.messages``), so the window and the CLI show them in the user's language.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from dlstudio.messages import Message
from dlstudio.training import probes
from dlstudio.training.diagnosis import reference_layer
from dlstudio.training.layer_words import layer_label
from dlstudio.training.preflight_verdicts import (HEALTHY, judge_layer, network_verdict,
                                                  too_large_init)

#: examples in the batch when the caller does not choose
DEFAULT_BATCH = 128


@dataclass(frozen=True)
class LayerCheck:
    """What the pre-flight check measured in one layer (0-based ``index``)."""

    index: int
    name: str
    kind: str
    activation: str | None
    act_mean: float | None = None
    act_std: float | None = None
    pre_mean: float | None = None            # mean of z, the pre-activation (output: logits)
    pre_std: float | None = None             # standard deviation of z
    pass_through: float | None = None
    signal_rms: float | None = None          # RMS of dL/dz
    signal_norm: float | None = None         # Frobenius norm of dL/dz over the batch
    signal_ratio: float | None = None        # signal_rms / the reference layer's
    weight_grad_rms: float | None = None
    weight_grad_norm: float | None = None
    update_ratio: float | None = None
    dead_fraction: float | None = None
    saturated_fraction: float | None = None
    verdicts: tuple[str, ...] = ()

    @property
    def verdict(self) -> str:
        """The layer's verdict words, comma-separated ("healthy" when none)."""
        return ", ".join(self.verdicts) or HEALTHY

    @property
    def label(self) -> Message:
        return layer_label(self.index, self.name)


@dataclass(frozen=True)
class PreflightReport:
    """The check's result: per-layer figures, the network's verdict words and the sentences
    that explain them."""

    layers: tuple[LayerCheck, ...]
    verdicts: tuple[str, ...]
    notes: tuple[Message, ...]
    loss: float
    learning_rate: float
    optimizer: str
    batch_size: int
    reference_layer: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        """"healthy" or the verdict words, comma-separated ("vanishing, saturated")."""
        return ", ".join(self.verdicts) or HEALTHY

    @property
    def healthy(self) -> bool:
        return not self.verdicts

    def layer(self, index: int) -> LayerCheck:
        return next(c for c in self.layers if c.index == index)

    def to_dict(self) -> dict:
        """Plain JSON-ready numbers and strings (messages in English)."""
        out = {"verdict": self.verdict, "verdicts": list(self.verdicts) or [HEALTHY],
               "notes": [str(n) for n in self.notes], "loss": _json_float(self.loss),
               "learning_rate": self.learning_rate, "optimizer": self.optimizer,
               "batch_size": self.batch_size, "reference_layer": self.reference_layer,
               "layers": []}
        for c in self.layers:
            d = {k: (_json_float(v) if isinstance(v, float) else v)
                 for k, v in asdict(c).items()}
            d["verdicts"] = list(c.verdicts) or [HEALTHY]
            out["layers"].append(d)
        return out


def _json_float(x: float | None) -> float | str | None:
    if x is None or math.isfinite(x):
        return x
    return str(x)          # "nan", "inf": JSON has no literal for them


def _kernel_update_ratios(network: Any, optimizer: str, optimizer_config: dict,
                          learning_rate: float) -> dict[int, float]:
    """``||delta W|| / ||W||`` per layer for one step of a fresh optimizer; weights restored."""
    from dlstudio.engine import optimizers

    kernels = {i: layer.params["W"].copy() for i, layer in enumerate(network.layers)
               if probes.kernel_key(layer) is not None}
    weights = network.get_weights()
    try:
        opt = optimizers.get(optimizer, **(optimizer_config or {}))
        with np.errstate(all="ignore"):
            opt.apply(network.parameters(), learning_rate)
        out = {}
        for i, before in kernels.items():
            denom = probes.norm(before)
            change = probes.norm(network.layers[i].params["W"] - before)
            out[i] = change / denom if denom > 0 else (math.inf if change > 0 else 0.0)
        return out
    finally:
        network.set_weights(weights)


def preflight(network: Any, x: np.ndarray, y: np.ndarray,
              loss: str = "sparse_categorical_crossentropy", learning_rate: float = 0.001,
              optimizer: str = "rmsprop", optimizer_config: dict | None = None
              ) -> PreflightReport:
    """Check ``network`` as it is now on the batch ``(x, y)`` (see the module docstring).

    The network is left as it was (weights, batch-norm statistics); its ``grads`` hold this
    batch's gradients afterwards.
    """
    with np.errstate(all="ignore"):
        value, signals = network.backward_signals(x, y, loss)
    n = len(network.layers)
    weighted = [i for i, layer in enumerate(network.layers)
                if probes.kernel_key(layer) is not None]
    ref = reference_layer(weighted, n)
    rms = {i: probes.rms(s) for i, s in enumerate(signals)}
    ref_rms = rms.get(ref) if ref is not None else None
    updates = _kernel_update_ratios(network, optimizer, optimizer_config or {}, learning_rate)
    checks = []
    with np.errstate(all="ignore"):
        for i, layer in enumerate(network.layers):
            act = probes.layer_activation(network, i)
            a = layer.last_output
            fields: dict[str, Any] = {}
            if a is not None:
                fields["act_mean"], fields["act_std"] = (
                    float(np.mean(a, dtype=np.float64)), float(np.std(a, dtype=np.float64)))
            kind = getattr(act, "kind", None)
            z = layer.last_preactivation
            if z is not None and act is not None:
                fields["pre_mean"], fields["pre_std"] = (
                    float(np.mean(z, dtype=np.float64)), float(np.std(z, dtype=np.float64)))
            if z is not None and i != n - 1:
                fields["pass_through"] = probes.pass_through(act, z)
            if kind == "relu" and a is not None:
                fields["dead_fraction"] = probes.dead_fraction(a)
            elif kind == "saturating" and a is not None:
                fields["saturated_fraction"] = float(np.mean(act.saturated_mask(a)))
            if i in weighted:
                g = layer.grads.get("W")
                fields["signal_rms"] = rms[i]
                fields["signal_norm"] = probes.norm(signals[i])
                if ref_rms is not None and ref_rms > 0:
                    fields["signal_ratio"] = rms[i] / ref_rms
                if g is not None:
                    fields["weight_grad_rms"] = probes.rms(g)
                    fields["weight_grad_norm"] = probes.norm(g)
                fields["update_ratio"] = updates.get(i)
            checks.append(LayerCheck(index=i, name=layer.name or f"layer_{i}",
                                     kind=layer.type_name,
                                     activation=getattr(act, "name", None), **fields))
    checks = [judge_layer(c, i == n - 1) for i, c in enumerate(checks)]
    verdicts, notes = network_verdict(network, checks, ref, value, learning_rate,
                                      too_large_init(network))
    return PreflightReport(layers=tuple(checks), verdicts=verdicts, notes=notes,
                           loss=float(value), learning_rate=float(learning_rate),
                           optimizer=str(optimizer), batch_size=int(len(x)),
                           reference_layer=ref)



def pick_batch(x: np.ndarray, y: np.ndarray, batch_size: int = DEFAULT_BATCH, seed: int = 0
               ) -> tuple[np.ndarray, np.ndarray]:
    """``batch_size`` training examples chosen at random (seeded), in their original order."""
    rng = np.random.default_rng([int(seed), 404])
    k = min(int(batch_size), len(x))
    idx = np.sort(rng.choice(len(x), size=k, replace=False))
    return x[idx], y[idx]


def preflight_training(network: Any, dataset: Any, train_spec: Any = None,
                       batch_size: int = DEFAULT_BATCH, seed: int | None = None
                       ) -> PreflightReport:
    """The check for a network about to be trained on ``dataset`` with ``train_spec``
    (its loss, optimizer and learning rate; the batch from its seed). A bad verdict on
    inputs far from unit scale names them first (``data.preprocess.large_inputs``)."""
    from dlstudio.training.spec import TrainSpec

    from dataclasses import replace

    from dlstudio.data.preprocess import large_inputs

    spec = TrainSpec.coerce(train_spec)
    x, y = pick_batch(dataset.x_train, dataset.y_train, batch_size,
                      spec.seed if seed is None else seed)
    report = preflight(network, x, y, spec.loss, spec.learning_rate, spec.optimizer,
                       dict(spec.optimizer_config))
    # inputs far from unit scale are the cause to name first (walker8 W8-13)
    scale = None if report.healthy else large_inputs(dataset.x_train)
    return report if scale is None else replace(report, notes=(scale,) + report.notes)


def largest_update(report: PreflightReport) -> float | None:
    """The largest update/weight ratio ``||delta W|| / ||W||`` of the first step over the
    report's layers (None when no layer has the figure); ``diagnosis.update_is_too_large``
    judges it."""
    ratios = [c.update_ratio for c in report.layers if c.update_ratio is not None]
    if not ratios:
        return None
    bad = [r for r in ratios if not math.isfinite(r)]
    return float(bad[0] if bad else max(ratios))


def network_at_init(network_spec: Any, train_spec: Any = None) -> Any:
    """A fresh network for ``network_spec``, initialized with ``train_spec``'s seed: the
    network a run would start from, so a check of it shows what that run will meet."""
    from dlstudio.engine.network import Network

    return Network.from_spec(network_spec, seed=int(getattr(train_spec, "seed", 0) or 0))


def layer_line(c: LayerCheck) -> str:
    """One fixed-width report line (numbers only, the same in every language)."""
    def num(v: float | None, fmt: str) -> str:
        return "-" if v is None else format(v, fmt)

    return (f"{c.index + 1:>3} {c.name:<14.14} {c.kind:<12.12} {c.activation or '-':<10.10}"
            f"{num(c.act_mean, '9.3g')} {num(c.act_std, '9.3g')} "
            f"{num(c.pass_through, '6.2f'):>6} {num(c.signal_rms, '10.2e'):>10} "
            f"{num(c.signal_ratio, '9.1e'):>9} {num(c.weight_grad_rms, '10.2e'):>10} "
            f"{num(c.update_ratio, '9.1e'):>9}  {c.verdict if c.signal_rms is not None or c.verdicts else ''}")


HEADER = (f"{'#':>3} {'layer':<14} {'type':<12} {'act':<10}{'mean':>9} {'std':>9} "
          f"{'pass':>6} {'dL/dz RMS':>10} {'vs ref':>9} {'dL/dW RMS':>10} {'update/W':>9}  verdict")
