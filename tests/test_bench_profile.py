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


def test_training_profile_times_every_phase_of_the_step():
    # `dlstudio bench --profile` once failed at start: a patched name had moved to another
    # module when the trainer was split. Every phase it names must be found and called.
    from types import SimpleNamespace

    from dlstudio.bench.breakdown import profile_steps

    rng = np.random.default_rng(0)
    data = SimpleNamespace(x_train=rng.random((96, 28, 28, 1), dtype=np.float32),
                           y_train=rng.integers(0, 10, 96))
    result = profile_steps(data, batch=16, steps=3, warm_steps=1)
    entries = result["entries"]
    for part in ("divergence guard: gradient norms", "divergence guard: check",
                 "divergence guard: keep last good weights", "optimizer", "data: gather batch",
                 "loss (softmax cross-entropy)", "dense backward (GEMM + glue)"):
        assert entries[part][2] == 3, part                  # once per timed step
    assert "clipping" not in entries                        # off in the textbook settings
    assert "divergence guard: gradient norms" in format_breakdown(result)
