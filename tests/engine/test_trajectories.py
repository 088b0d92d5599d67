"""Optimizer paths on 2-D surfaces, computed by the engine's real optimizers."""
import numpy as np
import pytest

from dlstudio.engine import optimizers
from dlstudio.engine.surfaces import SURFACES, Quadratic
from dlstudio.engine.trajectories import default_runs, run_many, run_trajectory

# (w - 5)^2 in both coordinates: 0.5 * a * u^2 with a = 2
TEXTBOOK = Quadratic(a=2.0, b=2.0, center=(5.0, 5.0), start=(0.0, 0.0),
                     window=(-1.0, 6.0, -1.0, 6.0), minima=((5.0, 5.0),))


def test_textbook_gradient_descent_reaches_4_99999():
    path = run_trajectory(TEXTBOOK, "sgd", learning_rate=0.01, steps=1000)
    assert path.steps == 1000 and not path.diverged
    w = path.final
    # w_t = 5 - 5 * (1 - 2 * 0.01)^t  ->  5 - 8.4e-9 after 1000 steps
    np.testing.assert_allclose(w, 5.0 - 5.0 * 0.98 ** 1000, rtol=1e-6)
    assert np.all(w > 4.99999) and np.all(w < 5.0)
    # and after only 100 steps it is still visibly short of 5
    assert np.all(run_trajectory(TEXTBOOK, "sgd", 0.01, 100).final < 4.5)


def test_path_matches_the_update_rule_step_by_step():
    path = run_trajectory("bowl", "sgd", learning_rate=0.1, steps=5)
    expected = [np.array(SURFACES["bowl"].start)]
    for _ in range(5):
        expected.append(expected[-1] - 0.1 * expected[-1])   # gradient of |p|^2/2 is p
    np.testing.assert_allclose(path.points, np.array(expected))
    np.testing.assert_allclose(path.values, [0.5 * p @ p for p in expected])


@pytest.mark.parametrize("run", default_runs("bowl"), ids=lambda r: r.label)
def test_every_playground_optimizer_converges_on_the_bowl(run):
    surface = SURFACES["bowl"]
    path = run_trajectory(surface, run.optimizer, run.learning_rate, 600, **run.config)
    assert not path.diverged
    start_dist = path.distance_to((0, 0))[0]
    assert path.distance_to((0, 0))[-1] < 0.05 * start_dist, path.final
    assert path.values[-1] < 1e-2 * path.values[0]


@pytest.mark.parametrize("name", optimizers.OPTIMIZERS.names())
def test_every_registered_optimizer_runs_on_every_surface(name):
    for surface in SURFACES.names():
        path = run_trajectory(surface, name, 0.01, 20)
        assert path.points.shape[1] == 2 and np.all(np.isfinite(path.points))


def test_momentum_too_close_to_one_keeps_oscillating():
    bowl = SURFACES["bowl"]
    good = run_trajectory(bowl, "sgd", 0.1, 400, momentum=0.9)
    bad = run_trajectory(bowl, "sgd", 0.1, 400, momentum=0.99999)
    assert good.distance_to((0, 0))[-1] < 1e-3
    d = bad.distance_to((0, 0))
    start = d[0]
    # it overshoots: flies past the minimum to nearly as far on the other side ...
    assert d.max() > 0.9 * start
    x = bad.points[:, 0]
    crossings = np.count_nonzero(np.diff(np.sign(x)) != 0)
    assert crossings >= 10
    # ... and still swings with almost undiminished amplitude at the end
    assert d[-100:].max() > 0.8 * start
    assert bad.values[-100:].max() > 0.5 * bad.values[0]


def test_valley_gradient_descent_zigzags_momentum_gets_further():
    sgd = run_trajectory("valley", "sgd", 0.45, 60)
    mom = run_trajectory("valley", "sgd", 0.2, 60, momentum=0.9)
    # lr 0.45 with curvature 4 across: each step overshoots the valley floor (y flips sign)
    y = sgd.points[:20, 1]
    assert np.all(np.sign(y[1:]) != np.sign(y[:-1]))
    # along the flat direction, momentum gets much closer to the minimum
    assert abs(mom.final[0]) < 0.5 * abs(sgd.final[0])


def test_gradient_descent_lingers_at_the_saddle_momentum_escapes_sooner():
    paths = {p.label: p for p in run_many("saddle", default_runs("saddle"), steps=300)}

    def near_saddle(p):
        return np.count_nonzero(p.distance_to((0, 0)) < 0.3)

    def escape_step(p):
        return int(np.argmax(np.abs(p.points[:, 1]) > 1.0))

    assert near_saddle(paths["SGD"]) >= 15
    assert near_saddle(paths["Momentum"]) < near_saddle(paths["SGD"]) / 2
    assert escape_step(paths["Momentum"]) < escape_step(paths["SGD"])
    assert escape_step(paths["Adam"]) < escape_step(paths["Momentum"])
    for label in ("SGD", "Momentum", "Adam"):   # all end in one of the two valleys
        np.testing.assert_allclose(np.abs(paths[label].final), [0, np.sqrt(2)], atol=0.05)


def test_too_large_learning_rate_diverges_and_stops_early():
    path = run_trajectory("bowl", "sgd", learning_rate=2.5, steps=500)
    assert path.diverged
    assert path.steps < 500
    assert np.all(np.isfinite(path.points))


def test_custom_start_and_labels():
    runs = default_runs("rosenbrock")
    paths = run_many("rosenbrock", runs, steps=10, start=(0.5, -0.5))
    assert [p.label for p in paths] == ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"]
    assert all(np.array_equal(p.points[0], [0.5, -0.5]) for p in paths)
    assert paths[1].config == {"momentum": 0.9}
    with pytest.raises(ValueError, match="start"):
        run_trajectory("bowl", "sgd", 0.1, 5, start=(1.0, 2.0, 3.0))


def test_suggested_rates_make_visible_progress_on_every_surface():
    for name in SURFACES.names():
        surface = SURFACES[name]
        best = min(surface.value_at(np.array(m)) for m in surface.minima)
        for path in run_many(name, default_runs(name), steps=300):
            assert not path.diverged, (name, path.label)
            gap0 = path.values[0] - best
            assert path.values[-1] - best < 0.5 * gap0, (name, path.label, path.final)
