"""Two-dimensional loss surfaces for the optimizer playground.

A real network has millions of weights, so its loss surface cannot be drawn. A function of
two "weights" ``(x, y)`` can: contour lines show its shape and an optimizer's path over it
shows how the optimizer behaves in a bowl, in a long narrow valley, on a curved valley floor
(Rosenbrock) or near a saddle point. Every surface gives its value and its exact gradient,
a start point that makes the lesson visible, and a view window for plotting.

All functions are vectorized: ``x`` and ``y`` may be floats or arrays of one shape, and the
results have that shape. Arithmetic is float64.

``SURFACES`` is the registry the playground's combo box and the parametrized tests read.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlstudio.engine.registry import Registry

__all__ = ["Surface", "Quadratic", "Rosenbrock", "Saddle", "Beale", "SURFACES", "get"]


@dataclass(frozen=True)
class Surface:
    """Base class: a loss ``f(x, y)`` with its gradient, start point and view window.

    Attributes
    ----------
    start : (float, float)
        Where trajectories begin unless the user picks another point.
    window : (float, float, float, float)
        ``(x_min, x_max, y_min, y_max)`` of the plot.
    minima : tuple of (float, float)
        Known global minima (for markers and tests); may be empty.
    log_contours : bool
        Whether contour levels should be spaced on a log scale (for surfaces whose values
        span many orders of magnitude, such as Rosenbrock).
    """

    start: tuple[float, float]
    window: tuple[float, float, float, float]
    minima: tuple[tuple[float, float], ...] = ()
    log_contours: bool = False

    def value(self, x, y):
        """Loss at ``(x, y)``; same shape as the (broadcast) inputs."""
        raise NotImplementedError

    def gradient(self, x, y):
        """``(df/dx, df/dy)`` at ``(x, y)``, each with the shape of the inputs."""
        raise NotImplementedError

    # -- helpers shared by every surface ----------------------------------------------
    def value_at(self, p: np.ndarray) -> float:
        """Loss at a point ``p`` of shape ``(2,)``."""
        return float(self.value(float(p[0]), float(p[1])))

    def gradient_at(self, p: np.ndarray) -> np.ndarray:
        """Gradient at a point ``p`` of shape ``(2,)``, returned with shape ``(2,)`` float64."""
        gx, gy = self.gradient(float(p[0]), float(p[1]))
        return np.array([gx, gy], dtype=np.float64)

    def grid(self, n: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sample the view window on an ``n x n`` grid.

        Returns
        -------
        xs : (n,) array, ys : (n,) array, z : (n, n) array with ``z[i, j] = f(xs[i], ys[j])``
            (x along the first axis, as pyqtgraph's ``ImageItem`` expects).
        """
        x0, x1, y0, y1 = self.window
        xs = np.linspace(x0, x1, n)
        ys = np.linspace(y0, y1, n)
        z = self.value(xs[:, None], ys[None, :])
        return xs, ys, np.asarray(z, dtype=np.float64)

    def contour_levels(self, n: int = 14, z: np.ndarray | None = None) -> np.ndarray:
        """``n`` increasing contour levels covering the window's values.

        Levels are spaced on a log scale above the lowest value when ``log_contours`` is
        set, and linearly (with more levels near the bottom) otherwise.
        """
        if z is None:
            z = self.grid(120)[2]
        lo, hi = float(np.min(z)), float(np.max(z))
        if self.log_contours:
            span = hi - lo
            offsets = np.geomspace(span * 1e-4, span * 0.9, n)
            return lo + offsets
        # squares of a linear ramp crowd the levels near the minimum, where paths end
        t = np.linspace(0.0, 1.0, n + 2)[1:-1] ** 2
        return lo + t * (hi - lo) * 0.9


@dataclass(frozen=True)
class Quadratic(Surface):
    """``f = 0.5 * (a * u^2 + b * v^2)`` with ``(u, v)`` the point relative to ``center``,
    rotated by ``angle`` degrees.

    ``a == b`` gives a round bowl; ``a << b`` a long narrow valley whose condition number
    ``b / a`` limits plain gradient descent: a learning rate above ``2 / b`` diverges across
    the valley while progress along it shrinks with ``a``.
    """

    a: float = 1.0
    b: float = 1.0
    center: tuple[float, float] = (0.0, 0.0)
    angle: float = 0.0

    def _uv(self, x, y):
        c, s = np.cos(np.radians(self.angle)), np.sin(np.radians(self.angle))
        dx, dy = np.subtract(x, self.center[0]), np.subtract(y, self.center[1])
        return c * dx + s * dy, -s * dx + c * dy, c, s

    def value(self, x, y):
        u, v, _, _ = self._uv(x, y)
        return 0.5 * (self.a * u * u + self.b * v * v)

    def gradient(self, x, y):
        u, v, c, s = self._uv(x, y)
        gu, gv = self.a * u, self.b * v
        # chain rule through the rotation (u, v) = R (x - cx, y - cy)
        return c * gu - s * gv, s * gu + c * gv


@dataclass(frozen=True)
class Rosenbrock(Surface):
    """``f = (1 - x)^2 + k (y - x^2)^2``: a curved, flat-bottomed valley, minimum at (1, 1).

    Finding the valley is easy; following its gently sloping, curving floor is hard.
    """

    k: float = 100.0

    def value(self, x, y):
        x, y = np.asarray(x, float), np.asarray(y, float)
        return (1.0 - x) ** 2 + self.k * (y - x * x) ** 2

    def gradient(self, x, y):
        x, y = np.asarray(x, float), np.asarray(y, float)
        r = y - x * x
        return -2.0 * (1.0 - x) - 4.0 * self.k * x * r, 2.0 * self.k * r


@dataclass(frozen=True)
class Saddle(Surface):
    """``f = 0.5 x^2 + 0.25 y^4 - y^2``: a saddle point at the origin between two minima at
    ``(0, +-sqrt(2))``.

    Started almost exactly on the ridge ``y = 0``, gradient descent slides towards the saddle
    point, where the gradient vanishes, and lingers there before escaping; momentum escapes
    sooner.
    """

    def value(self, x, y):
        x, y = np.asarray(x, float), np.asarray(y, float)
        return 0.5 * x * x + 0.25 * y ** 4 - y * y

    def gradient(self, x, y):
        x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
        return x.copy(), y ** 3 - 2.0 * y


@dataclass(frozen=True)
class Beale(Surface):
    """Beale's function: flat plateaus and steep walls, minimum 0 at (3, 0.5).

    ``f = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2``
    """

    _C = (1.5, 2.25, 2.625)

    def value(self, x, y):
        x, y = np.asarray(x, float), np.asarray(y, float)
        return sum((c - x + x * y ** (i + 1)) ** 2 for i, c in enumerate(self._C))

    def gradient(self, x, y):
        x, y = np.asarray(x, float), np.asarray(y, float)
        gx = np.zeros(np.broadcast(x, y).shape)
        gy = np.zeros_like(gx)
        for i, c in enumerate(self._C):
            p = i + 1
            t = c - x + x * y ** p
            gx = gx + 2.0 * t * (y ** p - 1.0)
            gy = gy + 2.0 * t * p * x * y ** (p - 1)
        return gx, gy


#: The playground's surfaces, in the order the combo box lists them. ``meta["lr"]`` holds
#: suggested learning rates for plain gradient descent ("sgd"), optionally for momentum
#: ("momentum", else the "sgd" one) and for adaptive optimizers ("adaptive"), chosen so that every optimizer makes visible progress in ~100-300 steps.
SURFACES: Registry[Surface] = Registry("loss surface")

SURFACES.add(
    "bowl", Quadratic(start=(-4.0, 3.0), window=(-5.0, 5.0, -5.0, 5.0), minima=((0.0, 0.0),)),
    display="Round bowl",
    help="f = (x² + y²)/2. Every direction curves the same way, so the gradient points "
         "straight at the minimum and every optimizer finds it.",
    lr={"sgd": 0.1, "adaptive": 0.2})
SURFACES.add(
    "oval", Quadratic(a=1.0, b=1.5, start=(-4.0, 3.0), window=(-5.0, 5.0, -5.0, 5.0),
                      minima=((0.0, 0.0),)),
    display="Oval bowl",
    help="f = (x² + 1.5 y²)/2: a bowl a little steeper in y than in x. The two directions "
         "swing at different rates, so a path that does not slow down (momentum with β "
         "near 1) sweeps around the minimum instead of settling in it.",
    lr={"sgd": 0.1, "adaptive": 0.2})
SURFACES.add(
    "valley",
    Quadratic(a=0.05, b=4.0, start=(-9.0, 1.5), window=(-10.0, 10.0, -5.0, 5.0),
              minima=((0.0, 0.0),)),
    display="Elongated valley",
    help="f = (0.05 x² + 4 y²)/2: steep across, nearly flat along (condition number 80). "
         "Gradient descent zig-zags across the valley and crawls along it; momentum "
         "and per-parameter step sizes (AdaGrad, RMSProp, Adam) cure this.",
    lr={"sgd": 0.45, "momentum": 0.1, "adaptive": 0.3})
SURFACES.add(
    "rosenbrock",
    Rosenbrock(start=(-1.5, 1.8), window=(-2.0, 2.0, -1.0, 3.0), minima=((1.0, 1.0),),
               log_contours=True),
    display="Rosenbrock banana",
    help="f = (1 - x)² + 100 (y - x²)². Reaching the curved valley is quick; following its "
         "almost flat floor to the minimum at (1, 1) is slow for every optimizer.",
    lr={"sgd": 0.001, "adaptive": 0.05})
SURFACES.add(
    "saddle",
    Saddle(start=(-4.5, 1e-5), window=(-5.0, 5.0, -2.5, 2.5),
           minima=((0.0, float(np.sqrt(2.0))), (0.0, -float(np.sqrt(2.0))))),
    display="Saddle point",
    help="f = x²/2 + y⁴/4 - y²: a saddle at (0, 0) between two valleys. Starting on the "
         "ridge, the gradient is nearly zero near the saddle, so plain gradient descent "
         "stalls there before rolling off; momentum escapes sooner, and RMSProp and Adam, "
         "which enlarge the tiny sideways gradient, almost at once.",
    lr={"sgd": 0.1, "adaptive": 0.1})
SURFACES.add(
    "beale",
    Beale(start=(1.0, 1.4), window=(-4.5, 4.5, -4.5, 4.5), minima=((3.0, 0.5),),
          log_contours=True),
    display="Beale plateau",
    help="Beale's function: wide flat plateaus and steep walls, minimum at (3, 0.5). "
         "Gradients on the plateau are tiny, which adaptive optimizers compensate for.",
    lr={"sgd": 0.005, "adaptive": 0.1})


def get(identifier) -> Surface:
    """A registered surface by name (``"rosenbrock"``), or a ``Surface`` passed through."""
    if isinstance(identifier, Surface):
        return identifier
    return SURFACES[identifier]
