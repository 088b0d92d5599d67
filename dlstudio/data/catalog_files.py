"""Registry entries for data read from files: the MNIST family (downloadable), any IDX set,
and the user's own image folders, CSV and NPZ files."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from dlstudio.data.registry import DatasetInfo, RawData, add_dataset
from dlstudio.engine.registry import Param
from dlstudio.messages import Message


# ---------------------------------------------------------------- IDX files (MNIST family)
_PATH = Param("path", "str", "", help="a folder holding the files (empty: look in the usual "
                                     "places: DLSTUDIO_DATA, the settings folder, the cache)")
_DOWNLOAD = Param("download", "bool", True,
                  help="download from the official mirrors when the files are missing")


def _idx_loader(set_name: str):
    def load(params: dict, seed: int, data_dir=None, progress=None) -> RawData:
        from dlstudio.data import idxsets

        dataset = idxsets.IDX_SETS[set_name]
        arrays, where = idxsets.load_arrays(dataset, params.get("path") or data_dir, progress,
                                            download=bool(params.get("download", True)))
        return RawData(idxsets.images_to_float(arrays["train_images"]),
                       arrays["train_labels"].astype(np.int64),
                       idxsets.images_to_float(arrays["test_images"]),
                       arrays["test_labels"].astype(np.int64), source=where)

    return load


def _idx_locate(set_name: str):
    """``DatasetInfo.locate`` of an IDX set: where its files are; ``FileNotFoundError``
    naming the folders looked in when they are in none."""

    def locate(params: dict, data_dir=None) -> str | None:
        from dlstudio.data import idxsets

        dataset, given = idxsets.IDX_SETS[set_name], params.get("path") or data_dir
        found = idxsets.locate(dataset, given)     # ValueError: damaged files in ``given``
        if found is None:
            partial = idxsets.partial_folder(dataset, given)
            other = idxsets.other_set_in(dataset, partial[0]) if partial is not None \
                else None
            if other is not None:
                # not a damaged copy: another set with the same file names (walker34: a
                # folder of MNIST read as a broken Fashion-MNIST)
                raise FileNotFoundError(Message("data.where.other_set", folder=str(partial[0]),
                                                other=other.named, named=dataset.named,
                                                name=dataset.name))
            if partial is not None:
                # the line above the preview said "downloaded when loaded" while loading
                # said the folder's files were damaged (walker20 W20-8)
                raise ValueError(Message("data.where.partial", folder=str(partial[0])))
            # said with the folders looked in and the file looked for (walker32 W32-10)
            raise FileNotFoundError(idxsets.not_found_message(dataset, given))
        return instead_of(params.get("path"), found, idxsets.expected_file(dataset))

    return locate


def instead_of(given, found, expected: str) -> Message:
    """Where the files were found, said with what became of the folder in Path when they
    were found elsewhere (walker20 W20-7: a Path that does not exist, or holds none of the
    files, was passed over without a word under a field still showing it). ``expected``: the
    file looked for in it."""
    files, where = found
    if not given:
        return where
    folder = Path(given).expanduser()
    if not folder.exists():
        return Message("data.where.instead_missing", path=str(folder), where=where)
    inside = folder.resolve()
    if not all(inside == p.resolve().parent or inside in p.resolve().parents
               for p in files.values()):
        return Message("data.where.instead_empty", path=str(folder), expected=expected,
                       where=where)
    return where


add_dataset(DatasetInfo(
    name="mnist", display_name="MNIST handwritten digits", input_shape=(28, 28, 1),
    class_names=tuple(str(d) for d in range(10)), size=(60000, 10000), kind="image",
    offline=False, params=(_PATH, _DOWNLOAD), path_kind="folder",
    source="Y. LeCun, C. Cortes, C. J. C. Burges: the MNIST database (IDX files, ~11 MB)",
    help="70,000 scanned handwritten digits; the classic first image benchmark.",
    loader=_idx_loader("mnist"), locate=_idx_locate("mnist")))

add_dataset(DatasetInfo(
    name="fashion_mnist", display_name="Fashion-MNIST clothing", input_shape=(28, 28, 1),
    class_names=("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                 "Sneaker", "Bag", "Ankle boot"),
    size=(60000, 10000), kind="image", offline=False, params=(_PATH, _DOWNLOAD),
    path_kind="folder",
    source="Zalando Research: Fashion-MNIST (IDX files, ~30 MB, MIT licence)",
    help="Photos of clothing in MNIST's format; harder than the digits.",
    loader=_idx_loader("fashion_mnist"), locate=_idx_locate("fashion_mnist")),
    aliases=("fashion", "fashion-mnist"))


def _generic_idx_load(params: dict, seed: int, data_dir=None, progress=None) -> RawData:
    from pathlib import Path

    from dlstudio.data import idxsets
    from dlstudio.data.idx import check_idx_pair, read_idx

    if not params.get("path"):
        raise ValueError(Message("data.needs_path.idx"))
    files = idxsets.find_generic(Path(params["path"]).expanduser())
    arr = {role: read_idx(p) for role, p in files.items()}

    scale = np.issubdtype(arr["train_images"].dtype, np.integer)

    def images(a: np.ndarray) -> np.ndarray:
        a = a[..., None] if a.ndim == 3 else a
        return a.astype(np.float32) / np.float32(255.0) if scale else a.astype(np.float32)

    has_test = "test_images" in arr and "test_labels" in arr
    y = check_idx_pair(files["train_images"], arr["train_images"], files["train_labels"],
                       arr["train_labels"])
    y_test = (check_idx_pair(files["test_images"], arr["test_images"], files["test_labels"],
                             arr["test_labels"]) if has_test else None)
    k = int(max(y.max(), y_test.max() if has_test else 0)) + 1
    return RawData(images(arr["train_images"]), y,
                   images(arr["test_images"]) if has_test else None, y_test,
                   source=str(params["path"]),
                   info_updates={"input_shape": tuple(images(arr["train_images"][:1]).shape[1:]),
                                 "class_names": tuple(str(c) for c in range(k)),
                                 "size": (len(y), len(arr["test_labels"]) if has_test else 0)})


add_dataset(DatasetInfo(
    name="idx", display_name="IDX files (MNIST format)", input_shape=(28, 28, 1),
    path_kind="folder", path_required=True,
    class_names=tuple(str(d) for d in range(10)), kind="image", offline=True,
    params=(Param("path", "str", "", help="folder with train-images / train-labels "
                                            "(and t10k-/test-) IDX files"),),
    source="your IDX files", help="Any dataset stored like MNIST (KMNIST, EMNIST...).",
    loader=_generic_idx_load,
    locate=lambda params, data_dir=None: params.get("path") or None))


# ---------------------------------------------------------------- the user's own data
def _folder_load(params: dict, seed: int, data_dir=None, progress=None) -> RawData:
    from dlstudio.data.folders import load_image_folder

    if not params.get("path"):
        raise ValueError(Message("data.needs_path.folder"))
    h, w, c = int(params["height"]), int(params["width"]), int(params["channels"])
    d = load_image_folder(params["path"], h, w, c, progress)
    n_test = 0 if d["x_test"] is None else len(d["x_test"])
    return RawData(d["x_train"], d["y_train"], d["x_test"], d["y_test"], report=d["report"],
                   source=str(params["path"]),
                   info_updates={"class_names": tuple(d["class_names"]),
                                 "size": (len(d["x_train"]), n_test)})


def _folder_describe(params: dict) -> dict:
    return {"input_shape": (int(params["height"]), int(params["width"]),
                            int(params["channels"]))}


def _path_locate(params: dict, data_dir=None) -> str | None:
    from pathlib import Path

    p = params.get("path")
    return str(p) if p and Path(p).expanduser().exists() else None


add_dataset(DatasetInfo(
    name="folder", display_name="Image folder (your images)", input_shape=(28, 28, 1),
    path_kind="folder", path_required=True,
    class_names=(), kind="image", offline=True, source="your folder of images",
    params=(Param("path", "str", "", help="folder with one sub-folder of images per class"),
            Param("height", "int", 28, low=4, high=512, help="resize images to this height"),
            Param("width", "int", 28, low=4, high=512, help="resize images to this width"),
            Param("channels", "choice", 1, choices=(1, 3), help="1: grayscale, 3: colour")),
    help="Your own PNG/JPEG/BMP images sorted into one sub-folder per class.",
    loader=_folder_load, describe=_folder_describe, locate=_path_locate))

_TASK = Param("task", "choice", "auto", choices=("auto", "classification", "regression"),
              help="auto: text or whole-number labels are classes, other numbers targets")


def _table_raw(d: dict, path: str) -> RawData:
    x = d["x"]
    kind = "image" if x.ndim == 4 else ("2d" if x.shape[1:] in ((2,), (1,)) else "tabular")
    n_test = 0 if d.get("x_test") is None else len(d["x_test"])
    return RawData(x, d["y"], d.get("x_test"), d.get("y_test"), report=d["report"], source=path,
                   info_updates={"class_names": tuple(d["class_names"]), "task": d["task"],
                                 "input_shape": tuple(x.shape[1:]), "kind": kind,
                                 "size": (len(x), n_test), "task_note": d["task_note"],
                                 "task_guessed": d["task_guessed"]})


def _csv_load(params: dict, seed: int, data_dir=None, progress=None) -> RawData:
    from dlstudio.data.tabular import read_csv

    if not params.get("path"):
        raise ValueError(Message("data.needs_path.csv"))
    return _table_raw(read_csv(params["path"], params["label_column"], params["task"],
                               progress), str(params["path"]))


def _npz_load(params: dict, seed: int, data_dir=None, progress=None) -> RawData:
    from dlstudio.data.tabular import read_npz

    if not params.get("path"):
        raise ValueError(Message("data.needs_path.npz"))
    return _table_raw(read_npz(params["path"], params["task"]), str(params["path"]))


add_dataset(DatasetInfo(
    name="csv", display_name="CSV table (your data)", input_shape=(0,), class_names=(),
    path_kind="file", path_patterns=("*.csv", "*.txt"), path_required=True,
    kind="tabular", offline=True, source="your CSV file",
    params=(Param("path", "str", "", help="the .csv file"),
            Param("label_column", "str", "", help="name or number of the label column "
                                                  "(empty: the last column)"), _TASK),
    help="Rows of numeric features with a label column.",
    loader=_csv_load, locate=_path_locate))

add_dataset(DatasetInfo(
    name="npz", display_name="NumPy .npz arrays (your data)", input_shape=(0,),
    path_kind="file", path_patterns=("*.npz",), path_required=True,
    class_names=(), kind="tabular", offline=True, source="your .npz file",
    params=(Param("path", "str", "", help="the .npz file with arrays x and y"), _TASK),
    help="Arrays x (features or images) and y (labels or targets) saved with numpy.savez.",
    loader=_npz_load, locate=_path_locate))
