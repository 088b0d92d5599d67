"""ONNX export: onnxruntime gives dlstudio's predictions for every preset and mixed network."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.interop import ExportError
from dlstudio.interop.onnx_export import OPSET, export_onnx
from dlstudio.interop.plan import plan, tf_pads

from interop_cases import inputs_for, relative_error

onnx = pytest.importorskip("onnx", reason="onnx is not installed (pip install dlstudio[export])")
ort = pytest.importorskip("onnxruntime", reason="onnxruntime is not installed")


def run_onnx(path, x):
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return sess.run(None, {"input": x})[0]


def test_onnxruntime_predicts_what_dlstudio_predicts(network, tmp_path):
    path = export_onnx(network, tmp_path / "net.onnx")
    model = onnx.load(str(path))
    assert model.opset_import[0].version >= OPSET
    x = inputs_for(network)
    assert relative_error(run_onnx(path, x), network.predict(x)) < 1e-5


def test_batch_size_is_free(tmp_path):
    from interop_cases import trained_like

    net = trained_like("conv_same_valid_strides")
    path = export_onnx(net, tmp_path / "net.onnx")
    for n in (1, 9):
        x = inputs_for(net, n)
        assert run_onnx(path, x).shape == (n, 3)


def test_tensorflow_same_padding_puts_the_extra_zero_at_the_end():
    # 11 rows, kernel 3, stride 2 -> 6 rows out; (6 - 1) * 2 + 3 - 11 = 2 -> 1 + 1
    assert tf_pads((11, 10), (3, 3), (2, 2), "same") == ((1, 1, 0, 1), (6, 5))
    assert tf_pads((11, 10), (3, 3), (2, 2), "valid") == ((0, 0, 0, 0), (5, 4))


def test_dropout_is_left_out_and_unknown_activations_are_refused(monkeypatch):
    from interop_cases import trained_like
    from dlstudio.interop import plan as plan_module

    net = trained_like("conv_same_valid_strides")
    assert "Dropout" not in [s.kind for s in plan(net)] and len(plan(net)) == len(net.layers) - 1
    monkeypatch.setattr(plan_module, "EXPORTABLE_ACTIVATIONS", ("linear",))
    with pytest.raises(ExportError, match="activation 'elu' cannot be exported"):
        plan(net)


def test_cli_exports_a_trained_model_file(tmp_path, capsys):
    from dlstudio.cli import main
    from dlstudio.engine.serialize import load_network

    model = tmp_path / "toy.dlsnet"
    assert main(["train", "toy_2d", "--data", "circles:n_samples=200", "--epochs", "2",
                 "--quiet", "--save", str(model)]) == 0
    assert main(["export", str(model), "--to", "onnx", str(tmp_path / "toy")]) == 0
    assert f"wrote {tmp_path / 'toy.onnx'}" in capsys.readouterr().out
    net = load_network(model).network                  # the trained weights, not fresh ones
    x = inputs_for(net, 8)
    assert relative_error(run_onnx(tmp_path / "toy.onnx", x), net.predict(x)) < 1e-5
    assert main(["export", str(tmp_path / "missing.dlsnet"), "--to", "onnx",
                 str(tmp_path / "m")]) == 2
