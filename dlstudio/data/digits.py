"""Procedural handwritten-like digits 0-9 and geometric shapes, 28x28 grayscale, no download.

Each class is drawn from stroke templates (two or more variants for most digits: a 1 with or
without a flag, an open or closed 4, a 7 with or without a bar...) by ``strokes.draw_classes``
with random thickness, slant, scale, aspect, rotation, offset, stroke wobble, ink level and
noise. The textbook convnet learns it to high accuracy; a linear model cannot match it.

``generate_digits(n, seed)`` -> ``(x (n, 28, 28, 1) float32 in [0, 1], y (n,) int64)``.
"""
from __future__ import annotations

import numpy as np

from dlstudio.data.strokes import Style, arc, draw_classes, join, line

DIGIT_NAMES = tuple(str(d) for d in range(10))
SHAPE_NAMES = ("circle", "square", "triangle", "cross", "plus", "star")


def _digit_templates() -> list[list[list[np.ndarray]]]:
    zero = [[arc(0.5, 0.5, 0.3, 0.46, -90, 275)],
            [arc(0.5, 0.5, 0.26, 0.47, -100, 260), line((0.7, 0.15), (0.3, 0.85))]]
    one = [[line((0.5, 0.02), (0.5, 0.98))],
           [line((0.32, 0.2), (0.52, 0.02), (0.52, 0.98))],
           [line((0.32, 0.2), (0.52, 0.02), (0.52, 0.98)), line((0.32, 0.98), (0.72, 0.98))]]
    two = [[join(arc(0.5, 0.3, 0.28, 0.26, -190, 20), line((0.24, 0.96), (0.82, 0.96)))],
           [join(arc(0.48, 0.3, 0.27, 0.26, -170, 30), line((0.2, 0.96))),
            line((0.2, 0.96), (0.84, 0.92))]]
    three = [[arc(0.5, 0.28, 0.25, 0.22, -160, 90), arc(0.5, 0.71, 0.28, 0.25, -90, 150)],
             [line((0.22, 0.03), (0.78, 0.03), (0.45, 0.42)),
              arc(0.48, 0.69, 0.29, 0.27, -100, 150)]]
    four = [[line((0.66, 0.98), (0.66, 0.02), (0.14, 0.66), (0.86, 0.66))],
            [line((0.26, 0.02), (0.2, 0.58), (0.84, 0.58)), line((0.66, 0.25), (0.66, 0.98))]]
    five = [[join(line((0.76, 0.03), (0.32, 0.03), (0.28, 0.44)),
                  arc(0.5, 0.68, 0.28, 0.27, -125, 150))],
            [line((0.32, 0.03), (0.28, 0.44)), line((0.32, 0.03), (0.8, 0.03)),
             arc(0.48, 0.68, 0.29, 0.28, -130, 160)]]
    six = [[join(arc(0.74, 0.64, 0.48, 0.6, -100, -180), arc(0.5, 0.71, 0.26, 0.25, 180, 535))],
           [join(line((0.68, 0.02), (0.3, 0.55)), arc(0.5, 0.72, 0.24, 0.24, 215, 570))]]
    seven = [[line((0.18, 0.04), (0.82, 0.04), (0.42, 0.98))],
             [line((0.18, 0.04), (0.82, 0.04), (0.42, 0.98)), line((0.38, 0.5), (0.78, 0.5))],
             [line((0.2, 0.14), (0.2, 0.04), (0.8, 0.04), (0.55, 0.5), (0.5, 0.98))]]
    eight = [[arc(0.5, 0.27, 0.21, 0.22, 90, 450), arc(0.5, 0.72, 0.27, 0.25, -90, 270)],
             [_figure_eight()]]
    nine = [[arc(0.48, 0.3, 0.25, 0.24, 0, 365), line((0.73, 0.3), (0.7, 0.98))],
            [arc(0.48, 0.3, 0.25, 0.24, 0, 365),
             join(line((0.73, 0.3), (0.72, 0.7)), arc(0.5, 0.7, 0.22, 0.28, 0, 130))]]
    return [zero, one, two, three, four, five, six, seven, eight, nine]


def _figure_eight() -> np.ndarray:
    """One stroke: a vertical lemniscate of Gerono through the centre."""
    t = np.deg2rad(np.arange(0.0, 361.0, 15.0))
    pts = np.stack([0.5 + 0.25 * np.sin(2.0 * t), 0.5 - 0.47 * np.cos(t)], axis=1)
    return np.round(pts * 1e6) / 1e6


def _star(points: int = 5) -> np.ndarray:
    t = np.deg2rad(-90.0 + np.arange(2 * points + 1) * 180.0 / points)
    r = np.where(np.arange(2 * points + 1) % 2 == 0, 0.48, 0.2)
    pts = np.stack([0.5 + r * np.cos(t), 0.52 + r * np.sin(t)], axis=1)
    return np.round(pts * 1e6) / 1e6


def _shape_templates() -> list[list[list[np.ndarray]]]:
    circle = [[arc(0.5, 0.5, 0.42, 0.42, 0, 360, step_deg=15)]]
    square = [[line((0.12, 0.12), (0.88, 0.12), (0.88, 0.88), (0.12, 0.88), (0.12, 0.12))]]
    triangle = [[line((0.5, 0.08), (0.92, 0.86), (0.08, 0.86), (0.5, 0.08))]]
    cross = [[line((0.15, 0.15), (0.85, 0.85)), line((0.85, 0.15), (0.15, 0.85))]]
    plus = [[line((0.5, 0.08), (0.5, 0.92)), line((0.08, 0.5), (0.92, 0.5))]]
    star = [[_star()]]
    return [circle, square, triangle, cross, plus, star]


DIGIT_TEMPLATES = _digit_templates()
SHAPE_TEMPLATES = _shape_templates()

DIGIT_STYLE = Style()
SHAPE_STYLE = Style(height=(12.0, 22.0), aspect=(0.8, 1.2), slant=(-0.15, 0.15),
                    rotation=(-20.0, 20.0), offset=3.0, thickness=(1.2, 3.0), wobble=0.015,
                    stroke_shift=0.01)


def _balanced_labels(n: int, k: int, rng: np.random.Generator) -> np.ndarray:
    return rng.permutation(np.arange(n, dtype=np.int64) % k)


def generate_digits(n: int, seed: int = 0, use_numba: bool = True
                    ) -> tuple[np.ndarray, np.ndarray]:
    """``n`` digit images (as balanced as possible over 0-9) for ``seed``.

    Returns x (n, 28, 28, 1) float32 in [0, 1] and y (n,) int64.
    """
    rng = np.random.default_rng([int(seed), 28])
    y = _balanced_labels(n, 10, rng)
    x = draw_classes(DIGIT_TEMPLATES, y, rng, DIGIT_STYLE, 28, use_numba)
    return x, y


def generate_shapes(n: int, seed: int = 0, use_numba: bool = True
                    ) -> tuple[np.ndarray, np.ndarray]:
    """``n`` outline shapes (circle, square, triangle, cross, plus, star) for ``seed``."""
    rng = np.random.default_rng([int(seed), 6])
    y = _balanced_labels(n, len(SHAPE_NAMES), rng)
    x = draw_classes(SHAPE_TEMPLATES, y, rng, SHAPE_STYLE, 28, use_numba)
    return x, y
