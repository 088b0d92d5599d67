"""Contour lines of a grid of values, found for all cells at once, and the item that draws them.

pyqtgraph's ``IsocurveItem`` traces a level cell by cell in Python: the playground's 220 x 220
surface with its 16 levels took 0.2-0.4 s of the GUI thread at every surface shown (at start-up,
at each surface the student picked, at each lesson step with a playground). Here every cell of
the grid is handled by the same few NumPy operations (marching squares), ~100 times faster, and
all levels go into one :class:`ContourLines` item (one curve drawn as separate segments).

Coordinates: sample ``z[i, j]`` sits at ``(i + 0.5, j + 0.5)``, the centre of pixel ``(i, j)`` of
an ``ImageItem`` showing ``z`` (as ``IsocurveItem`` draws), so the lines are made children of
that image and follow its placement (``ImageItem.setRect``).
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pyqtgraph as pg


def contour_segments(z: np.ndarray, level: float) -> np.ndarray:
    """Where ``z`` crosses ``level``: an array of shape ``(k, 2, 2)``, segment -> its two ends
    -> ``(i, j)`` in index coordinates (sample ``z[i, j]`` at ``(i, j)``), each end on a grid
    edge where linear interpolation of ``z`` equals ``level``.

    A cell whose diagonal corners lie on the same side (a saddle) is split by the cell's mean:
    the side the mean is on joins its two corners. NaN counts as below every level, and
    segments with a non-finite end (an infinite value) are left out."""
    z = np.asarray(z, dtype=np.float64)
    if z.ndim != 2 or min(z.shape) < 2:
        return np.zeros((0, 2, 2))
    level = float(level)
    above = z > level
    # the cell's corners: a (i, j), b (i+1, j), c (i+1, j+1), d (i, j+1); a cell is crossed
    # where its corners are not all on one side (only those cells are looked at further)
    ua, ub, uc, ud = above[:-1, :-1], above[1:, :-1], above[1:, 1:], above[:-1, 1:]
    i, j = np.nonzero((ua != ub) | (ub != uc) | (uc != ud))
    if not len(i):
        return np.zeros((0, 2, 2))
    corners = ((i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1))
    values = [z[ci, cj] for ci, cj in corners]
    up = [above[ci, cj] for ci, cj in corners]
    # edge k joins corner k and corner k + 1 (0: a-b, 1: b-c, 2: c-d, 3: d-a); its crossing
    # (where it is crossed) by linear interpolation
    crossed, px, py = [], [], []
    with np.errstate(divide="ignore", invalid="ignore"):
        for k in range(4):
            m = (k + 1) % 4
            t = (level - values[k]) / (values[m] - values[k])
            crossed.append(up[k] != up[m])
            px.append(corners[k][0] + t * (corners[m][0] - corners[k][0]))
            py.append(corners[k][1] + t * (corners[m][1] - corners[k][1]))
    crossed_k = np.stack(crossed, axis=-1)                      # (cells, 4)
    px, py = np.stack(px, axis=-1), np.stack(py, axis=-1)
    four = crossed_k.all(axis=1)
    segments = []
    # cells crossed twice: one segment between the two crossed edges
    two = ~four
    if two.any():
        order = crossed_k[two]
        first = np.argmax(order, axis=1)
        second = 3 - np.argmax(order[:, ::-1], axis=1)
        rows = np.arange(len(first))
        qx, qy = px[two], py[two]
        segments.append(np.stack([np.stack([qx[rows, first], qy[rows, first]], -1),
                                  np.stack([qx[rows, second], qy[rows, second]], -1)], 1))
    # saddles (crossed four times): two segments, each cutting off one corner
    if four.any():
        mean_up = (sum(v[four] for v in values) / 4.0) > level
        # the corners cut off are those on the other side from the mean: if a's side is the
        # mean's, cut b and d (edges 0-1 and 2-3), else cut a and c (edges 3-0 and 1-2)
        cut_bd = mean_up == up[0][four]
        qx, qy = px[four], py[four]

        def seg(e1: int, e2: int, where: np.ndarray) -> np.ndarray:
            return np.stack([np.stack([qx[where, e1], qy[where, e1]], -1),
                             np.stack([qx[where, e2], qy[where, e2]], -1)], 1)

        segments += [seg(0, 1, cut_bd), seg(2, 3, cut_bd),
                     seg(3, 0, ~cut_bd), seg(1, 2, ~cut_bd)]
    out = np.concatenate(segments)
    return out[np.isfinite(out).all(axis=(1, 2))]


def contour_pairs(z: np.ndarray, levels: Iterable[float]) -> tuple[np.ndarray, np.ndarray]:
    """``(xs, ys)`` of every level's segments end after end (one curve drawn
    ``connect="pairs"``), in pixel-centre coordinates (sample ``z[i, j]`` at
    ``(i + 0.5, j + 0.5)``)."""
    parts = [contour_segments(z, level) for level in levels]
    parts = [p for p in parts if len(p)]
    if not parts:
        return np.zeros(0), np.zeros(0)
    ends = np.concatenate(parts).reshape(-1, 2) + 0.5
    return ends[:, 0].copy(), ends[:, 1].copy()


class ContourLines(pg.PlotCurveItem):
    """The contour lines of ``z`` at ``levels``, drawn as a child of the ``ImageItem`` that
    shows ``z`` (so they follow the image's placement)."""

    def __init__(self, image: pg.ImageItem, pen=None) -> None:
        super().__init__(connect="pairs", pen=pen if pen is not None else pg.mkPen("k"))
        self.setParentItem(image)

    def set_contours(self, z: np.ndarray, levels: Iterable[float]) -> None:
        xs, ys = contour_pairs(z, levels)
        self.setData(xs, ys, connect="pairs")

    def segment_count(self) -> int:
        xs, _ = self.getData()
        return 0 if xs is None else len(xs) // 2
