"""What a comparison variant changes relative to its base, and keeping the rest shared.

A variant made in the window's Compare panel is the base setup (variant A) with a few
whole-network edits (the hidden layers' activation or initializer, batch norm, dropout) and
some training settings changed. :func:`difference` names those changes; :func:`follow_base`
re-applies them to a base that changed since, so that the settings meant to be shared stay
shared: duplicate A as B, give B another initializer, then raise A's epochs from 5 to 30, and
both train for 30 epochs (before, B kept the 5 it was copied with and stopped at a sixth of
A's steps).

>>> diff = difference(a_net, a_train, b_net, b_train)
>>> diff.network
(('kernel_initializer', 'random_normal'),)
>>> b_net, b_train = follow_base(a_net, a_train, new_a_net, new_a_train, b_net, b_train)
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from dlstudio.engine import spec_edits as edits

#: the whole-network edits a variant can differ by, in the order they are re-applied
NETWORK_EDITS = ("activation", "kernel_initializer", "batchnorm", "dropout")


@dataclass(frozen=True)
class Difference:
    """How a variant differs from its base.

    ``network``: ``(edit, value)`` pairs from ``NETWORK_EDITS`` (the hidden layers'
    activation or initializer identifier; batch norm on/off as a bool; the dropout rate, or
    None for no dropout). ``train``: ``(TrainSpec field, value)`` pairs. ``reproducible``:
    the network edits turn the base's network into the variant's exactly (False when the
    variant's network differs in other ways too, e.g. another layer count).
    """

    network: tuple[tuple[str, Any], ...] = ()
    train: tuple[tuple[str, Any], ...] = ()
    reproducible: bool = True

    def __bool__(self) -> bool:
        return bool(self.network or self.train or not self.reproducible)


def dropout_rate(spec: Any) -> float | None:
    """The rate of the network's first Dropout layer, None without dropout."""
    for layer in spec.layers:
        if layer.type == "Dropout":
            return float(layer.config.get("rate", 0.5))
    return None


def _network_values(spec: Any) -> dict[str, Any]:
    return {"activation": edits.hidden_value(spec, "activation"),
            "kernel_initializer": edits.hidden_value(spec, "kernel_initializer"),
            "batchnorm": edits.count_type(spec, "BatchNormalization") > 0,
            "dropout": dropout_rate(spec)}


def apply_network_edits(spec: Any, changes: tuple[tuple[str, Any], ...]) -> Any:
    """``spec`` with the ``(edit, value)`` pairs of a :class:`Difference` applied."""
    for edit, value in changes:
        if edit == "activation":
            spec = edits.set_hidden_activation(spec, value)
        elif edit == "kernel_initializer":
            spec = edits.set_hidden_initializer(spec, value)
        elif edit == "batchnorm":
            spec = edits.set_batchnorm(spec, bool(value))
        elif edit == "dropout":
            spec = edits.set_dropout(spec, value is not None, value or 0.0)
        else:
            raise ValueError(f"unknown network edit {edit!r}; expected one of "
                             f"{', '.join(NETWORK_EDITS)}")
    return spec


def train_difference(base: Any, variant: Any) -> tuple[tuple[str, Any], ...]:
    """``(field, value)`` for every ``TrainSpec`` field where ``variant`` differs."""
    return tuple((f.name, getattr(variant, f.name)) for f in dataclasses.fields(base)
                 if getattr(variant, f.name) != getattr(base, f.name))


def difference(base_net: Any, base_train: Any, net: Any, train: Any) -> Difference:
    """How the variant ``(net, train)`` differs from the base ``(base_net, base_train)``."""
    train_changes = train_difference(base_train, train)
    if net == base_net:
        return Difference((), train_changes, True)
    before, after = _network_values(base_net), _network_values(net)
    changes = tuple((edit, after[edit]) for edit in NETWORK_EDITS
                    if after[edit] != before[edit] and after[edit] is not edits.MIXED)
    try:
        reproducible = apply_network_edits(base_net, changes) == net
    except ValueError:       # an edit that does not fit the base (EditError is a ValueError)
        reproducible = False
    return Difference(changes, train_changes, reproducible)


def follow_base(old_net: Any, old_train: Any, new_net: Any, new_train: Any,
                net: Any, train: Any) -> tuple[Any, Any]:
    """The variant ``(net, train)`` of base ``(old_net, old_train)`` moved onto the changed
    base ``(new_net, new_train)``: what it shared with the old base follows the new one,
    what it changed stays changed. A network that differs in ways the whole-network edits
    cannot reproduce stays as it is."""
    diff = difference(old_net, old_train, net, train)
    followed_train = new_train.replace(**dict(diff.train)) if diff.train else new_train
    if net == old_net:
        return new_net, followed_train
    if not diff.reproducible:
        return net, followed_train
    try:
        return apply_network_edits(new_net, diff.network), followed_train
    except ValueError:
        return net, followed_train
