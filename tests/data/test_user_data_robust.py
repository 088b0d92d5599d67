"""Issue 12.5: the user's CSV/NPZ/IDX/image-folder data: stated inference rules, counts that
must agree, limits, and a clear ``DataError`` (never a hang or a raw IndexError)."""
from __future__ import annotations

import gzip
import os
import struct

import numpy as np
import pytest

from dlstudio.data import load, tabular
from dlstudio.data.errors import DataError
from dlstudio.data.idx import IdxError, idx_bytes, parse_idx, read_idx
from dlstudio.data.split import class_groups, split_indices

NO_SPLITS = {"validation_split": 0.0, "test_split": 0.0}


def _csv(tmp_path, rows, name="t.csv"):
    p = tmp_path / name
    p.write_text("\n".join(rows) + "\n")
    return str(p)


def test_splitting_is_linear_in_the_number_of_classes():
    y = np.arange(300_000)[::-1].copy()          # every example its own class
    groups = class_groups(y)
    assert len(groups) == 300_000 and groups[0].tolist() == [299_999]
    keep, held = split_indices(y, 0.1, np.random.default_rng(0))
    assert len(keep) + len(held) == len(y)


def test_class_groups_match_the_per_class_definition():
    y = np.random.default_rng(1).integers(0, 7, 500)
    for c, idx in zip(np.unique(y), class_groups(y)):
        np.testing.assert_array_equal(idx, np.flatnonzero(y == c))


def test_a_missing_label_skips_the_row_and_keeps_the_classes(tmp_path):
    rows = ["a,b,label"] + [f"{i},{i},{i % 2}" for i in range(20)] + ["1,2,nan", "3,4,"]
    ds = load("csv", path=_csv(tmp_path, rows), **NO_SPLITS)
    assert ds.task == "classification" and ds.class_names == ("0", "1")
    assert len(ds.x_train) == 20
    assert sum("label is missing" in r for _, r in ds.report) == 2


def test_many_whole_number_labels_are_a_stated_guess_that_can_be_overridden(tmp_path):
    path = _csv(tmp_path, [f"{i},{i % 101}" for i in range(303)])
    ds = load("csv", path=path, **NO_SPLITS)
    assert ds.task == "regression" and ds.info.task_guessed
    assert "guessed" in ds.info.task_note and "task=classification" in ds.info.task_note
    ds = load("csv", path=path, task="classification", **NO_SPLITS)
    assert ds.task == "classification" and ds.n_classes == 101 and not ds.info.task_guessed
    small = load("csv", path=_csv(tmp_path, [f"{i},{i % 3}" for i in range(30)], "s.csv"),
                 **NO_SPLITS)
    assert small.task == "classification" and "each value is a class" in small.info.task_note


def test_label_column_by_name_or_index_is_unambiguous(tmp_path):
    path = _csv(tmp_path, ["x,1,y"] + [f"{i},{i % 2},{i % 3}" for i in range(30)])
    assert load("csv", path=path, label_column="1", **NO_SPLITS).n_classes == 2   # the name
    assert load("csv", path=path, label_column="-1", **NO_SPLITS).n_classes == 3  # last
    assert load("csv", path=path, label_column="0", **NO_SPLITS).n_classes == 30    # index
    with pytest.raises(DataError, match="outside the table"):
        load("csv", path=path, label_column="5")
    with pytest.raises(DataError, match="no column named"):
        load("csv", path=path, label_column="price")


def test_too_many_classes_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_CLASSES", 50)
    path = _csv(tmp_path, [f"{i},id{i}" for i in range(60)])
    with pytest.raises(DataError, match="too many classes"):
        load("csv", path=path)


def test_nan_features_are_dropped_alike_in_csv_and_npz(tmp_path):
    x = np.arange(40, dtype=np.float32).reshape(20, 2)
    x[3, 1] = np.nan
    y = np.arange(20) % 2
    np.savez(tmp_path / "d.npz", x=x, y=y)
    _csv(tmp_path, [f"{a},{b},{c}" for (a, b), c in zip(x, y)], "d.csv")
    for name in ("npz", "csv"):
        ds = load(name, path=str(tmp_path / f"d.{name}"), **NO_SPLITS)
        assert len(ds.x_train) == 19 and np.isfinite(ds.x_train).all(), name
        assert any("NaN" in r for _, r in ds.report), name


def test_npz_one_hot_labels_and_bad_shapes(tmp_path):
    x = np.random.default_rng(0).normal(size=(12, 3)).astype(np.float32)
    np.savez(tmp_path / "oh.npz", x=x, y=np.eye(3)[np.arange(12) % 3])
    ds = load("npz", path=str(tmp_path / "oh.npz"), **NO_SPLITS)
    assert ds.task == "classification" and ds.y_train.tolist() == (np.arange(12) % 3).tolist()
    for name, arrays in (("scalar", {"x": np.float32(1.0), "y": np.int64(1)}),
                         ("count", {"x": x, "y": np.arange(5)}),
                         ("cube", {"x": x, "y": np.zeros((12, 2, 2))}),
                         ("objects", None)):
        path = tmp_path / f"{name}.npz"
        if arrays is None:
            np.savez(path, x=np.array([{"a": 1}] * 12, dtype=object), y=np.arange(12))
        else:
            np.savez(path, **arrays)
        with pytest.raises(DataError):
            load("npz", path=str(path))


@pytest.mark.parametrize("name", ["csv", "npz"])
def test_devices_and_pipes_are_refused(tmp_path, name):
    fifo = tmp_path / f"p.{name}"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        with pytest.raises(DataError, match="not a regular file"):
            load(name, path=path)


def test_an_image_folder_entry_linked_to_a_pipe_is_skipped(tmp_path):
    from PIL import Image

    for cls in ("a", "b"):
        (tmp_path / cls).mkdir()
        for i in range(2):
            Image.fromarray(np.full((8, 8), 50 * i, np.uint8)).save(tmp_path / cls / f"{i}.png")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "a" / "hang.png").symlink_to(tmp_path / "fifo")
    ds = load("folder", path=str(tmp_path), **NO_SPLITS)
    assert len(ds.x_train) == 4
    assert any("hang.png" in p and "regular" in r for p, r in ds.report)


def _idx_folder(tmp_path, images, labels):
    (tmp_path / "train-images-idx3-ubyte").write_bytes(idx_bytes(images))
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(idx_bytes(labels))
    return str(tmp_path)


def test_idx_counts_must_agree(tmp_path):
    folder = _idx_folder(tmp_path, np.zeros((10, 4, 4), np.uint8), np.zeros(5, np.uint8))
    with pytest.raises(IdxError, match="10 images but .* 5 labels"):
        load("idx", path=folder)


def test_idx_labels_must_be_one_small_class_per_image(tmp_path):
    images = np.zeros((4, 4, 4), np.uint8)
    with pytest.raises(IdxError, match="one number per image"):
        load("idx", path=_idx_folder(tmp_path, images, np.zeros((4, 2), np.uint8)))
    with pytest.raises(IdxError, match="classes 0.."):
        load("idx", path=_idx_folder(tmp_path, images,
                                     np.array([0, 1, 2, 10**9], np.int32)))


def test_idx_dimensions_cannot_overflow_the_size_check():
    header = bytes([0, 0, 0x08, 3]) + struct.pack(">3I", 2**31, 2**31, 4)
    with pytest.raises(IdxError, match="truncated or damaged"):
        parse_idx(header + b"\0" * 16, "huge")


def test_a_gzip_bomb_is_refused(tmp_path, monkeypatch):
    from dlstudio.data import idx

    path = tmp_path / "train-labels-idx1-ubyte.gz"
    path.write_bytes(gzip.compress(idx_bytes(np.zeros(3 * 2**20, np.uint8))))
    assert path.stat().st_size < 50_000
    monkeypatch.setattr(idx, "MAX_IDX_BYTES", 2**20)
    with pytest.raises(IdxError, match="header announces"):      # refused before unpacking
        read_idx(path)
    lying = idx_bytes(np.zeros(10, np.uint8)) + bytes(3 * 2**20)   # header: 10 labels
    path.write_bytes(gzip.compress(lying))
    with pytest.raises(IdxError, match="more data than its IDX header"):
        read_idx(path)
    path.write_bytes(gzip.compress(idx_bytes(np.zeros(10, np.uint8)))[:-12])
    with pytest.raises(IdxError, match="damaged"):
        read_idx(path)


def test_data_info_says_how_the_task_was_inferred(tmp_path, capsys):
    from dlstudio.cli import main

    path = _csv(tmp_path, [f"{i},{i}" for i in range(150)])
    assert main(["data", "info", f"csv:path={path}"]) == 0
    out = capsys.readouterr().out
    assert "task: regression" in out and "warning: task regression, guessed" in out
    assert main(["data", "info", f"csv:path={path},task=classification"]) == 0
    assert "classification, 150 classes" in capsys.readouterr().out
    assert main(["data", "info", "csv:path=/dev/zero"]) == 2
    assert "not a regular file" in capsys.readouterr().err
