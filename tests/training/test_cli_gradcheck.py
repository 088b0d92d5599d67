"""``dlstudio gradcheck``: passes on every preset, fails on a broken backward."""
from __future__ import annotations

import pytest

from dlstudio.cli import main
from dlstudio.engine.layers import Conv2D, Dense
from dlstudio.engine.presets import PRESETS
from dlstudio.engine.serialize import save_network


def _data_for(preset: str) -> str:
    return "spirals:n_samples=200" if preset == "toy_2d" else "digits:n_samples=200"


@pytest.mark.parametrize("preset", PRESETS.names())
def test_every_preset_passes(preset, capsys):
    rc = main(["gradcheck", preset, "--data", _data_for(preset), "--samples", "3",
               "--batch", "2", "--seed", "1"])
    out = capsys.readouterr().out
    last = out.strip().splitlines()[-1]
    assert rc == 0, out
    assert last.startswith("max relative error: ") and float(last.split(": ")[1]) < 1e-5


def _scaled_backward(cls, monkeypatch):
    """Break ``cls.backward``: the weight gradient comes out 1% too large."""
    original = cls.backward

    def broken(self, grad_out):
        result = original(self, grad_out)
        if "W" in self.grads:
            self.grads["W"] *= 1.01
        return result

    monkeypatch.setattr(cls, "backward", broken)


@pytest.mark.parametrize("preset, cls", [("mnist_convnet", Conv2D), ("mlp_300_100", Dense)])
def test_a_broken_backward_fails(preset, cls, monkeypatch, capsys):
    from dlstudio.engine import fused

    monkeypatch.setattr(fused, "ENABLED", False)   # small Dense nets skip Dense.backward
    _scaled_backward(cls, monkeypatch)
    rc = main(["gradcheck", preset, "--data", "digits:n_samples=200", "--samples", "3",
               "--batch", "2"])
    out = capsys.readouterr().out
    assert rc == 1
    assert float(out.strip().splitlines()[-1].split(": ")[1]) > 1e-3


def test_one_layer_and_bad_names(capsys):
    rc = main(["gradcheck", "mlp_300_100", "--data", "digits:n_samples=200", "--layer",
               "dense_2", "--samples", "2"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert rc == 0 and len(lines) == 3 and lines[1].startswith("dense_2 ")
    rc = main(["gradcheck", "mlp_300_100", "--data", "digits:n_samples=200", "--layer", "x"])
    err = capsys.readouterr().err
    assert rc == 2 and "no layer 'x'" in err and "dense_1" in err


def test_a_saved_model_is_checked(tmp_path, capsys):
    from dlstudio.engine.network import Network

    path = tmp_path / "toy.dlsnet"
    save_network(Network.from_spec("toy_2d", seed=3), path)
    rc = main(["gradcheck", str(path), "--data", "spirals:n_samples=200", "--samples", "2"])
    assert rc == 0, capsys.readouterr().out
