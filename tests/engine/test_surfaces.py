"""Loss surfaces: exact gradients, sensible start points and windows, contour helpers."""
import numpy as np
import pytest

from dlstudio.engine import surfaces
from dlstudio.engine.surfaces import SURFACES, Quadratic

NAMES = SURFACES.names()


def numeric_gradient(surface, x, y, h=1e-6):
    gx = (surface.value(x + h, y) - surface.value(x - h, y)) / (2 * h)
    gy = (surface.value(x, y + h) - surface.value(x, y - h)) / (2 * h)
    return np.array([gx, gy])


@pytest.mark.parametrize("name", NAMES)
def test_gradient_matches_finite_differences(name):
    surface = SURFACES[name]
    rng = np.random.default_rng(0)
    x0, x1, y0, y1 = surface.window
    for _ in range(20):
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        exact = surface.gradient_at(np.array([x, y]))
        approx = numeric_gradient(surface, x, y)
        scale = max(1.0, float(np.abs(approx).max()))
        np.testing.assert_allclose(exact, approx, atol=1e-5 * scale, rtol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_vectorized_gradient_agrees_with_pointwise(name):
    surface = SURFACES[name]
    xs, ys, z = surface.grid(7)
    gx, gy = surface.gradient(xs[:, None], ys[None, :])
    assert gx.shape == gy.shape == z.shape == (7, 7)
    for i in (0, 3, 6):
        for j in (1, 5):
            p = np.array([xs[i], ys[j]])
            assert z[i, j] == pytest.approx(surface.value_at(p))
            np.testing.assert_allclose([gx[i, j], gy[i, j]], surface.gradient_at(p))


@pytest.mark.parametrize("name", NAMES)
def test_minima_have_zero_gradient_and_lowest_value(name):
    surface = SURFACES[name]
    assert surface.minima, "every playground surface names its minima"
    xs, ys, z = surface.grid(150)
    for m in surface.minima:
        p = np.array(m)
        np.testing.assert_allclose(surface.gradient_at(p), 0.0, atol=1e-9)
        assert surface.value_at(p) <= z.min() + 1e-9


@pytest.mark.parametrize("name", NAMES)
def test_start_is_inside_window_and_away_from_minimum(name):
    surface = SURFACES[name]
    x0, x1, y0, y1 = surface.window
    sx, sy = surface.start
    assert x0 < sx < x1 and y0 < sy < y1
    best = min(surface.value_at(np.array(m)) for m in surface.minima)
    assert surface.value_at(np.array(surface.start)) > best + 0.5


@pytest.mark.parametrize("name", NAMES)
def test_registry_metadata_for_the_ui(name):
    entry = SURFACES.entry(name)
    assert entry.display and entry.help
    assert {"sgd", "adaptive"} <= set(entry.meta["lr"]) <= {"sgd", "momentum", "adaptive"}


@pytest.mark.parametrize("name", NAMES)
def test_contour_levels_increase_inside_value_range(name):
    surface = SURFACES[name]
    z = surface.grid(80)[2]
    levels = surface.contour_levels(12, z)
    assert levels.shape == (12,)
    assert np.all(np.diff(levels) > 0)
    assert z.min() < levels[0] and levels[-1] < z.max()


def test_rotated_quadratic_is_the_same_bowl_turned():
    flat = Quadratic(a=1.0, b=9.0, start=(1, 1), window=(-1, 1, -1, 1))
    turned = Quadratic(a=1.0, b=9.0, angle=90.0, start=(1, 1), window=(-1, 1, -1, 1))
    # turning by 90 degrees swaps the steep and the flat direction
    assert turned.value(0.0, 1.0) == pytest.approx(flat.value(1.0, 0.0))
    assert turned.value(1.0, 0.0) == pytest.approx(flat.value(0.0, 1.0))


def test_get_accepts_names_and_instances():
    bowl = SURFACES["bowl"]
    assert surfaces.get("bowl") is bowl
    assert surfaces.get("Bowl") is bowl
    assert surfaces.get(bowl) is bowl
    with pytest.raises(KeyError, match="rosenbrock"):
        surfaces.get("rosenbrok")
