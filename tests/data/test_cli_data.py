from dataclasses import replace

import pytest

from dlstudio.cli import main
from dlstudio.data import DATASETS, idxsets

from .conftest import _tiny_set


def test_data_list_shows_every_dataset(capsys, isolated):
    assert main(["data", "list"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["name", "shape", "classes", "size", "offline", "where"]
    names = {ln.split()[0] for ln in lines[2:]}
    assert names == set(DATASETS.names())
    digits = next(ln for ln in lines if ln.startswith("digits"))
    assert "28x28x1" in digits and "generated" in digits


def test_data_list_says_where_mnist_was_found(capsys, isolated, tmp_path, monkeypatch):
    _, files = _tiny_set(tmp_path / "d" / "mnist")
    monkeypatch.setitem(idxsets.IDX_SETS, "mnist", replace(idxsets.MNIST, files=files))
    monkeypatch.setenv("DLSTUDIO_DATA", str(tmp_path / "d"))
    main(["data", "list"])
    row = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("mnist"))
    assert "yes (found)" in row and str(tmp_path / "d" / "mnist") in row


def test_data_fetch_downloads_with_progress_bar(capsys, isolated, server, monkeypatch,
                                               tmp_path):
    root, url = server
    _, files = _tiny_set(root / "m")
    monkeypatch.setitem(idxsets.IDX_SETS, "mnist",
                        replace(idxsets.MNIST, mirrors=(url + "m/",), files=files))
    target = tmp_path / "here"
    assert main(["data", "fetch", "mnist", "--data-dir", str(target)]) == 0
    captured = capsys.readouterr()
    assert "ready in" in captured.out and "100.0%" in captured.err
    assert sorted(p.name for p in (target / "mnist").iterdir()) == \
        sorted(f.name for f in files.values())


def test_data_fetch_errors_are_one_line_user_errors(capsys, isolated, monkeypatch):
    monkeypatch.setitem(idxsets.IDX_SETS, "mnist",
                        replace(idxsets.MNIST, mirrors=("http://127.0.0.1:9/",)))
    assert main(["data", "fetch", "mnist"]) == 2
    err = capsys.readouterr().err
    assert "could not download" in err and "train-images-idx3-ubyte.gz" in err
    assert main(["data", "fetch", "mnsit"]) == 2
    assert "mnist" in capsys.readouterr().err
    assert main(["data", "fetch", "spirals"]) == 0
    assert "nothing to download" in capsys.readouterr().out


def test_data_info(capsys):
    assert main(["data", "info", "digits"]) == 0
    assert "n_samples" in capsys.readouterr().out
