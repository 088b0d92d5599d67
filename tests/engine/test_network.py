"""Whole networks: gradients checked to the last entry, weights in Keras order, files."""
from __future__ import annotations

import contextlib

import numpy as np
import pytest

from dlstudio import Network
from dlstudio.engine.gradcheck import numeric_gradient, relative_error
from dlstudio.engine.network import NetworkError
from dlstudio.engine.serialize import ModelFileError, load_network, save_network
from dlstudio.engine.spec import LayerSpec, NetworkSpec

from float_tolerance import assert_float_close

L = LayerSpec

MIXED = NetworkSpec((6, 6, 2), (
    L("Conv2D", {"filters": 3, "kernel_size": 3, "padding": "same", "activation": "tanh",
                 "kernel_regularizer": {"l2": 0.01}}),
    L("MaxPooling2D", {"pool_size": 2}),
    L("BatchNormalization"),
    L("Conv2D", {"filters": 4, "kernel_size": 2, "strides": 1, "activation": "elu"}),
    L("AveragePooling2D", {"pool_size": 2, "padding": "same"}),
    L("Flatten"),
    L("Dropout", {"rate": 0.3}),
    L("Dense", {"units": 5, "activation": "sigmoid", "kernel_regularizer": {"l1": 0.01}}),
    L("BatchNormalization"),
    L("Dense", {"units": 3, "activation": "softmax"}),
))


def _freeze_dropout(net):
    for layer in net.layers:
        if hasattr(layer, "freeze_mask"):
            layer.freeze_mask()


def _check_network(spec, x, y, loss):
    net = Network.from_spec(spec, seed=3, dtype=np.float64)
    net.forward(x, training=True)          # draw the dropout masks once, then freeze them
    _freeze_dropout(net)
    value, grads = net.loss_and_grads(x, y, loss)
    assert np.isfinite(value)
    pos = 0
    for layer in net.layers:
        for key, _ in layer.weight_items():
            g = grads[pos]
            pos += 1
            if key not in layer.params:           # moving statistics: no gradient
                assert not g.any()
                continue

            def f(_, layer=layer):
                # BatchNormalization updates its moving averages on every training forward;
                # they do not enter the training-mode loss, so this does not disturb f.
                return net.forward_backward(x, y, loss)[0]

            num = numeric_gradient(f, layer.params[key])
            err = relative_error(g, num)
            assert err < 1e-6, f"{layer.name}.{key}: relative error {err:.2e}"
    assert pos == len(grads)


def test_mixed_network_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 6, 6, 2))
    y = rng.integers(0, 3, 4)
    _check_network(MIXED, x, y, "sparse_categorical_crossentropy")


@pytest.mark.parametrize("loss, out_act, n_out", [
    ("binary_crossentropy", "sigmoid", 1),
    ("mean_squared_error", "linear", 2),
    ("sparse_categorical_crossentropy", "softmax", 3),
])
def test_every_loss_through_a_small_mlp(loss, out_act, n_out):
    spec = NetworkSpec((3,), (L("Dense", {"units": 4, "activation": "selu"}),
                              L("Dense", {"units": 4, "activation": "leaky_relu"}),
                              L("Dense", {"units": n_out, "activation": out_act})))
    rng = np.random.default_rng(1)
    x = rng.standard_normal((5, 3))
    if loss == "mean_squared_error":
        y = rng.standard_normal((5, n_out))
    elif loss == "binary_crossentropy":
        y = rng.integers(0, 2, (5, 1)).astype(np.float64)
    else:
        y = rng.integers(0, n_out, 5)
    _check_network(spec, x, y, loss)


def test_input_gradient_of_whole_network():
    net = Network.from_spec(NetworkSpec((4, 4, 1), (
        L("Conv2D", {"filters": 2, "kernel_size": 3, "activation": "softplus"}), L("Flatten"),
        L("Dense", {"units": 3, "activation": "softmax"}))), seed=0, dtype=np.float64)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 4, 4, 1))
    proj = rng.standard_normal((2, 3))
    net.forward(x, training=True)
    gx = net.backward(proj.copy())
    num = numeric_gradient(lambda xx: float(np.sum(proj * net.forward(xx, training=True))), x)
    assert relative_error(gx, num) < 1e-6


def test_weights_follow_keras_order_and_layouts():
    net = Network.from_spec("mnist_convnet", seed=0)
    shapes = [w.shape for w in net.get_weights()]
    assert shapes == [(3, 3, 1, 32), (32,), (3, 3, 32, 64), (64,), (3, 3, 64, 64), (64,),
                      (576, 64), (64,), (64, 10), (10,)]
    bn = Network.from_spec(NetworkSpec((3,), (L("BatchNormalization"), L("Dense", {"units": 2}))))
    assert [w.shape for w in bn.get_weights()] == [(3,)] * 4 + [(3, 2), (2,)]
    assert np.all(bn.get_weights()[0] == 1) and np.all(bn.get_weights()[3] == 1)  # gamma, moving var


def test_set_weights_round_trip_and_errors():
    a = Network.from_spec("toy_2d", seed=0)
    b = Network.from_spec("toy_2d", seed=1)
    x = np.random.default_rng(0).standard_normal((7, 2)).astype(np.float32)
    assert not np.allclose(a.predict(x), b.predict(x))
    b.set_weights(a.get_weights())
    np.testing.assert_array_equal(a.predict(x), b.predict(x))
    with pytest.raises(NetworkError):
        b.set_weights(a.get_weights()[:-1])


def test_same_seed_same_weights_and_reset():
    a = Network.from_spec("elu_he_mlp", seed=5)
    b = Network.from_spec("elu_he_mlp", seed=5)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(wa, wb)
    before = a.get_weights()
    a.reset_parameters(seed=6)
    assert not np.array_equal(before[0], a.get_weights()[0])


def test_predict_is_batched_inference_and_softmax_sums_to_one():
    net = Network.from_spec("mnist_convnet", seed=0)
    x = np.random.default_rng(0).random((130, 28, 28, 1), dtype=np.float32)
    p = net.predict(x, batch_size=64)
    assert p.shape == (130, 10) and p.dtype == np.float32
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-5)
    # chunked vs one batch: 4 products, the longest the 9,216-term dense layer after Flatten
    assert_float_close(p[:64], net.predict(x[:64]), n_terms=9216, depth=4)


def test_wrong_input_shape_is_a_clear_error():
    net = Network.from_spec("toy_2d")
    with pytest.raises(NetworkError, match=r"expects inputs of shape \(N, 2\)"):
        net.predict(np.zeros((3, 28, 28, 1)))


def test_invalid_spec_lists_problems():
    bad = NetworkSpec((28, 28, 1), (L("Dense", {"units": 10}),))
    with pytest.raises(NetworkError, match="Flatten"):
        Network.from_spec(bad)


def test_frozen_layers_pass_gradients_but_get_none():
    spec = NetworkSpec((3,), (L("Dense", {"units": 4, "activation": "tanh", "trainable": False}),
                              L("Dense", {"units": 2, "activation": "softmax"})))
    net = Network.from_spec(spec, seed=0, dtype=np.float64)
    x = np.random.default_rng(0).standard_normal((4, 3))
    net.forward_backward(x, np.array([0, 1, 0, 1]), "sparse_categorical_crossentropy")
    assert [p.layer_index for p in net.parameters()] == [1, 1]
    gx = net.backward(np.random.default_rng(1).standard_normal((4, 2)))
    assert np.any(gx != 0)


def test_save_and_load_round_trip(tmp_path):
    from dlstudio.engine import optimizers
    from dlstudio.engine.serialize import load_network

    net = Network.from_spec("toy_2d", seed=2)
    opt = optimizers.get("adam", learning_rate=0.01)
    x = np.random.default_rng(0).standard_normal((16, 2)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64)
    for _ in range(3):
        net.forward_backward(x, y, "sparse_categorical_crossentropy")
        opt.apply(net.parameters(), 0.01)
    path = tmp_path / "toy.dlsnet"
    save_network(net, path, optimizer=opt, extra={"note": "hi"})
    loaded = load_network(path)
    np.testing.assert_array_equal(loaded.network.predict(x), net.predict(x))
    assert loaded.extra == {"note": "hi"} and loaded.optimizer_state is not None
    opt2 = optimizers.get(loaded.optimizer_config)
    opt2.load_state_dict(loaded.optimizer_state)
    # both continue identically
    for o, n in ((opt, net), (opt2, loaded.network)):
        n.forward_backward(x, y, "sparse_categorical_crossentropy")
        o.apply(n.parameters(), 0.01)
    for a, b in zip(net.get_weights(), loaded.network.get_weights()):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("content, needle", [
    (b"hello", "damaged"),
    (b"", "damaged"),
])
def test_damaged_model_files_are_clear_errors(tmp_path, content, needle):
    path = tmp_path / "bad.dlsnet"
    path.write_bytes(content)
    with pytest.raises(ModelFileError, match=needle):
        load_network(path)


def test_foreign_zip_is_rejected(tmp_path):
    import zipfile

    path = tmp_path / "foreign.dlsnet"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("something.txt", "not ours")
    with pytest.raises(ModelFileError, match="not a dlstudio model"):
        load_network(path)
    with pytest.raises(ModelFileError, match="no such file"):
        load_network(tmp_path / "missing.dlsnet")


def _spiral(n_per_class: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved arms of 1.5 turns each, scaled into the unit disc."""
    t = np.sqrt(rng.random(n_per_class)) * 3 * np.pi
    arms = []
    for sign in (1, -1):
        pts = np.stack([sign * t * np.cos(t), sign * t * np.sin(t)], axis=1) / (3 * np.pi)
        arms.append(pts + rng.normal(0, 0.02, pts.shape))
    x = np.concatenate(arms).astype(np.float32)
    y = np.repeat([0, 1], n_per_class)
    return x, y


def test_small_mlp_learns_a_spiral():
    from dlstudio.engine import optimizers

    rng = np.random.default_rng(0)
    x, y = _spiral(300, rng)
    x_test, y_test = _spiral(200, np.random.default_rng(1))
    hidden = {"units": 64, "activation": "relu", "kernel_initializer": "he_normal"}
    spec = NetworkSpec((2,), (L("Dense", hidden), L("Dense", hidden),
                              L("Dense", {"units": 2, "activation": "softmax"})))
    net = Network.from_spec(spec, seed=0)
    opt = optimizers.get("adam", learning_rate=0.01)
    for epoch in range(200):
        order = rng.permutation(len(x))
        for i in range(0, len(x), 32):
            idx = order[i:i + 32]
            net.forward_backward(x[idx], y[idx], "sparse_categorical_crossentropy")
            opt.apply(net.parameters(), 0.01)
    assert net.evaluate(x, y)[1] > 0.95
    assert net.evaluate(x_test, y_test)[1] > 0.95


def test_probe_returns_each_layers_values_without_touching_training_state():
    spec = NetworkSpec((4,), (LayerSpec("Dense", {"units": 5, "activation": "tanh"}),
                              LayerSpec("BatchNormalization", {}),
                              LayerSpec("Dropout", {"rate": 0.5}),
                              LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
    net = Network.from_spec(spec, seed=0, dtype=np.float64)
    x = np.random.default_rng(1).standard_normal((8, 4))
    moving = [v.copy() for v in net.layers[1].state.values()]
    values = net.probe(x)
    assert len(values) == len(net.layers)
    z0, a0 = values[0]
    np.testing.assert_allclose(a0, np.tanh(z0), rtol=1e-12)
    np.testing.assert_array_equal(values[2][1], values[1][1])       # dropout is off
    logits, probs = values[-1]
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(probs, net.output_activation.forward(logits.copy()), rtol=1e-12)
    for before, after in zip(moving, net.layers[1].state.values()):
        np.testing.assert_array_equal(before, after)                # moving averages kept


def test_parameters_hands_out_the_same_refs_while_the_arrays_stay():
    # the optimizer reuses its packed small parameters only for the very same ParamRefs
    net = Network.from_spec("mnist_convnet", seed=0)
    first = net.parameters()
    again = net.parameters()
    assert len(first) == 10 and all(a is b for a, b in zip(first, again))
    net.set_weights(net.get_weights())                  # in place: same arrays, same refs
    assert all(a is b for a, b in zip(first, net.parameters()))
    net.layers[0].trainable = False                     # frozen: its kernel and bias drop out
    assert len(net.parameters()) == 8
    net.layers[0].trainable = True
    net.layers[2].reset_parameters(np.random.default_rng(1))   # new arrays: new refs
    fresh = net.parameters()
    assert fresh[2] is not first[2] and fresh[2].value is net.layers[2].params["W"]
    assert fresh[0].value is first[0].value


@pytest.mark.parametrize("fused_path", [True, False])
def test_evaluate_gives_the_loss_a_training_step_computes(fused_path):
    """Walker12 W12-12: with large weights the training step's loss was 6.9e4 (from the
    logits) while ``evaluate`` of the same weights said 14.6 (probabilities clipped at 1e-7,
    at most 16.1): the run's step-0 point, validation and test losses were capped."""
    from dlstudio.engine import fused
    from float_tolerance import rounding_bound

    spec = NetworkSpec((4,), (L("Dense", {"units": 32, "activation": "relu"}),
                              L("Dense", {"units": 32, "activation": "relu"}),
                              L("Dense", {"units": 3, "activation": "softmax"})))
    net = Network.from_spec(spec, seed=0)
    net.set_weights([w * 30 for w in net.get_weights()])
    rng = np.random.default_rng(1)
    x = rng.normal(size=(64, 4)).astype(np.float32)
    y = rng.integers(0, 3, size=64)
    with (contextlib.nullcontext() if fused_path else fused.disabled()):
        trained, _ = net.forward_backward(x, y, "sparse_categorical_crossentropy")
        value, accuracy = net.evaluate(x, y)
        z = net.predict_logits(x)
        probs = net.predict(x)
    assert trained > 100.0                                  # far past the clip's 16.1
    scale = float(np.max(np.abs(z)))
    assert abs(value - trained) <= 2 * rounding_bound(np.float32, 32, depth=3) * scale
    assert accuracy == pytest.approx(float(np.mean(np.argmax(probs, axis=1) == y)))
    assert_float_close(probs.sum(axis=1), np.ones(64), n_terms=3)


@pytest.mark.parametrize("name, data", [("model.keras", bytes(range(256)) * 4),
                                        ("network.json", b"\x08\x01\xff\xfe")])
def test_a_refused_file_keeps_its_message_for_the_windows_language(tmp_path, name, data):
    """walker20 W20-12: from_spec re-raised a file's refusal as its English text, so the zh
    window said 'not a Keras model (.keras), or the file is damaged' in English."""
    from dlstudio.messages import render_error

    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(NetworkError) as caught:
        Network.from_spec(path)
    zh = render_error(caught.value, "zh")
    assert zh != str(caught.value) and str(path) in zh
    assert "文件" in zh
