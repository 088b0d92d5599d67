"""Transfer learning: reuse the lower layers of a trained network on a related task.

The recipe (Géron, ch. 11; the curriculum's "digits 0-4 -> digits 5-9" exercise):

1. **Reuse and freeze.** Keep the source network's lower layers with their trained weights,
   drop its output layer, add a new ``Dense`` head for the new classes
   (:func:`replace_head`), and freeze the reused layers (:func:`freeze`) so that training
   changes only the head.
2. **Feature extraction (optional).** A frozen stack computes the same outputs every epoch,
   so compute them once (:func:`cache_features`) and train the small top network on those
   cached features (:func:`top_network`, :func:`feature_dataset`): much faster, but the
   inputs can no longer be augmented.
3. **Fine-tuning.** Unfreeze the top few reused layers and train again with a much lower
   learning rate, so the pretrained weights are adjusted rather than destroyed.

Layer indices are positions in ``NetworkSpec.layers`` (0 = first layer after the input).
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from dlstudio.engine.network import Network
from dlstudio.engine.serialize import load_network
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.messages import Message
from dlstudio.training.control import RunControl

__all__ = ["load_source", "freeze", "unfreeze", "frozen_indices", "set_trainable",
           "replace_head", "frozen_prefix", "cache_features", "top_network",
           "copy_top_weights", "feature_dataset", "with_weights", "TransferPlan",
           "build_transfer_network", "fine_tune_spec", "TransferRun"]


# -- loading ----------------------------------------------------------------------------
def load_source(path: str | Path) -> Network:
    """A saved network (``.dlsnet`` file written by ``serialize.save_network``) with its
    weights."""
    return load_network(path).network


# -- freezing (on specs; a network is rebuilt from its spec) -----------------------------
def set_trainable(spec: NetworkSpec, trainable: dict[int, bool]) -> NetworkSpec:
    """A copy of ``spec`` with the layers in ``trainable`` (index -> bool) (un)frozen."""
    n = len(spec.layers)
    layers = list(spec.layers)
    for i, on in trainable.items():
        if not 0 <= i < n:
            raise IndexError(f"layer index {i} is outside the network (it has {n} layers, "
                             f"numbered 0 to {n - 1})")
        # trainable=True is the default: drop the key so specs stay minimal
        layers[i] = layers[i].with_config(trainable=None if on else False)
    return spec.with_layers(layers)


def freeze(spec: NetworkSpec, indices: Iterable[int]) -> NetworkSpec:
    """Freeze the layers at ``indices`` (their weights stop changing in training)."""
    return set_trainable(spec, {int(i): False for i in indices})


def unfreeze(spec: NetworkSpec, indices: Iterable[int]) -> NetworkSpec:
    """Make the layers at ``indices`` trainable again."""
    return set_trainable(spec, {int(i): True for i in indices})


def frozen_indices(spec: NetworkSpec) -> list[int]:
    """Indices of the frozen layers."""
    return [i for i, ls in enumerate(spec.layers) if ls.config.get("trainable", True) is False]


def frozen_prefix(spec: NetworkSpec) -> int:
    """Number of leading layers whose outputs can be cached: a run of frozen and weightless
    layers (Flatten, pooling...) from the input, up to and including its last frozen layer."""
    n = 0
    for i, ls in enumerate(spec.layers):
        if ls.config.get("trainable", True) is False:
            n = i + 1
        elif _has_weights(ls):
            break
    return n


def _has_weights(ls: LayerSpec) -> bool:
    return ls.type in ("Dense", "Conv2D", "BatchNormalization")


# -- weights --------------------------------------------------------------------------------
def with_weights(spec: NetworkSpec, source: Network, mapping: dict[int, int],
                 seed: int = 0) -> Network:
    """Build ``spec`` and copy weights: ``mapping[new_index] = source_index``.

    Layers not in the mapping keep their fresh initialization.
    """
    net = Network.from_spec(spec, seed=seed, dtype=source.dtype)
    for dst, src in mapping.items():
        weights = source.layers[src].get_weights()
        if weights:
            net.layers[dst].set_weights(weights)
    return net


def replace_head(source: Network, n_classes: int, reuse: int | None = None,
                 freeze_reused: bool = True, activation: str = "softmax",
                 seed: int = 0) -> Network:
    """A new network: the first ``reuse`` layers of ``source`` (with their trained weights),
    then a fresh ``Dense(n_classes)`` output layer.

    Parameters
    ----------
    source : the trained network.
    n_classes : classes of the new task.
    reuse : how many of the source's layers to keep; by default all but its output layer.
    freeze_reused : freeze the reused layers (the usual first phase).
    activation : the new head's activation ("softmax", or "sigmoid" for one binary output).
    """
    layers = list(source.spec.layers)
    reuse = len(layers) - 1 if reuse is None else int(reuse)
    if not 0 <= reuse < len(layers) + 1:
        raise ValueError(f"reuse must be between 0 and {len(layers)} layers, got {reuse}")
    if n_classes < 1:
        raise ValueError(f"the new head needs at least 1 output, got {n_classes}")
    kept = layers[:reuse]
    if kept and len(source.layers[reuse - 1].output_shape(_input_of(source, reuse - 1))) != 1:
        kept.append(LayerSpec("Flatten"))
    head = LayerSpec("Dense", {"units": int(n_classes), "activation": activation,
                               "name": _unique_name("new_head", source.spec.layer_names())})
    spec = source.spec.with_layers(kept + [head])
    if freeze_reused:
        spec = freeze(spec, range(reuse))
    return with_weights(spec, source, {i: i for i in range(reuse)}, seed=seed)


def _input_of(net: Network, index: int) -> tuple[int, ...]:
    shape = net.input_shape
    for layer in net.layers[:index]:
        shape = tuple(layer.output_shape(shape))
    return shape


def _unique_name(base: str, used: Sequence[str]) -> str:
    name, k = base, 1
    while name in used:
        name, k = f"{base}_{k}", k + 1
    return name


# -- feature extraction ------------------------------------------------------------------
def cache_features(net: Network, x: np.ndarray, upto: int, batch_size: int = 64) -> np.ndarray:
    """Outputs of ``net.layers[:upto]`` for ``x`` in inference mode (computed in chunks).

    Returns an array of shape ``(N, *feature_shape)`` in the network's dtype; with
    ``upto == 0`` it is ``x`` itself.
    """
    x = np.asarray(x)
    if x.shape[1:] != net.input_shape:
        raise ValueError(Message("transfer.data_shape", have=str(tuple(x.shape[1:])),
                                 want=str(tuple(net.input_shape))))
    x = x.astype(net.dtype, copy=False)
    if upto == 0:
        return x
    shape = _input_of(net, upto)
    out = np.empty((len(x),) + shape, dtype=net.dtype)
    for start in range(0, len(x), batch_size):
        h = x[start:start + batch_size]
        for layer in net.layers[:upto]:
            h = layer.forward(h, training=False)
        out[start:start + len(h)] = h
    return out


def top_network(net: Network, split: int) -> Network:
    """The layers ``net.layers[split:]`` as a network of their own, with ``net``'s weights;
    its input is the output of layer ``split - 1`` (what ``cache_features`` returns)."""
    if not 0 <= split < len(net.layers):
        raise ValueError(f"split must leave at least one layer on top (0..{len(net.layers) - 1}),"
                         f" got {split}")
    names = net.spec.layer_names()
    layers = [ls.with_config(name=names[split + i]) for i, ls in enumerate(net.spec.layers[split:])]
    spec = NetworkSpec(_input_of(net, split), tuple(layers))
    return with_weights(spec, net, {i: split + i for i in range(len(layers))}, seed=net.seed)


def copy_top_weights(top: Network, net: Network, split: int) -> None:
    """Copy a trained top network's weights back into ``net.layers[split:]``."""
    for i, layer in enumerate(top.layers):
        weights = layer.get_weights()
        if weights:
            net.layers[split + i].set_weights(weights)


def feature_dataset(dataset, net: Network, split: int, batch_size: int = 64):
    """A copy of ``dataset`` whose inputs are the frozen stack's outputs (every split).

    Augmentation is dropped (features are computed once, so they cannot be augmented).
    """
    changes = {}
    for part in ("train", "val", "test"):
        x = getattr(dataset, f"x_{part}")
        if x is not None and len(x):
            changes[f"x_{part}"] = cache_features(net, x, split, batch_size)
        elif x is not None:
            changes[f"x_{part}"] = np.zeros((0,) + _input_of(net, split), dtype=net.dtype)
    return dataclasses.replace(dataset, augmenter=None, **changes)


# -- the whole recipe as a run -----------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class TransferPlan:
    """What to reuse, what to freeze, and how to fine-tune.

    Attributes
    ----------
    n_classes : classes of the new task (the new head's units).
    reuse : source layers kept (default: all but the source's output layer).
    frozen : indices of reused layers frozen in the first phase (default: all reused).
    cache_features : train the first phase on cached outputs of the frozen bottom layers.
    fine_tune_layers : in the second phase, unfreeze this many of the top reused layers
        that have weights (0 skips the phase).
    fine_tune_epochs : epochs of the second phase.
    lr_factor : the second phase's learning rate is ``lr_factor`` times the first's.
    head_epochs : epochs of the first phase (None: the training settings' epochs).
    """

    n_classes: int
    reuse: int | None = None
    frozen: tuple[int, ...] | None = None
    cache_features: bool = True
    fine_tune_layers: int = 0
    fine_tune_epochs: int = 0
    lr_factor: float = 0.1
    head_epochs: int | None = None

    def __post_init__(self) -> None:
        if not 0 < self.lr_factor <= 1:
            raise ValueError(Message("transfer.lr_factor", value=repr(self.lr_factor)))
        if self.fine_tune_layers < 0 or self.fine_tune_epochs < 0:
            raise ValueError("fine_tune_layers and fine_tune_epochs must be 0 or more")
        if self.head_epochs is not None and self.head_epochs < 1:
            raise ValueError("head_epochs must be 1 or more")


def build_transfer_network(source: Network, plan: TransferPlan, seed: int = 0) -> Network:
    """The first phase's network: reused layers (frozen as planned) + a new head."""
    net = replace_head(source, plan.n_classes, reuse=plan.reuse, freeze_reused=False, seed=seed)
    reuse = len(source.spec.layers) - 1 if plan.reuse is None else int(plan.reuse)
    frozen = range(reuse) if plan.frozen is None else plan.frozen
    bad = [i for i in frozen if not 0 <= i < reuse]
    if bad:
        raise ValueError(f"only reused layers (0 to {reuse - 1}) can be frozen, got {bad}")
    spec = freeze(net.spec, frozen)
    return with_weights(spec, net, {i: i for i in range(len(spec.layers))}, seed=seed)


def fine_tuned_layers(spec: NetworkSpec, n_layers: int, reuse: int) -> list[int]:
    """Indices of the layers fine-tuning unfreezes: the top ``n_layers`` layers with weights
    among the first ``reuse`` of ``spec``."""
    weighted = [i for i in range(min(reuse, len(spec.layers))) if _has_weights(spec.layers[i])]
    return weighted[len(weighted) - n_layers:] if n_layers > 0 else []


def fine_tune_spec(spec: NetworkSpec, n_layers: int, reuse: int) -> NetworkSpec:
    """``spec`` with the top ``n_layers`` weighted layers among the first ``reuse`` unfrozen."""
    return unfreeze(spec, fine_tuned_layers(spec, n_layers, reuse))


class TransferRun:
    """Runs the plan with the trainer: phase "head" then (optionally) phase "fine_tune".

    ``run()`` yields the trainer's ``Telemetry`` snapshots with ``extra["phase"]`` set and
    ``extra["layer_offset"]`` giving how many bottom layers were cached away (a snapshot's
    layer ``i`` is then layer ``i + offset`` of ``self.network``). ``timings`` holds the
    seconds spent caching and training in each phase. ``control`` (a ``RunControl``, new by
    default) pauses, steps and stops both phases; ``stop()`` stops through it.
    """

    def __init__(self, source: Network, dataset, train_spec, plan: TransferPlan,
                 seed: int = 0, control: RunControl | None = None) -> None:
        self.source, self.dataset, self.plan = source, dataset, plan
        self.train_spec = train_spec
        self.network = build_transfer_network(source, plan, seed=seed)
        self.reuse = len(source.spec.layers) - 1 if plan.reuse is None else int(plan.reuse)
        self.timings: dict[str, float] = {}
        self.control = control or RunControl()

    def stop(self) -> None:
        self.control.stop()

    def run(self):
        head = self.train_spec if self.plan.head_epochs is None \
            else self.train_spec.replace(epochs=int(self.plan.head_epochs))
        yield from self._phase("head", head)
        plan = self.plan
        if self.control.stop_requested or plan.fine_tune_layers == 0 or plan.fine_tune_epochs == 0:
            return
        spec = fine_tune_spec(self.network.spec, plan.fine_tune_layers, self.reuse)
        self.network = with_weights(spec, self.network,
                                    {i: i for i in range(len(spec.layers))},
                                    seed=self.network.seed)
        tuned = self.train_spec.replace(
            learning_rate=self.train_spec.learning_rate * plan.lr_factor,
            epochs=plan.fine_tune_epochs)
        yield from self._phase("fine_tune", tuned)

    def _phase(self, phase: str, train_spec):
        import time

        from dlstudio.training.trainer import Trainer

        split = frozen_prefix(self.network.spec) if self.plan.cache_features else 0
        split = min(split, len(self.network.layers) - 1)
        t0 = time.perf_counter()
        if split > 0:
            model = top_network(self.network, split)
            data = feature_dataset(self.dataset, self.network, split,
                                   train_spec.eval_batch_size)
        else:
            model, data = self.network, self.dataset
        self.timings[f"{phase}_cache"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        trainer = Trainer(model, data, train_spec, control=self.control)
        for snap in trainer.run():
            yield dataclasses.replace(snap, extra={**snap.extra, "phase": phase,
                                                   "layer_offset": split})
        self.timings[f"{phase}_train"] = time.perf_counter() - t0
        if split > 0:
            copy_top_weights(model, self.network, split)
