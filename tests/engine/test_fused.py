"""The fused training pass (engine/fused.py) against its NumPy twin, the layer-by-layer path."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio import Network
from dlstudio.engine import activations, fused, fused_stages, losses, optimizers
from dlstudio.engine.kernels import fused as fk
from dlstudio.engine.kernels import fused_activations as fka
from dlstudio.engine.spec import LayerSpec, NetworkSpec

SCCE = "sparse_categorical_crossentropy"


def D(units, activation=None, **kw):
    return LayerSpec("Dense", {"units": units, "activation": activation, **kw})


def A(activation):
    return LayerSpec("Activation", {"activation": activation})


def F():
    return LayerSpec("Flatten", {})


# (name, input width, layers, loss, kind of targets)
NETS = [
    ("toy", 2, (D(8, "tanh"), D(8, "tanh"), D(8, "tanh"), D(2, "softmax")), SCCE, "labels"),
    ("relu_family", 3, (D(6, "relu"), D(5, "elu"), D(5, "selu"), D(4, "leaky_relu"),
                        D(4, "softplus"), D(4, "sigmoid"), D(3, "softmax")), SCCE, "labels"),
    ("custom_alphas", 3, (D(5, {"class_name": "elu", "config": {"alpha": 0.5}}),
                          D(5, {"class_name": "leaky_relu", "config": {"alpha": 0.2}}),
                          D(3, "softmax", use_bias=False)), SCCE, "labels"),
    ("no_bias", 4, (D(6, "tanh", use_bias=False), D(3, "softmax")), SCCE, "labels"),
    ("bce", 2, (D(6, "relu"), D(1, "sigmoid")), "binary_crossentropy", "binary"),
    ("bce_multi", 2, (D(6, "tanh"), D(3, "sigmoid")), "binary_crossentropy", "binary"),
    ("mse_linear", 3, (D(7, "tanh"), D(2)), "mse", "real"),
    ("mse_tanh_out", 3, (D(7, "relu"), D(2, "tanh")), "mse", "real"),
    ("mse_sigmoid_out", 3, (D(7, "elu"), D(2, "sigmoid")), "mse", "real"),
    ("activation_layers", 3, (D(6), A("relu"), D(5), A("tanh"), A("linear"), D(3), A("softmax")),
     SCCE, "labels"),
    ("activation_first", 3, (A("tanh"), D(4, "relu"), D(3, "softmax")), SCCE, "labels"),
    ("logits_scce", 3, (D(5, "tanh"), D(3)),
     {"class_name": SCCE, "config": {"from_logits": True}}, "labels"),
    ("logits_bce", 3, (D(5, "tanh"), D(2)),
     {"class_name": "binary_crossentropy", "config": {"from_logits": True}}, "binary"),
    ("frozen_middle", 3, (D(6, "tanh"), D(5, "relu", trainable=False), D(3, "softmax")),
     SCCE, "labels"),
    ("frozen_first", 3, (D(6, "tanh", trainable=False), D(3, "softmax")), SCCE, "labels"),
    # images through leading Flatten layers, as the presets' MLPs take them
    ("flatten_first", (4, 3, 2), (F(), D(6, "elu"), D(5, "relu"), D(3, "softmax")), SCCE,
     "labels"),
    ("two_flattens", (2, 3, 1), (F(), F(), D(4, "tanh", trainable=False), D(3, "softmax")), SCCE,
     "labels"),
]


def batch(n_in, n_out, kind, n=10, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n,) + (n_in if isinstance(n_in, tuple) else (n_in,)))
    if kind == "labels":
        y = rng.integers(0, n_out, n)
    elif kind == "binary":
        y = rng.integers(0, 2, (n, n_out)).astype(np.float64)
    else:
        y = rng.standard_normal((n, n_out))
    return x, y


def build_pair(n_in, layers, dtype, seed=3):
    spec = NetworkSpec(n_in if isinstance(n_in, tuple) else (n_in,), tuple(layers))
    return Network.from_spec(spec, seed=seed, dtype=dtype), Network.from_spec(spec, seed=seed,
                                                                              dtype=dtype)


def tolerances(dtype):
    return dict(rtol=2e-5, atol=2e-6) if dtype == np.float32 else dict(rtol=1e-11, atol=1e-13)


@pytest.fixture
def kernel_calls(monkeypatch):
    """Counts the fused kernel's calls."""
    calls = []
    real = fk.train_step

    def counting(*args):
        calls.append(args[0].shape[0])
        return real(*args)

    monkeypatch.setattr(fk, "train_step", counting)
    return calls


def assert_same_pass(fast, slow, x, y, loss, dtype):
    tol = tolerances(dtype)
    v1, p1 = fast.forward_backward(x, y, loss)
    with fused.disabled():
        v2, p2 = slow.forward_backward(x, y, loss)
    assert isinstance(v1, float)
    np.testing.assert_allclose(v1, v2, **tol)
    assert p1.dtype == p2.dtype and p1.shape == p2.shape
    np.testing.assert_allclose(p1, p2, **tol)
    for lf, ls in zip(fast.layers, slow.layers):
        assert lf.grads.keys() == ls.grads.keys()
        for key in ls.grads:
            np.testing.assert_allclose(lf.grads[key], ls.grads[key], **tol, err_msg=key)
        for attr in ("last_output", "last_preactivation"):
            a, b = getattr(lf, attr), getattr(ls, attr)
            assert (a is None) == (b is None)
            if a is not None:
                np.testing.assert_allclose(a, b, **tol, err_msg=f"{lf.name} {attr}")
    refs_f = fast.parameters()
    with fused.disabled():
        refs_s = slow.parameters()
    assert [(r.layer_index, r.key) for r in refs_f] == [(r.layer_index, r.key) for r in refs_s]
    for r in refs_f:          # the live arrays of the layers, as the optimizer needs them
        layer = fast.layers[r.layer_index]
        assert r.value is layer.params[r.key] and r.grad is layer.grads[r.key]
    return v1


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,n_in,layers,loss,kind", NETS, ids=[n[0] for n in NETS])
def test_fused_pass_matches_layer_by_layer(name, n_in, layers, loss, kind, dtype, kernel_calls):
    fast, slow = build_pair(n_in, layers, dtype)
    x, y = batch(n_in, fast.output_shape[0], kind)
    assert_same_pass(fast, slow, x, y, loss, dtype)
    assert kernel_calls == [10]


@pytest.fixture
def blas_path(monkeypatch):
    """Every batch takes the BLAS path (products by engine.gemm between small kernels);
    counts its loss-kernel calls."""
    calls = []
    real = fk.loss

    def counting(*args):
        calls.append(args[3].shape[0])
        return real(*args)

    monkeypatch.setattr(fused, "MAX_MACS", 0)
    monkeypatch.setattr(fk, "loss", counting)
    return calls


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,n_in,layers,loss,kind", NETS, ids=[n[0] for n in NETS])
def test_blas_path_matches_layer_by_layer(name, n_in, layers, loss, kind, dtype, blas_path,
                                          kernel_calls):
    fast, slow = build_pair(n_in, layers, dtype)
    for n in (10, 7, 10):                 # buffers per batch size, reused
        x, y = batch(n_in, fast.output_shape[0], kind, n=n, seed=n)
        assert_same_pass(fast, slow, x, y, loss, dtype)
    assert blas_path == [10, 7, 10] and kernel_calls == []


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,n_in,layers,loss,kind", NETS, ids=[n[0] for n in NETS])
def test_predict_matches_layer_by_layer(name, n_in, layers, loss, kind, dtype, monkeypatch):
    fast, slow = build_pair(n_in, layers, dtype)
    x, y = batch(n_in, fast.output_shape[0], kind, n=10)
    fast.forward_backward(x, y, loss)                 # a training pass first
    kept = [None if layer.last_output is None else layer.last_output.copy()
            for layer in fast.layers]
    monkeypatch.setattr(fused, "PREDICT_MIN_CHUNK", 1)
    for chunk in (4, 64):                             # chunks of 4, 4, 2 rows; one chunk
        got = fast.predict(x, batch_size=chunk)
        with fused.disabled():
            want = slow.predict(x, batch_size=chunk)
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_allclose(got, want, **tolerances(dtype))
    # the prediction used buffers of its own: the training pass's values are intact
    for layer, before in zip(fast.layers, kept):
        if before is not None:
            np.testing.assert_array_equal(layer.last_output, before)


def train_both(fast, slow, n_in, kind, loss, opt):
    """Eight optimizer steps on batches of 10 and 7: ``fast`` as it goes, ``slow`` on the
    layer-by-layer path."""
    opt_f, opt_s = optimizers.get(opt[0], **opt[1]), optimizers.get(opt[0], **opt[1])
    for step in range(8):
        x, y = batch(n_in, fast.output_shape[0], kind, n=(10 if step % 3 else 7), seed=step)
        fast.forward_backward(x, y, loss)
        opt_f.apply(fast.parameters())
        with fused.disabled():
            slow.forward_backward(x, y, loss)
            opt_s.apply(slow.parameters())


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("opt", [("sgd", {"learning_rate": 0.1, "momentum": 0.9}),
                                 ("adam", {"learning_rate": 0.01})])
@pytest.mark.parametrize("name,n_in,layers,loss,kind", [NETS[i] for i in (0, 1, 4, 6, 8, 9, 13, 15)],
                         ids=[NETS[i][0] for i in (0, 1, 4, 6, 8, 9, 13, 15)])
@pytest.mark.parametrize("path", ["kernel", "blas"])
def test_same_weights_after_training_steps(name, n_in, layers, loss, kind, opt, dtype, path,
                                           kernel_calls, monkeypatch):
    if path == "blas":
        monkeypatch.setattr(fused, "MAX_MACS", 0)
    fast, slow = build_pair(n_in, layers, dtype)
    train_both(fast, slow, n_in, kind, loss, opt)
    tol = dict(rtol=1e-4, atol=1e-5) if dtype == np.float32 else tolerances(dtype)
    for wf, ws in zip(fast.get_weights(), slow.get_weights()):
        np.testing.assert_allclose(wf, ws, **tol)
    assert len(kernel_calls) == (8 if path == "kernel" else 0)


def test_loss_instances_and_single_column_labels(kernel_calls):
    fast, slow = build_pair(2, NETS[0][2], np.float32)
    x, y = batch(2, 2, "labels")
    loss = losses.get(SCCE)
    assert_same_pass(fast, slow, x, y[:, None], loss, np.float32)
    assert_same_pass(fast, slow, x.astype(np.float32), y.astype(np.int32), loss, np.float32)
    assert len(kernel_calls) == 2


@pytest.mark.parametrize("layers,loss", [
    ((D(4, "relu", kernel_regularizer="l2"), D(2, "softmax")), SCCE),
    ((D(4, "relu"), LayerSpec("Dropout", {"rate": 0.5}), D(2, "softmax")), SCCE),
    ((D(2, "relu"), LayerSpec("BatchNormalization", {})), "mse"),
    ((D(4, "relu"), D(2, "softmax")), "categorical_crossentropy"),
    ((D(4, "relu"), D(2, "softmax")), "mse"),
    ((D(4, "relu"), D(2)), SCCE),
], ids=["regularizer", "dropout", "batchnorm_last", "cce", "softmax_mse",
        "linear_scce"])
def test_networks_that_do_not_qualify_take_the_normal_path(layers, loss, kernel_calls):
    net = Network.from_spec(NetworkSpec((3,), layers), seed=0)
    x = np.random.default_rng(0).standard_normal((6, 3)).astype(np.float32)
    y = np.array([0, 1, 1, 0, 1, 0])
    if loss == "categorical_crossentropy":
        y = np.eye(2)[y]
    elif loss == "mse":
        y = np.random.default_rng(1).random((6, 2))
    net.forward_backward(x, y, loss)
    assert kernel_calls == []


def BN(**kw):
    return LayerSpec("BatchNormalization", kw)


# batch norm runs in the small kernel (training mode: the batch's statistics; frozen: the
# moving ones), as a first stage, without center or scale, after any Dense
BN_NETS = [
    ("bn_sigmoid", 2, (D(6, use_bias=False), BN(), A("sigmoid"), D(5, use_bias=False),
                       BN(momentum=0.8), A("tanh"), D(3, "softmax")), SCCE, "labels"),
    ("bn_options", 3, (D(6, "relu"), BN(center=False), D(5), BN(scale=False, trainable=False),
                       A("elu"), D(3, "softmax")), SCCE, "labels"),
    ("bn_first", 3, (BN(epsilon=0.01), D(4, "tanh"), D(2, "sigmoid")), "binary_crossentropy",
     "binary"),
]


def warmed_pair(n_in, layers, dtype):
    """Two equal networks whose moving statistics are no longer 0 and 1."""
    fast, slow = build_pair(n_in, layers, dtype)
    rng = np.random.default_rng(7)
    for net in (fast, slow):
        for layer in net.layers:
            for key, value in layer.state.items():
                value[...] = rng.uniform(0.5, 1.5, value.shape)
        rng = np.random.default_rng(7)
    return fast, slow


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,n_in,layers,loss,kind", BN_NETS, ids=[n[0] for n in BN_NETS])
def test_batch_norm_pass_matches_layer_by_layer(name, n_in, layers, loss, kind, dtype,
                                                kernel_calls):
    fast, slow = warmed_pair(n_in, layers, dtype)
    for step, n in enumerate((10, 7, 10)):
        x, y = batch(n_in, fast.output_shape[0], kind, n=n, seed=step)
        assert_same_pass(fast, slow, x, y, loss, dtype)
        for lf, ls in zip(fast.layers, slow.layers):           # the moving statistics
            for key in ls.state:
                np.testing.assert_allclose(lf.state[key], ls.state[key], **tolerances(dtype))
    assert kernel_calls == [10, 7, 10]
    # the layers took the pass as their own: a backward pass continues from it
    g = np.random.default_rng(3).standard_normal((10, fast.output_shape[0])).astype(dtype)
    np.testing.assert_allclose(fast.backward(g), slow.backward(g), **tolerances(dtype))


@pytest.mark.parametrize("name,n_in,layers,loss,kind", BN_NETS, ids=[n[0] for n in BN_NETS])
def test_batch_norm_gradients_match_finite_differences(name, n_in, layers, loss, kind,
                                                       kernel_calls):
    from dlstudio.engine.gradcheck import (TOLERANCE, numeric_gradient, relative_error,
                                           rounding_noise, smallest_checkable)

    net, _ = warmed_pair(n_in, layers, np.float64)
    x, y = batch(n_in, net.output_shape[0], kind, n=9)
    value, _ = net.forward_backward(x, y, loss)
    floor = smallest_checkable(rounding_noise(value))  # a Dense bias under batch norm: ~0
    refs = net.parameters()
    assert {net.layers[r.layer_index].type_name for r in refs} >= {"BatchNormalization"}
    for ref in refs:
        want = ref.grad.copy()
        states = [v.copy() for layer in net.layers for v in layer.state.values()]

        def f(_):
            for v, kept in zip((v for layer in net.layers for v in layer.state.values()),
                               states):
                v[...] = kept            # each pass moves the statistics: start alike
            return net.forward_backward(x, y, loss)[0]

        got = numeric_gradient(f, ref.value)
        assert not relative_error(want, got, floor) >= TOLERANCE, (ref.layer_index, ref.key)
    assert len(kernel_calls) > 10


@pytest.mark.parametrize("opt", [("sgd", {"learning_rate": 0.1, "momentum": 0.9}),
                                 ("adam", {"learning_rate": 0.01})])
def test_batch_norm_training_steps_match_layer_by_layer(opt, kernel_calls):
    name, n_in, layers, loss, kind = BN_NETS[0]
    fast, slow = build_pair(n_in, layers, np.float64)
    train_both(fast, slow, n_in, kind, loss, opt)
    for wf, ws in zip(fast.get_weights(), slow.get_weights()):    # moving statistics too
        np.testing.assert_allclose(wf, ws, **tolerances(np.float64))
    assert len(kernel_calls) == 8


def test_batch_norm_large_batches_and_predictions_take_the_normal_path(kernel_calls,
                                                                       monkeypatch):
    name, n_in, layers, loss, kind = BN_NETS[1]
    fast, slow = warmed_pair(n_in, layers, np.float32)
    x, y = batch(n_in, fast.output_shape[0], kind, n=12)
    np.testing.assert_allclose(fast.predict(x), slow.predict(x), **tolerances(np.float32))
    monkeypatch.setattr(fused, "MAX_MACS", 0)
    assert_same_pass(fast, slow, x, y, loss, np.float32)
    assert kernel_calls == []


def test_replaced_batch_norm_arrays_are_never_stale(kernel_calls):
    name, n_in, layers, loss, kind = BN_NETS[0]
    fast, slow = build_pair(n_in, layers, np.float64)
    x, y = batch(n_in, fast.output_shape[0], kind)
    assert_same_pass(fast, slow, x, y, loss, np.float64)
    for net in (fast, slow):
        net.layers[1].params["gamma"] = net.layers[1].params["gamma"] * 2     # new arrays
        net.layers[4].state["moving_mean"] = net.layers[4].state["moving_mean"] + 1
        net.layers[4].momentum = 0.5
    assert_same_pass(fast, slow, x, y, loss, np.float64)
    for net in (fast, slow):
        net.layers[1].trainable = False                # frozen: moving statistics, no grads
    assert_same_pass(fast, slow, x, y, loss, np.float64)
    assert fast.layers[1].grads == {} and len(kernel_calls) == 3


def test_large_batches_take_blas_path(kernel_calls):
    net = Network.from_spec(NetworkSpec((20,), (D(50, "relu"), D(10, "softmax"))), seed=0)
    per_example = 20 * 50 + 50 * 10
    small = fused.MAX_MACS // per_example
    for n in (small, small + 1):
        x, y = batch(20, 10, "labels", n=n)
        net.forward_backward(x, y, SCCE)
    assert kernel_calls == [small]


def test_replaced_and_rewritten_weights_are_never_stale(kernel_calls):
    fast, slow = build_pair(2, NETS[0][2], np.float64)
    x, y = batch(2, 2, "labels")
    assert_same_pass(fast, slow, x, y, SCCE, np.float64)
    new = [w * 1.5 + 0.1 for w in slow.get_weights()]
    fast.set_weights(new)                                    # in place
    slow.set_weights(new)
    assert_same_pass(fast, slow, x, y, SCCE, np.float64)
    fast.reset_parameters(seed=11)                           # new arrays
    slow.reset_parameters(seed=11)
    assert_same_pass(fast, slow, x, y, SCCE, np.float64)
    w = np.random.default_rng(5).standard_normal(fast.layers[1].params["W"].shape)
    fast.layers[1].params["W"] = w.copy()                    # a new array put in by hand
    slow.layers[1].params["W"] = w.copy()
    assert_same_pass(fast, slow, x, y, SCCE, np.float64)
    fast.layers[1].grads["b"] = np.zeros(8)                  # a replaced gradient array
    assert_same_pass(fast, slow, x, y, SCCE, np.float64)
    assert len(kernel_calls) == 5


def test_freezing_live_changes_gradients_and_parameters(kernel_calls):
    fast, slow = build_pair(3, NETS[13][2], np.float32)
    x, y = batch(3, 3, "labels")
    assert_same_pass(fast, slow, x, y, SCCE, np.float32)
    for net in (fast, slow):
        net.layers[0].trainable = False
        net.layers[1].trainable = True
    assert_same_pass(fast, slow, x, y, SCCE, np.float32)
    assert fast.layers[0].grads == {} and "W" in fast.layers[1].grads
    assert [r.layer_index for r in fast.parameters()] == [1, 1, 2, 2]
    assert len(kernel_calls) == 2


def test_backward_after_a_fused_pass_uses_its_values():
    fast, slow = build_pair(3, NETS[13][2], np.float64)
    x, y = batch(3, 3, "labels")
    assert_same_pass(fast, slow, x, y, SCCE, np.float64)
    g = np.random.default_rng(1).standard_normal((10, 3))
    with fused.disabled():
        gx_fast, gx_slow = fast.backward(g), slow.backward(g)
    np.testing.assert_allclose(gx_fast, gx_slow, rtol=1e-12)
    np.testing.assert_allclose(fast.layers[2].grads["W"], slow.layers[2].grads["W"], rtol=1e-12)


def test_predictions_are_fresh_and_batch_sizes_alternate(kernel_calls):
    fast, slow = build_pair(2, NETS[0][2], np.float32)
    outs = []
    for n in (10, 3, 10, 3):
        x, y = batch(2, 2, "labels", n=n, seed=n)
        assert_same_pass(fast, slow, x, y, SCCE, np.float32)
        outs.append(fast.forward_backward(x, y, SCCE)[1])
    assert len({id(o) for o in outs}) == 4
    np.testing.assert_array_equal(outs[0], outs[2])


@pytest.mark.parametrize("labels", [[0, 1, 2], [-1, 0, 1]])
def test_bad_labels_give_the_normal_error(labels, kernel_calls):
    net = Network.from_spec(NetworkSpec((2,), NETS[0][2]), seed=0)
    x = np.zeros((3, 2), np.float32)
    with pytest.raises(ValueError, match="labels run from"):
        net.forward_backward(x, np.array(labels), SCCE)
    assert kernel_calls == [3]


def test_wrong_input_shape_gives_the_normal_error():
    from dlstudio.engine.network import NetworkError

    net = Network.from_spec(NetworkSpec((2,), NETS[0][2]), seed=0)
    with pytest.raises(NetworkError, match="expects inputs"):
        net.forward_backward(np.zeros((4, 3), np.float32), np.zeros(4, int), SCCE)


# -- the kernel's element-wise parts against dlstudio.engine.activations -------------------------
ACTS = ["linear", "relu", "tanh", "sigmoid", "elu", "selu", "leaky_relu", "softplus",
        {"class_name": "elu", "config": {"alpha": 0.3}},
        {"class_name": "leaky_relu", "config": {"alpha": 0.25}}]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("ident", ACTS, ids=str)
def test_kernel_activations_match_numpy_twins(ident, dtype):
    act = activations.get(ident)
    code, alpha, scale = fused_stages.activation_params(act)
    limit = 80.0 if dtype == np.float32 else 700.0
    rng = np.random.default_rng(0)
    z = np.concatenate([rng.standard_normal((6, 7)) * 3,
                        np.array([[0.0, -0.0, 1e4, -1e4, 100.0, -100.0, 1e-30]])]).astype(dtype)
    g = rng.standard_normal(z.shape).astype(dtype)
    a = np.empty_like(z)
    fka.activate(code, alpha, scale, limit, z, a)
    ref_a = act.forward(z)
    np.testing.assert_allclose(a, ref_a, **tolerances(dtype))
    d = g.copy()
    fka.activation_backward(code, alpha, scale, limit, z, ref_a, d)
    np.testing.assert_allclose(d, act.backward(z, ref_a, g), **tolerances(dtype))


def test_kernel_tanh_of_float32_is_within_an_ulp_of_numpy():
    # float32 takes (1 - e) / (1 + e), e = exp(-2|z|) by a series, in float64; below
    # |z| = 1e-4, z itself; from 10 on, 1
    mags = np.concatenate([np.geomspace(1e-8, 20.0, 4001),
                           [9.9e-5, 1e-4, 1.0001e-4, 0.0, 9.0, 9.02, 10.0, 10.01, 1e30, np.inf]])
    z = np.concatenate([mags, -mags]).astype(np.float32).reshape(2, -1)
    a = np.empty_like(z)
    fka.activate(fk.TANH, 0.0, 1.0, 80.0, z, a)
    want = np.tanh(z.astype(np.float64))
    np.testing.assert_allclose(a, want, rtol=np.finfo(np.float32).eps, atol=0)


def test_kernel_elu_of_float32_is_within_rounding_of_float64():
    # float32 takes expm1 by range reduction and a series, in float32 (``_expm1_neg32``)
    neg = -np.concatenate([np.geomspace(1e-12, 100.0, 20001),
                           [0.0, 0.3465, 0.3466, 87.9, 88.1, 1e30, np.inf, 1e-40]])
    z = np.concatenate([neg, -neg]).astype(np.float32).reshape(2, -1)
    eps = np.finfo(np.float32).eps               # the value within 1.2 ulp, then x alpha, scale
    for act in ("elu", "selu", {"class_name": "elu", "config": {"alpha": 0.3}}):
        code, alpha, scale = fused_stages.activation_params(activations.get(act))
        want = activations.get(act).forward(z.astype(np.float64))
        got = np.empty_like(z)
        fka.activate(code, alpha, scale, 80.0, z, got)                  # the small kernel
        np.testing.assert_allclose(got, want, rtol=3 * eps, atol=1e-44, err_msg=str(act))  # subnormals
        b = np.zeros((1, z.shape[1]), np.float32)
        zb, got2 = z.copy(), np.empty_like(z)
        fk.bias_elu32(False, b, zb, got2, alpha, scale)              # the BLAS path's kernel
        np.testing.assert_array_equal(got2, got)
    b = np.random.default_rng(1).standard_normal((1, z.shape[1])).astype(np.float32)
    zb = z.copy()
    fk.bias_elu32(True, b, zb, got2, 1.0, 1.0)
    np.testing.assert_array_equal(zb, z + b)                     # z takes the bias in place
    np.testing.assert_allclose(got2, activations.get("elu").forward(z + b), rtol=4e-7, atol=0)
    nan = np.array([[np.nan, -np.nan]], np.float32)
    fk.bias_elu32(False, b, nan, nan_out := np.empty_like(nan), 1.0, 1.0)
    assert np.isnan(nan_out).all()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_kernel_matches_numpy_twin(dtype):
    z = (np.random.default_rng(2).standard_normal((9, 5)) * 30).astype(dtype)
    z[3] = np.nan
    z[4, 1] = np.inf
    out = np.empty_like(z)
    fk.softmax_rows(z, out)
    with np.errstate(invalid="ignore"):
        want = activations.get("softmax").forward(z)
    np.testing.assert_allclose(out, want, **tolerances(dtype))     # NaN where NumPy has NaN


def test_kernel_keeps_nan_like_numpy():
    z = np.array([[np.nan, 1.0]], np.float32)
    for name in ("relu", "elu", "leaky_relu", "sigmoid", "tanh"):
        act = activations.get(name)
        a = np.empty_like(z)
        fka.activate(*fused_stages.activation_params(act), 80.0, z, a)
        assert np.isnan(a[0, 0]) and np.isnan(act.forward(z)[0, 0]), name


# -- the optimizer's fast path for the same ParamRefs step after step ----------------------------
@pytest.mark.parametrize("name,config", [("sgd", {"momentum": 0.9, "nesterov": True}),
                                         ("adam", {}), ("rmsprop", {"centered": True}),
                                         ("adagrad", {}), ("ftrl", {})])
def test_reused_param_refs_update_exactly_like_fresh_ones(name, config):
    from dlstudio.engine.optimizers.base import ParamRef

    rng = np.random.default_rng(0)
    values = [rng.standard_normal((4, 3)).astype(np.float32), rng.standard_normal(3).astype(np.float32)]
    grads = [rng.standard_normal(v.shape).astype(np.float32) for v in values]
    w_reuse, w_fresh = [v.copy() for v in values], [v.copy() for v in values]
    refs = [ParamRef(0, k, w, g) for k, w, g in zip("Wb", w_reuse, grads)]
    opt_reuse, opt_fresh = optimizers.get(name, **config), optimizers.get(name, **config)
    for step in range(4):
        for g in grads:
            g *= -0.9
        opt_reuse.apply(refs, 0.05)
        opt_fresh.apply([ParamRef(0, k, w, g) for k, w, g in zip("Wb", w_fresh, grads)], 0.05)
        if step == 1:                       # forgetting the state drops the remembered slots
            opt_reuse.reset()
            opt_fresh.reset()
    for a, b in zip(w_reuse, w_fresh):
        np.testing.assert_array_equal(a, b)
    state = opt_fresh.state_dict()
    opt_reuse.load_state_dict(state)
    opt_reuse.apply(refs, 0.05)
    opt_fresh.apply([ParamRef(0, k, w, g) for k, w, g in zip("Wb", w_fresh, grads)], 0.05)
    for a, b in zip(w_reuse, w_fresh):
        np.testing.assert_array_equal(a, b)
    assert opt_reuse.state_dict()["iterations"] == opt_fresh.state_dict()["iterations"]


def test_mismatched_gradient_shape_still_raises():
    from dlstudio.engine.optimizers.base import ParamRef

    opt = optimizers.get("sgd")
    with pytest.raises(ValueError, match="shape"):
        opt.apply([ParamRef(0, "W", np.zeros((2, 2)), np.zeros(3))], 0.1)


def test_networks_with_a_plan_can_be_copied_and_pickled(kernel_calls):
    import copy
    import pickle

    net = Network.from_spec(NetworkSpec((2,), NETS[0][2]), seed=0)
    x, y = batch(2, 2, "labels")
    value = net.forward_backward(x, y, SCCE)[0]
    for twin in (copy.deepcopy(net), pickle.loads(pickle.dumps(net))):
        assert twin.forward_backward(x, y, SCCE)[0] == value
        assert twin.parameters()[0].value is twin.layers[0].params["W"]
    assert len(kernel_calls) == 3


def test_steady_steps_reuse_their_setup_and_batch_sizes_beyond_the_kept_ones(
        kernel_calls, monkeypatch):
    """A step with the loss and batch size of the step before takes that step's set-up
    (``_step_setup`` not called again); a new loss or size builds its own, also after the
    plan let the older sizes' buffers go (more sizes than ``MAX_BATCH_SIZES``)."""
    fast, slow = build_pair(2, NETS[0][2], np.float32)
    setups = []
    real = fused._step_setup

    def counting(plan, loss, n):
        setups.append(n)
        return real(plan, loss, n)

    monkeypatch.setattr(fused, "_step_setup", counting)
    sizes = (10, 10, 10, 3, 4, 5, 6, 7, 10, 10)
    for n in sizes:
        x, y = batch(2, 2, "labels", n=n, seed=n)
        assert_same_pass(fast, slow, x, y, SCCE, np.float32)
    assert setups == [10, 3, 4, 5, 6, 7, 10]
    x, y = batch(2, 2, "labels", n=10, seed=10)
    assert_same_pass(fast, slow, x, y, losses.get(SCCE), np.float32)   # a Loss instance
    assert setups[-1] == 10 and len(setups) == 8


def test_small_predictions_call_numpy_matmul_without_sizing(monkeypatch):
    """With two threads, products too small to split go straight to ``numpy.matmul``
    (``gemm.matmul`` would size each and then make the same call)."""
    from dlstudio.engine import gemm, threads

    net = Network.from_spec(NetworkSpec((2,), NETS[0][2]), seed=0)
    x = batch(2, 2, "labels", n=10)[0].astype(np.float32)
    want = net.predict(x)

    def refuse(*args, **kwargs):
        raise AssertionError("gemm.matmul sized a product too small to split")

    monkeypatch.setattr(threads, "chosen_threads", lambda: 2)
    monkeypatch.setattr(gemm, "matmul", refuse)
    np.testing.assert_array_equal(net.predict(x), want)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_add_bias_kernel_equals_numpy_exactly(dtype):
    rng = np.random.default_rng(4)
    z = (rng.standard_normal((7, 5)) * 1e3).astype(dtype)
    b = rng.standard_normal((1, 5)).astype(dtype)
    b[0, 2] = np.nan
    want = z + b
    fk.add_bias(b, z)
    np.testing.assert_array_equal(z, want)           # the same additions, bit for bit
