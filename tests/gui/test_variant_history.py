"""One variant's record: its buffers' columns, a snapshot's row, a layer's newest fields."""
from __future__ import annotations

import numpy as np

from dlstudio.gui.variant_history import (EPOCH_SERIES, LAYER_SERIES, SCALAR_SERIES,
                                          VariantHistory)
from dlstudio.training.telemetry import Histogram, LayerTelemetry, Telemetry


def _snap(step: int, layers=()) -> Telemetry:
    return Telemetry(step=step, epoch=0, batch_loss=1.5, train_loss=None,
                     train_accuracy=None, learning_rate=0.01, examples_per_second=None,
                     layers=layers, variant="A", epoch_fraction=0.25)


def test_a_history_has_a_column_per_series_and_layer():
    var = VariantHistory.start(_snap(0), ("dense_1", "dense_2"), max_points=64)
    assert var.name == "A" and var.steps.n == 0
    for key in SCALAR_SERIES:
        assert var.steps.data[key].shape[1] == 1
    for key in LAYER_SERIES:
        assert var.steps.data[key].shape[1] == 2
    assert set(EPOCH_SERIES) <= set(var.epochs.data)


def test_a_snapshots_row_has_nan_where_nothing_was_measured():
    layer = LayerTelemetry(index=0, name="dense_1", kind="Dense", activation="relu",
                           grad_norm=0.5)
    row = VariantHistory.step_values(_snap(7, (layer,)))
    assert row["step"] == 7 and row["batch_loss"] == 1.5 and np.isnan(row["train_loss"])
    assert row["epoch_progress"] == 0.25 and row["grad_norm"] == [0.5]
    assert "grad_norm" not in VariantHistory.step_values(_snap(7, (layer,)), layers=False)


def test_a_layers_newest_fields_and_histograms_are_kept():
    hist = Histogram(counts=np.array([1, 3, 3, 1]), edges=np.linspace(-1.0, 1.0, 5))
    layer = LayerTelemetry(index=0, name="dense_1", kind="Dense", activation="relu",
                           act_hist=hist)
    var = VariantHistory.start(_snap(0, (layer,)), ("dense_1",), max_points=64)
    var.remember_layer(layer, 10, max_hist_columns=8)
    assert var.latest_fields[(0, "act_hist")] is hist
    history = var.act_history[0]
    assert history.buffer.n == 1
    np.testing.assert_allclose(history.buffer.data["frac"][0], [0.125, 0.375, 0.375, 0.125])
