"""Turn a drawing into an MNIST-style 28x28 image, as MNIST's own digits were made.

LeCun, Cortes and Burges describe MNIST's preprocessing: each NIST digit was size-normalized
to fit a 20x20 pixel box while keeping its aspect ratio (anti-aliasing gives grey levels),
then centred in a 28x28 image by putting its centre of mass at the centre. A network trained
on MNIST expects exactly that: a digit drawn small in a corner of a large canvas looks like
nothing it has seen until it is treated the same way. ``mnist_like`` does it:

1. the bounding box of the ink (pixels above ``threshold`` of the brightest);
2. area-averaging resample so that its longer side is ``box`` pixels (20);
3. placement in a ``size`` x ``size`` (28 x 28) image with the centre of mass at pixel
   ``(size/2, size/2)`` (whole-pixel shift; measured on MNIST's test set, its centres of mass
   average (14.0, 14.0) with a spread of 0.3 pixel), ink that would fall outside cut off.

Images are float arrays with ink 1 and background 0 (MNIST's white digit on black).
"""
from __future__ import annotations

import numpy as np

__all__ = ["mnist_like", "area_resize", "centre_of_mass"]


def _area_weights(n_in: int, n_out: int) -> np.ndarray:
    """``(n_out, n_in)`` matrix: output pixel ``i`` averages the input interval it covers."""
    edges_out = np.linspace(0.0, n_in, n_out + 1)
    lo, hi = edges_out[:-1, None], edges_out[1:, None]
    left = np.arange(n_in)[None, :]
    overlap = np.clip(np.minimum(hi, left + 1) - np.maximum(lo, left), 0.0, None)
    return overlap / overlap.sum(axis=1, keepdims=True)


def area_resize(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """Resize a 2-D image by area averaging (each output pixel is the mean of the input area
    it covers; exact for any ratio, and a plain box filter when enlarging)."""
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2:
        raise ValueError(f"area_resize needs a 2-D image, got shape {image.shape}")
    if height < 1 or width < 1:
        raise ValueError(f"cannot resize to {height}x{width}")
    return _area_weights(image.shape[0], height) @ image @ _area_weights(image.shape[1], width).T


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    """``(row, column)`` of the ink's centre of mass in pixel-centre coordinates (pixel
    ``[r, c]`` sits at ``(r, c)``); the image centre when there is no ink."""
    image = np.asarray(image, dtype=np.float64)
    total = image.sum()
    if total <= 0:
        return (image.shape[0] - 1) / 2, (image.shape[1] - 1) / 2
    rows = np.arange(image.shape[0]) @ image.sum(axis=1) / total
    cols = np.arange(image.shape[1]) @ image.sum(axis=0) / total
    return float(rows), float(cols)


def mnist_like(canvas: np.ndarray, box: int = 20, size: int = 28,
               threshold: float = 0.05) -> np.ndarray:
    """A drawing as MNIST would have stored it (see the module docstring).

    Parameters
    ----------
    canvas : (H, W) or (H, W, 1) array
        The drawing, ink > 0 on a 0 background, any scale.
    box : side of the square the digit's longer side is scaled to.
    size : side of the output image.
    threshold : fraction of the brightest pixel that counts as ink for the bounding box.

    Returns
    -------
    (size, size) float32 array in [0, 1]; all zeros for an empty canvas.
    """
    canvas = np.asarray(canvas, dtype=np.float64)
    if canvas.ndim == 3 and canvas.shape[-1] == 1:
        canvas = canvas[..., 0]
    if canvas.ndim != 2:
        raise ValueError(f"a drawing is a 2-D image, got shape {canvas.shape}")
    if not 0 < box <= size:
        raise ValueError(f"the box ({box}) must fit in the image ({size})")
    out = np.zeros((size, size), dtype=np.float32)
    peak = canvas.max() if canvas.size else 0.0
    if not peak > 0:
        return out
    rows = np.flatnonzero((canvas > threshold * peak).any(axis=1))
    cols = np.flatnonzero((canvas > threshold * peak).any(axis=0))
    crop = canvas[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1] / peak
    h, w = crop.shape
    scale = box / max(h, w)
    new_h, new_w = max(1, int(round(h * scale))), max(1, int(round(w * scale)))
    digit = np.clip(area_resize(crop, new_h, new_w), 0.0, 1.0)
    com_r, com_c = centre_of_mass(digit)
    centre = size / 2            # where MNIST's centres of mass lie (mean 14.0, 14.0)
    top, left = int(round(centre - com_r)), int(round(centre - com_c))
    # paste with clipping at the borders
    r0, c0 = max(top, 0), max(left, 0)
    r1, c1 = min(top + new_h, size), min(left + new_w, size)
    if r1 > r0 and c1 > c0:
        out[r0:r1, c0:c1] = digit[r0 - top:r1 - top, c0 - left:c1 - left]
    return out
