"""The fused pass's BLAS path (engine/fused_blas.py): its forward chain gives the network's
own outputs (the layer-by-layer path is its NumPy twin)."""
from __future__ import annotations

import numpy as np

from dlstudio import Network
from dlstudio.engine import fused
from dlstudio.engine.fused_blas import forward_chain
from dlstudio.engine.fused_plan import build_plan
from dlstudio.engine.spec import LayerSpec, NetworkSpec


def test_forward_chain_matches_the_layer_by_layer_logits():
    spec = NetworkSpec((5,), (LayerSpec("Dense", {"units": 6, "activation": "elu"}),
                              LayerSpec("Dense", {"units": 4, "activation": "tanh"}),
                              LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
    net = Network.from_spec(spec, seed=2, dtype=np.float64)
    x = np.random.default_rng(0).standard_normal((7, 5))
    plan = build_plan(net)
    logits = forward_chain(x, plan.for_inference(7), plan.settings, plan.limit)
    with fused.disabled():
        expected = net.predict_logits(x)
    np.testing.assert_allclose(logits, expected, rtol=1e-11, atol=1e-13)
