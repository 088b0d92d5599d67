"""The trainer's every-step pieces that run as one kernel call (gradient norms, last good
weights, accuracy) against their NumPy twins."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from dlstudio import Network
from dlstudio.engine import fused, losses
from dlstudio.engine.kernels import reductions
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.training import probes
from dlstudio.training.step import GradNorms, LastGood

SCCE = "sparse_categorical_crossentropy"


def D(units, activation=None, **kw):
    return LayerSpec("Dense", {"units": units, "activation": activation, **kw})


NETS = {
    "toy": ((2,), (D(8, "tanh"), D(8, "tanh"), D(8, "tanh"), D(2, "softmax"))),
    "frozen_middle": ((3,), (D(6, "tanh"), D(5, "relu", trainable=False), D(3, "softmax"))),
    "no_bias": ((3,), (D(6, "relu", use_bias=False), D(3, "softmax"))),
    "conv_bn": ((6, 6, 1), (LayerSpec("Conv2D", {"filters": 3, "kernel_size": 3,
                                                  "activation": "relu"}),
                            LayerSpec("BatchNormalization"), LayerSpec("Flatten"),
                            D(3, "softmax"))),
}


def trained_pass(name, dtype, seed=0):
    shape, layers = NETS[name]
    net = Network.from_spec(NetworkSpec(shape, layers), seed=seed, dtype=dtype)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((10,) + shape).astype(dtype)
    y = rng.integers(0, 3 if name != "toy" else 2, 10)
    net.forward_backward(x, y, SCCE)
    return net, x, y


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", list(NETS))
def test_grad_norms_match_layer_by_layer_norms(name, dtype):
    net, x, y = trained_pass(name, dtype)
    norms = GradNorms()
    got = norms(net, net.parameters())
    want = probes.layer_grad_norms(net)
    assert [i for i, _ in got] == [i for i, _ in want]
    np.testing.assert_allclose([n for _, n in got], [n for _, n in want], rtol=1e-12)
    assert norms._packed is not None                 # the one-call path was taken
    # the next step's gradients through the same packed list
    net.forward_backward(x * 2, y, SCCE)
    got = norms(net, net.parameters())
    np.testing.assert_allclose([n for _, n in got],
                               [n for _, n in probes.layer_grad_norms(net)], rtol=1e-12)


def test_grad_norms_follow_replaced_gradients_and_report_inf_and_nan():
    net, x, y = trained_pass("toy", np.float64)
    norms = GradNorms()
    norms(net, net.parameters())
    net.layers[1].grads["W"] = np.full_like(net.layers[1].grads["W"], np.inf)  # a new array
    net.layers[2].grads["b"][0] = np.nan
    got = dict(norms(net, net.parameters()))
    assert got[1] == np.inf and np.isnan(got[2])
    assert np.isfinite(got[0]) and np.isfinite(got[3])


def test_grad_norms_of_mixed_dtypes_take_the_layer_loop():
    net, _, _ = trained_pass("toy", np.float64)
    net.layers[0].grads["b"] = net.layers[0].grads["b"].astype(np.float32)
    params = net.parameters()
    got = GradNorms()(net, params)
    np.testing.assert_allclose([n for _, n in got],
                               [n for _, n in probes.layer_grad_norms(net)], rtol=1e-6)


@pytest.mark.parametrize("name", ["toy", "conv_bn"])
def test_last_good_restores_every_array_exactly(name):
    net, x, y = trained_pass(name, np.float32)
    keeper = LastGood(net)
    assert keeper._pairs is not None                 # the one-call path
    keeper.keep(1)
    before = [a.copy() for a in keeper.live]
    for a in keeper.live:
        a += 1.5
    keeper.restore()
    for a, b in zip(keeper.live, before):
        np.testing.assert_array_equal(a, b)


def numpy_accuracy(y_pred, labels):
    return float(np.mean(np.argmax(y_pred, axis=-1) == labels))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_accuracy_kernel_matches_numpy_argmax(dtype):
    rng = np.random.default_rng(3)
    y_pred = rng.random((50, 4)).astype(dtype)
    y_pred[3] = [0.5, 0.5, 0.1, 0.5]                 # ties: the first largest
    y_pred[4] = [0.2, np.nan, 0.9, np.nan]           # NaN: the first NaN, as np.argmax
    y_pred[5] = [np.nan, 0.1, 0.9, 0.3]
    labels = rng.integers(0, 4, 50)
    labels[3:6] = [1, 1, 0]
    assert losses.accuracy(y_pred, labels, SCCE) == numpy_accuracy(y_pred, labels)
    assert reductions.argmax_hits(y_pred, labels) == int(
        np.count_nonzero(np.argmax(y_pred, axis=-1) == labels))
    # other label types and shapes take NumPy's path, with the same answer
    for other in (labels.astype(np.int32), labels.reshape(-1, 1), labels[::-1].copy()[::-1]):
        assert losses.accuracy(y_pred, other, SCCE) == numpy_accuracy(y_pred, labels)


def test_accuracy_with_labels_out_of_range_still_names_the_problem():
    y_pred = np.zeros((3, 2), np.float32)
    with pytest.raises(ValueError, match="labels run from 0 to 2"):
        losses.accuracy(y_pred, np.array([0, 1, 2]), SCCE)
    assert reductions.argmax_hits(y_pred, np.array([0, 1, 2])) == -1


def test_parameters_right_after_a_fused_pass_see_freezing_and_replaced_arrays():
    net, x, y = trained_pass("toy", np.float32)
    net.forward_backward(x, y, SCCE)
    net.layers[2].trainable = False                  # frozen between the pass and the update
    assert [r.layer_index for r in net.parameters()] == [0, 0, 1, 1, 3, 3]
    net.layers[2].trainable = True
    net.forward_backward(x, y, SCCE)
    assert [r.layer_index for r in net.parameters()] == [0, 0, 1, 1, 2, 2, 3, 3]
    new = np.ones_like(net.layers[0].params["W"])
    net.layers[0].params["W"] = new                  # replaced, then asked again
    assert any(r.value is new for r in net.parameters())


def test_parameters_asked_from_another_thread_are_checked_in_full():
    net, x, y = trained_pass("toy", np.float32)
    net.forward_backward(x, y, SCCE)
    new = np.ones_like(net.layers[3].params["b"])
    net.layers[3].params["b"] = new
    out = []
    thread = threading.Thread(target=lambda: out.append(net.parameters()))
    thread.start()
    thread.join()
    assert any(r.value is new for r in out[0])


def numpy_histogram_counts(v, lo, hi, bins):
    """The probes' histogram formula in NumPy (what the kernel replaced)."""
    v = v[np.isfinite(v)]
    scaled = (v - v.dtype.type(lo)) * v.dtype.type(bins / (hi - lo))
    np.clip(scaled, 0, bins - 1, out=scaled)
    return np.bincount(scaled.astype(np.intp), minlength=bins)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_histogram_kernel_counts_exactly_as_numpy(dtype):
    rng = np.random.default_rng(7)
    v = (rng.standard_normal(5000) * 0.7).astype(dtype)
    v[:6] = [np.nan, np.inf, -np.inf, 5.0, -5.0, 0.0]
    edge = np.linspace(-1, 1, 41).astype(dtype)       # values on the bin edges
    for values in (v, v[::3], np.concatenate([v, edge])):
        for lo, hi, bins in ((-1.0, 1.0, 40), (-0.2, 0.5, 7), (0.0, 2.0, 40)):
            got = probes.histogram(values, lo, hi, bins)
            np.testing.assert_array_equal(got.counts, numpy_histogram_counts(values, lo, hi,
                                                                             bins))
        finite = values[np.isfinite(values)]
        s = probes.symmetric_histogram(values, 40)
        bound = probes.nice_bound(float(np.max(np.abs(finite))))
        assert s.edges[-1] == bound and s.edges[0] == -bound
        np.testing.assert_array_equal(s.counts, numpy_histogram_counts(values, -bound,
                                                                       bound, 40))
    assert probes.symmetric_histogram(np.array([np.nan, np.inf], dtype), 4).edges[-1] == 1.0
    assert probes.histogram(np.array([], dtype), 0.0, 1.0, 3).counts.tolist() == [0, 0, 0]
