"""A network's outputs in inference mode (engine/inference.py): chunking does not change
them, logits are the outputs before the output activation, evaluate's loss and accuracy."""
from __future__ import annotations

import numpy as np

from dlstudio import Network
from dlstudio.engine import fused
from dlstudio.engine.spec import LayerSpec, NetworkSpec


def _net():
    spec = NetworkSpec((4,), (LayerSpec("Dense", {"units": 5, "activation": "relu"}),
                              LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
    return Network.from_spec(spec, seed=1, dtype=np.float64)


def test_predict_in_chunks_and_logits_agree():
    net = _net()
    x = np.random.default_rng(0).standard_normal((10, 4))
    with fused.disabled():                       # the layers' forward-only path
        whole, chunked = net.predict(x, batch_size=64), net.predict(x, batch_size=3)
        z = net.predict_logits(x, batch_size=4)
    np.testing.assert_allclose(whole, chunked, rtol=1e-12, atol=1e-14)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    np.testing.assert_allclose(whole, p / p.sum(axis=1, keepdims=True), rtol=1e-12,
                               atol=1e-14)
    assert net.predict(np.zeros((0, 4))).shape == (0, 3)


def test_evaluate_gives_the_cross_entropy_and_accuracy():
    net = _net()
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((12, 4)), rng.integers(0, 3, 12)
    loss, acc = net.evaluate(x, y)
    p = net.predict(x)
    assert abs(loss - float(-np.log(p[np.arange(12), y]).mean())) < 1e-9
    assert acc == (p.argmax(axis=1) == y).mean()
