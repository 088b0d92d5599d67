"""``dlstudio summary`` on a trained network (walker36: a .dlsnet saved by the window was
refused as 'not UTF-8 text') and on a file it cannot read (it says what it reads)."""
from __future__ import annotations

import pytest

from dlstudio.cli import main
from dlstudio.engine.network import Network
from dlstudio.engine.serialize import save_network
from dlstudio.engine.spec import NetworkSpec


@pytest.fixture
def toy_net():
    return Network.from_spec(NetworkSpec.coerce("toy_2d"), seed=0)


def test_summary_shows_a_saved_network_and_its_data(toy_net, tmp_path, capsys):
    path = tmp_path / "toy.dlsnet"
    save_network(toy_net, path, extra={"train_spec": {"loss": "categorical_crossentropy"},
                                       "data_spec": {"dataset": "spirals",
                                                     "params": {"noise": 0.2}}})
    assert main(["summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Trained network from toy.dlsnet, trained on spirals:noise=0.2"
    assert f"Total params: {toy_net.n_params}" in out


def test_summary_says_when_the_data_is_not_recorded(toy_net, tmp_path, capsys):
    path = tmp_path / "old.dlsnet"
    save_network(toy_net, path, extra={"train_spec": {}})
    assert main(["summary", str(path)]) == 0
    assert "does not record the data" in capsys.readouterr().out.splitlines()[0]


def test_summary_refuses_edits_of_a_trained_network(toy_net, tmp_path, capsys):
    path = tmp_path / "toy.dlsnet"
    save_network(toy_net, path)
    assert main(["summary", str(path), "--edit", "add_batchnorm"]) == 2
    assert "a trained network's weights fit its layers" in capsys.readouterr().err


def test_a_file_summary_cannot_read_names_what_it_reads(tmp_path, capsys):
    path = tmp_path / "toy.onnx"
    path.write_bytes(b"\x08\x07\x12\x07pytorch\xff\xfe")
    assert main(["summary", str(path)]) == 2
    err = capsys.readouterr().err
    assert "not UTF-8 text" in err and "a saved network (.dlsnet)" in err
