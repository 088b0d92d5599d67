"""Layers: shapes and parameter counts as Keras prints them, configs, errors, behaviour."""
from __future__ import annotations

import inspect

import numpy as np
import pytest

from dlstudio.engine.layers import (LAYERS, Activation, AveragePooling2D, BatchNormalization,
                                    Conv2D, Dense, Dropout, Flatten, MaxPooling2D)
from tests.float_tolerance import assert_float_close


def assert_layer(layer, input_shape, output_shape, n_params, n_trainable=None, batch=2,
                 dtype=np.float32):
    """The generic layer check: build, forward and backward shapes, parameter counts."""
    rng = np.random.default_rng(0)
    assert layer.output_shape(input_shape) == output_shape
    layer.build(input_shape, rng, dtype)
    assert layer.n_params == n_params
    assert layer.n_trainable == (n_params if n_trainable is None else n_trainable)
    x = rng.standard_normal((batch, *input_shape)).astype(dtype)
    y = layer.forward(x, training=True)
    assert y.shape == (batch, *output_shape) and y.dtype == dtype
    dx = layer.backward(np.ones_like(y))
    assert dx.shape == x.shape and dx.dtype == dtype
    for key, value in layer.params.items():
        if layer.trainable:
            assert layer.grads[key].shape == value.shape and layer.grads[key].dtype == dtype
    return layer


# Figures printed by Keras's model.summary() for the same layers.
@pytest.mark.parametrize("make, in_shape, out_shape, n_params, n_trainable", [
    (lambda: Conv2D(32, 3), (28, 28, 1), (26, 26, 32), 320, None),
    (lambda: Conv2D(64, 3), (13, 13, 32), (11, 11, 64), 18_496, None),
    (lambda: Conv2D(64, 3), (5, 5, 64), (3, 3, 64), 36_928, None),
    (lambda: Conv2D(16, 3, strides=2, padding="same"), (28, 28, 1), (14, 14, 16), 160, None),
    (lambda: Conv2D(8, 3, strides=2), (28, 28, 1), (13, 13, 8), 80, None),
    (lambda: Conv2D(16, 3, strides=2, padding="same", use_bias=False), (28, 28, 1),
     (14, 14, 16), 144, None),
    (lambda: Conv2D(4, (5, 3), strides=(2, 1), padding="same"), (9, 7, 3), (5, 7, 4), 184,
     None),
    (lambda: Conv2D(6, 5), (32, 32, 3), (28, 28, 6), 456, None),
    (lambda: Dense(64), (576,), (64,), 36_928, None),
    (lambda: Dense(10), (64,), (10,), 650, None),
    (lambda: Dense(300), (784,), (300,), 235_500, None),
    (lambda: Dense(32, trainable=False), (16,), (32,), 544, 0),
    (lambda: BatchNormalization(), (11, 11, 64), (11, 11, 64), 256, 128),
    (lambda: BatchNormalization(), (100,), (100,), 400, 200),
    (lambda: BatchNormalization(center=False), (10,), (10,), 30, 10),
    (lambda: BatchNormalization(trainable=False), (10,), (10,), 40, 0),
    (lambda: MaxPooling2D(2), (26, 26, 32), (13, 13, 32), 0, None),
    (lambda: MaxPooling2D(2), (11, 11, 64), (5, 5, 64), 0, None),
    (lambda: MaxPooling2D(2, padding="same"), (11, 11, 64), (6, 6, 64), 0, None),
    (lambda: MaxPooling2D(3, strides=2), (13, 13, 4), (6, 6, 4), 0, None),
    (lambda: AveragePooling2D(3, strides=2, padding="same"), (7, 7, 8), (4, 4, 8), 0, None),
    (lambda: Flatten(), (3, 3, 64), (576,), 0, None),
    (lambda: Flatten(), (10,), (10,), 0, None),
    (lambda: Dropout(0.3), (3, 3, 2), (3, 3, 2), 0, None),
    (lambda: Activation("relu"), (7,), (7,), 0, None),
])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_shapes_and_parameter_counts_match_keras(make, in_shape, out_shape, n_params,
                                                 n_trainable, dtype):
    assert_layer(make(), in_shape, out_shape, n_params, n_trainable, dtype=dtype)


def test_keras_layouts_and_weight_order():
    rng = np.random.default_rng(0)
    conv = Conv2D(8, 3)
    conv.build((6, 6, 2), rng)
    assert [w.shape for w in conv.get_weights()] == [(3, 3, 2, 8), (8,)]
    bn = BatchNormalization()
    bn.build((4, 4, 3), rng)
    assert [w.shape for w in bn.get_weights()] == [(3,)] * 4
    np.testing.assert_array_equal(bn.get_weights()[0], 1)       # gamma
    np.testing.assert_array_equal(bn.get_weights()[3], 1)       # moving variance
    dense = Dense(3, use_bias=False)
    dense.build((5,), rng)
    assert [w.shape for w in dense.get_weights()] == [(5, 3)]


@pytest.mark.parametrize("layer", [
    Dense(5, activation={"class_name": "leaky_relu", "config": {"alpha": 0.2}},
          kernel_initializer="he_normal", kernel_regularizer={"l2": 0.01},
          kernel_constraint={"class_name": "max_norm", "config": {"max_value": 3.0}},
          name="hidden", trainable=False),
    Conv2D(4, (3, 5), strides=2, padding="same", activation="relu", use_bias=False),
    MaxPooling2D((2, 3), strides=1, padding="same"),
    AveragePooling2D(2),
    Flatten(name="flat"),
    Dropout(0.25, seed=3),
    BatchNormalization(momentum=0.9, epsilon=1e-5, center=False),
    Activation("softmax"),
], ids=lambda layer: layer.type_name)
def test_config_round_trips_through_the_constructor(layer):
    import json
    cfg = layer.get_config()
    again = type(layer)(**json.loads(json.dumps(cfg)))
    assert again.get_config() == cfg


def test_config_uses_keras_names_and_defaults():
    cfg = Conv2D(32, 3, activation="relu").get_config()
    assert cfg == {"filters": 32, "kernel_size": 3, "strides": 1, "padding": "valid",
                   "activation": "relu", "use_bias": True,
                   "kernel_initializer": "glorot_uniform", "bias_initializer": "zeros"}
    assert Dense(10).get_config()["activation"] == "linear"
    assert "strides" not in MaxPooling2D(2).get_config()
    assert BatchNormalization().momentum == 0.99 and BatchNormalization().epsilon == 1e-3
    assert Dropout().rate == 0.5


@pytest.mark.parametrize("make, in_shape, fragment", [
    (lambda: Conv2D(8, 5), (3, 3, 1), "5x5 kernel does not fit a 3x3 input; use padding='same'"),
    (lambda: Conv2D(8, 3), (784,), "height, width, channels"),
    (lambda: Dense(10), (5, 5, 64), "add a Flatten layer"),
    (lambda: MaxPooling2D(3), (2, 2, 8), "pooling window does not fit"),
    (lambda: AveragePooling2D(2), (10,), "height, width, channels"),
    (lambda: BatchNormalization(), (3, 3), "vectors"),
])
def test_shape_errors_say_how_to_fix(make, in_shape, fragment):
    with pytest.raises(ValueError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        make().output_shape(in_shape)


def test_same_padding_always_fits():
    assert Conv2D(8, 5, padding="same").output_shape((3, 3, 1)) == (3, 3, 8)
    assert MaxPooling2D(3, padding="same").output_shape((2, 2, 8)) == (1, 1, 8)


@pytest.mark.parametrize("make, fragment", [
    (lambda: Dense(0), "units must be at least 1"),
    (lambda: Dense(2.5), "units must be a whole number"),
    (lambda: Conv2D(8, 0), "kernel_size must be at least 1"),
    (lambda: Conv2D(8, (3, 3, 3)), "one number or two"),
    (lambda: Conv2D(8, 3, padding="full"), "padding must be 'valid'"),
    (lambda: Conv2D(8, 3, activation="relu7"), "unknown activation"),
    (lambda: Dense(8, kernel_initializer="he_gaussian"), "kernel_initializer"),
    (lambda: Dense(8, kernel_regularizer={"l3": 1}), "kernel_regularizer"),
    (lambda: Dense(8, use_bias="yes"), "use_bias must be true or false"),
    (lambda: Dropout(1.0), "below 1"),
    (lambda: Dropout(-0.1), "at least 0"),
    (lambda: BatchNormalization(momentum=1.5), "momentum"),
    (lambda: Activation("nope"), "unknown activation"),
    (lambda: Dense(3, trainable="no"), "trainable must be true or false"),
])
def test_bad_hyperparameters_raise_for_students(make, fragment):
    with pytest.raises(ValueError, match=fragment):
        make()


def test_batchnorm_training_statistics_and_moving_averages():
    rng = np.random.default_rng(1)
    bn = BatchNormalization(momentum=0.9)
    bn.build((4, 4, 3), rng, np.float64)
    x = rng.standard_normal((8, 4, 4, 3)) * [1.0, 2.0, 3.0] + [5.0, -1.0, 0.0]
    y = bn.forward(x, training=True)
    flat = y.reshape(-1, 3)
    np.testing.assert_allclose(flat.mean(axis=0), 0, atol=1e-12)
    var = x.reshape(-1, 3).var(axis=0)
    np.testing.assert_allclose(flat.var(axis=0), var / (var + 1e-3), rtol=1e-10)
    np.testing.assert_allclose(bn.state["moving_mean"], 0.1 * x.reshape(-1, 3).mean(axis=0))
    np.testing.assert_allclose(bn.state["moving_variance"], 0.9 + 0.1 * var)
    # inference uses the moving statistics and leaves them alone
    before = bn.state["moving_mean"].copy()
    y_inf = bn.forward(x, training=False)
    expected = (x - bn.state["moving_mean"]) / np.sqrt(bn.state["moving_variance"] + 1e-3)
    np.testing.assert_allclose(y_inf, expected, rtol=1e-12)
    np.testing.assert_array_equal(bn.state["moving_mean"], before)


def test_frozen_batchnorm_runs_in_inference_mode():
    rng = np.random.default_rng(2)
    bn = BatchNormalization(trainable=False)
    bn.build((3,), rng, np.float64)
    x = rng.standard_normal((5, 3)) + 4
    np.testing.assert_allclose(bn.forward(x, training=True), x / np.sqrt(1 + 1e-3))
    np.testing.assert_array_equal(bn.state["moving_mean"], 0)


@pytest.mark.parametrize("rows", [5, 70_000 // 3])      # the serial kernels, the parallel passes
def test_batchnorm_gradients_live_in_the_same_arrays_step_after_step(rows):
    # the optimizer's and the trainer's packed arrays stay valid (walker11 W11-7)
    rng = np.random.default_rng(4)
    bn = BatchNormalization(center=False)
    bn.build((3,), rng, np.float32)
    seen = None
    for step in range(3):
        x = (rng.standard_normal((rows, 3)) * (step + 1)).astype(np.float32)
        g = rng.standard_normal(x.shape).astype(np.float32)
        bn.forward(x, training=True)
        bn.backward(g)
        assert list(bn.grads) == ["gamma"] and bn.grads["gamma"].dtype == np.float32
        if seen is not None:
            assert bn.grads["gamma"] is seen
        seen = bn.grads["gamma"]
        xhat = (x - x.mean(0)) / np.sqrt(x.astype(np.float64).var(0) + 1e-3)
        np.testing.assert_allclose(seen, (g * xhat).sum(0), rtol=1e-4, atol=1e-3)
    bn.trainable = False                                 # frozen: no gradients at all
    bn.forward(x, training=True)
    bn.backward(g)
    assert bn.grads == {}


def test_dropout_training_inference_rate_and_masks():
    rng = np.random.default_rng(3)
    d = Dropout(0.25)
    d.build((1000,), rng)
    x = np.ones((20, 1000), dtype=np.float32)
    assert d.forward(x, training=False) is x
    y = d.forward(x, training=True)
    kept = y != 0
    assert abs(kept.mean() - 0.75) < 0.02
    np.testing.assert_allclose(y[kept], 1 / 0.75, rtol=1e-6)
    assert abs(y.mean() - 1.0) < 0.03                       # expectation preserved
    np.testing.assert_array_equal(d.backward(np.ones_like(y)), y)
    # frozen mask: the same mask on every later pass
    d.freeze_mask()
    np.testing.assert_array_equal(d.forward(x, training=True), y)
    np.testing.assert_array_equal(d.forward(x, training=True), y)
    d.unfreeze_mask()
    assert not np.array_equal(d.forward(x, training=True), y)
    # live rate change
    d.rate = 0.5
    assert abs((d.forward(x, training=True) != 0).mean() - 0.5) < 0.02
    with pytest.raises(ValueError):
        d.rate = 1.2
    d.rate = 0.0
    assert d.forward(x, training=True) is x


def test_dropout_masks_follow_the_build_seed():
    def masks(seed, layer_seed=None):
        d = Dropout(0.5, seed=layer_seed)
        d.build((50,), np.random.default_rng(seed))
        return d.forward(np.ones((4, 50)), training=True)

    np.testing.assert_array_equal(masks(1), masks(1))
    assert not np.array_equal(masks(1), masks(2))
    np.testing.assert_array_equal(masks(1, layer_seed=7), masks(2, layer_seed=7))


def test_fixed_mask_can_be_set_directly():
    d = Dropout(0.5)
    d.build((3,), np.random.default_rng(0))
    d.fixed_mask = np.array([[2.0, 0.0, 2.0]])
    np.testing.assert_array_equal(d.forward(np.ones((1, 3)), training=True), [[2, 0, 2]])
    with pytest.raises(ValueError, match="fixed_mask"):
        d.forward(np.ones((2, 3)), training=True)


def test_layers_with_activation_expose_pre_and_post_activation():
    rng = np.random.default_rng(4)
    for layer, shape in [(Dense(4, activation="relu"), (3,)),
                         (Conv2D(2, 3, activation="tanh"), (5, 5, 1))]:
        layer.build(shape, rng)
        y = layer.forward(rng.standard_normal((2, *shape)).astype(np.float32))
        assert layer.last_output is y
        np.testing.assert_allclose(layer.activation.forward(layer.last_preactivation), y)
        assert layer.activation_name == layer.activation.name


def test_buffers_survive_batch_size_changes_and_match_float64():
    rng = np.random.default_rng(5)
    conv32, conv64 = Conv2D(4, 3, padding="same", activation="relu"), Conv2D(4, 3, padding="same", activation="relu")
    conv32.build((6, 6, 2), rng, np.float32)
    conv64.build((6, 6, 2), rng, np.float64)
    conv64.set_weights(conv32.get_weights())
    for n in (5, 3, 5, 1):
        x = rng.standard_normal((n, 6, 6, 2))
        y32 = conv32.forward(x.astype(np.float32), training=True).copy()
        y64 = conv64.forward(x, training=True)
        np.testing.assert_allclose(y32, y64, rtol=1e-4, atol=1e-5)
        g = rng.standard_normal(y64.shape)
        np.testing.assert_allclose(conv32.backward(g.astype(np.float32)), conv64.backward(g),
                                   rtol=1e-4, atol=1e-4)
        np.testing.assert_allclose(conv32.grads["W"], conv64.grads["W"], rtol=1e-3, atol=1e-3)


def test_first_layer_can_skip_the_input_gradient():
    layer = Conv2D(2, 3)
    layer.build((5, 5, 1), np.random.default_rng(6))
    layer.compute_input_grad = False
    y = layer.forward(np.ones((2, 5, 5, 1), dtype=np.float32), training=True)
    assert layer.backward(np.ones_like(y)) is None
    assert layer.grads["W"].any()


def test_reset_parameters_redraws_from_the_initializer():
    layer = Dense(4, kernel_initializer="he_normal")
    layer.build((8,), np.random.default_rng(0))
    w0 = layer.params["W"].copy()
    layer.reset_parameters(np.random.default_rng(1))
    assert not np.array_equal(w0, layer.params["W"])
    layer.reset_parameters(np.random.default_rng(0))
    np.testing.assert_array_equal(w0, layer.params["W"])


def test_constraints_and_regularization_hooks():
    layer = Dense(3, kernel_constraint={"class_name": "max_norm", "config": {"max_value": 0.5}},
                  kernel_regularizer={"l1": 0.1})
    layer.build((4,), np.random.default_rng(0), np.float64)
    layer.params["W"][...] = 1.0
    assert layer.regularization_loss() == pytest.approx(0.1 * 12)
    layer.apply_constraints()
    np.testing.assert_allclose(np.linalg.norm(layer.params["W"], axis=0), 0.5, rtol=1e-6)
    plain = Flatten()
    assert plain.regularization_loss() == 0.0
    plain.add_regularization_grads()
    plain.apply_constraints()


@pytest.mark.parametrize("type_name", LAYERS.names())
def test_registry_describes_every_constructor_argument(type_name):
    entry = LAYERS.entry(type_name)
    assert entry.display and len(entry.help) > 30
    args = [p for p in inspect.signature(entry.obj.__init__).parameters if p != "self"]
    documented = [p.name for p in entry.params]
    missing = set(args) - set(documented) - {"trainable"}
    assert not missing, f"{type_name}: no Param for {missing}"
    for p in entry.params:
        assert p.help, f"{type_name}.{p.name} has no help"
        if p.kind in ("int", "float", "ints"):
            assert p.low is not None and p.high is not None
    for name, default in ((p.name, p.default) for p in entry.params):
        sig_default = inspect.signature(entry.obj.__init__).parameters[name].default
        if sig_default is not inspect.Parameter.empty and name != "activation":
            assert default == sig_default, f"{type_name}.{name}"


@pytest.mark.parametrize("activation", ["relu", "tanh", "linear"])
def test_fused_numba_paths_match_the_numpy_paths(activation, monkeypatch):
    from dlstudio.engine.layers import common

    rng = np.random.default_rng(7)
    x = rng.standard_normal((4, 12, 12, 3))
    g = rng.standard_normal((4, 12, 12, 128))
    results = []
    for limit in (1, 10**12):                      # fused kernels, then plain NumPy
        monkeypatch.setattr(common, "FUSED_MIN_SIZE", limit)
        layer = Conv2D(128, 3, padding="same", activation=activation)
        layer.build((12, 12, 3), np.random.default_rng(0), np.float64)
        layer.params["b"][...] = rng.standard_normal(128) if not results else results[0][3]
        y = layer.forward(x, training=True).copy()
        dx = layer.backward(g).copy()
        results.append((y, dx, {k: v.copy() for k, v in layer.grads.items()},
                        layer.params["b"].copy()))
    (y1, dx1, g1, _), (y2, dx2, g2, _) = results
    np.testing.assert_allclose(y1, y2, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dx1, dx2, rtol=1e-10, atol=1e-10)
    for key in ("W", "b"):
        np.testing.assert_allclose(g1[key], g2[key], rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("serial_max", [0, 1_000_000], ids=["passes", "one-call"])
@pytest.mark.parametrize("training, trainable", [(True, True), (False, True), (True, False)])
def test_batchnorm_numba_path_matches_numpy_path(training, trainable, serial_max, monkeypatch):
    from dlstudio.engine.kernels import _reference_columns, batchnorm as kernels
    from dlstudio.engine.layers import batchnorm

    monkeypatch.setattr(batchnorm, "SERIAL_MAX_VALUES", serial_max)
    rng = np.random.default_rng(8)
    x = rng.standard_normal((6, 10, 10, 8)) * 2 + 1
    g = rng.standard_normal(x.shape)
    results = []
    for twins in (kernels, _reference_columns):            # Numba kernels, then the NumPy twins
        monkeypatch.setattr(batchnorm, "kbn", twins)
        bn = BatchNormalization(momentum=0.8, trainable=trainable)
        bn.build((10, 10, 8), np.random.default_rng(0), np.float64)
        bn.params["gamma"][...] = np.linspace(0.5, 2, 8)
        bn.params["beta"][...] = np.linspace(-1, 1, 8)
        bn.state["moving_variance"][...] = 1.5
        y = bn.forward(x, training=training).copy()
        dx = bn.backward(g).copy()
        results.append((y, dx, dict(bn.grads), {k: v.copy() for k, v in bn.state.items()}))
    (y1, dx1, g1, s1), (y2, dx2, g2, s2) = results
    np.testing.assert_allclose(y1, y2, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dx1, dx2, rtol=1e-10, atol=1e-12)
    assert g1.keys() == g2.keys()
    for key in g1:
        np.testing.assert_allclose(g1[key], g2[key], rtol=1e-10)
    for key in s1:
        np.testing.assert_allclose(s1[key], s2[key], rtol=1e-12)


@pytest.mark.parametrize("make, in_shape", [
    (lambda: Conv2D(8, 3, activation="relu"), (12, 12, 3)),     # fused ReLU in place
    (lambda: Conv2D(4, 3, padding="same", activation="tanh"), (6, 6, 2)),
    (lambda: MaxPooling2D(2), (9, 9, 5)),                         # no winners kept
    (lambda: MaxPooling2D(3, strides=2, padding="same"), (7, 8, 2)),
])
def test_forward_only_path_gives_the_inference_output(make, in_shape):
    layer = make()
    layer.build(in_shape, np.random.default_rng(0))
    if "b" in layer.params:
        layer.params["b"][...] = np.linspace(-0.5, 0.5, layer.params["b"].size)
    x = np.random.default_rng(1).standard_normal((40,) + in_shape).astype(np.float32)
    want = layer.forward(x, training=False).copy()
    np.testing.assert_array_equal(layer.infer(x), want)        # same arithmetic, same order


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("filters, kernel, strides, padding, activation, use_bias, shape", [
    (8, 3, 1, "valid", "relu", True, (9, 9, 6)),
    (5, 3, 2, "same", "relu", False, (9, 8, 8)),
    (4, 2, 1, "same", None, True, (7, 7, 16)),
])
def test_conv_tiles_agree_with_the_whole_batch_path(monkeypatch, dtype, filters, kernel, strides,
                                                    padding, activation, use_bias, shape):
    from dlstudio.engine.kernels import blas

    if not blas.AVAILABLE:
        pytest.skip("NumPy's OpenBLAS is not reachable from Numba")
    results, paths = _conv_on_two_paths(monkeypatch, "TILED_MIN_TERMS", (1, 10**9),
                                        "uses_tiles", dtype, filters, kernel, strides, padding,
                                        activation, use_bias, shape)
    assert paths == [True, False]                 # tiles, then the whole-batch path
    _assert_same_conv_results(results, kernel * kernel * shape[2], filters, kernel * kernel)


def _conv_on_two_paths(monkeypatch, setting, values, uses, dtype, filters, kernel, strides,
                       padding, activation, use_bias, shape):
    """A Conv2D's forward, pre-activation, infer, input gradient and grads, once per value
    of the module ``setting``; and whether ``layer.<uses>(x)`` said yes each time."""
    from dlstudio.engine.layers import conv2d

    x = np.random.default_rng(2).standard_normal((5,) + shape).astype(dtype)
    results, paths = [], []
    for value in values:
        monkeypatch.setattr(conv2d, setting, value)
        layer = conv2d.Conv2D(filters, kernel, strides, padding, activation=activation,
                              use_bias=use_bias)
        layer.build(shape, np.random.default_rng(0), dtype)
        layer.compute_input_grad = True
        paths.append(getattr(layer, uses)(x))
        y = layer.forward(x, training=True).copy()
        z = layer.last_preactivation.copy()
        g = np.random.default_rng(3).standard_normal(y.shape).astype(dtype)
        dx = layer.backward(g).copy()
        results.append((y, z, layer.infer(x).copy(), dx,
                        {k: v.copy() for k, v in layer.grads.items()}))
    return results, paths


def _assert_same_conv_results(results, k: int, filters: int, window: int) -> None:
    """Both paths' results agree to rounding: k terms per output, ``filters * window``
    per input gradient value (window: kernel height x width)."""
    from tests.float_tolerance import assert_float_close

    (y, z, inf, dx, grads), (y0, z0, _, dx0, grads0) = results
    assert_float_close(y, y0, n_terms=k + 1)
    assert_float_close(z, z0, n_terms=k + 1)
    assert_float_close(inf, y0, n_terms=k + 1)
    assert_float_close(dx, dx0, n_terms=filters * window)
    assert grads.keys() == grads0.keys()
    for name in grads0:
        assert_float_close(grads[name], grads0[name], n_terms=y.size // filters)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("filters, kernel, strides, padding, activation, use_bias, shape", [
    (32, 3, 1, "valid", "relu", True, (12, 12, 1)),
    (5, 3, 2, "same", "relu", False, (9, 8, 3)),
    (4, 5, 1, "same", None, True, (7, 7, 1)),
])
def test_conv_direct_agrees_with_the_whole_batch_path(monkeypatch, dtype, filters, kernel,
                                                      strides, padding, activation, use_bias,
                                                      shape):
    results, paths = _conv_on_two_paths(monkeypatch, "DIRECT_MAX_TERMS", (27, 0),
                                        "uses_direct", dtype, filters, kernel, strides, padding,
                                        activation, use_bias, shape)
    assert paths == [True, False]                 # direct, then the whole-batch path
    _assert_same_conv_results(results, kernel * kernel * shape[2], filters, kernel * kernel)


def test_conv_direct_first_layer_skips_the_input_gradient():
    from dlstudio.engine.layers import conv2d

    layer = conv2d.Conv2D(8, 3, activation="relu")
    layer.build((10, 10, 1), np.random.default_rng(0), np.float32)
    x = np.random.default_rng(1).standard_normal((3, 10, 10, 1)).astype(np.float32)
    assert layer.uses_direct(x)
    y = layer.forward(x, training=True)
    layer.compute_input_grad = False
    assert layer.backward(np.ones_like(y)) is None
    assert set(layer.grads) == {"W", "b"}


@pytest.mark.parametrize("padding, size", [("valid", 12), ("valid", 13), ("same", 10)])
def test_first_conv_takes_the_pooling_backward_into_its_own(monkeypatch, padding, size):
    # the fused pass (Conv2D.backward_from_pool) gives the same gradients as the two passes
    from dlstudio.engine.layers import conv2d
    from dlstudio.engine.network import Network
    from dlstudio.engine.spec import LayerSpec, NetworkSpec

    spec = NetworkSpec((size, size, 1), (
        LayerSpec("Conv2D", {"filters": 8, "kernel_size": 3, "padding": padding,
                             "activation": "relu"}),
        LayerSpec("MaxPooling2D", {"pool_size": 2}), LayerSpec("Flatten"),
        LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
    x = np.random.default_rng(1).standard_normal((6, size, size, 1)).astype(np.float32)
    y = np.arange(6) % 3
    calls, results = [], []
    real = conv2d.Conv2D.backward_from_pool
    for fused in (True, False):
        def spy(self, pool, grad, fused=fused):
            done = real(self, pool, grad) if fused else (False, None)
            calls.append(done[0])
            return done
        monkeypatch.setattr(conv2d.Conv2D, "backward_from_pool", spy)
        net = Network.from_spec(spec, seed=0)
        with net.layer_by_layer():              # forward passes layer by layer both times
            loss, grads = net.loss_and_grads(x, y)
        results.append((loss, grads))
    assert calls == [True, False]
    (loss, grads), (loss0, grads0) = results
    assert loss == loss0
    for g, g0 in zip(grads, grads0):
        if padding == "valid":      # kernels.conv_windows: summed window by window
            assert_float_close(g, g0, n_terms=x.shape[0] * size * size)
        else:                       # the direct loops: the same sums in the same order
            np.testing.assert_array_equal(g, g0)
