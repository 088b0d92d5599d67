"""The user's own feature tables: CSV (features + a label column) and NPZ (arrays x, y).

CSV: comma-, semicolon- or tab-separated, an optional header row; the label column is named
(or numbered, or the last column by default). Rows with a non-number feature or the wrong
number of fields are skipped and reported with their line number. Text labels become classes
(sorted by name); whole-number labels are classes unless ``task="regression"``; other numbers
are regression targets.

NPZ: arrays ``x`` and ``y`` (or ``x_train``/``y_train`` with optional ``x_test``/``y_test``).
uint8 images are scaled to [0, 1]; (N, H, W) images get a channel axis.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def labels_to_targets(raw: list | np.ndarray, task: str = "auto"
                      ) -> tuple[np.ndarray, str, tuple[str, ...]]:
    """``(y, task, class_names)`` from raw label values.

    Classification labels become int64 0..k-1 (class names in sorted order of the values);
    regression targets float32 (N, 1).
    """
    values = np.asarray(raw)
    numeric = values.dtype.kind in "iufb" or all(_is_number(str(v)) for v in values.ravel())
    if numeric:
        f = values.astype(np.float64)
        whole = np.all(np.isfinite(f)) and np.all(f == np.round(f))
        if task == "auto":
            task = "classification" if whole and len(np.unique(f)) <= 100 else "regression"
        if task == "regression":
            return f.astype(np.float32).reshape(len(f), -1), task, ()
        if not whole:
            raise ValueError("classification labels must be whole numbers or names; these "
                             "have fractions (use task='regression')")
        uniq = np.unique(f.astype(np.int64))
        if np.array_equal(uniq, np.arange(len(uniq))):  # already 0..k-1
            return f.astype(np.int64), task, tuple(str(c) for c in range(len(uniq)))
        lookup = {int(v): i for i, v in enumerate(uniq)}
        return (np.array([lookup[int(v)] for v in f], dtype=np.int64), task,
                tuple(str(int(v)) for v in uniq))
    if task == "regression":
        raise ValueError("regression targets must be numbers; found text labels")
    names = sorted({str(v) for v in values.ravel()})
    lookup = {n: i for i, n in enumerate(names)}
    return np.array([lookup[str(v)] for v in values], dtype=np.int64), "classification", \
        tuple(names)


def read_csv(path: str | Path, label_column: str = "", task: str = "auto") -> dict:
    """Read features and labels from a CSV file; see the module docstring."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"CSV file {path} does not exist")
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(text.splitlines(), dialect))
    rows = [(i + 1, r) for i, r in enumerate(rows) if any(c.strip() for c in r)]
    if not rows:
        raise ValueError(f"{path} is empty")
    header = None
    first = rows[0][1]
    if not all(_is_number(c) for c in first[:-1] or first):
        header = [c.strip() for c in first]
        rows = rows[1:]
    width = len(header) if header else len(rows[0][1])
    if label_column == "":
        col = width - 1
    elif header and label_column in header:
        col = header.index(label_column)
    elif label_column.lstrip("-").isdigit():
        col = int(label_column) % width
    else:
        raise ValueError(f"{path}: no column {label_column!r}; columns are "
                         f"{header if header else list(range(width))}")
    feats, labels, report = [], [], []
    for line, r in rows:
        if len(r) != width:
            report.append((f"{path}:{line}", f"{len(r)} fields, expected {width}"))
            continue
        try:
            feats.append([float(c) for j, c in enumerate(r) if j != col])
        except ValueError as exc:
            report.append((f"{path}:{line}", f"a feature is not a number ({exc})"))
            continue
        labels.append(r[col].strip())
    if not feats:
        raise ValueError(f"{path}: no usable rows ({len(report)} skipped)")
    y, task, names = labels_to_targets(labels, task)
    x = np.asarray(feats, dtype=np.float32)
    bad = ~np.all(np.isfinite(x), axis=1)
    if bad.any():
        report += [(f"{path}: row {int(i) + 1} of data", "NaN or infinite feature")
                   for i in np.flatnonzero(bad)]
        x, y = x[~bad], y[~bad]
    features = [h for j, h in enumerate(header) if j != col] if header else None
    return {"x": x, "y": y, "task": task, "class_names": names, "report": report,
            "feature_names": features}


def _image_like(a: np.ndarray) -> np.ndarray:
    if a.dtype == np.uint8:
        a = a.astype(np.float32) / np.float32(255.0)
    a = np.asarray(a, dtype=np.float32)
    if a.ndim == 3:
        a = a[..., None]
    return a


def read_npz(path: str | Path, task: str = "auto") -> dict:
    """Arrays from an ``.npz``: ``x``/``y`` or ``x_train``/``y_train`` (+ ``x_test``/``y_test``)."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"NPZ file {path} does not exist")
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except Exception as exc:  # noqa: BLE001 - bad zip / pickled objects / not an npz
        raise ValueError(f"{path} is not a readable .npz of plain arrays ({exc})") from exc
    for xs, ys in (("x", "y"), ("x_train", "y_train")):
        if xs in arrays and ys in arrays:
            break
    else:
        raise ValueError(f"{path} must hold arrays 'x' and 'y' (or 'x_train' and 'y_train'); "
                         f"it holds {sorted(arrays)}")
    x, y_raw = _image_like(arrays[xs]), arrays[ys]
    if len(x) != len(y_raw):
        raise ValueError(f"{path}: {xs} has {len(x)} rows but {ys} has {len(y_raw)}")
    has_test = "x_test" in arrays and "y_test" in arrays
    n = len(y_raw)
    both = np.concatenate([y_raw, arrays["y_test"]]) if has_test else y_raw
    y_all, task, names = labels_to_targets(both, task)
    out = {"x": x, "y": y_all[:n], "task": task, "class_names": names, "report": [],
           "x_test": _image_like(arrays["x_test"]) if has_test else None,
           "y_test": y_all[n:] if has_test else None}
    return out
