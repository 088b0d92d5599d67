"""``VariantHistory``: the recorded telemetry of one variant's run, as ``RunStore`` keeps it.

Per variant: the step series (run-level scalars and per-layer scalars) and the epoch-end
metrics in bounded buffers (:class:`~dlstudio.gui.series_buffer.SeriesBuffer`), the newest
snapshot and the newest value of every optional per-layer field, each layer's
activation-histogram history (for heatmaps over time), the run's events, its last epoch-end
snapshots and the kept snapshots themselves. The names of the series are listed here.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

from dlstudio.gui.series_buffer import HistHistory, SeriesBuffer, rebin, widen_history
from dlstudio.training.telemetry import LayerTelemetry, Telemetry

#: Run-level scalar series (``Telemetry`` attribute names); ``epoch_progress`` is
#: ``epoch + epoch_fraction``.
SCALAR_SERIES = ("epoch", "batch_loss", "train_loss", "train_accuracy", "learning_rate",
                 "examples_per_second", "elapsed_seconds", "epoch_progress")
#: Series recorded at epoch ends only (or whenever a snapshot carries them).
EPOCH_SERIES = ("val_loss", "val_accuracy", "test_loss", "test_accuracy")
#: Per-layer scalar series (``LayerTelemetry`` attribute names).
LAYER_SERIES = ("grad_norm", "weight_norm", "update_ratio", "act_mean", "act_std",
                "saturated_fraction", "dead_fraction", "pre_mean", "pre_std", "grad_rms",
                "bias_grad_norm", "bias_grad_rms", "signal_rms", "signal_norm", "pass_through",
                "unit_value")
#: Optional per-layer fields whose newest non-empty value is remembered.
LATEST_LAYER_FIELDS = ("act_hist", "pre_hist", "weight_hist", "grad_hist",
                       "bn_moving_mean", "bn_moving_variance",
                       "bn_batch_mean", "bn_batch_variance", "unit_mean", "unit_active",
                       "weight_small_fraction")


#: epoch-end snapshots kept per variant (for the status line's overfitting checks)
EPOCH_HISTORY = 200

def num(value) -> float:
    """``value`` as a float, NaN for None (a series' missing point)."""
    return np.nan if value is None else float(value)


@dataclass
class VariantHistory:
    """What is recorded of one variant (``name``) whose layers are ``layer_names``:
    ``steps`` and ``epochs`` (the series' buffers), ``latest`` (the newest snapshot),
    ``latest_fields`` ((layer index, field) -> newest value), ``act_history`` (layer index ->
    histograms over time), ``events`` ((step, event, message) of snapshots that ended or
    broke the run), ``epoch_ends`` (the last ``EPOCH_HISTORY`` epoch-end snapshots),
    ``last_probe`` (the probe step of the newest layer telemetry), ``snapshots`` and
    ``unit_history`` (layer index -> every unit's mean output over time, for the one layer
    whose units the run follows)."""

    name: str
    layer_names: tuple[str, ...]
    steps: SeriesBuffer
    epochs: SeriesBuffer
    latest: Telemetry
    latest_fields: dict[tuple[int, str], object] = field(default_factory=dict)
    act_history: dict[int, HistHistory] = field(default_factory=dict)
    events: list[tuple[int, str, str]] = field(default_factory=list)
    epoch_ends: deque = field(default_factory=lambda: deque(maxlen=EPOCH_HISTORY))
    last_probe: object = None
    snapshots: list = field(default_factory=list)
    unit_history: dict[int, SeriesBuffer] = field(default_factory=dict)

    @classmethod
    def start(cls, snapshot: Telemetry, names: tuple[str, ...],
              max_points: int) -> "VariantHistory":
        """An empty history for the run ``snapshot`` belongs to, whose layers are
        ``names``; its buffers keep ``max_points`` rows."""
        n_layers = len(names)
        widths = {"step": 1, **{k: 1 for k in SCALAR_SERIES},
                  **{k: n_layers for k in LAYER_SERIES}}
        return cls(
            name=snapshot.variant, layer_names=names,
            steps=SeriesBuffer(widths, max_points),
            epochs=SeriesBuffer({"step": 1, "epoch": 1, "epoch_progress": 1,
                                  **{k: 1 for k in EPOCH_SERIES}}, max_points),
            latest=snapshot)

    @staticmethod
    def step_values(s: Telemetry, layers: bool = True) -> dict[str, object]:
        """The step series' row for snapshot ``s`` (without the layer series unless
        ``layers``)."""
        values: dict[str, object] = {
            "step": s.step, "epoch": s.epoch, "batch_loss": num(s.batch_loss),
            "train_loss": num(s.train_loss), "train_accuracy": num(s.train_accuracy),
            "learning_rate": num(s.learning_rate),
            "examples_per_second": num(s.examples_per_second),
            "elapsed_seconds": num(s.elapsed_seconds),
            "epoch_progress": s.epoch + float(s.epoch_fraction or 0.0)}
        if layers:
            for key in LAYER_SERIES:
                values[key] = [num(getattr(layer, key)) for layer in s.layers]
        return values

    def remember_layer(self, layer: LayerTelemetry, step: int, max_hist_columns: int) -> None:
        """Keep ``layer``'s optional fields as the newest, and its activation histogram and
        its units' mean outputs at ``step`` in their histories (``max_hist_columns`` points in
        time, thinned beyond)."""
        for key in LATEST_LAYER_FIELDS:
            value = getattr(layer, key)
            if value is not None:
                self.latest_fields[(layer.index, key)] = value
        self._remember_units(layer, step, max_hist_columns)
        hist = layer.act_hist
        if hist is None or len(hist.counts) == 0:
            return
        history = self.act_history.get(layer.index)
        if history is None:
            edges = np.asarray(hist.edges, np.float64)
            history = HistHistory(edges, SeriesBuffer(
                {"step": 1, "frac": len(edges) - 1}, max_hist_columns, np.float32))
            self.act_history[layer.index] = history
        widen_history(history, np.asarray(hist.edges, np.float64))
        counts = np.asarray(hist.counts, np.float64)
        if counts.shape[0] != history.edges.shape[0] - 1 or not np.array_equal(
                hist.edges, history.edges):
            counts = rebin(counts, hist.edges, history.edges)
        total = counts.sum()
        frac = counts / total if total > 0 else counts
        same = history.buffer.n > 0 and history.buffer.column("step")[-1] == step
        history.buffer.push({"step": step, "frac": frac}, replace_last=same)

    def _remember_units(self, layer: LayerTelemetry, step: int, max_hist_columns: int) -> None:
        """Every unit's mean output at ``step`` (any unit can then be followed over time)."""
        if layer.unit_mean is None:
            return
        means = np.asarray(layer.unit_mean, np.float32).ravel()
        history = self.unit_history.get(layer.index)
        if history is None:
            history = SeriesBuffer({"step": 1, "mean": means.size}, max_hist_columns,
                                   np.float32)
            self.unit_history[layer.index] = history
        history.widen({"mean": means.size})
        same = history.n > 0 and history.column("step")[-1] == step
        history.push({"step": step, "mean": means}, replace_last=same)
