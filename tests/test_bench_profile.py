"""``dlstudio bench --profile --inference``: the forward-only pass, split per layer."""
from __future__ import annotations

import numpy as np

from dlstudio.bench.breakdown import format_breakdown, profile_inference


def test_inference_profile_names_the_fused_passes():
    x = np.random.default_rng(0).random((20, 28, 28, 1), dtype=np.float32)
    result = profile_inference(x, batch=8, steps=3, warm_steps=1)
    entries = result["entries"]
    fused = [k for k in entries if k.endswith("(fused)")]
    assert fused == ["conv2d + max_pooling2d infer (fused)",
                     "conv2d_1 + max_pooling2d_1 infer (fused)"]
    assert all(entries[k][2] == 3 for k in fused)           # one call per predict
    assert "max_pooling2d infer" not in entries             # taken into the fused pass
    assert entries["conv2d_2 infer"][2] == 3
    text = format_breakdown(result)
    assert "predict call" in text and "conv2d_1 + max_pooling2d_1 infer (fused)" in text
