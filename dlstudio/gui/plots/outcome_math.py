"""Array helpers for the outcome panel (no Qt): grids, class colours, mosaics, confusion."""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor

from dlstudio.gui.plots.contours import contour_segments


#: the two input ranges count as comparable (drawn at one scale) up to this ratio
SAME_SCALE_RATIO = 3.0


def same_scale(rect: tuple[float, float, float, float]) -> bool:
    """Whether a plot of ``rect`` (x0, y0, width, height) should keep x and y at one scale
    (circles look round): when neither range is more than ``SAME_SCALE_RATIO`` times the
    other; very different ranges would leave one of them a thin strip."""
    w, h = abs(rect[2]), abs(rect[3])
    return w > 0 and h > 0 and max(w, h) <= SAME_SCALE_RATIO * min(w, h)


def boundary_grid(points: np.ndarray, n: int = 60, pad: float = 0.1
                  ) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """A regular grid covering 2-D ``points`` (shape (N, 2)) with a margin: ``grid_over``
    of ``padded_rect``."""
    return grid_over(padded_rect(points, pad), n)


def padded_rect(points: np.ndarray, pad: float = 0.1) -> tuple[float, float, float, float]:
    """``(x0, y0, width, height)`` of 2-D ``points`` (shape (N, 2)), widened by ``pad`` of
    its size on every side."""
    lo = points.min(axis=0).astype(np.float64)
    hi = points.max(axis=0).astype(np.float64)
    span = np.maximum(hi - lo, 1e-6)
    lo, hi = lo - pad * span, hi + pad * span
    return float(lo[0]), float(lo[1]), float(hi[0] - lo[0]), float(hi[1] - lo[1])


def grid_over(rect: tuple[float, float, float, float], n: int = 60
              ) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """A regular ``n`` x ``n`` grid over ``rect`` ``(x0, y0, width, height)``.

    Returns
    -------
    grid : ndarray, shape (n * n, 2)
        Grid points, x varying fastest within each row of constant y... reshaped by the
        caller as ``values.reshape(n, n)`` indexed ``[iy, ix]``.
    rect : (x0, y0, width, height)
        The area the grid covers (for placing the image).
    """
    x0, y0, w, h = rect
    xs = np.linspace(x0, x0 + w, n)
    ys = np.linspace(y0, y0 + h, n)
    gx, gy = np.meshgrid(xs, ys)          # shape (n, n), indexed [iy, ix]
    grid = np.stack([gx.ravel(), gy.ravel()], axis=1)
    return grid, (x0, y0, w, h)


def covering_rect(rect: tuple[float, float, float, float],
                  views: list[tuple[tuple[float, float], tuple[float, float]]],
                  slack: float = 0.01) -> tuple[float, float, float, float]:
    """``rect`` ``(x0, y0, width, height)`` widened to cover every view range
    ``((x_min, x_max), (y_min, y_max))`` that reaches beyond it by more than ``slack`` of its
    size (an aspect-locked plot shows more than the data in one direction: the map must fill
    it, walker13 W13-9)."""
    x0, y0, w, h = rect
    lo, hi = [x0, y0], [x0 + w, y0 + h]
    for view in views:
        for k, (a, b) in enumerate(view):
            size = (w, h)[k]
            if a < lo[k] - slack * size:
                lo[k] = float(a)
            if b > hi[k] + slack * size:
                hi[k] = float(b)
    return lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1]


def as_probabilities(out: np.ndarray) -> np.ndarray:
    """Network outputs as class probabilities of shape (N, C), C >= 2.

    A single output column is read as P(class 1) of a binary problem. Outputs that are not
    already probabilities (logits) go through a sigmoid or softmax.
    """
    out = np.asarray(out, np.float64)
    if out.ndim == 1:
        out = out[:, None]
    out = out.reshape(out.shape[0], -1)
    if out.shape[1] == 1:
        p = out[:, 0]
        if p.min(initial=0.0) < 0 or p.max(initial=0.0) > 1:
            p = 1.0 / (1.0 + np.exp(-np.clip(p, -60, 60)))
        return np.stack([1 - p, p], axis=1)
    sums = out.sum(axis=1)
    if out.min(initial=0.0) < 0 or not np.allclose(sums, 1.0, atol=1e-3):
        z = out - out.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)
    return out


def border_lines(probs: np.ndarray, n: int, rect: tuple[float, float, float, float]
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The decision border: where the likeliest class changes, as ``(xs, ys)`` in data
    coordinates, each piece followed by NaN (for one curve drawn ``connect="finite"``).

    ``probs`` has shape (n * n, C) in ``boundary_grid`` order over ``rect``. Each pair of
    classes k, j is traced where p_k = p_j, kept where those two are the likeliest: a piece
    that crosses into a third class's region is cut where that class overtakes them. The
    borders then meet where three regions meet, as the true ones do. (Traced as each class's
    margin over the best other one, which is linear across a cell only where the best other
    class stays the same, the three borders of three classes missed each other near where
    they meet and drew a small triangle there: walker26, lesson 16 step 1.)
    """
    c = probs.shape[1]
    x0, y0, w, h = rect
    by_cell = np.asarray(probs, np.float64).reshape(n, n, c).transpose(1, 0, 2)  # [ix, iy, k]
    pieces = []
    for k in range(c):
        for j in range(k + 1, c):
            ends = contour_segments(by_cell[..., k] - by_cell[..., j], 0.0)  # (m, 2, 2)
            if c > 2 and len(ends):
                rest = np.delete(by_cell, (k, j), axis=2).max(axis=2)
                ends = _where_ahead(ends, by_cell[..., k] - rest)
            pieces.append(ends)
    ends = np.concatenate(pieces) if pieces else np.zeros((0, 2, 2))
    xs = x0 + ends[..., 0] * w / (n - 1)
    ys = y0 + ends[..., 1] * h / (n - 1)
    gap = np.full((len(ends), 1), np.nan)
    return (np.concatenate([xs, gap], axis=1).ravel(),
            np.concatenate([ys, gap], axis=1).ravel())


def _where_ahead(ends: np.ndarray, ahead: np.ndarray) -> np.ndarray:
    """The parts of the segments ``ends`` (shape (m, 2, 2), index coordinates) where the
    grid ``ahead`` (the pair's probability minus the best other class's) is >= 0, read
    linearly along each segment from its two ends."""
    at = np.stack([_on_grid(ahead, ends[:, e]) for e in (0, 1)], axis=1)      # (m, 2)
    keep = (at >= 0).any(axis=1)
    ends, at = ends[keep], at[keep]
    crossing = (at < 0).any(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = at[:, 0] / (at[:, 0] - at[:, 1])                  # where ahead = 0 on the segment
    cut = ends[:, 0] + t[:, None] * (ends[:, 1] - ends[:, 0])
    ends = ends.copy()
    behind_first = crossing & (at[:, 0] < 0)
    ends[behind_first, 0] = cut[behind_first]
    behind_second = crossing & (at[:, 1] < 0)
    ends[behind_second, 1] = cut[behind_second]
    return ends


def _on_grid(values: np.ndarray, points: np.ndarray) -> np.ndarray:
    """``values`` (a grid, sample [i, j] at (i, j)) at ``points`` (shape (m, 2)), by
    bilinear interpolation."""
    i0 = np.clip(np.floor(points[:, 0]).astype(int), 0, values.shape[0] - 2)
    j0 = np.clip(np.floor(points[:, 1]).astype(int), 0, values.shape[1] - 2)
    fi, fj = points[:, 0] - i0, points[:, 1] - j0
    return ((1 - fi) * (1 - fj) * values[i0, j0] + fi * (1 - fj) * values[i0 + 1, j0]
            + fi * fj * values[i0 + 1, j0 + 1] + (1 - fi) * fj * values[i0, j0 + 1])


def class_rgba(probs: np.ndarray, colors: list[str], n: int) -> np.ndarray:
    """An (n, n, 4) uint8 image: the colour of the likeliest class, opaque where confident.

    ``probs`` has shape (n * n, C) in ``boundary_grid`` order. Transposed to pyqtgraph's
    column-major image order ([ix, iy]) by the caller.
    """
    c = probs.shape[1]
    rgb = np.array([QColor(colors[k % len(colors)]).getRgb()[:3] for k in range(c)], np.float64)
    best = probs.argmax(axis=1)
    conf = probs.max(axis=1)
    floor = 1.0 / c
    strength = np.clip((conf - floor) / (1.0 - floor), 0.0, 1.0)
    alpha = 25 + 100 * strength
    img = np.empty((probs.shape[0], 4), np.uint8)
    img[:, :3] = rgb[best]
    img[:, 3] = alpha
    return img.reshape(n, n, 4)


def mosaic(tiles: np.ndarray, cols: int, pad: int = 1, fill: float = np.nan) -> np.ndarray:
    """Arrange tiles (shape (N, h, w)) in a grid of ``cols`` columns, shape (R*(h+pad), ...).

    The result is indexed [row, col] like an image on screen; gaps hold ``fill``.
    """
    tiles = np.asarray(tiles, np.float64)
    n, h, w = tiles.shape
    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    out = np.full((rows * (h + pad) - pad, cols * (w + pad) - pad), fill)
    for k in range(n):
        r, c = divmod(k, cols)
        out[r * (h + pad): r * (h + pad) + h, c * (w + pad): c * (w + pad) + w] = tiles[k]
    return out


def tile_origin(k: int, cols: int, h: int, w: int, pad: int = 1) -> tuple[int, int]:
    """(row, col) pixel of tile ``k``'s top-left corner in a :func:`mosaic`."""
    r, c = divmod(k, cols)
    return r * (h + pad), c * (w + pad)


def caption_gap(n: int, cols: int, h: int, w: int, caption_px: float, view_w: float,
                view_h: float, margin: float = 1.25) -> int:
    """Image pixels under each tile of a :func:`mosaic` of ``n`` tiles (h, w) in ``cols``
    columns (its ``pad``, plus one such band under the last row) that hold a caption
    ``caption_px`` screen pixels high, when the mosaic is fitted (aspect locked) into a
    ``view_w`` x ``view_h`` view with ``margin`` for the view's padding (up to a tenth
    each side): at least
    ``max(6, h // 3)``, at most ``4 * h``. The screen size of a caption does not follow the
    tiles' zoom: a fixed third of a tile was half the height of a Chinese caption in a small
    view, and the next row covered it (walker25 W25-1)."""
    least, most = max(6, h // 3), 4 * h
    if view_w <= 0 or view_h <= 0 or caption_px <= 0:
        return least
    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    for pad in range(least, most + 1):
        width, height = cols * (w + pad) - pad, rows * (h + pad)
        scale = min(view_w / width, view_h / height) / margin     # screen px per image px
        if pad * scale >= caption_px:
            return pad
    return most


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """Counts (shape (C, C)): row = true class, column = predicted class."""
    m = np.zeros((n_classes, n_classes), np.int64)
    np.add.at(m, (np.asarray(y_true, np.int64), np.asarray(y_pred, np.int64)), 1)
    return m


def normalize_tiles(tiles: np.ndarray) -> np.ndarray:
    """Scale each tile (N, h, w) to [-1, 1] by its own largest magnitude (0 stays 0)."""
    tiles = np.asarray(tiles, np.float64)
    scale = np.abs(tiles).reshape(tiles.shape[0], -1).max(axis=1)
    scale[scale == 0] = 1.0
    return tiles / scale[:, None, None]
