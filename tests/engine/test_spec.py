"""NetworkSpec: JSON round trips, migration, naming and validation messages."""
from __future__ import annotations

import json

import pytest

from dlstudio.engine.presets import PRESETS
from dlstudio.engine.spec import FORMAT, LayerSpec, NetworkSpec, SpecError

ISSUE_EXAMPLE = {"format": "dlstudio.network", "version": 1, "input_shape": [28, 28, 1],
                 "layers": [
                     {"type": "Conv2D", "filters": 32, "kernel_size": 3, "activation": "relu"},
                     {"type": "MaxPooling2D", "pool_size": 2},
                     {"type": "Flatten"},
                     {"type": "Dense", "units": 10, "activation": "softmax"}]}


@pytest.mark.parametrize("name", PRESETS.names())
def test_every_preset_round_trips_through_json_and_is_valid(name):
    spec = PRESETS[name]()
    again = NetworkSpec.from_json(spec.to_json())
    assert again == spec
    assert spec.validate() == []


def test_issue_example_reads_and_validates(tmp_path):
    path = tmp_path / "net.json"
    path.write_text(json.dumps(ISSUE_EXAMPLE))
    spec = NetworkSpec.load(path)
    assert spec.input_shape == (28, 28, 1)
    assert [ls.type for ls in spec.layers] == ["Conv2D", "MaxPooling2D", "Flatten", "Dense"]
    assert spec.validate() == []
    assert spec.output_shape() == (10,)
    spec.save(tmp_path / "copy.json")
    assert NetworkSpec.load(tmp_path / "copy.json") == spec


def test_keras_style_layer_names():
    spec = NetworkSpec.from_dict(ISSUE_EXAMPLE)
    spec = spec.insert_layer(3, LayerSpec("Dense", {"units": 5}))
    assert spec.layer_names() == ["conv2d", "max_pooling2d", "flatten", "dense", "dense_1"]
    named = spec.replace_layer(0, spec.layers[0].with_config(name="dense_1"))
    names = named.layer_names()
    assert len(set(names)) == len(names)


def test_every_problem_names_its_layer_and_a_fix():
    spec = NetworkSpec((4, 4, 1), (
        LayerSpec("Conv2D", {"filters": 8, "kernel_size": 3}),
        LayerSpec("Conv2D", {"filters": 8, "kernel_size": 5}),      # does not fit 2x2
        LayerSpec("Dense", {"unit": 3}),                              # misspelt argument
        LayerSpec("Denze", {"units": 3}),                             # unknown type
    ))
    problems = spec.validate()
    by_layer = {p.layer_index for p in problems}
    assert {1, 2, 3} <= by_layer
    text = "\n".join(str(p) for p in problems)
    assert "layer 2 conv2d_1" in text and "same" in text
    assert "'units'" in text            # did you mean
    assert "'Dense'" in text            # did you mean


def test_dense_on_images_asks_for_flatten():
    spec = NetworkSpec((28, 28, 1), (LayerSpec("Dense", {"units": 10, "activation": "softmax"}),))
    [problem] = spec.validate()
    assert problem.layer_index == 0 and "Flatten" in problem.message


def test_bad_input_shape_and_empty_network_are_reported():
    assert any("input shape" in str(p) for p in NetworkSpec((0,), (LayerSpec("Dense", {"units": 2}),)).validate())
    assert any("no layers" in str(p) for p in NetworkSpec((2,), ()).validate())


def test_softmax_in_a_hidden_layer_is_reported():
    spec = NetworkSpec((2,), (LayerSpec("Dense", {"units": 4, "activation": "softmax"}),
                              LayerSpec("Dense", {"units": 2, "activation": "softmax"})))
    assert [p.layer_index for p in spec.validate()] == [0]


@pytest.mark.parametrize("text, needle", [
    ("{not json", "not valid JSON"),
    ('{"format": "keras.model", "layers": []}', "not a dlstudio network"),
    ('{"layers": []}', "input_shape"),
    ('{"input_shape": [2], "layers": [{"units": 3}]}', "type"),
    ('{"input_shape": [2], "version": 99, "layers": []}', "newer dlstudio"),
])
def test_unreadable_specs_give_clear_errors(text, needle):
    with pytest.raises(SpecError, match=needle):
        NetworkSpec.from_json(text)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(SpecError, match="no such file"):
        NetworkSpec.load(tmp_path / "nope.json")


def test_migration_fills_the_current_version():
    d = dict(ISSUE_EXAMPLE)
    d.pop("version")
    spec = NetworkSpec.from_dict(d)
    assert spec.to_dict()["version"] == 1 and spec.to_dict()["format"] == FORMAT


def test_edit_helpers_are_immutable():
    spec = NetworkSpec.from_dict(ISSUE_EXAMPLE)
    moved = spec.move_layer(3, 0)
    assert spec.layers[0].type == "Conv2D" and moved.layers[0].type == "Dense"
    assert spec.remove_layer(1).layers[1].type == "Flatten"


def test_shape_problems_carry_messages_that_read_in_chinese():
    from dlstudio.messages import render

    spec = NetworkSpec((4, 4, 1), (
        LayerSpec("Conv2D", {"filters": 8, "kernel_size": 3}),
        LayerSpec("Conv2D", {"filters": 8, "kernel_size": 5}),      # does not fit 2x2
    ))
    problems = {p.layer_index: p for p in spec.validate()}
    assert str(problems[1]).startswith("layer 2 conv2d_1: a 5x5 kernel does not fit a 2x2")
    assert render(problems[1].describe(), "zh").startswith(
        "第 2 层 conv2d_1：5x5 的卷积核放不进 2x2 的输入")
    [dense] = NetworkSpec((4, 4, 1), (LayerSpec("Dense", {"units": 3}),)).validate()
    assert "Flatten" in render(dense.describe(), "zh")
    assert "形状 (4, 4, 1)" in render(dense.describe(), "zh")
    empty = NetworkSpec((2,), ()).validate()
    assert render(empty[0].describe(), "zh").startswith("网络还没有任何层")
