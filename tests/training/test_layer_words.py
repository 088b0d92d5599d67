"""How sentences name a layer and its activation (``training.layer_words``)."""
from __future__ import annotations

from dlstudio.messages import render
from dlstudio.training.layer_words import activation_name, layer_label, layer_number


def test_layers_are_numbered_from_one_as_the_editor_numbers_them():
    assert [layer_number(i) for i in range(3)] == [1, 2, 3]


def test_a_layer_is_named_by_its_number_and_its_name_in_both_languages():
    assert layer_label(2, "dense_2") == "layer 3 (dense_2)"
    assert layer_label(0) == "layer 1"
    assert render(layer_label(2, "dense_2"), "zh") == "第 3 层（dense_2）"


def test_an_activation_is_named_as_the_menus_name_it():
    assert activation_name("leaky_relu") == "Leaky ReLU"
    assert activation_name("relu") == "ReLU"
    assert activation_name(None) == activation_name("") == ""
    assert activation_name("no_such_activation") == "no_such_activation"
