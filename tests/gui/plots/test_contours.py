"""Contour lines found for all cells at once, against pyqtgraph's cell-by-cell ``isocurve``."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from pyqtgraph.functions import isocurve

from dlstudio.gui.plots.contours import ContourLines, contour_pairs, contour_segments


def field(n: int, noise: float = 0.0, seed: int = 0) -> np.ndarray:
    x = np.linspace(-2.0, 2.0, n)
    xx, yy = np.meshgrid(x, x, indexing="ij")
    z = xx ** 2 + 3 * yy ** 2 + np.sin(3 * xx)
    return z + noise * np.random.default_rng(seed).standard_normal(z.shape)


def ends(segments) -> np.ndarray:
    """The distinct segment ends, rounded well above float64 noise."""
    return np.unique(np.round(np.asarray(segments, np.float64).reshape(-1, 2), 9), axis=0)


def as_set(segments) -> set:
    """Segments as unordered pairs of rounded ends."""
    out = set()
    for p, q in np.round(np.asarray(segments, np.float64), 9):
        out.add(frozenset([tuple(p), tuple(q)]))
    return out


@pytest.mark.parametrize("level", [0.5, 1.0, 3.0, 7.5])
def test_same_segments_as_pyqtgraph_on_a_smooth_surface(level):
    z = field(80)
    mine = contour_segments(z, level) + 0.5          # pyqtgraph: sample i at i + 0.5
    ref = isocurve(z, level)
    assert len(mine) == len(ref) > 0
    assert as_set(mine) == as_set(ref)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_same_crossings_as_pyqtgraph_on_a_noisy_surface(seed):
    # noise makes saddle cells, which the two may split differently; where the level crosses
    # the grid's edges is the same
    z = field(50, noise=0.6, seed=seed)
    mine, ref = contour_segments(z, 1.5) + 0.5, isocurve(z, 1.5)
    assert len(mine) == len(ref)
    np.testing.assert_array_equal(ends(mine), ends(ref))


def test_every_end_lies_on_a_grid_edge_at_the_level():
    z = field(40, noise=0.4)
    level = 2.0
    seg = contour_segments(z, level)
    for i, j in seg.reshape(-1, 2):
        on_column, on_row = float(i).is_integer(), float(j).is_integer()
        assert on_column or on_row
        if on_column and on_row:                      # exactly on a sample
            value = z[int(i), int(j)]
        elif on_column:
            j0 = int(np.floor(j))
            value = z[int(i), j0] + (j - j0) * (z[int(i), j0 + 1] - z[int(i), j0])
        else:
            i0 = int(np.floor(i))
            value = z[i0, int(j)] + (i - i0) * (z[i0 + 1, int(j)] - z[i0, int(j)])
        assert value == pytest.approx(level, rel=1e-9, abs=1e-9)


def test_a_saddle_is_split_by_the_cells_mean():
    # corners a (0,0) and c (1,1) high, b and d low: the mean decides which corners join
    z = np.array([[1.0, 0.0], [0.0, 1.0]])          # z[i, j]: a=1, b=0, c=1, d=0, mean 0.5
    joined = contour_segments(z, 0.4)               # mean above: a and c join, b, d cut off
    assert as_set(joined) == {frozenset([(0.6, 0.0), (1.0, 0.4)]),     # around b (1, 0)
                              frozenset([(0.4, 1.0), (0.0, 0.6)])}     # around d (0, 1)
    apart = contour_segments(z, 0.6)                # mean below: a and c cut off
    assert as_set(apart) == {frozenset([(0.4, 0.0), (0.0, 0.4)]),      # around a (0, 0)
                             frozenset([(1.0, 0.6), (0.6, 1.0)])}      # around c (1, 1)


def test_nan_and_infinite_values_never_give_non_finite_segments():
    z = field(30)
    z[10, 10] = np.nan
    z[20, 5] = np.inf
    seg = contour_segments(z, 2.0)
    assert len(seg) > 0 and np.isfinite(seg).all()
    assert contour_segments(np.full((5, 5), np.nan), 0.0).shape == (0, 2, 2)
    assert contour_segments(np.zeros((1, 5)), 0.0).shape == (0, 2, 2)


def test_pairs_put_every_level_in_one_curve(qtbot):
    z = field(60)
    xs, ys = contour_pairs(z, [1.0, 3.0])
    assert len(xs) == 2 * (len(contour_segments(z, 1.0)) + len(contour_segments(z, 3.0)))
    image = pg.ImageItem(z)
    lines = ContourLines(image)
    lines.set_contours(z, [1.0, 3.0])
    assert lines.parentItem() is image and lines.segment_count() == len(xs) // 2
    lines.clear()
    assert lines.segment_count() == 0
