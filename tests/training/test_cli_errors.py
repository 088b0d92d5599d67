"""Issue 12.7: every user error on the command line is one message, exit code 2, no
traceback; output paths are checked before training starts."""
from __future__ import annotations

import json
import os

import pytest

from dlstudio.cli import main


@pytest.fixture
def bad_files(tmp_path):
    fifo = tmp_path / "pipe.dlsnet"
    os.mkfifo(fifo)
    garbage = tmp_path / "garbage.dlsnet"
    garbage.write_bytes(b"PK\x03\x04 not really a zip")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 50 + "]" * 50)
    return {"fifo": str(fifo), "garbage": str(garbage), "dir": str(tmp_path),
            "deep": str(deep)}


CASES = [
    ["summary", "/dev/zero"],
    ["summary", "{fifo}"],
    ["summary", "{dir}"],
    ["summary", "{dir}/missing.json"],
    ["evaluate", "{garbage}", "--data", "blobs"],
    ["evaluate", "/dev/zero", "--data", "blobs"],
    ["evaluate", "{fifo}", "--data", "blobs"],
    ["evaluate", "{dir}", "--data", "blobs"],
    ["train", "toy_2d", "--data", "blobs", "--save", "{dir}/no/such/dir/m.dlsnet"],
    ["train", "toy_2d", "--data", "blobs", "--log", "{dir}/no/such/dir/run.jsonl"],
    ["train", "toy_2d", "--data", "blobs", "--save", "{dir}"],
    ["train", "/dev/zero", "--data", "blobs"],
    ["train", "toy_2d", "--data", "blobs", "--train-config", "/dev/zero"],
    ["train", "toy_2d", "--data", "blobs", "--epochs", "-1", "--batch-size", "0"],
    ["evaluate", "{garbage}", "--data", "blobs", "--batch-size", "0"],
    ["landscape", "toy_2d", "--data", "blobs", "--out", "{dir}/no/such/dir/grid.json"],
    ["bench", "--json", "{dir}/no/such/dir/bench.json"],
]


@pytest.mark.parametrize("argv", CASES, ids=[" ".join(c[:2]) + " " + c[-1] for c in CASES])
def test_user_errors_are_one_message_and_exit_2(argv, bad_files, capsys):
    argv = [a.format(**bad_files) for a in argv]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in err and err.startswith(f"dlstudio {argv[0]}: ")
    assert len(err.strip().splitlines()) == 1


def test_output_paths_are_checked_before_any_training(tmp_path, capsys, monkeypatch):
    import dlstudio.training.trainer as trainer_module

    def never(*args, **kwargs):
        raise AssertionError("training started although --save cannot be written")

    monkeypatch.setattr(trainer_module.Trainer, "run", never)
    assert main(["train", "toy_2d", "--data", "blobs", "--epochs", "1",
                 "--save", str(tmp_path / "missing" / "m.dlsnet")]) == 2
    assert "--save" in capsys.readouterr().err
