"""Splits, subsets and mini-batches.

- ``split_indices(y, fraction, rng)``: hold out a fraction, stratified by class (each class
  keeps its share in both parts), shuffled with a seed. Regression targets are split at random.
- ``select_classes(x, y, classes, relabel)``: keep some classes, optionally renumbered 0..k-1.
- ``take_per_class(x, y, n, rng)``: at most ``n`` random examples of each class.
- ``batches(x, y, batch_size, rng)``: one pass over the data in mini-batches, reshuffled by
  one permutation per call (call it once per epoch).
"""
from __future__ import annotations

import math

from typing import Any, Iterator

import numpy as np

from dlstudio.messages import Message


def _is_classification(y: np.ndarray) -> bool:
    return y.ndim == 1 and np.issubdtype(y.dtype, np.integer)


def class_groups(y: np.ndarray) -> list[np.ndarray]:
    """The indices of each class's examples (ascending), classes in sorted order.

    One stable sort: O(N log N) whatever the number of classes (comparing ``y == c`` per class
    would be O(N x classes): minutes for a million distinct labels).
    """
    y = np.asarray(y).reshape(len(y))
    order = np.argsort(y, kind="stable")
    if len(order) == 0:
        return []
    sorted_y = y[order]
    starts = np.flatnonzero(np.concatenate(([True], sorted_y[1:] != sorted_y[:-1])))
    return np.split(order, starts[1:])


def split_indices(y: np.ndarray, fraction: float, rng: np.random.Generator,
                  stratify: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Indices (kept, held_out) that hold out ``fraction`` of the examples.

    Parameters
    ----------
    y : (N,) int labels (stratified) or (N, ...) float targets (random split).
    fraction : share of examples held out, in [0, 1).
    rng : numpy Generator; the same seed gives the same split.
    stratify : default: stratify when ``y`` holds integer class labels.

    Returns
    -------
    kept, held_out : sorted int64 index arrays; together a partition of ``range(N)``.
        With stratification each class contributes about ``fraction * n_class`` examples
        to ``held_out`` (``held_out_per_class``: at least one of every class with two or more
        examples when the fraction is positive), ``round(fraction * N)`` in all.
    """
    if not 0.0 <= fraction < 1.0:
        raise ValueError(f"a split fraction must be in [0, 1), got {fraction!r}")
    n = len(y)
    if fraction == 0.0 or n == 0:
        return np.arange(n, dtype=np.int64), np.zeros(0, dtype=np.int64)
    stratify = _is_classification(y) if stratify is None else stratify
    if not stratify:
        perm = rng.permutation(n)
        k = int(round(fraction * n))
        return np.sort(perm[k:]), np.sort(perm[:k])
    groups = [idx[rng.permutation(len(idx))] for idx in class_groups(y)]
    counts = held_out_per_class([len(g) for g in groups], fraction, n)
    held = [idx[:k] for idx, k in zip(groups, counts)]
    held_out = np.sort(np.concatenate(held)).astype(np.int64)
    mask = np.ones(n, dtype=bool)
    mask[held_out] = False
    return np.flatnonzero(mask).astype(np.int64), held_out


def held_out_per_class(sizes: list[int], fraction: float, n: int) -> list[int]:
    """How many examples of each class (``sizes``) a stratified split holds out.

    Each class gets ``fraction * size`` rounded down, and the classes with the largest
    remainders one more, until the total is ``round(fraction * n)``: rounding each class
    on its own held out 5,999 of MNIST's 60,000 images at 0.1 instead of 6,000. A class of
    two or more examples gives at least one and keeps at least one.
    """
    exact = [fraction * size for size in sizes]
    counts = [int(math.floor(e)) for e in exact]
    missing = int(round(fraction * n)) - sum(counts)
    by_remainder = sorted(range(len(sizes)), key=lambda c: (-(exact[c] - counts[c]), c))
    for c in by_remainder[:max(0, missing)]:
        counts[c] += 1
    for c, size in enumerate(sizes):
        if size >= 2:
            counts[c] = min(max(counts[c], 1), size - 1)
    return counts


def select_classes(x: np.ndarray, y: np.ndarray, classes, relabel: bool = True
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Keep the examples whose label is in ``classes``.

    With ``relabel`` the kept labels become their position in ``classes`` (classes
    ``(5, 6, 7, 8, 9)`` -> labels 0-4), so a 5-way output layer fits.
    """
    classes = np.asarray(list(classes), dtype=np.int64)
    if len(np.unique(classes)) != len(classes):
        raise ValueError(Message("data.subset.repeated", classes=str(classes.tolist())))
    mask = np.isin(y, classes)
    xs, ys = x[mask], y[mask]
    if relabel:
        lookup = np.full(int(max(classes.max(), y.max() if len(y) else 0)) + 1, -1, np.int64)
        lookup[classes] = np.arange(len(classes))
        ys = lookup[ys].astype(y.dtype)
    return xs, ys


def take_per_class(x: np.ndarray, y: np.ndarray, n: int, rng: np.random.Generator
                   ) -> tuple[np.ndarray, np.ndarray]:
    """At most ``n`` randomly chosen examples of every class (original order kept)."""
    if n < 1:
        raise ValueError(f"per-class count must be at least 1, got {n}")
    keep = []
    for idx in class_groups(y):
        if len(idx) > n:
            idx = rng.choice(idx, size=n, replace=False)
        keep.append(idx)
    sel = np.sort(np.concatenate(keep)) if keep else np.zeros(0, np.int64)
    return x[sel], y[sel]


def class_counts(y: np.ndarray, n_classes: int | None = None) -> np.ndarray:
    """(n_classes,) number of examples of each class label."""
    return np.bincount(np.asarray(y, dtype=np.int64), minlength=n_classes or 0)


def batches(x: np.ndarray, y: np.ndarray, batch_size: int,
            rng: np.random.Generator | None = None, shuffle: bool = True,
            drop_last: bool = False) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(x_batch, y_batch)`` mini-batches covering the data once.

    One permutation is drawn per call (so call once per epoch for per-epoch shuffling) and
    each batch is gathered with one fancy-index (a contiguous copy). Without shuffling the
    batches are contiguous slices (views, no copy). The last batch may be smaller unless
    ``drop_last``.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    n = len(x)
    if len(y) != n:
        raise ValueError(f"x has {n} examples but y has {len(y)}")
    stop = n - n % batch_size if drop_last else n
    if shuffle:
        if rng is None:
            raise ValueError("shuffled batches need an rng (np.random.default_rng(seed))")
        perm = rng.permutation(n)
        for start in range(0, stop, batch_size):
            idx = perm[start:start + batch_size]
            yield x[idx], y[idx]
    else:
        for start in range(0, stop, batch_size):
            yield x[start:start + batch_size], y[start:start + batch_size]


def n_batches(n: int, batch_size: int, drop_last: bool = False) -> int:
    """How many batches ``batches`` yields for ``n`` examples."""
    return n // batch_size if drop_last else -(-n // batch_size)


def validation_note(dataset: Any, field: str = "") -> Any:
    """A sentence saying how many training examples the validation split took, or None.

    ``DataSpec.validation_split`` (0.1 by default) quietly moves part of a dataset's training
    split into validation: 6,000 of MNIST's 60,000 training images. The CLI's ``data info``
    and ``train`` and the window's data panel say so with this sentence (a
    ``dlstudio.messages.Message``). ``field`` names the setting as a form shows it (the
    window's "Validation fraction"); without it the note says ``validation_split``.
    """
    from dlstudio.messages import Message

    spec = getattr(dataset, "spec", None)
    fraction = getattr(spec, "validation_split", 0.0) or 0.0
    n_val, n_train = len(dataset.x_val), len(dataset.x_train)
    if fraction <= 0 or n_val == 0:
        return None
    rest = getattr(dataset, "before_subset", None)
    if rest is not None and rest > n_train:
        # "holds out 400 of the 700" added the validation split to the examples a subset
        # kept afterwards; 0.25 held out 400 of 1,600 (walker17 W17-12)
        per_class = getattr(getattr(spec, "subset", None), "per_class", None)
        counts = dict(held=n_val, total=rest + n_val, rest=rest, kept=n_train,
                      fraction=float(fraction), per_class=per_class)
        if field:
            return Message("data.validation_held_out_subset_field", field=field, **counts)
        return Message("data.validation_held_out_subset", **counts)
    counts = dict(held=n_val, total=n_train + n_val, kept=n_train, fraction=float(fraction))
    if field:
        return Message("data.validation_held_out_field", field=field, **counts)
    return Message("data.validation_held_out", **counts)


def expected_validation(n_train: int, fraction: float) -> int:
    """About how many of ``n_train`` examples ``fraction`` holds out (before loading)."""
    return int(round(n_train * fraction))
