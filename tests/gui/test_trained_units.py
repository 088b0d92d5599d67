"""trained_units: the probe batch a layer of the trained network is measured on (W22-5)."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from dlstudio.gui.trained_units import probe_batch


def test_the_probe_batch_is_validation_data_else_training_data():
    train, val = np.ones((10, 2), np.float32), np.zeros((5, 2), np.float32)
    got = probe_batch(SimpleNamespace(x_train=train, x_val=val), 3)
    assert got.shape == (3, 2) and not got.any()
    got = probe_batch(SimpleNamespace(x_train=train, x_val=val[:0]), 64)
    assert got.shape == (10, 2) and got.all()
    assert probe_batch(SimpleNamespace(x_train=train[:0], x_val=val[:0]), 64) is None
