"""``check_network``: a whole network's backprop against finite differences of its loss."""
from __future__ import annotations

import numpy as np

from dlstudio.engine.gradcheck import check_network, numeric_gradient, numeric_gradient_at
from dlstudio.engine.network import Network
from dlstudio.engine.spec import LayerSpec as L
from dlstudio.engine.spec import NetworkSpec

LOSS = "sparse_categorical_crossentropy"


def _net(spec, seed=0):
    return Network.from_spec(spec, seed=seed, dtype=np.float64)


def test_sampled_differences_equal_the_full_ones():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4))

    def f(v):
        return float(np.sum(np.sin(v) * v))

    full = numeric_gradient(f, x)
    idx = np.array([0, 5, 11])
    assert np.array_equal(numeric_gradient_at(f, x, idx), full.reshape(-1)[idx])


def test_analytic_values_are_loss_and_grads_entries():
    spec = NetworkSpec((3,), (L("Dense", {"units": 4, "activation": "tanh"}),
                              L("Dense", {"units": 3, "activation": "softmax"})))
    net = _net(spec)
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((5, 3)), rng.integers(0, 3, 5)
    _, grads = net.loss_and_grads(x, y, LOSS)
    checks = check_network(net, x, y, LOSS, rng=rng, samples=3)
    assert [(c.layer, c.key) for c in checks] == [("dense", "W"), ("dense", "b"),
                                                  ("dense_1", "W"), ("dense_1", "b")]
    for c, g in zip(checks, grads):
        np.testing.assert_array_equal(c.analytic, g.reshape(-1)[c.indices])
        assert c.error < 1e-7 and c.resolved(1e-5) and not c.kinked.any()


def test_kinks_are_detected_not_counted():
    # a zero image patch meets a zero bias: z = 0 exactly, on ReLU's corner
    spec = NetworkSpec((4, 4, 1), (L("Conv2D", {"filters": 2, "kernel_size": 3,
                                                "activation": "relu"}),
                                   L("Flatten"), L("Dense", {"units": 2, "activation": "softmax"})))
    net = _net(spec)
    x = np.zeros((2, 4, 4, 1))
    x[:, 0, 0, 0] = 1.0                 # one patch sees a pixel, the others see zeros
    checks = check_network(net, x, np.array([0, 1]), LOSS, rng=np.random.default_rng(0),
                           samples=50, layers=["conv2d"])
    bias = next(c for c in checks if c.key == "b")
    assert bias.kinked.all() and not bias.resolved(1e-5)


def test_chosen_indices_and_unknown_layer():
    spec = NetworkSpec((2,), (L("Dense", {"units": 3, "activation": "sigmoid"}),
                              L("Dense", {"units": 2, "activation": "softmax"})))
    net = _net(spec)
    x, y = np.ones((2, 2)), np.array([0, 1])
    checks = check_network(net, x, y, LOSS, rng=np.random.default_rng(0),
                           indices={("dense_1", "W"): [1, 4]})
    assert len(checks) == 1 and list(checks[0].indices) == [1, 4]
    try:
        check_network(net, x, y, LOSS, rng=np.random.default_rng(0), layers=["nope"])
    except ValueError as exc:
        assert "nope" in str(exc) and "dense_1" in str(exc)
    else:
        raise AssertionError("an unknown layer name must be refused")


def test_a_max_pooling_tie_is_a_kink():
    # a 1x1 linear convolution with weight 0 makes every window a tie: +eps and -eps pick
    # different winners, and the centred difference averages two one-sided slopes
    spec = NetworkSpec((2, 2, 1), (L("Conv2D", {"filters": 1, "kernel_size": 1,
                                                "use_bias": False}),
                                   L("MaxPooling2D", {"pool_size": 2}), L("Flatten"),
                                   L("Dense", {"units": 2, "activation": "softmax"})))
    net = _net(spec)
    net.layers[0].params["W"][...] = 0.0
    x = np.array([[[[1.0], [3.0]], [[2.0], [-1.0]]]])
    checks = check_network(net, x, np.array([1]), LOSS, rng=np.random.default_rng(0),
                           layers=["conv2d"])
    assert checks[0].kinked.all()


def test_max_pool_winners_follow_the_window():
    from dlstudio.engine.gradcheck import max_pool_winners
    from dlstudio.engine.layers import MaxPooling2D

    x = np.arange(2 * 5 * 5 * 3, dtype=float).reshape(2, 5, 5, 3)[:, ::-1]
    for layer in (MaxPooling2D(2), MaxPooling2D(2, padding="same"),
                  MaxPooling2D(3, strides=1, padding="same")):
        layer.build((5, 5, 3), np.random.default_rng(0), dtype=np.float64)
        out = layer.forward(x.copy())
        win = max_pool_winners(layer, x)
        assert win.shape == out.shape
        from dlstudio.engine.kernels.conv import conv_geometry

        (ph, pw), (sh, sw) = layer.pool_size, layer.strides
        _, _, top, left = conv_geometry(5, 5, ph, pw, sh, sw, layer.padding)
        n, i, j, c = np.indices(out.shape)
        rows = i * sh - top + win // pw
        cols = j * sw - left + win % pw
        np.testing.assert_array_equal(x[n, rows, cols, c], out)    # the winner is the max


def _vanishing_net():
    """Nine sigmoid layers with small weights: the first layer's gradients are ~1e-11."""
    init = {"name": "random_normal", "stddev": 0.05}
    hidden = tuple(L("Dense", {"units": 32, "activation": "sigmoid", "kernel_initializer": init})
                   for _ in range(9))
    return _net(NetworkSpec((20,), hidden + (L("Dense", {"units": 10,
                                                          "activation": "softmax"}),)))


def test_vanishing_gradients_are_too_small_not_wrong():
    from dlstudio.engine.gradcheck import TOLERANCE, rounding_noise, smallest_checkable

    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((8, 20)), rng.integers(0, 10, 8)
    checks = check_network(_vanishing_net(), x, y, LOSS, rng=rng, samples=5,
                           layers=["dense", "dense_9"])
    first = [c for c in checks if c.layer == "dense"]
    last = [c for c in checks if c.layer == "dense_9"]
    for c in first:
        limit = smallest_checkable(c.noise)
        assert limit == c.noise / TOLERANCE
        assert np.abs(c.analytic).max() < limit            # ~1e-11 against ~5e-5
        assert c.too_small().all() and not c.resolved()
        assert np.isnan(c.entry_errors()).all() and np.isnan(c.error)   # no "error of 1.0"
    for c in last:                                           # the same rule passes big ones
        assert not c.too_small().any() and c.resolved() and c.error < TOLERANCE
        assert np.all(c.entry_errors() < TOLERANCE)
    # the noise follows the loss: u * max(1, |L|) / eps
    assert rounding_noise(2.3) == np.finfo(np.float64).eps * 2.3 / 1e-6
    assert rounding_noise(0.1) == np.finfo(np.float64).eps / 1e-6


def test_relative_error_has_a_lower_limit():
    from dlstudio.engine.gradcheck import relative_error

    tiny, other = np.array([1e-11, 2e-11]), np.array([0.0, 2.2e-10])
    assert relative_error(tiny, other) > 0.8                    # noise looks like an error
    assert np.isnan(relative_error(tiny, other, floor=5e-5))    # below the limit: unknown
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]),
                          floor=5e-5) < 1e-9
