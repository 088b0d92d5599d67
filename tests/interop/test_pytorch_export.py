"""PyTorch export: the generated module with its state dict predicts what dlstudio predicts."""
from __future__ import annotations

import importlib.util

import pytest

from dlstudio.interop.pytorch_export import export_pytorch, module_source

from interop_cases import inputs_for, relative_error, trained_like

torch = pytest.importorskip("torch", reason="PyTorch is not installed (pip install torch)")


def load_module(path):
    spec = importlib.util.spec_from_file_location(f"exported_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pytorch_module_predicts_what_dlstudio_predicts(network, tmp_path):
    source, weights = export_pytorch(network, tmp_path / "net.py")
    model = load_module(source).Net()
    model.load_state_dict(torch.load(weights))
    model.eval()
    x = inputs_for(network)
    with torch.no_grad():
        out = model(torch.from_numpy(x)).numpy()
    assert relative_error(out, network.predict(x)) < 1e-5


def test_source_is_readable_and_names_layers_as_dlstudio():
    net = trained_like("conv_same_valid_strides")
    source, state = module_source(net)
    assert "class Net(nn.Module)" in source
    assert "self.conv2d = nn.Conv2d(2, 4" in source and "F.pad(" in source
    assert "momentum=0.01" in source                       # 1 - Keras's 0.99
    assert state["conv2d.weight"].shape == (4, 2, 3, 3)     # OIHW
    compile(source, "net.py", "exec")
