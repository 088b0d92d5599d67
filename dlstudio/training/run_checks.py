"""Checks that name the real cause of a run that cannot work, before and after it runs.

Before training (``check_run_inputs``, called by the ``Trainer``):

* every input and regression target is finite (NaN in the data is the data's problem, not the
  learning rate's); class labels are 0..k-1 (no negative labels);
* the network's settings are finite numbers and its initial weights are finite (a NaN
  ``epsilon`` or initializer ``stddev`` is named as such);
* one class only in the training labels is a warning (100% accuracy means nothing).

When a run diverges, ``divergence_cause`` picks the likeliest cause, in this order: NaN or
infinite values in the batch, a non-finite setting, initial weights far larger than the He
scale ``sqrt(2 / fan_in)`` (more than ``INIT_SCALE_LIMIT`` times), else the learning rate.
``end_of_run_warnings`` reports runs that "finished" without learning: a loss that grew
``LOSS_GROWTH_LIMIT`` times, or accuracy at chance level after ``CHANCE_EPOCHS`` epochs. The
cause it names: initial weights far too large, else (chance level) vanishing gradients when
the first layer's gradient is below ``diagnosis.VANISHING_RATIO`` of the last layer's, else
the learning rate (a grown loss) or "did not learn". A chance-level network with a single
weight layer (no hidden layer) is told that it can only draw straight borders.

Messages are ``dlstudio.messages.Message``s (catalogue ``messages/catalogue/run_checks.toml``).
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from dlstudio.messages import Message
from dlstudio.messages.numbers import power_of_ten
from dlstudio.training.diagnosis import VANISHING_RATIO
from dlstudio.training.layer_words import layer_label
from dlstudio.training.run_data import DataMismatchError, TrainingData

#: initial kernels with an RMS this many times the He scale are "too large"
INIT_SCALE_LIMIT = 10.0
#: a final training loss this many times the first batch's means the run did not learn
LOSS_GROWTH_LIMIT = 10.0
#: at most this far above 1/k accuracy counts as chance level
CHANCE_MARGIN = 0.02
#: ... after at least this many epochs (a short run may not have learnt yet), unless the
#: initial weights were far too large
CHANCE_EPOCHS = 3


def _first_bad(a: np.ndarray) -> tuple[int, int]:
    """``(count, first example index)`` of examples holding NaN or infinite values."""
    if a.dtype.kind not in "fc" or a.size == 0:
        return 0, -1
    bad = ~np.isfinite(a.reshape(len(a), -1)).all(axis=1)
    count = int(bad.sum())
    return count, (int(np.argmax(bad)) if count else -1)


def check_data_values(data: TrainingData) -> list[Message]:
    """Raise ``DataMismatchError`` for non-finite inputs/targets or negative labels; return
    warnings (one class only)."""
    for split in ("train", "val", "test"):
        for kind in ("x", "y"):
            count, first = _first_bad(getattr(data, f"{kind}_{split}"))
            if count:
                raise DataMismatchError(Message(
                    "run_checks.data_not_finite", data=data.name,
                    what=Message(f"run_checks.{'inputs' if kind == 'x' else 'targets'}"),
                    split=Message(f"term.split.{split}"), count=count, first=first))
    warnings = []
    y = data.y_train
    if y.ndim == 1 and np.issubdtype(y.dtype, np.integer) and len(y):
        low = min(int(a.min()) for a in (data.y_train, data.y_val, data.y_test) if len(a))
        if low < 0:
            raise DataMismatchError(Message("run_checks.negative_label", data=data.name,
                                            label=low))
        classes = np.unique(y)
        if len(classes) == 1:
            warnings.append(Message("run_checks.one_class", data=data.name,
                                    label=int(classes[0])))
    return warnings


def nonfinite_settings(network: Any) -> list[Message]:
    """Every layer setting (in the network's spec) that is NaN or infinite, and every layer
    whose initial weights are not finite."""
    found = []
    spec = getattr(network, "spec", None)
    for i, layer in enumerate(getattr(spec, "layers", ()) or ()):
        for path, value in _floats(layer.to_dict() if hasattr(layer, "to_dict") else {}, ""):
            if not math.isfinite(value):
                found.append(Message("run_checks.setting_not_finite",
                                     layer=layer_label(i, getattr(layer, "name", "") or ""),
                                     setting=path, value=f"{value}"))
    if not found:
        for i, layer in enumerate(network.layers):
            for key, array in layer.params.items():
                if not np.isfinite(array).all():
                    found.append(Message("run_checks.weights_not_finite",
                                         layer=layer_label(i, layer.name), key=key))
    return found


def _floats(tree: Any, path: str):
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _floats(value, f"{path}.{key}" if path else str(key))
    elif isinstance(tree, (list, tuple)):
        for i, value in enumerate(tree):
            yield from _floats(value, f"{path}[{i}]")
    elif isinstance(tree, float):
        yield path, tree


def check_run_inputs(data: TrainingData, network: Any) -> list[Message]:
    """All checks before training: raises ``DataMismatchError`` naming the cause; returns
    warnings for the first snapshot."""
    settings = nonfinite_settings(network)
    if settings:
        raise DataMismatchError(Message("run_checks.settings_not_finite", problems=settings))
    return check_data_values(data)


def init_scale(network: Any) -> tuple[float, int | None]:
    """The largest ratio of a kernel's RMS to the He scale ``sqrt(2 / fan_in)``, and its
    layer index (``(0.0, None)`` without kernels)."""
    worst, where = 0.0, None
    for i, layer in enumerate(network.layers):
        w = layer.params.get("W")
        if w is None or w.ndim < 2 or w.size == 0:
            continue
        fan_in = int(np.prod(w.shape[:-1]))
        rms = float(np.sqrt(np.mean(np.square(w, dtype=np.float64))))
        ratio = rms / math.sqrt(2.0 / fan_in)
        if ratio > worst:
            worst, where = ratio, i
    return worst, where


#: activations whose units switch off part of their inputs: He initialization fits them;
#: the rest (sigmoid, tanh, linear) get Glorot
HE_ACTIVATIONS = frozenset({"relu", "leaky_relu", "elu", "selu", "gelu", "swish", "silu",
                            "softplus", "relu6"})


def suggested_initializer(network: Any, index: int) -> Message:
    """The initializer to suggest for layer ``index``: "He normal" when its activation (its
    own, or the Activation layer after it, past batch norm or dropout) is of the ReLU
    family, "Glorot (Xavier) uniform" otherwise (W11-6: a ReLU net was offered Glorot)."""
    layers = network.layers
    name = getattr(getattr(layers[index], "activation", None), "name", "linear")
    for layer in layers[index + 1:]:
        kind = type(layer).__name__
        if name != "linear" or kind not in ("BatchNormalization", "Dropout", "Activation"):
            break
        if kind == "Activation":
            name = layer.activation.name
    return Message("run_checks.init.he" if name in HE_ACTIVATIONS else "run_checks.init.glorot")


def divergence_cause(network: Any, batch: np.ndarray, initial_scale: tuple[float, int | None],
                     learning_rate: float) -> Message:
    """The likeliest cause of a divergence (order in the module docstring), with its fix."""
    if _first_bad(np.asarray(batch))[0]:
        return Message("run_checks.cause.data")
    settings = nonfinite_settings(network)
    if settings:
        return Message("run_checks.cause.setting", problems=settings)
    return _cause_of(initial_scale, network, Message("run_checks.cause.learning_rate",
                                                     lr=f"{learning_rate:g}"))


def end_of_run_warnings(history: list[dict], first_loss: float, n_classes: int | None,
                        initial_scale: tuple[float, int | None], network: Any,
                        learning_rate: float, gradient_ratio: float | None = None
                        ) -> list[Message]:
    """Warnings for a run that ended without learning (see the module docstring).

    ``gradient_ratio``: the first layer's gradient norm over the last layer's at the last
    probe (``diagnosis.gradient_ratio``), None when unknown.
    """
    if not history:
        return []
    last = history[-1]
    out = []
    loss = last.get("loss")
    if (loss is not None and math.isfinite(first_loss) and first_loss > 0
            and math.isfinite(loss) and loss > LOSS_GROWTH_LIMIT * first_loss):
        out.append(Message("run_checks.loss_grew", first=f"{first_loss:.3g}",
                           last=f"{loss:.3g}",
                           cause=_cause_of(initial_scale, network, Message(
                               "run_checks.cause.learning_rate", lr=f"{learning_rate:g}"))))
    acc = last.get("accuracy")
    init_too_large = initial_scale[1] is not None and initial_scale[0] > INIT_SCALE_LIMIT
    if (not out and acc is not None and n_classes and n_classes >= 2
            and (len(history) >= CHANCE_EPOCHS or init_too_large)
            and acc <= 1.0 / n_classes + CHANCE_MARGIN):
        if _weight_layers(network) == 1:
            otherwise = Message("run_checks.cause.linear")
        elif gradient_ratio is not None and 0 < gradient_ratio < VANISHING_RATIO:
            otherwise = Message("run_checks.cause.vanishing", ratio=power_of_ten(gradient_ratio))
        else:
            otherwise = Message("run_checks.cause.not_learning", lr=f"{learning_rate:g}")
        chance = 1.0 / n_classes
        out.append(Message(_chance_key(acc, chance), acc=acc, chance=chance,
                           cause=_cause_of(initial_scale, network, otherwise)))
    return out


def _chance_key(acc: float, chance: float) -> str:
    """How an accuracy near ``chance`` compares with it, as the message shows both (one
    decimal of a percent): below, at or barely above it (walker25 W25-14: "38.2% is at
    chance level (50.0%)")."""
    if f"{acc:.1%}" == f"{chance:.1%}":
        return "run_checks.chance"
    return "run_checks.chance_below" if acc < chance else "run_checks.chance_barely_above"


def _weight_layers(network: Any) -> int | None:
    """How many layers of ``network`` hold weights (1: no hidden layer, a linear model
    before its output activation); None when the network cannot tell."""
    layers = getattr(network, "layers", None)
    if layers is None:
        return None
    return sum(1 for layer in layers if getattr(layer, "params", None))


def _cause_of(initial_scale: tuple[float, int | None], network: Any,
              otherwise: Message) -> Message:
    """Initial weights far too large when they were, else ``otherwise``."""
    ratio, layer = initial_scale
    if layer is not None and ratio > INIT_SCALE_LIMIT:
        return Message("run_checks.cause.init_scale",
                       layer=layer_label(layer, network.layers[layer].name),
                       ratio=f"{ratio:.0f}", initializer=suggested_initializer(network, layer))
    return otherwise
