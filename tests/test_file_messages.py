"""The errors a student meets with data, model and network files and with data settings are
structured messages: their English text is unchanged, the Chinese window shows them in Chinese, with the same values (the
file, counts)."""
from __future__ import annotations

import re

import numpy as np
import pytest

import gzip

from dlstudio.data import DATASETS, load, tabular
from dlstudio.data.spec import DataSpec
from dlstudio.data.idx import check_idx_pair, idx_bytes, parse_idx, read_idx
from dlstudio.engine import filesave, keras_format, serialize
from dlstudio.engine.presets import PRESETS
from dlstudio.engine.spec import NetworkSpec
from dlstudio.messages import message_of, render_error

CJK = re.compile(r"[\u4e00-\u9fff]")


def _bytes(tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _csv(tmp_path, text, name="t.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def _npz(tmp_path, name="t.npz", **arrays):
    path = tmp_path / name
    np.savez(path, **arrays)
    return path


X = np.arange(12, dtype=np.float32).reshape(6, 2)


def _broken_gzip(t):
    path = t / "broken.gz"
    path.write_bytes(gzip.compress(idx_bytes(np.zeros(10, np.uint8)))[:-6])
    return read_idx(path)


def _cut_short(t):
    """A model file whose second half is missing (a copy that stopped half-way)."""
    from dlstudio.engine.network import Network

    path = t / "m.dlsnet"
    serialize.save_network(Network.from_spec(PRESETS["toy_2d"](), seed=0), path)
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    return path


def _save_refused(t):
    """Saving where the folder exists but creating a file there fails as in /proc."""
    import errno
    import tempfile
    from unittest import mock

    refused = OSError(errno.ENOENT, "No such file or directory")
    with mock.patch.object(tempfile, "mkstemp", side_effect=refused):
        filesave.atomic_write(t / "w.dlsw", b"x")


def _model(t, meta=None, name="m.dlsnet"):
    """A model file of the toy network whose meta.json is changed by ``meta``."""
    import json
    import zipfile

    from dlstudio.engine.network import Network

    path = t / name
    serialize.save_network(Network.from_spec(PRESETS["toy_2d"](), seed=0), path)
    if meta is not None:
        with zipfile.ZipFile(path) as zf:
            parts = {n: zf.read(n) for n in zf.namelist()}
        doc = json.loads(parts["meta.json"])
        doc.update(meta)
        parts["meta.json"] = json.dumps(doc).encode()
        with zipfile.ZipFile(path, "w") as zf:
            for n, data in parts.items():
                zf.writestr(n, data)
    return serialize.load_network(path)


def _model_json(t, text, name="m.dlsnet"):
    """A model file whose meta.json is ``text`` (damaged JSON)."""
    import zipfile

    path = t / name
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("meta.json", text)
        zf.writestr("arrays.npz", b"")
    return serialize.load_network(path)


def _folder(t, files=()):
    root = t / "pets"
    root.mkdir()
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("not an image")
    return str(root)

#: (name, function of tmp_path that raises, expected message id, English text (None: any))
CASES = [
    ("csv missing", lambda t: tabular.read_csv(t / "none.csv"), "file.missing",
     "{t}/none.csv: no such file"),
    ("csv folder", lambda t: tabular.read_csv(t), "file.not_regular",
     "{t}: not a regular file (a device, folder or pipe cannot be opened here); "
     "choose a saved file"),
    ("csv empty", lambda t: tabular.read_csv(_csv(t, "\n\n")), "data.csv.empty",
     "{t}/t.csv is empty"),
    ("csv column name", lambda t: tabular.read_csv(_csv(t, "a,b,y\n1,2,0\n"), "label"),
     "data.csv.no_column", "{t}/t.csv: no column named 'label'; columns are a, b, y"),
    ("csv column index", lambda t: tabular.read_csv(_csv(t, "1,2,0\n3,4,1\n"), "7"),
     "data.csv.column_outside",
     "{t}/t.csv: label_column 7 is outside the table, which has 3 columns (0 to 2, or -1 for "
     "the last); columns are 0, 1, 2"),
    ("csv no rows", lambda t: tabular.read_csv(_csv(t, "1,2,\n3,4,\n")), "data.csv.no_rows",
     "{t}/t.csv: no usable rows (2 skipped; line 1: the label is missing)"),
    ("csv fractions", lambda t: tabular.read_csv(_csv(t, "1,0.5\n2,1.5\n"),
                                                 task="classification"),
     "data.labels.fractions", "classification labels must be whole numbers or names; these "
     "have fractions (use task=regression)"),
    ("csv text regression", lambda t: tabular.read_csv(_csv(t, "1,a\n2,b\n"), task="regression"),
     "data.labels.text_regression", "regression targets must be numbers; found text labels"),
    ("bad task", lambda t: tabular.labels_to_targets([1, 2], "clustering"), "data.labels.task",
     "task must be auto, classification or regression, got 'clustering'"),
    ("npz not a zip", lambda t: tabular.read_npz(_csv(t, "x,y\n", "t.npz")), "file.not_kind",
     "NPZ file {t}/t.npz: not a NumPy archive (.npz), or the file is damaged"),
    ("npz empty", lambda t: tabular.read_npz(_csv(t, "", "t.npz")), "file.empty",
     "NPZ file {t}/t.npz: the file is empty (0 bytes): it was not saved completely, or it is "
     "not the file you meant"),
    ("npz names", lambda t: tabular.read_npz(_npz(t, a=X, b=X)), "data.npz.no_xy",
     "{t}/t.npz must hold arrays 'x' and 'y' (or 'x_train' and 'y_train'); it holds "
     "['a', 'b']"),
    ("npz rows", lambda t: tabular.read_npz(_npz(t, x=X, y=np.arange(5))), "data.npz.rows_differ",
     "{t}/t.npz: x has 6 rows but y has 5"),
    ("npz empty", lambda t: tabular.read_npz(_npz(t, x=X[:0], y=np.arange(0))),
     "data.npz.no_examples", "{t}/t.npz: x holds no examples (shape (0, 2))"),
    ("npz cube", lambda t: tabular.read_npz(_npz(t, x=X, y=np.zeros((6, 2, 2)))),
     "data.npz.y_shape",
     "{t}/t.npz: y must be (N,) labels or (N, k) targets/one-hot rows, got shape (6, 2, 2)"),
    ("npz scalar", lambda t: tabular.read_npz(_npz(t, x=np.float32(1), y=np.int64(1))),
     "data.npz.single_value",
     "{t}/t.npz: x and y must hold one row per example; got a single value"),
    ("npz no rows", lambda t: tabular.read_npz(_npz(t, x=X, y=np.full(6, np.nan))),
     "data.npz.no_rows", "{t}/t.npz: no usable rows in x/y"),
    ("npz test shape", lambda t: tabular.read_npz(
        _npz(t, x_train=X, y_train=np.arange(6), x_test=X[:, :1], y_test=np.arange(6))),
     "data.npz.test_shape", "{t}/t.npz: x_test examples have shape (1,) but x_train examples (2,)"),
    ("npz 2-D classes", lambda t: tabular.read_npz(_npz(t, x=X, y=np.ones((6, 2)) * 0.5),
                                                   "classification"),
     "data.npz.not_labels", "{t}/t.npz: y has shape (6, 2); classification needs one label per "
     "example (or one-hot rows)"),
    ("npz label problem", lambda t: tabular.read_npz(_npz(t, x=X, y=np.full(6, 0.5)),
                                                     "classification"),
     "data.in_file", "{t}/t.npz: classification labels must be whole numbers or names; these "
     "have fractions (use task=regression)"),
    # IDX files (MNIST's format) and the generic IDX dataset
    ("idx html", lambda t: parse_idx(b"<html>404</html>", "x.gz"), "data.idx.not_idx",
     "x.gz: not an IDX file (it must start with two zero bytes; is it an HTML error page or a "
     "different format?)"),
    ("idx truncated", lambda t: parse_idx(idx_bytes(np.zeros((4, 4), np.uint8))[:-3], "s.gz"),
     "data.idx.size_mismatch", "s.gz: header says (4, 4) values (16 bytes) but the file holds "
     "13 bytes; the file is truncated or damaged"),
    ("idx gzip", _broken_gzip, "data.idx.gzip_damaged", None),
    ("idx counts", lambda t: check_idx_pair(t / "i.gz", np.zeros((3, 2, 2)), t / "l.gz",
                                            np.zeros(2, np.uint8)),
     "data.idx.counts_differ", "{t}/i.gz holds 3 images but {t}/l.gz holds 2 labels; they must "
     "agree (a file is truncated or from another set)"),
    ("idx labels", lambda t: check_idx_pair(t / "i.gz", np.zeros((2, 2, 2)), t / "l.gz",
                                            np.array([1, 20000], np.int32)),
     "data.idx.labels_range", "{t}/l.gz: labels must be classes 0..9999; found 1..20000"),
    ("idx no folder", lambda t: load("idx", path=str(t / "none")), "data.idx.no_folder",
     "IDX folder {t}/none does not exist: give the folder that holds the IDX files whose "
     "names start with 'train-images' and 'train-labels'"),
    ("idx no files", lambda t: load("idx", path=str(t)), "data.idx.no_training_files",
     "no IDX training files in {t}: expected names starting with 'train-images' and "
     "'train-labels' (gzip or plain)"),
    ("idx no path", lambda t: load("idx"), "data.needs_path.idx",
     "the 'idx' dataset needs path=<folder with train-images/train-labels IDX files>"),
    ("csv no path", lambda t: load("csv"), "data.needs_path.csv",
     "the 'csv' dataset needs path=<file.csv>"),
    # image folders
    ("folder missing", lambda t: load("folder", path=str(t / "none")), "data.folder.missing",
     "image folder {t}/none does not exist; give a folder with one sub-folder of images per "
     "class"),
    ("folder is a file", lambda t: load("folder", path=str(_csv(t, "x"))),
     "data.folder.not_folder", "{t}/t.csv is not a folder; give a folder with one sub-folder of "
     "images per class"),
    ("folder flat", lambda t: load("folder", path=_folder(t, ["a.png"])),
     "data.folder.no_subfolders", "{t}/pets has no sub-folders: put the images of each class "
     "in their own sub-folder (cats/, dogs/...)"),
    ("folder no images", lambda t: load("folder", path=_folder(t, ["cats/a.txt"])),
     "data.folder.nothing_readable", "no readable images in {t}/pets: 1 file skipped, e.g. "
     "{t}/pets/cats/a.txt: not a PNG/JPEG/BMP file (.txt)"),
    # saved models
    ("model newer", lambda t: _model(t, {"version": 9}), "model.newer",
     "{t}/m.dlsnet: saved by a newer dlstudio (model format 9); please update dlstudio"),
    ("model foreign", lambda t: _model(t, {"format": "other"}), "model.not_model",
     "{t}/m.dlsnet: not a dlstudio model file"),
    ("model count", lambda t: _model(t, {"n_weights": 2}), "model.weight_count",
     "{t}/m.dlsnet: the file is damaged (it lists 2 weight arrays; its network has 8)"),
    ("model not zip", lambda t: serialize.load_network(_csv(t, "x", "m.dlsnet")), "file.not_zip",
     "{t}/m.dlsnet: not a dlstudio file, or the file is damaged"),
    # walker14 W14-10: a file cut short is told apart from a foreign one
    ("model cut short", lambda t: serialize.load_network(_cut_short(t)), "file.cut_short",
     "{t}/m.dlsnet: the file is cut short: it begins like a dlstudio file but its end is "
     "missing (it was not saved or copied completely)"),
    ("keras not zip", lambda t: keras_format.read_keras_file(_csv(t, "x", "m.keras")),
     "file.not_kind", "{t}/m.keras: not a Keras model (.keras), or the file is damaged"),
    ("model json", lambda t: _model_json(t, '{"format": "dlstudio.model",\n "spec": [\n'),
     "file.bad_json",
     "{t}/m.dlsnet: the network description is not valid JSON (damaged near line 3)"),
    ("model json value", lambda t: _model_json(t, '{"seed": 1' + "0" * 5000 + "}"),
     "file.json_value", "{t}/m.dlsnet: the network description is not valid JSON (a value "
     "in it cannot be read; the file is damaged)"),
    # network files (JSON)
    ("net json", lambda t: NetworkSpec.load(_csv(t, '{"layers": [', "n.json")),
     "spec.file.in_file", "{t}/n.json: not valid JSON (damaged near line 1, column 13)"),
    ("net no shape", lambda t: NetworkSpec.load(_csv(t, '{"layers": []}', "n.json")),
     "spec.file.in_file", '{t}/n.json: the spec has no "input_shape", e.g. [28, 28, 1] for '
     'MNIST images or [2] for points in the plane'),
    ("net layer", lambda t: NetworkSpec.from_dict({"input_shape": [2], "layers": [{"units": 3}]}),
     "spec.file.at_layer", 'layer 1: each layer needs a "type" such as "Dense", got '
     "{{'units': 3}}"),
    ("net newer", lambda t: NetworkSpec.from_dict({"format": "dlstudio.network", "version": 5,
                                                    "input_shape": [2], "layers": []}),
     "spec.file.newer", "this network was saved by a newer dlstudio (format version 5); this "
     "one reads up to version 1: please update dlstudio"),
    ("net neither", lambda t: NetworkSpec.coerce("no_such_preset"), "spec.file.neither", None),
    # data settings
    ("split", lambda t: load("moons", validation_split=1.5, test_split=0.0),
     "data.spec.problems", "data spec: validation_split must be a fraction in [0, 1), got 1.5"),
    ("two problems", lambda t: load("moons", validation_split=1.5, test_split=-1),
     "data.spec.problems", "data spec: validation_split must be a fraction in [0, 1), got 1.5; "
     "test_split must be a fraction in [0, 1), got -1"),
    ("params", lambda t: DATASETS["csv"].resolve_params({"n_samples": 5}), "data.params.unknown",
     "dataset 'csv' has no parameter(s) n_samples; it takes label_column, path, task"),
    ("param value", lambda t: DATASETS["moons"].resolve_params({"n_samples": 2.5}),
     "data.params.bad", "dataset 'moons': n_samples must be a whole number, got 2.5"),
    ("augment points", lambda t: load("moons", augmentation={"rotation_range": 10}),
     "data.augment_needs_images", "augmentation works on images, but 'moons' has inputs of "
     "shape (2,); clear the augmentation settings or pick an image dataset"),
    ("subset classes", lambda t: load("moons", subset={"classes": [5]}),
     "data.subset.no_such_classes", "subset classes [5] do not exist in 'moons', which has "
     "classes 0..1"),
    ("data format", lambda t: DataSpec.from_dict({"format": "dlstudio.network"}),
     "data.spec.other_format",
     "this is a 'dlstudio.network' file, not a data spec ('dlstudio.data')"),
    ("pca", lambda t: load("moons", preprocessing=[{"type": "pca", "n_components": 5}]),
     "data.prep.too_many_components", "pca: n_components=5 but the data has only 2 features"),
    ("minmax", lambda t: load("moons", preprocessing=[{"type": "minmax", "low": 1, "high": 0}]),
     "data.prep.minmax_range", "minmax: high (0) must be greater than low (1)"),
    ("repeated classes", lambda t: load("moons", subset={"classes": [1, 1]}),
     "data.subset.repeated", "subset classes must not repeat, got [1, 1]"),
    # saving
    ("save no folder", lambda t: filesave.check_writable(t / "none" / "w.dlsw"), "save.no_folder",
     "cannot save {t}/none/w.dlsw: the folder {t}/none does not exist"),
    ("save folder", lambda t: filesave.check_writable(t), "save.cannot_write",
     "cannot save {t}: it is a folder"),
    # walker14 W14-10: what to try, and no "No such file or directory" for a folder that is
    # there but takes no new files
    ("save no new files", lambda t: _save_refused(t), "save.save_failed",
     "cannot save {t}/w.dlsw: new files cannot be created in {t}; the previous file (if "
     "any) was kept unchanged. Choose a folder you can write to (your home folder, for "
     "example) and save again"),
]


def raised(tmp_path, make) -> Exception:
    with pytest.raises(Exception) as info:
        make(tmp_path)
    return info.value


@pytest.mark.parametrize("name,make,mid,english", CASES, ids=[c[0] for c in CASES])
def test_errors_render_in_both_languages_with_their_values(tmp_path, name, make, mid,
                                                               english):
    exc = raised(tmp_path, make)
    message = message_of(exc)
    assert message is not None, f"{name}: {exc!r} carries no message"
    assert message.id == mid
    assert isinstance(exc, (ValueError, OSError))           # the project's own error classes
    if english is not None:
        assert str(exc) == english.format(t=tmp_path)        # the English text is unchanged
    chinese = render_error(exc, "zh")
    assert chinese != str(exc) and CJK.search(chinese), chinese
    # the values (file names, numbers) reach the Chinese text too
    for value in re.findall(r"[\w./-]+\.(?:csv|npz|gz|dlsnet|dlsw|json)\b|\d+", str(exc)):
        assert value in chinese, (value, chinese)
