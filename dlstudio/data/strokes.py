"""Stroke templates and their random placement: the shared core of the generated image sets.

A *template* is a list of polylines in a unit box (x right, y down, centre (0.5, 0.5)); a class
has one or more template variants. ``draw_classes`` picks a variant for each sample, wobbles its
vertices and strokes, applies a random affine map (scale, aspect, slant, rotation, offset), draws
the segments with the anti-aliased rasterizer, then adds ink level and pixel noise and rounds
to 8-bit levels like a scanned digit.

Reproducibility: everything is drawn from one numpy PCG64 ``Generator`` in a fixed order,
computed in float64, and rounded to float32 before rasterizing, then to 1/255 steps; the same
seed gives the same pixels on any machine.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def arc(cx: float, cy: float, rx: float, ry: float, deg0: float, deg1: float,
        step_deg: float = 20.0) -> np.ndarray:
    """Points ``(cx + rx cos t, cy + ry sin t)`` for t from ``deg0`` to ``deg1`` (degrees;
    0 = right, 90 = down). Returned rounded to 1e-6 so the template is platform-independent."""
    n = max(2, int(np.ceil(abs(deg1 - deg0) / step_deg)) + 1)
    t = np.deg2rad(np.linspace(deg0, deg1, n))
    pts = np.stack([cx + rx * np.cos(t), cy + ry * np.sin(t)], axis=1)
    return np.round(pts * 1e6) / 1e6


def line(*points: tuple[float, float]) -> np.ndarray:
    return np.asarray(points, dtype=np.float64)


def join(*parts: np.ndarray) -> np.ndarray:
    """One polyline from several pieces drawn in order."""
    return np.concatenate(parts, axis=0)


@dataclass(frozen=True)
class Style:
    """Ranges of the random variation (uniform unless said otherwise)."""

    height: tuple[float, float] = (15.5, 21.0)      # unit box height in pixels
    aspect: tuple[float, float] = (0.7, 1.15)       # width / height factor
    slant: tuple[float, float] = (-0.35, 0.35)      # horizontal shear per unit height
    rotation: tuple[float, float] = (-12.0, 12.0)   # degrees
    offset: float = 2.5                             # max centre shift in pixels
    thickness: tuple[float, float] = (1.3, 3.4)     # pen width in pixels
    wobble: float = 0.025                           # vertex jitter std (unit box)
    stroke_shift: float = 0.03                      # per-stroke shift std (unit box)
    ink: tuple[float, float] = (0.7, 1.0)           # stroke brightness
    noise: tuple[float, float] = (0.0, 0.06)        # pixel noise std range


def _segments_of(polylines: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stacked vertices (V, 2), segment vertex pairs (S, 2) and polyline id per vertex (V,)."""
    verts, pairs, owner = [], [], []
    base = 0
    for k, pl in enumerate(polylines):
        pl = np.asarray(pl, dtype=np.float64)
        verts.append(pl)
        owner.append(np.full(len(pl), k))
        pairs.extend((base + j, base + j + 1) for j in range(len(pl) - 1))
        base += len(pl)
    return np.concatenate(verts), np.asarray(pairs, dtype=np.int64), np.concatenate(owner)


def draw_classes(templates: list[list[list[np.ndarray]]], labels: np.ndarray,
                 rng: np.random.Generator, style: Style = Style(), size: int = 28,
                 use_numba: bool = True) -> np.ndarray:
    """Render one image per label.

    Parameters
    ----------
    templates : ``templates[c]`` is the list of variants of class c; a variant is a list of
        polylines, each an (P, 2) array in the unit box.
    labels : (N,) int class of each image.
    rng : the generator all randomness comes from.

    Returns
    -------
    (N, size, size, 1) float32 images with values ``k / 255``.
    """
    from dlstudio.data.raster import (finish_pixels, finish_pixels_reference, render_strokes,
                                      render_strokes_reference)

    n = len(labels)
    variant = np.floor(rng.random(n) * np.array([len(templates[c]) for c in labels]))
    variant = variant.astype(np.int64)
    groups = []
    for c in range(len(templates)):
        for v in range(len(templates[c])):
            idx = np.flatnonzero((labels == c) & (variant == v))
            if len(idx):
                groups.append((idx, _segments_of(templates[c][v])))
    max_seg = max(g[1][1].shape[0] for g in groups) if groups else 1
    segments = np.zeros((n, max_seg, 4), dtype=np.float64)
    n_segments = np.zeros(n, dtype=np.int64)

    s = style
    height = rng.uniform(*s.height, n)
    aspect = rng.uniform(*s.aspect, n)
    slant = rng.uniform(*s.slant, n)
    theta = np.deg2rad(rng.uniform(*s.rotation, n))
    centre = size / 2.0 + rng.uniform(-s.offset, s.offset, (n, 2))
    cos, sin = np.cos(theta), np.sin(theta)
    # A = R(theta) @ [[1, -slant], [0, 1]] @ diag(aspect * height, height)
    a00 = cos * aspect * height
    a01 = (-cos * slant - sin) * height
    a10 = sin * aspect * height
    a11 = (-sin * slant + cos) * height
    affine = np.stack([a00, a01, a10, a11], axis=1).astype(np.float32).astype(np.float64)

    for idx, (verts, pairs, owner) in groups:
        m = len(idx)
        pts = verts[None] - 0.5 + rng.normal(0.0, s.wobble, (m,) + verts.shape)
        shift = rng.normal(0.0, s.stroke_shift, (m, owner.max() + 1, 2))
        pts = pts + shift[:, owner]
        pts = pts.astype(np.float32).astype(np.float64)
        a = affine[idx]
        px = a[:, 0:1] * pts[..., 0] + a[:, 1:2] * pts[..., 1] + centre[idx, 0:1]
        py = a[:, 2:3] * pts[..., 0] + a[:, 3:4] * pts[..., 1] + centre[idx, 1:2]
        px = px.astype(np.float32).astype(np.float64)
        py = py.astype(np.float32).astype(np.float64)
        k = len(pairs)
        segments[idx, :k, 0] = px[:, pairs[:, 0]]
        segments[idx, :k, 1] = py[:, pairs[:, 0]]
        segments[idx, :k, 2] = px[:, pairs[:, 1]]
        segments[idx, :k, 3] = py[:, pairs[:, 1]]
        n_segments[idx] = k

    thickness = rng.uniform(*s.thickness, n).astype(np.float32).astype(np.float64)
    level = rng.uniform(*s.ink, n).astype(np.float32)
    noise_std = rng.uniform(*s.noise, n).astype(np.float32)
    keys = rng.integers(0, 2**63 - 1, n, dtype=np.int64).astype(np.uint64)
    if use_numba:
        ink = render_strokes(segments, n_segments, thickness, size, size)
        return finish_pixels(ink, level, noise_std, keys)
    ink = render_strokes_reference(segments, n_segments, thickness, size, size)
    return finish_pixels_reference(ink, level, noise_std, keys)
