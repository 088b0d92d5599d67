"""Whole-network edits (``dlstudio.engine.spec_edits``): one meaning for the window, the
lessons and the CLI."""
from __future__ import annotations

import pytest

from dlstudio.engine import spec_edits as edits
from dlstudio.engine.spec import LayerSpec, NetworkSpec


def types(spec: NetworkSpec) -> list[str]:
    return [ls.type for ls in spec.layers]


def convnet() -> NetworkSpec:
    return NetworkSpec((8, 8, 1), (
        LayerSpec("Conv2D", {"filters": 4, "kernel_size": 3, "activation": "relu"}),
        LayerSpec("MaxPooling2D", {"pool_size": 2}),
        LayerSpec("Flatten"),
        LayerSpec("Dense", {"units": 8, "activation": "relu"}),
        LayerSpec("Dense", {"units": 3, "activation": "softmax"})))


def test_hidden_layers_are_the_weighted_layers_but_the_output():
    assert edits.hidden_indices(convnet()) == [0, 3]
    assert edits.select_layers(convnet(), "output") == [4]
    assert edits.select_layers(convnet(), "weighted") == [0, 3, 4]
    assert edits.select_layers(convnet(), [-1, 1]) == [4, 1]
    with pytest.raises(edits.EditError, match="no layer 9"):
        edits.select_layers(convnet(), 9)


def test_mlp_and_set():
    spec = edits.mlp([28, 28, 1], [8, 8], 10, activation="relu")
    assert types(spec) == ["Flatten", "Dense", "Dense", "Dense"]
    out = edits.apply_edits(spec, [{"op": "set", "layers": "hidden", "key": "activation",
                                    "value": "sigmoid"}])
    assert [ls.get("activation") for ls in out.layers] == [None, "sigmoid", "sigmoid", "softmax"]
    assert spec.layers[1].get("activation") == "relu"   # specs are values: no edit in place
    assert out.validate() == []


def test_batchnorm_is_the_textbook_placement_and_undoes():
    spec = edits.mlp([2], [8, 8], 2, activation="relu")
    out = edits.add_batchnorm(spec, momentum=0.9)
    assert types(out) == ["Dense", "BatchNormalization", "Activation", "Dense",
                          "BatchNormalization", "Activation", "Dense"]
    dense = out.layers[0]
    assert "activation" not in dense.config and dense.get("use_bias") is False
    assert out.layers[1].get("momentum") == 0.9 and out.layers[2].get("activation") == "relu"
    assert out.layers[-1] == spec.layers[-1]             # the output layer is untouched
    assert edits.add_batchnorm(out, momentum=0.9) == out  # idempotent
    assert edits.remove_batchnorm(out) == spec
    assert out.validate() == []


def test_batchnorm_on_a_convnet_and_a_linear_layer():
    out = edits.add_batchnorm(convnet())
    assert types(out) == ["Conv2D", "BatchNormalization", "Activation", "MaxPooling2D",
                          "Flatten", "Dense", "BatchNormalization", "Activation", "Dense"]
    assert out.validate() == []
    linear = edits.mlp([2], [4], 2, activation="linear")
    assert types(edits.add_batchnorm(linear)) == ["Dense", "BatchNormalization", "Dense"]


def test_activation_of_a_normalized_block_lives_in_its_activation_layer():
    bn = edits.add_batchnorm(edits.mlp([2], [8, 8], 2, activation="relu"))
    assert edits.hidden_value(bn, "activation") == "relu"
    tanh = edits.set_hidden_activation(bn, "tanh")
    assert types(tanh) == types(bn)
    assert [ls.get("activation") for ls in tanh.layers if ls.type == "Activation"] == ["tanh"] * 2
    assert all("activation" not in tanh.layers[i].config for i in edits.hidden_indices(tanh))
    assert edits.hidden_value(tanh, "activation") == "tanh"


def test_dropout_after_every_hidden_dense_block_only():
    spec = edits.add_dropout(edits.add_batchnorm(edits.mlp([2], [8, 8], 2)), 0.5)
    assert types(spec) == ["Dense", "BatchNormalization", "Activation", "Dropout", "Dense",
                           "BatchNormalization", "Activation", "Dropout", "Dense"]
    assert edits.add_dropout(spec, 0.5) == spec
    assert {ls.get("rate") for ls in edits.add_dropout(spec, 0.2).layers
            if ls.type == "Dropout"} == {0.2}
    with_input = edits.add_dropout(edits.mlp([28, 28, 1], [8], 10), 0.5, input_rate=0.2)
    assert types(with_input) == ["Flatten", "Dropout", "Dense", "Dropout", "Dense"]
    conv = edits.add_dropout(convnet(), 0.5)       # never after Conv2D, never after the output
    assert types(conv) == ["Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dropout", "Dense"]
    assert edits.remove_dropout(conv) == convnet()


def test_coverage_is_true_only_when_every_hidden_layer_has_it():
    spec = edits.mlp([2], [8, 8, 8], 2)
    assert edits.batchnorm_coverage(spec) is False and edits.dropout_coverage(spec) is False
    full = edits.add_dropout(edits.add_batchnorm(spec), 0.5)
    assert edits.batchnorm_coverage(full) is True and edits.dropout_coverage(full) is True
    assert edits.dropout_coverage(edits.add_dropout(spec, 0.5, input_rate=0.2)) is True
    # walker27 W27-1: one batch norm after the first hidden layer, one dropout on the inputs
    layers = list(spec.layers)
    layers.insert(1, LayerSpec("BatchNormalization"))
    layers.insert(0, LayerSpec("Dropout", {"rate": 0.25}))
    partial = spec.with_layers(layers)
    assert edits.batchnorm_coverage(partial) is edits.MIXED
    assert edits.dropout_coverage(partial) is edits.MIXED
    assert edits.batchnorm_coverage(edits.add_batchnorm(partial)) is True
    assert edits.dropout_coverage(edits.add_dropout(partial, 0.5)) is True


def test_hidden_value_counts_defaults_and_says_mixed():
    spec = edits.mlp([2], [8, 8], 2)
    assert edits.hidden_value(spec, "kernel_initializer") == "glorot_uniform"
    one = spec.replace_layer(0, spec.layers[0].with_config(kernel_initializer="zeros"))
    assert edits.hidden_value(one, "kernel_initializer") is edits.MIXED
    assert edits.hidden_value(edits.mlp([2], [], 2), "activation") is None


def test_replace_hidden_and_errors_name_the_edit():
    spec = edits.mlp([2], [8, 8], 2, activation="tanh")
    assert types(edits.apply_edits(spec, [{"op": "hidden", "units": []}])) == ["Dense"]
    deep = edits.apply_edits(spec, [{"op": "hidden", "units": [4, 4, 4], "activation": "relu"}])
    assert [ls.get("units") for ls in deep.layers] == [4, 4, 4, 2]
    assert deep.layers[0].get("activation") == "relu"
    with pytest.raises(edits.EditError, match="edit 1 \\(set\\).*no layer 9"):
        edits.apply_edits(spec, [{"op": "set", "layers": 9, "key": "units", "value": 1}])
    with pytest.raises(edits.EditError, match="unknown op 'explode'"):
        edits.apply_edit(spec, {"op": "explode"})
    with pytest.raises(edits.EditError, match="needs rate"):
        edits.apply_edit(spec, {"op": "add_dropout"})


def test_insert_remove_and_input_shape():
    spec = edits.mlp([2], [8], 2)
    spec = edits.apply_edits(spec, [{"op": "insert", "index": 1,
                                     "layer": {"type": "Dropout", "rate": 0.1}},
                                    {"op": "input_shape", "value": [3]}])
    assert types(spec) == ["Dense", "Dropout", "Dense"] and spec.input_shape == (3,)
    assert types(edits.apply_edit(spec, {"op": "remove", "type": "Dropout"})) == ["Dense"] * 2
    assert types(edits.apply_edit(spec, {"op": "remove", "index": 0})) == ["Dropout", "Dense"]


def test_the_command_line_applies_the_same_edits(tmp_path, capsys):
    from dlstudio.cli import main
    from dlstudio.cli.network_edits import edited_spec, parse_edit
    from dlstudio.engine.presets import PRESETS

    assert parse_edit("set:layers=hidden,key=activation,value=relu") == {
        "op": "set", "layers": "hidden", "key": "activation", "value": "relu"}
    assert parse_edit("hidden:units=[8,8],activation=tanh") == {
        "op": "hidden", "units": [8, 8], "activation": "tanh"}
    assert parse_edit('{"op": "add_dropout", "rate": 0.5}') == {"op": "add_dropout", "rate": 0.5}
    expected = edits.add_dropout(edits.add_batchnorm(PRESETS["toy_2d"]()), 0.3)
    assert edited_spec("toy_2d", ["add_batchnorm", "add_dropout:rate=0.3"]) == expected
    assert main(["summary", "toy_2d", "--edit", "add_batchnorm"]) == 0
    out = capsys.readouterr().out
    assert out.count("(BatchNormalization)") == len(edits.hidden_indices(expected))
    assert main(["summary", "toy_2d", "--edit", "set:layers=9,key=units,value=1"]) == 2
    assert "no layer 9" in capsys.readouterr().err
    log = tmp_path / "run.jsonl"
    assert main(["train", "toy_2d", "--data", "spirals:n_samples=200", "--epochs", "1",
                 "--quiet", "--edit", "add_batchnorm", "--log", str(log)]) == 0
    assert log.exists()


@pytest.mark.parametrize("rate, read", [(0.25, 0.25), (1, 1.0), (float("nan"), None),
                                        (float("inf"), None), ("abc", None), ([0.2], None),
                                        ({"a": 1}, None), (True, None)])
def test_the_dropout_rate_of_a_hand_edited_file_is_read_or_none(rate, read):
    """A file's Dropout rate can be anything: the panels that show it get None for what is
    no rate (the spec's validation names the problem) instead of raising (walker25 W25-2)."""
    spec = NetworkSpec((4,), (LayerSpec("Dense", {"units": 3}), LayerSpec("Dropout", {"rate": rate}),
                              LayerSpec("Dense", {"units": 2})))
    assert edits.dropout_rate(spec) == read


def test_with_dropout_rate_sets_every_dropout_layer_and_nothing_else():
    spec = edits.add_dropout(edits.mlp((2,), [8, 8], 2), 0.2)
    changed = edits.with_dropout_rate(spec, 0.5)
    assert [ls.config.get("rate") for ls in changed.layers if ls.type == "Dropout"] == [0.5, 0.5]
    assert [ls for ls in changed.layers if ls.type != "Dropout"] == \
        [ls for ls in spec.layers if ls.type != "Dropout"]
