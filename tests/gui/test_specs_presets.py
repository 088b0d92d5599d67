"""Which preset a network is (gui.specs.matching_preset): the Network panel's preset box shows
it, and "(modified)" only for a real change."""
from __future__ import annotations

import pytest

from dlstudio.engine.presets import PRESETS
from dlstudio.engine.spec import LayerSpec
from dlstudio.gui import specs


@pytest.mark.parametrize("name", PRESETS.names())
def test_every_preset_is_itself_and_no_other(name):
    assert specs.matching_preset(PRESETS[name]()) == name


def test_settings_spelled_out_at_their_defaults_and_names_do_not_make_another_network():
    """A network read back from a Keras file names its layers and spells out every default
    (walker7 W7-5: the re-imported toy read "(modified)")."""
    toy = PRESETS["toy_2d"]()
    spelled = toy.with_layers(
        LayerSpec(layer.type, {"name": f"dense_{i}", **layer.config, "use_bias": True,
                               "kernel_initializer": "glorot_uniform",
                               "bias_initializer": "zeros"})
        for i, layer in enumerate(toy.layers))
    assert spelled != toy and specs.matching_preset(spelled) == "toy_2d"


def test_a_real_change_is_no_preset():
    toy = PRESETS["toy_2d"]()
    first = toy.layers[0]
    wider = toy.replace_layer(0, LayerSpec(first.type, {**first.config, "units": 16}))
    assert specs.matching_preset(wider) is None
    no_bias = toy.replace_layer(0, LayerSpec(first.type, {**first.config, "use_bias": False}))
    assert specs.matching_preset(no_bias) is None


def test_an_mlp_name_counts_repeated_layers():
    """Walker8: lesson 02's thirty 64-unit layers read "784-64-64-64-64-…" cut off in the
    Preset box."""
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.gui.specs import mlp_sizes

    def mlp(*units):
        return NetworkSpec((28, 28, 1), (LayerSpec("Flatten", {}),) + tuple(
            LayerSpec("Dense", {"units": u}) for u in units))

    assert mlp_sizes(mlp(*([64] * 30), 10)) == "784-64×30-10"
    assert mlp_sizes(mlp(64, 64, 10)) == "784-64-64-10"
    assert mlp_sizes(mlp(300, 100, 10)) == "784-300-100-10"
    assert mlp_sizes(mlp(8, 8, 8, 4, 4, 4, 4)) == "784-8×3-4×4"


@pytest.mark.parametrize("activation", [{"class_name": "elu", "config": {"alpha": 0.5}},
                                        ["relu"], 3.0, None])
def test_the_nearest_preset_reads_any_hidden_activation(activation):
    """A Keras-style dict (a setting the form itself writes) or anything a file holds as a
    hidden layer's activation: no TypeError from the preset box (walker25 W25-2's sweep)."""
    toy = PRESETS["toy_2d"]()
    layers = list(toy.layers)
    layers[0] = LayerSpec(layers[0].type, {**layers[0].config, "activation": activation})
    assert specs.nearest_preset(toy.with_layers(layers)) in (None, *PRESETS.names())
