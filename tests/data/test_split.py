import numpy as np
import pytest

from dlstudio.data.split import (batches, class_counts, n_batches, select_classes,
                                 split_indices, take_per_class)


def _labels():
    return np.repeat(np.arange(4), [100, 50, 30, 20]).astype(np.int64)


def test_stratified_split_keeps_class_shares():
    y = _labels()
    keep, held = split_indices(y, 0.2, np.random.default_rng(0))
    assert np.array_equal(np.sort(np.concatenate([keep, held])), np.arange(len(y)))
    assert class_counts(y[held], 4).tolist() == [20, 10, 6, 4]
    k2, h2 = split_indices(y, 0.2, np.random.default_rng(0))
    assert np.array_equal(held, h2)
    _, h3 = split_indices(y, 0.2, np.random.default_rng(1))
    assert not np.array_equal(held, h3)


def test_small_classes_still_represented():
    y = np.array([0] * 50 + [1] * 3)
    _, held = split_indices(y, 0.1, np.random.default_rng(0))
    assert set(y[held]) == {0, 1}


def test_regression_split_is_random_share():
    y = np.linspace(0, 1, 200, dtype=np.float32)[:, None]
    keep, held = split_indices(y, 0.25, np.random.default_rng(0))
    assert len(held) == 50 and len(keep) == 150


def test_bad_fraction():
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        split_indices(_labels(), 1.0, np.random.default_rng(0))


def test_select_classes_relabels():
    y = np.arange(10).repeat(3)
    x = y.astype(np.float32)[:, None]
    xs, ys = select_classes(x, y, (5, 6, 7, 8, 9))
    assert ys.tolist() == list(np.arange(5).repeat(3)) and xs[:, 0].min() == 5
    xs, ys = select_classes(x, y, (9, 2), relabel=True)
    assert set(zip(xs[:, 0].tolist(), ys.tolist())) == {(9.0, 0), (2.0, 1)}
    _, ys = select_classes(x, y, (2, 9), relabel=False)
    assert set(ys) == {2, 9}


def test_take_per_class():
    y = _labels()
    x = np.arange(len(y))[:, None]
    xs, ys = take_per_class(x, y, 25, np.random.default_rng(0))
    assert class_counts(ys, 4).tolist() == [25, 25, 25, 20]
    assert np.all(y[xs[:, 0]] == ys)


def test_batches_cover_each_epoch_once_and_reshuffle():
    x = np.arange(103, dtype=np.float32)[:, None]
    y = np.arange(103)
    rng = np.random.default_rng(0)
    epochs = []
    for _ in range(2):
        got = list(batches(x, y, 16, rng))
        assert len(got) == n_batches(103, 16) == 7 and len(got[-1][0]) == 103 - 96
        seen = np.concatenate([b[1] for b in got])
        assert sorted(seen.tolist()) == list(range(103))
        assert all(np.array_equal(bx[:, 0], by) for bx, by in got)  # pairs stay together
        epochs.append(seen)
    assert not np.array_equal(epochs[0], epochs[1])
    assert len(list(batches(x, y, 16, rng, drop_last=True))) == 6


def test_unshuffled_batches_are_views():
    x = np.zeros((10, 3), np.float32)
    first = next(batches(x, np.zeros(10), 4, shuffle=False))[0]
    assert np.shares_memory(first, x)


def test_a_stratified_split_holds_out_the_rounded_total():
    """Walker5 W5-20: rounding each of MNIST's ten classes on its own held out 5,999 of
    60,000 at 0.1; the total is round(0.1 * 60,000) = 6,000, every class near its share."""
    from dlstudio.data.split import held_out_per_class

    sizes = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]   # MNIST's classes
    counts = held_out_per_class(sizes, 0.1, sum(sizes))
    assert sum(counts) == 6000
    assert all(abs(c - 0.1 * s) < 1 for c, s in zip(counts, sizes))
    y = np.repeat(np.arange(10), sizes)
    kept, held = split_indices(y, 0.1, np.random.default_rng(0))
    assert len(held) == 6000 and len(kept) == 54000
    assert held_out_per_class([1, 2, 50], 0.01, 53) == [0, 1, 1]  # every class of 2+ gives one
