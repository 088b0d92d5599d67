"""Loss landscapes (Li et al. 2018) and PCA trajectories, Qt-free."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.data import load
from dlstudio.engine.network import Network
from dlstudio.engine.spec import LayerSpec as L
from dlstudio.engine.spec import NetworkSpec
from dlstudio.training import landscape as ls
from dlstudio.training.spec import TelemetrySpec, TrainSpec
from dlstudio.training.trainer import Trainer

LOSS = "sparse_categorical_crossentropy"
SOFTMAX_REGRESSION = NetworkSpec((2,), (L("Dense", {"units": 3, "activation": "softmax"}),))


@pytest.fixture(scope="module")
def trained():
    """Softmax regression trained to its minimum on overlapping blobs (the minimum of the
    unregularized cross-entropy is finite only when the classes overlap), with the weights
    recorded at the start and at every epoch end."""
    data = load("blobs", seed=0, n_samples=300, noise=2.0)
    net = Network.from_spec(SOFTMAX_REGRESSION, seed=0, dtype=np.float64)
    spec = TrainSpec(optimizer="adam", learning_rate=0.05, batch_size=len(data.x_train),
                     epochs=150, shuffle=False)
    spec = spec.replace(telemetry=TelemetrySpec(enabled=False))
    trainer = Trainer(net, data, spec)
    rec = ls.WeightRecorder()
    for snap in trainer.run():
        rec.observe(snap, net)
    return net, data, rec


def test_directions_are_filter_normalized():
    rng = np.random.default_rng(0)
    w = [rng.standard_normal((3, 3, 2, 4)), rng.standard_normal(4), rng.standard_normal((5, 2))]
    d = ls.random_direction(w, rng)
    for wi, di in zip(w, d):
        assert di.shape == wi.shape
        if wi.ndim == 1:
            assert not di.any()
        else:
            axes = tuple(range(wi.ndim - 1))
            np.testing.assert_allclose(np.linalg.norm(di.reshape(-1, wi.shape[-1]), axis=0),
                                       np.sqrt(np.sum(wi * wi, axis=axes)), rtol=1e-12)


def test_softmax_regression_minimum_is_a_convex_bowl(trained):
    net, data, _ = trained
    before = net.get_weights()
    x, y = data.x_train, data.y_train
    grid = ls.run(ls.iter_landscape(net, x, y, LOSS, dims=2, resolution=9, span=0.5, seed=3))
    for a, b in zip(before, net.get_weights()):
        np.testing.assert_array_equal(a, b)              # weights put back
    z = grid.loss
    assert z.shape == (9, 9) and np.isfinite(z).all()
    assert np.unravel_index(np.argmin(z), z.shape) == (4, 4)
    assert grid.centre_loss == pytest.approx(net.evaluate(x, y, LOSS)[0], rel=1e-12)
    tol = 1e-9 * np.abs(z).max()
    # convex along rows, columns and both diagonals: second differences are not negative
    assert (z[:, :-2] - 2 * z[:, 1:-1] + z[:, 2:] >= -tol).all()
    assert (z[:-2] - 2 * z[1:-1] + z[2:] >= -tol).all()
    assert (z[:-2, :-2] - 2 * z[1:-1, 1:-1] + z[2:, 2:] >= -tol).all()
    assert (z[2:, :-2] - 2 * z[1:-1, 1:-1] + z[:-2, 2:] >= -tol).all()

    line = ls.run(ls.iter_landscape(net, x, y, LOSS, dims=1, resolution=8, span=0.5))
    assert line.y is None and line.loss.shape == (9,) and np.argmin(line.loss) == 4
    d = line.to_dict()
    assert set(d) >= {"x", "y", "loss", "span", "resolution", "examples"} and len(d["loss"]) == 9


def test_trajectory_projection_matches_the_snapshots(trained):
    net, _, rec = trained
    assert rec.steps[0] == 0 and rec.steps[-1] == 150 and len(rec.steps) == 151
    traj = ls.pca_trajectory(rec.weights, rec.steps, ls.parameter_mask(net))
    assert traj.coords.shape == (151, 2)
    np.testing.assert_allclose(traj.coords[-1], 0.0, atol=1e-12)       # the centre
    v1 = np.concatenate([a.ravel() for a in traj.directions[0]])
    v2 = np.concatenate([a.ravel() for a in traj.directions[1]])
    assert abs(v1 @ v2) < 1e-12 and v1 @ v1 == pytest.approx(1.0)
    final = np.concatenate([a.ravel() for a in rec.weights[-1]])
    for i in (0, 40, 100):
        diff = np.concatenate([a.ravel() for a in rec.weights[i]]) - final
        np.testing.assert_allclose(traj.coords[i], [diff @ v1, diff @ v2], atol=1e-10)
        # what the plane leaves out is small: the path is nearly planar
    residual = sum(np.sum((np.concatenate([a.ravel() for a in w]) - final
                           - c[0] * v1 - c[1] * v2) ** 2)
                   for w, c in zip(rec.weights, traj.coords))
    total = sum(np.sum((np.concatenate([a.ravel() for a in w]) - final) ** 2)
                for w in rec.weights)
    assert residual / total == pytest.approx(1.0 - traj.explained.sum(), abs=1e-9)
    assert 0.5 < traj.explained.sum() <= 1.0


def test_planar_snapshots_are_recovered_exactly():
    rng = np.random.default_rng(1)
    final = [rng.standard_normal((4, 3)), rng.standard_normal(3)]
    u = [rng.standard_normal((4, 3)), rng.standard_normal(3)]
    v = [rng.standard_normal((4, 3)), rng.standard_normal(3)]
    coefs = [(3.0, 1.0), (2.0, -0.5), (1.0, 0.3), (0.2, 0.1), (0.0, 0.0)]
    snaps = [[f + a * p + b * q for f, p, q in zip(final, u, v)] for a, b in coefs]
    traj = ls.pca_trajectory(snaps)
    assert traj.explained.sum() == pytest.approx(1.0)
    for snap, (c1, c2) in zip(snaps, traj.coords):
        rebuilt = [f + c1 * d1 + c2 * d2 for f, d1, d2 in zip(final, *traj.directions)]
        for a, b in zip(snap, rebuilt):
            np.testing.assert_allclose(a, b, atol=1e-10)


def test_bad_arguments_and_early_close():
    net = Network.from_spec(SOFTMAX_REGRESSION, seed=0)
    x, y = np.zeros((4, 2), np.float32), np.zeros(4, np.int64)
    with pytest.raises(ValueError, match="resolution"):
        next(ls.iter_landscape(net, x, y, LOSS, resolution=2))
    with pytest.raises(ValueError, match="3 weight snapshots"):
        ls.pca_trajectory([net.get_weights()] * 2)
    before = net.get_weights()
    gen = ls.iter_landscape(net, x, y, LOSS, resolution=5)
    next(gen)
    gen.close()                                          # cancelled: weights put back
    for a, b in zip(before, net.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_mean_rise_is_positive_at_a_minimum_and_zero_for_a_constant_network(trained):
    net, data, _ = trained
    rise, centre = ls.mean_rise(net, data.x_train, data.y_train, LOSS, span=0.5, directions=3)
    assert rise > 0 and centre == pytest.approx(net.evaluate(data.x_train, data.y_train,
                                                             LOSS)[0], rel=1e-12)
    flat = Network.from_spec(SOFTMAX_REGRESSION, seed=0, dtype=np.float64)
    flat.set_weights([np.zeros((2, 3)), np.zeros(3)])     # all-zero kernel: zero direction
    rise0, _ = ls.mean_rise(flat, data.x_train, data.y_train, LOSS, span=0.5)
    assert rise0 == 0.0


def _grid(values):
    values = np.asarray(values, dtype=float)
    n = values.shape[0]
    return ls.Landscape(np.linspace(-1, 1, n), np.linspace(-1, 1, n), values)


def test_flat_surfaces_are_recognized():
    # lesson 6's A: 2.323 everywhere up to a thousandth; B: a valley
    flat = _grid(2.323 + 7e-4 * np.random.default_rng(0).random((5, 5)))
    yy, xx = np.meshgrid(np.linspace(-1, 1, 5), np.linspace(-1, 1, 5), indexing="ij")
    valley = _grid(0.3 + 2.0 * (xx ** 2 + yy ** 2))
    assert flat.is_flat() and not valley.is_flat()
    assert flat.spread == pytest.approx(np.ptp(flat.loss))
    assert not _grid(np.full((3, 3), np.nan)).is_flat()


def test_variants_share_one_colour_range():
    flat = _grid(np.full((3, 3), 2.323))
    valley = _grid([[4.0, 1.0, 4.0], [1.0, 0.5, 1.0], [4.0, np.inf, 4.0]])
    lo, hi = ls.shared_loss_range([flat, valley])
    assert (lo, hi) == (0.5, 4.0)                      # every finite loss of both, inf left out
    # a flat surface alone: widened around its value, so it shows as one middle colour
    lo, hi = ls.shared_loss_range([flat])
    assert hi / lo == pytest.approx(1.5) and np.sqrt(lo * hi) == pytest.approx(2.323)
    with pytest.raises(ValueError):
        ls.shared_loss_range([flat], min_ratio=0.5)
