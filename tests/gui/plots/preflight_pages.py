"""Pre-flight pages for the plot tests: a page showing a report, and reports to show."""
from __future__ import annotations

import numpy as np

from dlstudio.gui.plots.preflight import PreflightPanel
from dlstudio.gui.preflight_check import PreflightResult
from dlstudio.gui.run_store import RunStore


def make(qtbot, report=None, size=(900, 620)) -> PreflightPanel:
    panel = PreflightPanel(RunStore())
    qtbot.addWidget(panel)
    panel.resize(*size)
    if report is not None:
        panel.set_preflight(PreflightResult("A", None, report))
    panel.refresh(force=True)
    return panel


def he_report(layers: int = 12, stddev: float | None = None, learning_rate: float = 0.01):
    """A ReLU network with He initialization, one SGD step at 0.01: its update/weight bars
    hover around the typical 1e-3 line (walker3: the label covered the first bars). With
    ``stddev``: weights of that standard deviation instead (1: lesson 04's exploding net);
    a larger ``learning_rate`` lifts every bar past the line."""
    from dlstudio.engine.network import Network
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.training.preflight import preflight

    init = "he_normal" if stddev is None else {
        "class_name": "random_normal", "config": {"mean": 0.0, "stddev": stddev}}
    hidden = [LayerSpec("Dense", {"units": 64, "activation": "relu",
                                  "kernel_initializer": init}) for _ in range(layers)]
    spec = NetworkSpec((64,), (*hidden, LayerSpec("Dense", {"units": 10,
                                                            "activation": "softmax"})))
    rng = np.random.default_rng(0)
    x = rng.random((128, 64)).astype(np.float32)
    y = rng.integers(0, 10, 128)
    return preflight(Network.from_spec(spec, seed=0), x, y,
                     "sparse_categorical_crossentropy", learning_rate, "sgd")
