"""Network edits, saved progress, and the ``dlstudio lesson`` command."""
from __future__ import annotations

import pytest

from dlstudio.cli import main
from dlstudio.lessons.edits import EditError, apply_edits, mlp_spec
from dlstudio.lessons.progress import ProgressStore
from dlstudio.lessons.resolve import merge


def types(spec):
    return [layer["type"] for layer in spec["layers"]]


def test_mlp_and_set():
    spec = mlp_spec([28, 28, 1], [8, 8], 10, activation="relu")
    assert types(spec) == ["Flatten", "Dense", "Dense", "Dense"]
    out = apply_edits(spec, [{"op": "set", "layers": "hidden", "key": "activation",
                              "value": "sigmoid"}])
    assert [l.get("activation") for l in out["layers"]] == [None, "sigmoid", "sigmoid", "softmax"]
    assert spec["layers"][1]["activation"] == "relu"   # the input is not modified


def test_add_batchnorm_moves_the_activation_after_the_normalization():
    spec = mlp_spec([2], [8, 8], 2, activation="relu")
    out = apply_edits(spec, [{"op": "add_batchnorm", "momentum": 0.9}])
    assert types(out) == ["Dense", "BatchNormalization", "Activation", "Dense",
                          "BatchNormalization", "Activation", "Dense"]
    assert out["layers"][0]["activation"] == "linear" and out["layers"][0]["use_bias"] is False
    assert out["layers"][1]["momentum"] == 0.9 and out["layers"][2]["activation"] == "relu"


def test_add_dropout_after_hidden_blocks_only():
    spec = apply_edits(mlp_spec([2], [8, 8], 2), [{"op": "add_batchnorm"},
                                                 {"op": "add_dropout", "rate": 0.5}])
    assert types(spec) == ["Dense", "BatchNormalization", "Activation", "Dropout", "Dense",
                           "BatchNormalization", "Activation", "Dropout", "Dense"]
    with_input = apply_edits(mlp_spec([28, 28, 1], [8], 10),
                             [{"op": "add_dropout", "rate": 0.5, "input_rate": 0.2}])
    assert types(with_input) == ["Flatten", "Dropout", "Dense", "Dropout", "Dense"]


def test_hidden_replaces_the_stack():
    spec = mlp_spec([2], [8, 8], 2, activation="tanh")
    assert types(apply_edits(spec, [{"op": "hidden", "units": []}])) == ["Dense"]
    deep = apply_edits(spec, [{"op": "hidden", "units": [4, 4, 4], "activation": "relu"}])
    assert [l["units"] for l in deep["layers"]] == [4, 4, 4, 2]
    assert deep["layers"][0]["activation"] == "relu"


def test_edit_errors_name_the_edit():
    with pytest.raises(EditError, match="edit 1 \\(set\\).*no layer 9"):
        apply_edits(mlp_spec([2], [8], 2), [{"op": "set", "layers": 9, "key": "units",
                                             "value": 1}])


def test_merge_replaces_with_an_empty_table():
    assert merge({"a": {"x": 1}, "b": 2}, {"a": {"y": 2}}) == {"a": {"x": 1, "y": 2}, "b": 2}
    assert merge({"augmentation": {"zoom_range": 0.1}}, {"augmentation": {}}) == {
        "augmentation": {}}


def test_progress_round_trip_and_damaged_file(tmp_path):
    path = tmp_path / "p.json"
    store = ProgressStore(path)
    store.mark_completed("01_init_symmetry", 0)
    store.mark_completed("01_init_symmetry", 2)
    store.record_answer("01_init_symmetry", 0, 1)
    store.set_current("01_init_symmetry", 2)
    again = ProgressStore(path)
    p = again.get("01_init_symmetry")
    assert p.completed == {0, 2} and p.answers == {0: 1} and p.current_step == 2
    assert again.fraction_done("01_init_symmetry", 4) == 0.5
    path.write_text("{not json", encoding="utf-8")
    fresh = ProgressStore(path)
    assert fresh.lessons == {} and (tmp_path / "p.json.bad").exists()


def test_cli_list_and_check(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("DLSTUDIO_HOME", str(tmp_path))
    assert main(["lesson", "list"]) == 0
    out = capsys.readouterr().out
    assert "03_vanishing_gradients" in out and out.count("\n") >= 17
    assert main(["lesson", "16", "--check", "--step", "2", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "步骤 2/3" in out and "[PASS] accuracy_below" in out


def test_cli_unknown_lesson(capsys):
    assert main(["lesson", "nope"]) == 2
    assert "no lesson 'nope'" in capsys.readouterr().err
