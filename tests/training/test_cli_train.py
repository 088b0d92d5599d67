"""``dlstudio train`` and ``dlstudio evaluate`` end to end on small generated data."""
from __future__ import annotations

import json

import numpy as np
import pytest

from dlstudio.cli import main

from float_tolerance import rounding_bound

NET = {"format": "dlstudio.network", "version": 1, "input_shape": [2],
       "layers": [{"type": "Dense", "units": 16, "activation": "tanh"},
                  {"type": "Dense", "units": 3, "activation": "softmax"}]}


@pytest.fixture
def net_file(tmp_path):
    path = tmp_path / "net.json"
    path.write_text(json.dumps(NET))
    return path


def test_train_logs_saves_and_evaluates(net_file, tmp_path, capsys):
    log, model = tmp_path / "run.jsonl", tmp_path / "model.dlsnet"
    rc = main(["train", str(net_file), "--data", "blobs:n_samples=400", "--epochs", "3",
               "--batch-size", "16", "--optimizer", "adam", "--lr", "0.01", "--seed", "1",
               "--log", str(log), "--save", str(model)])
    out, err = capsys.readouterr()
    assert rc == 0
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [e["epoch"] for e in lines[:-1]] == [1, 2, 3]
    for e in lines[:-1]:
        assert set(e) == {"epoch", "loss", "accuracy", "val_loss", "val_accuracy", "lr",
                          "seconds", "penalty"}
        assert e["penalty"] == 0.0                     # no L1/L2 here (W14-14: apart)
        assert e["lr"] == pytest.approx(0.01)
    assert lines[-1]["test_accuracy"] > 0.8 and "test_loss" in lines[-1]
    assert "epoch 3/3" in err                          # progress on stderr
    assert "test accuracy" in out and model.exists()

    rc = main(["evaluate", str(model), "--data", "blobs:n_samples=400", "--seed", "1",
               "--json"])
    result = json.loads(capsys.readouterr().out)
    assert rc == 0 and result["split"] == "test"
    assert result["accuracy"] == pytest.approx(lines[-1]["test_accuracy"])
    # the saved and reloaded model, evaluated again: 2 dense layers of at most 16 terms
    assert result["loss"] == pytest.approx(lines[-1]["test_loss"],
                                           rel=rounding_bound(np.float32, 16, depth=2))


def test_train_config_file_and_limit(net_file, tmp_path, capsys):
    cfg = tmp_path / "train.json"
    cfg.write_text(json.dumps({"optimizer": {"name": "sgd", "momentum": 0.9},
                               "learning_rate": 0.05, "epochs": 2, "batch_size": 8}))
    log = tmp_path / "run.jsonl"
    rc = main(["train", str(net_file), "--data", "blobs", "--train-config", str(cfg),
               "--epochs", "1", "--limit", "50", "--log", str(log), "--quiet"])
    out, err = capsys.readouterr()
    assert rc == 0 and err == ""
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(lines) == 2 and lines[0]["lr"] == pytest.approx(0.05)   # --epochs overrides
    assert "7 steps" in out                            # 50 examples / batch 8


@pytest.mark.parametrize("args, message", [
    (["--data", "nope"], "unknown dataset 'nope'"),
    (["--data", "digits:n_samples=100"], "expects inputs of shape [2]"),
    (["--data", "circles"], None),                      # 2 classes into 3 outputs is fine
    (["--data", "blobs:n_classes=5"], "5 classes but the output layer has 3 units"),
    (["--data", "blobs", "--batch-size", "0"], "batch_size"),
    (["--data", "blobs", "--train-config", "missing.json"], "no such file"),
    (["--data", "blobs:n_samples"], "expected key=value"),
])
def test_user_errors_are_one_line_and_exit_2(net_file, capsys, args, message):
    rc = main(["train", str(net_file), "--epochs", "1", "--quiet", *args])
    err = capsys.readouterr().err
    if message is None:
        assert rc == 0
        return
    assert rc == 2 and message in err and "Traceback" not in err


def test_bad_network_file(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**NET, "layers": [{"type": "Dense", "units": 0}]}))
    rc = main(["train", str(bad), "--data", "blobs", "--quiet"])
    assert rc == 2 and "units" in capsys.readouterr().err
    rc = main(["evaluate", str(tmp_path / "none.dlsnet"), "--data", "blobs"])
    assert rc == 2 and "no such file" in capsys.readouterr().err


def test_telemetry_flag_reports_the_probe_cost(net_file, capsys):
    rc = main(["train", str(net_file), "--data", "blobs", "--epochs", "2", "--quiet",
               "--telemetry"])
    out = capsys.readouterr().out
    assert rc == 0 and "telemetry probes:" in out and "of training time" in out
    rc = main(["train", str(net_file), "--data", "blobs", "--epochs", "1", "--quiet"])
    assert rc == 0 and "telemetry probes:" not in capsys.readouterr().out


def test_how_the_run_ended_reads_in_chinese(net_file, capsys):
    rc = main(["train", str(net_file), "--data", "blobs:n_samples=200", "--epochs", "2",
               "--quiet", "--lang", "zh"])
    out = capsys.readouterr().out
    assert rc == 0 and out.splitlines()[0] == "已完成 2 轮"      # not "finished: 已完成"


def test_the_whole_summary_reads_in_chinese(net_file, capsys, tmp_path):
    """After `--lang zh` only the first line was Chinese: "last epoch (2): loss ...",
    "test loss ...", "... steps in 0.0 s (...examples/s while training)" stayed English."""
    model = tmp_path / "m.dlsm"
    rc = main(["train", str(net_file), "--data", "blobs:n_samples=200", "--epochs", "2",
               "--quiet", "--telemetry", "--lang", "zh", "--save", str(model)])
    out = capsys.readouterr().out
    assert rc == 0
    for english in ("last epoch", "loss ", "accuracy", "test ", "steps in", "examples/s",
                    "telemetry", "saved"):
        assert english not in out, (english, out)
    assert "最后一轮（第 2 轮）：损失 " in out and "测试损失 " in out and "步，用时 " in out
    assert "遥测探针：" in out and f"已把训练好的网络保存到 {model}" in out
    assert " 0.0 秒" not in out and " 0 秒" not in out          # a short run's time is shown


def test_every_project_error_class_counts_as_a_user_error():
    from dlstudio.cli import is_user_error
    from dlstudio.data.errors import DataError
    from dlstudio.lessons.loader import LessonError
    from dlstudio.training.run_data import DataMismatchError

    for exc in (DataMismatchError("x"), DataError("x"), LessonError("a.toml", ["x"])):
        assert is_user_error(exc)
    assert not is_user_error(KeyError("a bug"))


def test_train_warms_up_while_the_data_loads_and_stops_it_when_training_begins(
        net_file, monkeypatch):
    """The first step must not wait for Numba's cache (0.4 s), and on a cold cache not for
    every kernel either (~120 s; the toy's own took 21 s): the warm-up runs while the data
    loads and stops at its next stage once training begins (issue 13)."""
    import threading

    from dlstudio.engine import warmup as warmup_module
    from dlstudio.training.trainer import Trainer

    started, release, done, seen = (threading.Event(), threading.Event(), threading.Event(),
                                    {})

    def fake_warmup(dtypes, between):
        seen["dtypes"], seen["thread"] = dtypes, threading.current_thread().name
        seen["go on while the data loads"] = between()
        started.set()
        release.wait(30)
        seen["go on once training began"] = between()
        done.set()

    begin = Trainer.begin

    def checked_begin(self):
        seen["warming before training"] = started.wait(30)
        release.set()
        done.wait(30)
        return begin(self)

    monkeypatch.setattr(warmup_module, "warmup", fake_warmup)
    monkeypatch.setattr(Trainer, "begin", checked_begin)
    assert main(["train", str(net_file), "--data", "blobs:n_samples=100", "--epochs", "1",
                 "--quiet"]) == 0
    assert seen == {"dtypes": (np.float32,), "thread": "kernel-warmup",
                    "go on while the data loads": True, "warming before training": True,
                    "go on once training began": False}


@pytest.mark.parametrize("lang, expected", [
    ("en", "sgd at learning rate 0.05, batch size 16, epochs 2 (10 steps each)"),
    ("zh", "sgd，学习率 0.05，批大小 16，轮数 2（每轮 10 步）")])
def test_the_run_says_what_it_trains_beside_its_progress(net_file, capsys, lang, expected):
    """walker34 W34-13: the terminal trained the preset at batch 32 where the window's used
    64, and nothing said so: a line on stderr (beside the progress bar, stdout keeps the
    summary) names the settings; --quiet leaves it out."""
    args = ["train", str(net_file), "--data", "blobs:n_samples=200", "--epochs", "2",
            "--batch-size", "16", "--optimizer", "sgd", "--lr", "0.05",
            "--validation-split", "0", "--lang", lang]
    rc = main(args)
    captured = capsys.readouterr()
    assert rc == 0 and expected in captured.err, captured.err
    assert expected not in captured.out
    rc = main(args + ["--quiet"])
    assert rc == 0 and expected not in capsys.readouterr().err


def test_evaluating_a_trained_network_on_data_of_another_shape_says_what_data_it_needs(
        net_file, capsys, tmp_path):
    """walker34 W34-14: `evaluate` on data of another shape advised setting the network's
    input shape, which a trained network's weights fix: it names the data it needs."""
    model = tmp_path / "m.dlsnet"
    assert main(["train", str(net_file), "--data", "blobs:n_samples=200", "--epochs", "1",
                 "--quiet", "--save", str(model)]) == 0
    capsys.readouterr()
    rc = main(["evaluate", str(model), "--data", "regression"])
    err = capsys.readouterr().err
    assert rc == 2 and "was trained on inputs of shape [2]" in err, err
    assert "evaluate it on data with [2] inputs" in err and "set the network" not in err
