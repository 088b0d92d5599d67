"""Small 2-D data sets generated on the fly, the same for a seed on every machine.

Every generator takes ``(n_samples, noise, rng, ...)`` and returns ``(x, y)``: ``x`` float32
``(n_samples, 2)`` (or ``(n, 1)`` for 1-D regression), ``y`` int64 ``(n_samples,)`` class labels
(classes as equal in size as possible) or float32 ``(n_samples, 1)`` regression targets.
Coordinates stay roughly within [-1.5, 1.5] so that decision-boundary plots share one view.
All arithmetic is float64 from numpy's PCG64 generator, rounded to float32 at the end.
"""
from __future__ import annotations

import numpy as np


def _class_sizes(n_samples: int, n_classes: int) -> np.ndarray:
    sizes = np.full(n_classes, n_samples // n_classes, dtype=np.int64)
    sizes[: n_samples % n_classes] += 1
    return sizes


def _labels(sizes: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)


def _finish(x: np.ndarray, y: np.ndarray, rng: np.random.Generator
            ) -> tuple[np.ndarray, np.ndarray]:
    """Shuffle (so that a plain slice is not one class) and cast."""
    perm = rng.permutation(len(x))
    return x[perm].astype(np.float32), y[perm]


def circles(n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2,
            factor: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """Concentric rings; class k lies on the ring of radius ``factor**(n_classes-1-k)``.

    Not linearly separable: a linear model stays near chance, one hidden layer solves it.
    """
    sizes = _class_sizes(n_samples, n_classes)
    y = _labels(sizes)
    radius = factor ** (n_classes - 1 - y.astype(np.float64))
    angle = rng.uniform(0.0, 2.0 * np.pi, n_samples)
    x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    x += rng.normal(0.0, noise, x.shape)
    return _finish(x, y, rng)


def xor(n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
        ) -> tuple[np.ndarray, np.ndarray]:
    """Points in [-1, 1]^2 labelled by the sign of ``x0 * x1`` (quadrants 1 and 3 vs 2 and 4).

    A margin of 0.05 around the axes is left empty; ``noise`` jitters points after labelling.
    """
    if n_classes != 2:
        raise ValueError(f"xor has exactly 2 classes, got n_classes={n_classes}")
    sizes = _class_sizes(n_samples, 2)
    y = _labels(sizes)
    mag = rng.uniform(0.05, 1.0, (n_samples, 2))
    sign0 = np.where(rng.random(n_samples) < 0.5, -1.0, 1.0)
    sign1 = np.where(y == 1, sign0, -sign0)  # class 1: same signs (x0*x1 > 0)
    x = mag * np.stack([sign0, sign1], axis=1)
    x += rng.normal(0.0, noise, x.shape)
    return _finish(x, y, rng)


def spirals(n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2,
            turns: float = 1.5) -> tuple[np.ndarray, np.ndarray]:
    """``n_classes`` interleaved spiral arms (two spirals by default).

    Arm k: radius t, angle ``2*pi*(turns*t + k/n_classes)`` for t in (0.05, 1]; noise is
    gaussian in both coordinates. Hard for a shallow net, the classic depth demo.
    """
    sizes = _class_sizes(n_samples, n_classes)
    y = _labels(sizes)
    t = np.sqrt(rng.uniform(0.0025, 1.0, n_samples))  # even density along the arm
    angle = 2.0 * np.pi * (turns * t + y / n_classes)
    x = np.stack([t * np.cos(angle), t * np.sin(angle)], axis=1)
    x += rng.normal(0.0, noise, x.shape)
    return _finish(x, y, rng)


def blobs(n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 3
          ) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian clusters, one per class, centred evenly on a circle of radius 1.

    ``noise`` is each cluster's standard deviation (0.1 well separated, 0.5 overlapping).
    """
    sizes = _class_sizes(n_samples, n_classes)
    y = _labels(sizes)
    phase = np.pi / 2.0 if n_classes % 2 else np.pi / n_classes
    angle = phase + 2.0 * np.pi * np.arange(n_classes) / n_classes
    centres = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    x = centres[y] + rng.normal(0.0, noise, (n_samples, 2))
    return _finish(x, y, rng)


def moons(n_samples: int, noise: float, rng: np.random.Generator, n_classes: int = 2
          ) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles, centred on the origin."""
    if n_classes != 2:
        raise ValueError(f"moons has exactly 2 classes, got n_classes={n_classes}")
    sizes = _class_sizes(n_samples, 2)
    y = _labels(sizes)
    angle = rng.uniform(0.0, np.pi, n_samples)
    upper = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    lower = np.stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
    x = np.where((y == 0)[:, None], upper, lower) - np.array([0.5, 0.25])
    x = x * 0.9 + rng.normal(0.0, noise, x.shape)
    return _finish(x, y, rng)


def regression(n_samples: int, noise: float, rng: np.random.Generator, dims: int = 1
               ) -> tuple[np.ndarray, np.ndarray]:
    """A smooth target plus gaussian noise.

    ``dims=1``: x in [-1.5, 1.5], ``y = sin(3x) + 0.3 x``  (x: (n, 1)).
    ``dims=2``: x in [-1.5, 1.5]^2, ``y = sin(2 x0) cos(1.5 x1) + 0.2 x0 x1``  (x: (n, 2)).
    Targets are float32 ``(n, 1)``.
    """
    if dims not in (1, 2):
        raise ValueError(f"regression dims must be 1 or 2, got {dims}")
    x = rng.uniform(-1.5, 1.5, (n_samples, dims))
    if dims == 1:
        t = np.sin(3.0 * x[:, 0]) + 0.3 * x[:, 0]
    else:
        t = np.sin(2.0 * x[:, 0]) * np.cos(1.5 * x[:, 1]) + 0.2 * x[:, 0] * x[:, 1]
    t = t + rng.normal(0.0, noise, n_samples)
    return x.astype(np.float32), t.astype(np.float32)[:, None]


#: name -> (generator, default n_classes, classes adjustable, task)
GENERATORS = {
    "circles": (circles, 2, True, "classification"),
    "xor": (xor, 2, False, "classification"),
    "spirals": (spirals, 2, True, "classification"),
    "blobs": (blobs, 3, True, "classification"),
    "moons": (moons, 2, False, "classification"),
    "regression": (regression, 0, False, "regression"),
}
