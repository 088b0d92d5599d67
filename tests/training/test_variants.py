"""Comparison variants keep what they share with their base: a changed base carries over to
each variant, except what the variant changes itself."""
from __future__ import annotations

from dlstudio.engine import spec_edits as edits
from dlstudio.engine.presets import PRESETS
from dlstudio.training import TrainSpec
from dlstudio.training.variants import Difference, difference, follow_base


def _base():
    return PRESETS["deep_sigmoid_mlp"](), TrainSpec(epochs=5, learning_rate=0.1)


def test_difference_names_network_edits_and_training_settings():
    net, train = _base()
    b_net = edits.set_hidden_initializer(net, "random_normal")
    b_train = train.replace(optimizer="adam")
    diff = difference(net, train, b_net, b_train)
    assert diff.network == (("kernel_initializer", "random_normal"),)
    assert ("optimizer", "adam") in diff.train and diff.reproducible
    assert not difference(net, train, net, train)
    assert isinstance(diff, Difference) and diff


def test_shared_settings_follow_the_base_and_changed_ones_stay():
    """Issue 15: duplicate A as B, B gets Random normal, then A's epochs go 5 -> 30."""
    net, train = _base()
    b_net = edits.set_hidden_initializer(net, "random_normal")
    b_train = train.replace(learning_rate=0.5)
    new_train = train.replace(epochs=30, learning_rate=0.2)
    got_net, got_train = follow_base(net, train, net, new_train, b_net, b_train)
    assert got_train.epochs == 30                   # shared: follows A
    assert got_train.learning_rate == 0.5           # B's own change stays
    assert got_net == b_net


def test_a_network_edit_of_the_base_carries_over_with_the_variants_own_edits():
    net, train = _base()
    b_net = edits.set_batchnorm(edits.set_hidden_activation(net, "relu"), True)
    new_net = edits.set_hidden_initializer(net, "he_normal")
    got_net, _ = follow_base(net, train, new_net, train, b_net, train)
    assert edits.hidden_value(got_net, "kernel_initializer") == "he_normal"
    assert edits.hidden_value(got_net, "activation") == "relu"
    assert edits.count_type(got_net, "BatchNormalization") > 0
    # an identical variant simply becomes the new base
    assert follow_base(net, train, new_net, train, net, train)[0] == new_net


def test_a_variant_with_changes_no_edit_reproduces_keeps_its_network():
    net, train = _base()
    b_net = net.remove_layer(0)
    diff = difference(net, train, b_net, train)
    assert not diff.reproducible
    new_net = edits.set_hidden_initializer(net, "he_normal")
    got_net, _ = follow_base(net, train, new_net, train, b_net, train)
    assert got_net == b_net
