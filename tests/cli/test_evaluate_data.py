"""``dlstudio evaluate`` tests a model on the data its file records (walker36: it needed
--data and evaluated on any toy set without a word: circles 43.5%, moons 82.5%)."""
from __future__ import annotations

import json

import pytest

from dlstudio.cli import main
from dlstudio.data import DataSpec
from dlstudio.engine.network import Network
from dlstudio.engine.serialize import save_network
from dlstudio.engine.spec import NetworkSpec

SPIRALS = DataSpec(dataset="spirals", params={"n_samples": 240}, seed=3)


@pytest.fixture
def net():
    return Network.from_spec(NetworkSpec.coerce("toy_2d"), seed=0)


def _evaluate(capsys, *args):
    rc = main(["evaluate", *map(str, args), "--json"])
    out, err = capsys.readouterr()
    return rc, (json.loads(out) if rc == 0 else None), err


def test_a_recorded_data_spec_is_the_default(net, tmp_path, capsys):
    """A file saved by the window records its data spec: its seed and splits too."""
    from dlstudio.data import load

    path = tmp_path / "toy.dlsnet"
    save_network(net, path, extra={"data_spec": SPIRALS.to_dict()})
    rc, result, err = _evaluate(capsys, path)
    assert rc == 0 and "spirals:n_samples=240 (recorded in toy.dlsnet)" in err
    test = load(SPIRALS)
    value, accuracy = net.evaluate(test.x_test, test.y_test, "sparse_categorical_crossentropy")
    assert result["examples"] == len(test.x_test) and result["accuracy"] == accuracy


def test_other_data_is_evaluated_with_a_warning(net, tmp_path, capsys):
    path = tmp_path / "toy.dlsnet"
    save_network(net, path, extra={"data_spec": SPIRALS.to_dict()})
    rc, _, err = _evaluate(capsys, path, "--data", "moons")
    assert rc == 0
    assert "warning: toy.dlsnet was trained on spirals:n_samples=240, not on moons" in err
    # the same data named with its defaults written out or left out: no warning
    rc, _, err = _evaluate(capsys, path, "--data", "spirals:n_samples=240")
    assert rc == 0 and "warning" not in err


def test_a_data_argument_recorded_by_train_is_the_default(net, tmp_path, capsys):
    path = tmp_path / "cli.dlsnet"
    save_network(net, path, extra={"data": "moons"})
    rc, result, err = _evaluate(capsys, path)
    assert rc == 0 and "moons (recorded in cli.dlsnet)" in err and result["examples"] > 0
    from dlstudio.data.registry import DATASETS

    noise = DATASETS["moons"].defaults()["noise"]
    rc, _, err = _evaluate(capsys, path, "--data", f"moons:noise={noise}")
    assert rc == 0 and "warning" not in err


def test_an_old_file_without_a_record_asks_for_data(net, tmp_path, capsys):
    path = tmp_path / "old.dlsnet"
    save_network(net, path, extra={"train_spec": {}})
    rc, _, err = _evaluate(capsys, path)
    assert rc == 2
    assert "old.dlsnet does not record the data it was trained on: give --data" in err
    rc, result, err = _evaluate(capsys, path, "--data", "moons")
    assert rc == 0 and "warning" not in err
