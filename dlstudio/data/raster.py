"""Anti-aliased stroke rasterizer for the generated image sets.

A stroke is a line segment ``(x0, y0, x1, y1)`` in pixel units (x right, y down; the centre of
pixel ``[r, c]`` is ``(c + 0.5, r + 0.5)``) drawn with a round pen of width ``thickness``. A
pixel's ink is ``clip(thickness/2 - d + 0.5, 0, 1)`` where ``d`` is the distance from its
centre to the nearest segment: fully inked inside the pen, a one-pixel linear ramp at the edge
(anti-aliasing). Overlapping strokes take the maximum, so crossings do not glow.

``render_strokes`` (Numba, parallel over images, nogil) and ``render_strokes_reference`` (plain
NumPy) compute the same float64 formula in the same order and agree to the last bit.
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange


@njit(nogil=True, cache=True)
def _segment_ink(px: float, py: float, x0: float, y0: float, x1: float, y1: float,
                 half: float) -> float:
    dx = x1 - x0
    dy = y1 - y0
    ll = dx * dx + dy * dy
    t = 0.0
    if ll > 0.0:
        t = ((px - x0) * dx + (py - y0) * dy) / ll
        if t < 0.0:
            t = 0.0
        elif t > 1.0:
            t = 1.0
    qx = px - (x0 + t * dx)
    qy = py - (y0 + t * dy)
    d = np.sqrt(qx * qx + qy * qy)
    v = half - d + 0.5
    if v < 0.0:
        return 0.0
    if v > 1.0:
        return 1.0
    return v


@njit(nogil=True, cache=True, parallel=True)
def render_strokes(segments: np.ndarray, n_segments: np.ndarray, thickness: np.ndarray,
                   height: int, width: int) -> np.ndarray:
    """Draw each image's segments.

    Parameters
    ----------
    segments : (N, S, 4) float64, rows ``(x0, y0, x1, y1)`` in pixels; rows past
        ``n_segments[i]`` are ignored.
    n_segments : (N,) int64 number of segments used per image.
    thickness : (N,) float64 pen width in pixels.

    Returns
    -------
    (N, height, width) float32 ink in [0, 1].
    """
    n = segments.shape[0]
    out = np.zeros((n, height, width), dtype=np.float32)
    for i in prange(n):
        half = thickness[i] * 0.5
        reach = half + 1.0
        for s in range(n_segments[i]):
            x0 = segments[i, s, 0]
            y0 = segments[i, s, 1]
            x1 = segments[i, s, 2]
            y1 = segments[i, s, 3]
            c_lo = max(0, int(np.floor(min(x0, x1) - reach)))
            c_hi = min(width - 1, int(np.ceil(max(x0, x1) + reach)))
            r_lo = max(0, int(np.floor(min(y0, y1) - reach)))
            r_hi = min(height - 1, int(np.ceil(max(y0, y1) + reach)))
            for r in range(r_lo, r_hi + 1):
                py = r + 0.5
                for c in range(c_lo, c_hi + 1):
                    v = _segment_ink(c + 0.5, py, x0, y0, x1, y1, half)
                    if v > out[i, r, c]:
                        out[i, r, c] = v
    return out


def render_strokes_reference(segments: np.ndarray, n_segments: np.ndarray,
                             thickness: np.ndarray, height: int, width: int) -> np.ndarray:
    """NumPy twin of ``render_strokes`` (all pixels against every segment; slow, for tests)."""
    n = segments.shape[0]
    out = np.zeros((n, height, width), dtype=np.float32)
    py, px = np.meshgrid(np.arange(height) + 0.5, np.arange(width) + 0.5, indexing="ij")
    for i in range(n):
        half = thickness[i] * 0.5
        for s in range(int(n_segments[i])):
            x0, y0, x1, y1 = (float(v) for v in segments[i, s])
            dx, dy = x1 - x0, y1 - y0
            ll = dx * dx + dy * dy
            if ll > 0.0:
                t = np.clip(((px - x0) * dx + (py - y0) * dy) / ll, 0.0, 1.0)
            else:
                t = np.zeros_like(px)
            qx = px - (x0 + t * dx)
            qy = py - (y0 + t * dy)
            v = np.clip(half - np.sqrt(qx * qx + qy * qy) + 0.5, 0.0, 1.0).astype(np.float32)
            np.maximum(out[i], v, out=out[i])
    return out


# ---------------------------------------------------------------- ink level, noise, 8-bit levels
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S16 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(16)
_LOW16 = np.uint64(0xFFFF)
_SQRT3 = np.float32(np.sqrt(3.0))


@njit(nogil=True, cache=True)
def _mix64(z):
    """SplitMix64 finalizer: a well-mixed 64-bit hash of ``z`` (integer arithmetic only)."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit(nogil=True, cache=True, parallel=True)
def finish_pixels(ink: np.ndarray, level: np.ndarray, noise_std: np.ndarray,
                  keys: np.ndarray) -> np.ndarray:
    """Scale ink, add noise and round to 1/255 steps.

    Parameters
    ----------
    ink : (N, H, W) float32 in [0, 1].
    level, noise_std : (N,) float32 stroke brightness and noise scale.
    keys : (N,) uint64 per-image noise keys.

    The noise of pixel p of image i is a sum of four 16-bit uniforms taken from the hash of
    ``keys[i] + (p + 1) * golden`` (Irwin-Hall, rescaled to unit variance: near-gaussian,
    bounded by +-3.46), computed with integer arithmetic so that it is identical everywhere.

    Returns
    -------
    (N, H, W, 1) float32 values ``k / 255``.
    """
    n, h, w = ink.shape
    out = np.empty((n, h, w, 1), dtype=np.float32)
    inv = np.float32(1.0 / 65536.0)
    for i in prange(n):
        for r in range(h):
            for c in range(w):
                p = np.uint64(r * w + c + 1)
                z = _mix64(keys[i] + p * _GOLDEN)
                s = ((z & _LOW16) + ((z >> _S16) & _LOW16)
                     + ((z >> np.uint64(32)) & _LOW16) + ((z >> np.uint64(48)) & _LOW16))
                g = (np.float32(s) * inv - np.float32(2.0)) * _SQRT3
                v = ink[i, r, c] * level[i] + noise_std[i] * g
                q = np.floor(v * np.float32(255.0) + np.float32(0.5))
                q = min(max(q, np.float32(0.0)), np.float32(255.0))
                out[i, r, c, 0] = q / np.float32(255.0)
    return out


def finish_pixels_reference(ink: np.ndarray, level: np.ndarray, noise_std: np.ndarray,
                            keys: np.ndarray) -> np.ndarray:
    """NumPy twin of ``finish_pixels``."""
    n, h, w = ink.shape
    p = np.arange(1, h * w + 1, dtype=np.uint64).reshape(1, h, w)
    with np.errstate(over="ignore"):
        z = keys.astype(np.uint64)[:, None, None] + p * _GOLDEN
        z = (z ^ (z >> _S30)) * _M1
        z = (z ^ (z >> _S27)) * _M2
        z = z ^ (z >> _S31)
    s = ((z & _LOW16) + ((z >> _S16) & _LOW16) + ((z >> np.uint64(32)) & _LOW16)
         + ((z >> np.uint64(48)) & _LOW16))
    g = (s.astype(np.float32) * np.float32(1.0 / 65536.0) - np.float32(2.0)) * _SQRT3
    v = ink * level[:, None, None] + noise_std[:, None, None] * g
    q = np.clip(np.floor(v * np.float32(255.0) + np.float32(0.5)), 0, 255).astype(np.float32)
    return (q / np.float32(255.0))[..., None]
