"""The user's own feature tables: CSV (features + a label column) and NPZ (arrays x, y).

CSV: comma-, semicolon- or tab-separated, an optional header row. ``label_column`` is a
column *name* when the header has one by that name; otherwise a whole number is a 0-based
column *index* (negative counts from the end: -1 is the last column); empty means the last
column. Anything else, or an index outside the table, is an error listing the columns.

NPZ: arrays ``x`` and ``y`` (or ``x_train``/``y_train`` with optional ``x_test``/``y_test``).
uint8 images are scaled to [0, 1]; (N, H, W) images get a channel axis; a 1-D ``x`` is one
feature. ``y`` is (N,) labels or targets; an (N, k) one-hot ``y`` becomes class indices; any
other (N, k) ``y`` is k regression targets.

The task and the classes are inferred by these rules (``TASK_RULES``), unless ``task`` says:

1. labels that are text (any label not a number) are classes, named and sorted by their text;
2. numbers that are all whole and take at most ``AUTO_CLASS_LIMIT`` distinct values are
   classes (sorted by value);
3. other numbers are regression targets. When they are whole numbers (more than
   ``AUTO_CLASS_LIMIT`` distinct values) this is a guess and ``task_note`` says so.

Rows whose label is missing (empty, NaN) and rows with a NaN or infinite feature are skipped
and reported, the same way for CSV and NPZ. More than ``MAX_CLASSES`` classes is refused.
"""
from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dlstudio.data.csv_checks import (csv_text, header_note, is_header, is_number,
                                     no_rows_error, not_a_number)
from dlstudio.data.errors import DataError
from dlstudio.engine.fileio import FileFormatError, read_bytes
from dlstudio.messages import Message, counted, error_text

#: whole-number labels with at most this many distinct values are taken as classes
AUTO_CLASS_LIMIT = 100
#: the most classes a dataset may have (a label column of IDs is not a classification task)
MAX_CLASSES = 10_000
#: the largest CSV read (bytes)
MAX_CSV_BYTES = 1 * 2**30
#: a CSV file's reading reports its progress every this many rows
PROGRESS_ROWS = 20_000

TASK_RULES = __doc__.split("The task and the classes are inferred by these rules")[1]

_MISSING = {"", "nan", "na", "n/a", "null", "none", "?"}


@dataclass
class Targets:
    """Labels turned into training targets."""

    y: np.ndarray                  #: int64 (N,) class indices or float32 (N, k) targets
    task: str
    class_names: tuple[str, ...]
    #: how the task was decided, for the user (empty when the user said which task)
    note: str = ""
    guessed: bool = False


def missing_labels(values: np.ndarray) -> np.ndarray:
    """(N,) True where a label is missing: NaN numbers, or empty/"NaN"/"NA" text."""
    values = np.asarray(values)
    if values.dtype.kind == "f":
        return np.isnan(values).reshape(len(values), -1).any(axis=1)
    if values.dtype.kind in "iub":
        return np.zeros(len(values), bool)
    return np.array([str(v).strip().lower() in _MISSING for v in values.reshape(-1)])


def labels_to_targets(raw: list | np.ndarray, task: str = "auto") -> Targets:
    """Targets from raw label values (none missing) by the rules in the module docstring."""
    values = np.asarray(raw)
    if values.ndim != 1:
        raise DataError(Message("data.labels.shape", shape=str(values.shape)))
    numeric = values.dtype.kind in "iufb" or all(is_number(str(v)) for v in values)
    if task not in ("auto", "classification", "regression"):
        raise DataError(Message("data.labels.task", task=task))
    note, guessed = "", False
    if numeric:
        f = values.astype(np.float64)
        if not np.isfinite(f).all():
            raise DataError(Message("data.labels.infinite"))
        whole = bool(np.all(f == np.round(f)))
        if task == "auto":
            n_distinct = len(np.unique(f))
            if whole and n_distinct <= AUTO_CLASS_LIMIT:
                task = "classification"
                note = Message("data.task.whole_numbers", n=n_distinct)
            else:
                task = "regression"
                guessed = whole
                note = (Message("data.task.guessed", n=n_distinct, limit=AUTO_CLASS_LIMIT)
                        if whole else Message("data.task.fractions"))
        if task == "regression":
            return Targets(f.astype(np.float32).reshape(len(f), -1), task, (), note, guessed)
        if not whole:
            raise DataError(Message("data.labels.fractions"))
        uniq, inverse = np.unique(f, return_inverse=True)
        _check_class_count(len(uniq))
        names = tuple(str(int(v)) for v in uniq)
        if np.array_equal(uniq, np.arange(len(uniq))):
            return Targets(f.astype(np.int64), task, names, note)
        return Targets(inverse.astype(np.int64).reshape(-1), task, names, note)
    if task == "regression":
        raise DataError(Message("data.labels.text_regression"))
    text = np.array([str(v) for v in values])
    uniq, inverse = np.unique(text, return_inverse=True)
    _check_class_count(len(uniq))
    if task == "auto":
        note = counted("data.task.text", len(uniq))
    return Targets(inverse.astype(np.int64).reshape(-1), "classification",
                   tuple(str(u) for u in uniq), note)


def _check_class_count(n: int) -> None:
    if n > MAX_CLASSES:
        raise DataError(Message("data.labels.too_many", n=n, limit=MAX_CLASSES))


def label_column_index(label_column: str, header: list[str] | None, width: int,
                       path: object = "") -> int:
    """The 0-based column of the labels (rules in the module docstring)."""
    label_column = str(label_column).strip()
    # the columns as a student reads them: "x1, x2, label" (or "0, 1, 2" without a header)
    columns = ", ".join(header) if header else ", ".join(str(j) for j in range(width))
    if label_column == "":
        return width - 1
    if header and label_column in header:
        return header.index(label_column)
    try:
        index = int(label_column)
    except ValueError:
        raise DataError(Message("data.csv.no_column", path=str(path),
                                label_column=label_column, columns=columns)) from None
    if not -width <= index < width:
        raise DataError(Message("data.csv.column_outside", path=str(path), index=index,
                                width=width, last=width - 1, columns=columns))
    return index % width


def read_csv(path: str | Path, label_column: str = "", task: str = "auto",
             progress: Callable[[int, int, Message], None] | None = None) -> dict:
    """Read features and labels from a CSV file; see the module docstring. ``progress(done,
    total, message)`` hears every ``PROGRESS_ROWS`` rows read and checked (walker38 W38-13:
    a 50 MB file showed "Loading the data..." with no progress for ~25 s)."""
    path = Path(path).expanduser()
    try:
        data = read_bytes(path, DataError, MAX_CSV_BYTES)
    except FileFormatError as exc:
        raise DataError(Message("data.csv.file", problem=error_text(exc))) from None
    text = csv_text(data, path)
    del data
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lines = text.splitlines()
    del text
    said = Message("data.progress.reading_rows", file=path.name)
    total = 2 * len(lines)                  # read, then checked

    def tell(done: int) -> None:
        if progress is not None and done % PROGRESS_ROWS == 0:
            progress(done, total, said)

    rows = []
    try:
        # a Python loop, not list(reader): the GUI thread gets its turns meanwhile
        for i, r in enumerate(csv.reader(lines, dialect)):
            tell(i)
            if any(c.strip() for c in r):
                rows.append((i + 1, r))
    except csv.Error as exc:
        raise DataError(Message("data.csv.unreadable", path=str(path), reason=str(exc))) \
            from None
    del lines
    if not rows:
        raise DataError(Message("data.csv.empty", path=str(path)))
    header, report = None, []
    first_line, first = rows[0]
    if is_header(first):
        header = [c.strip() for c in first]
        rows = rows[1:]
        if (note := header_note(header)) is not None:
            report.append((f"{path}:{first_line}", note))
    width = len(header) if header else len(rows[0][1])
    col = label_column_index(label_column, header, width, path)
    feats, labels = [], []
    text_cells: dict[int, list[str]] = {}     # column -> its text values, in skipped rows
    for k, (line, r) in enumerate(rows):
        tell(total // 2 + k)
        if len(r) != width:
            report.append((f"{path}:{line}", Message("data.skip.fields", n=len(r),
                                                     width=width)))
            continue
        if r[col].strip().lower() in _MISSING:
            report.append((f"{path}:{line}", Message("data.skip.label_missing")))
            continue
        try:
            row = [float(c) for j, c in enumerate(r) if j != col]
        except ValueError:
            reason, column = not_a_number(r, col, header)
            report.append((f"{path}:{line}", reason))
            if column >= 0 and r[column].strip():
                text_cells.setdefault(column, []).append(r[column].strip())
            continue
        if not all(np.isfinite(row)):
            report.append((f"{path}:{line}", Message("data.skip.not_finite")))
            continue
        feats.append(row)
        labels.append(r[col].strip())
    if not feats:
        skipped = [entry for entry in report if entry[1].id != "data.skip.header_numbers"]
        raise no_rows_error(path, skipped, text_cells, header)
    targets = labels_to_targets(labels, task)
    x = np.asarray(feats, dtype=np.float32)
    if not np.isfinite(x).all():
        raise DataError(Message("data.csv.too_large", path=str(path)))
    features = [h for j, h in enumerate(header) if j != col] if header else None
    return {"x": x, "y": targets.y, "task": targets.task, "class_names": targets.class_names,
            "report": report, "feature_names": features, "task_note": targets.note,
            "task_guessed": targets.guessed}


def _image_like(a: np.ndarray) -> np.ndarray:
    if a.dtype == np.uint8:
        a = a.astype(np.float32) / np.float32(255.0)
    a = np.asarray(a, dtype=np.float32)
    if a.ndim == 3:
        a = a[..., None]
    return a


def read_npz(path: str | Path, task: str = "auto") -> dict:
    """Arrays from an ``.npz``: ``x``/``y`` or ``x_train``/``y_train`` (+ ``x_test``/``y_test``)."""
    from dlstudio.engine.fileio import NUMERIC_DTYPES, Archive

    path = Path(path).expanduser()
    try:
        with Archive(path, DataError, Message("data.npz.file", path=str(path)),
                     kind=Message("file.kind.npz")) as zf:
            arrays = zf.npz_arrays(NUMERIC_DTYPES)
    except FileFormatError as exc:
        raise DataError(error_text(exc)) from None
    for xs, ys in (("x", "y"), ("x_train", "y_train")):
        if xs in arrays and ys in arrays:
            break
    else:
        raise DataError(Message("data.npz.no_xy", path=str(path), names=str(sorted(arrays))))
    has_test = "x_test" in arrays and "y_test" in arrays
    report: list = []
    x, y_raw = _npz_split(path, arrays[xs], arrays[ys], xs, ys, report)
    n = len(y_raw)
    if has_test:
        x_test, y_test_raw = _npz_split(path, arrays["x_test"], arrays["y_test"], "x_test",
                                        "y_test", report)
        if x_test.shape[1:] != x.shape[1:]:
            raise DataError(Message("data.npz.test_shape", path=str(path),
                                    test=str(x_test.shape[1:]), xs=xs, train=str(x.shape[1:])))
        both = np.concatenate([y_raw, y_test_raw])
    else:
        x_test, both = None, y_raw
    targets = _npz_targets(path, both, task)
    return {"x": x, "y": targets.y[:n], "task": targets.task,
            "class_names": targets.class_names, "report": report, "x_test": x_test,
            "y_test": targets.y[n:] if has_test else None, "task_note": targets.note,
            "task_guessed": targets.guessed}


def _npz_split(path: Path, x: np.ndarray, y: np.ndarray, xs: str, ys: str,
               report: list) -> tuple[np.ndarray, np.ndarray]:
    """Checked ``(x, y)`` of one split: shapes agree; rows with a missing label or a
    non-finite feature dropped and reported (as for CSV)."""
    if x.ndim == 0 or y.ndim == 0:
        raise DataError(Message("data.npz.single_value", path=str(path), xs=xs, ys=ys))
    if len(x) != len(y):
        raise DataError(Message("data.npz.rows_differ", path=str(path), xs=xs, nx=len(x),
                                ys=ys, ny=len(y)))
    if len(x) == 0 or 0 in x.shape:
        raise DataError(Message("data.npz.no_examples", path=str(path), xs=xs,
                                shape=str(x.shape)))
    if y.ndim > 2:
        raise DataError(Message("data.npz.y_shape", path=str(path), ys=ys, shape=str(y.shape)))
    x = _image_like(x[:, None] if x.ndim == 1 else x)
    bad_x = ~np.isfinite(x.reshape(len(x), -1)).all(axis=1)
    bad = bad_x | missing_labels(y)
    for i in np.flatnonzero(bad)[:20]:
        reason = Message("data.skip.not_finite" if bad_x[i] else "data.skip.label_nan")
        report.append((f"{path}: {xs}[{int(i)}]", reason))
    if bad.sum() > 20:
        report.append((f"{path}: {xs}", Message("data.skip.more_rows", n=int(bad.sum()) - 20)))
    if bad.any():
        x, y = x[~bad], y[~bad]
    if len(x) == 0:
        raise DataError(Message("data.npz.no_rows", path=str(path), xs=xs, ys=ys))
    return x, y


def _npz_targets(path: Path, y: np.ndarray, task: str) -> Targets:
    if y.ndim == 2:
        one_hot = (y.shape[1] > 1 and y.dtype.kind in "iufb"
                   and np.isin(y, (0, 1)).all() and (y.sum(axis=1) == 1).all())
        if one_hot and task != "regression":
            targets = labels_to_targets(np.argmax(y, axis=1), "classification")
            targets.note = Message("data.task.one_hot", k=y.shape[1])
            return targets
        if task == "classification":
            raise DataError(Message("data.npz.not_labels", path=str(path), shape=str(y.shape)))
        return Targets(y.astype(np.float32), "regression", (),
                       "" if task == "regression" else
                       Message("data.task.columns", k=y.shape[1]))
    try:
        return labels_to_targets(y, task)
    except DataError as exc:
        raise DataError(Message("data.in_file", path=str(path), problem=error_text(exc))) \
            from None
