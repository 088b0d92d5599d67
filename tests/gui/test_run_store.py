"""RunStore: appending snapshots, bounded buffers, series, variants, CSV export."""
from __future__ import annotations

import csv
import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest

from dlstudio.gui.plots.synthetic import DEMO_LAYERS, synthetic_run, synthetic_snapshot
from dlstudio.gui.run_store import RunStore
from dlstudio.training.telemetry import Histogram, LayerTelemetry, Telemetry


def _snap(step, loss=1.0, variant="", val=None, layers=()):
    return Telemetry(step=step, epoch=step // 10, batch_loss=loss, train_loss=loss,
                     train_accuracy=0.5, learning_rate=0.01, examples_per_second=100.0,
                     val_loss=val, layers=layers, variant=variant)


def test_append_records_series_and_latest(qapp):
    store = RunStore()
    snaps = synthetic_run(20, every=5)
    for s in snaps:
        store.append(s)
    assert store.variants() == [""]
    x, y = store.series("", "train_loss")
    np.testing.assert_array_equal(x, [s.step for s in snaps])
    np.testing.assert_allclose(y, [s.train_loss for s in snaps])
    assert store.latest("") is snaps[-1]
    assert store.latest() is snaps[-1]
    assert store.layer_names("") == tuple(n for n, _, _ in DEMO_LAYERS)


def test_layer_series_and_val_points_at_epoch_ends(qapp):
    store = RunStore()
    snaps = synthetic_run(40, every=5, steps_per_epoch=50)
    for s in snaps:
        store.append(s)
    x, y = store.series("", "grad_norm", layer=1)
    np.testing.assert_allclose(y, [s.layers[1].grad_norm for s in snaps], rtol=1e-6)
    vx, vy = store.series("", "val_loss")
    expected = [(s.step, s.val_loss) for s in snaps if s.val_loss is not None]
    assert len(expected) == 3
    np.testing.assert_array_equal(vx, [e[0] for e in expected])
    np.testing.assert_allclose(vy, [e[1] for e in expected])
    # saturated fraction is None for the batch-norm layer: no points rather than NaNs
    assert store.series("", "saturated_fraction", layer=2)[0].size == 0
    with pytest.raises(ValueError, match="layer index"):
        store.series("", "grad_norm")
    with pytest.raises(ValueError, match="unknown series"):
        store.series("", "nonsense")


def test_version_counts_changes(qapp):
    store = RunStore()
    v0 = store.version
    store.append(_snap(0))
    store.append(_snap(1))
    assert store.version == v0 + 2
    store.clear()
    assert store.version == v0 + 3 and store.is_empty() and store.latest() is None


def test_ring_buffer_is_bounded_and_evenly_thinned(qapp):
    store = RunStore(max_points=64)
    for step in range(1000):
        store.append(_snap(step, loss=float(step)))
    x, y = store.series("", "train_loss")
    assert 32 <= x.size <= 64
    assert x[0] == 0 and x[-1] == 999          # first and newest are always there
    spacing = np.diff(x[:-1])
    assert np.all(spacing == spacing[0])       # evenly spaced history
    np.testing.assert_array_equal(x, y)        # rows stay aligned across columns


def test_same_step_replaces_and_smaller_step_restarts(qapp):
    store = RunStore()
    store.append(_snap(0))
    store.append(_snap(10, loss=2.0))
    store.append(_snap(10, loss=3.0, val=2.5))   # epoch end at the same step
    x, y = store.series("", "train_loss")
    np.testing.assert_array_equal(x, [0, 10])
    assert y[-1] == 3.0
    assert store.series("", "val_loss")[1].tolist() == [2.5]
    store.append(_snap(0, loss=9.0))             # a new run under the same variant
    assert store.series("", "train_loss")[1].tolist() == [9.0]


def test_variants_are_kept_apart(qapp):
    store = RunStore()
    added = []
    store.sigVariantAdded.connect(added.append)
    for s in synthetic_run(10, variants={"A": "sigmoid", "B": "relu"}):
        store.append(s)
    assert store.variants() == ["A", "B"] == added
    ya = store.series("A", "train_loss")[1]
    yb = store.series("B", "train_loss")[1]
    assert ya.size == yb.size == 10 and not np.allclose(ya, yb)
    assert store.latest("B").variant == "B"
    assert store.series("C", "train_loss")[0].size == 0


def test_activation_history(qapp):
    store = RunStore(max_hist_columns=16)
    for s in synthetic_run(50):
        store.append(s)
    steps, edges, frac = store.activation_history("", 0)
    assert frac.shape == (steps.size, edges.size - 1) and steps.size <= 16
    np.testing.assert_allclose(frac.sum(axis=1), 1.0, rtol=1e-5)
    assert store.activation_history("", 99) is None


def test_activation_history_widens_when_a_layer_outgrows_its_bins(qapp):
    """ReLU histograms follow their data: a layer first over [0, 1], later over [0, 4]; the
    heatmap's bins widen to [0, 4] and keep every value, old and new, in its place."""
    store = RunStore()

    def snap(step, hist):
        layer = LayerTelemetry(index=0, name="d", kind="Dense", activation="relu",
                               act_hist=hist)
        return _snap(step, layers=(layer,))

    store.append(snap(0, Histogram(np.array([4, 0, 0, 0]), np.linspace(0.0, 1.0, 5))))
    store.append(snap(1, Histogram(np.array([0, 0, 0, 4]), np.linspace(0.0, 4.0, 5))))
    steps, edges, frac = store.activation_history("", 0)
    np.testing.assert_allclose(edges, np.linspace(0.0, 4.0, 5))
    np.testing.assert_allclose(frac, [[1, 0, 0, 0], [0, 0, 0, 1]], atol=1e-6)


def test_latest_layer_field_survives_snapshots_without_probe(qapp):
    store = RunStore()
    hist = Histogram(np.array([1, 2]), np.array([0.0, 0.5, 1.0]))
    layer = LayerTelemetry(index=0, name="d", kind="Dense", activation="relu", act_hist=hist)
    store.append(_snap(0, layers=(layer,)))
    store.append(_snap(1, layers=(LayerTelemetry(0, "d", "Dense", "relu"),)))
    assert store.latest_layer_field("", 0, "act_hist") is hist
    assert store.latest_layer_field("", 0, "grad_hist") is None


def test_csv_export_round_trip(qapp, tmp_path):
    store = RunStore()
    snaps = synthetic_run(30, variants={"A": "sigmoid", "B": "relu"})
    for s in snaps:
        store.append(s)
    path = tmp_path / "run.csv"
    rows = store.to_csv(path)
    with open(path, newline="") as fh:
        table = list(csv.DictReader(fh))
    assert rows == len(table) == 60
    a_rows = [r for r in table if r["variant"] == "A"]
    assert [int(r["step"]) for r in a_rows] == [s.step for s in snaps if s.variant == "A"]
    first = next(s for s in snaps if s.variant == "A")
    assert float(a_rows[0]["train_loss"]) == pytest.approx(first.train_loss)
    assert float(a_rows[0]["dense_1.grad_norm"]) == pytest.approx(first.layers[0].grad_norm,
                                                                  rel=1e-6)
    val_rows = [r for r in a_rows if r["val_loss"]]
    assert len(val_rows) == sum(1 for s in snaps if s.variant == "A" and s.val_loss)
    assert store.to_csv(tmp_path / "b.csv", variant="B") == 30


def test_append_off_gui_thread_is_refused(qapp):
    store = RunStore()
    errors = []

    def worker():
        try:
            store.append(synthetic_snapshot(0))
        except AssertionError as exc:
            errors.append(exc)

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert errors and store.is_empty()


def test_append_does_not_copy_the_history(qapp):
    """Appending is a few row writes: the memory one append allocates does not grow with
    the history already kept (a copy of the history per append would make the window
    slower the longer a run goes). Measured in bytes, not seconds."""
    import tracemalloc

    store = RunStore(max_points=2000)
    snaps = synthetic_run(1100, every=1)

    def peak_of_append(snapshot):
        tracemalloc.start()
        try:
            store.append(snapshot)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    peaks = {}
    for i, s in enumerate(snaps):
        if i in (100, 1000):        # between the buffers' growth points (256, 512, 1024)
            peaks[i] = peak_of_append(s)
        else:
            store.append(s)
    assert peaks[1000] <= 2 * peaks[100] + 4096, peaks


def test_finished_snapshot_at_same_step_keeps_validation(qapp):
    store = RunStore()
    store.append(_snap(10, loss=2.0, val=1.5))
    store.append(Telemetry(step=10, epoch=1, batch_loss=2.0, train_loss=2.0,
                           train_accuracy=0.5, learning_rate=0.01, examples_per_second=1.0,
                           test_loss=1.7, event="finished", message="done", variant=""))
    assert store.series("", "val_loss")[1].tolist() == [1.5]
    assert store.series("", "test_loss")[1].tolist() == [1.7]
    assert store.events("") == [(10, "finished", "done")]


def test_layer_data_recorded_once_per_probe(qapp):
    store = RunStore()
    hist = Histogram(np.array([1, 1]), np.array([0.0, 0.5, 1.0]))
    layer = LayerTelemetry(0, "d", "Dense", "relu", grad_norm=0.5, act_hist=hist)
    for step, probe in ((0, 0), (5, 0), (10, 10), (15, 10), (20, 10)):
        s = _snap(step, layers=(layer,))
        store.append(Telemetry(**{**s.__dict__, "extra": {"probe_step": probe}}))
    x, _ = store.series("", "grad_norm", layer=0)
    assert x.tolist() == [0, 10]
    assert store.activation_history("", 0)[0].tolist() == [0, 10]
    assert store.series("", "train_loss")[0].tolist() == [0, 5, 10, 15, 20]


def test_layer_version_moves_only_with_a_fresh_probe(qapp):
    store = RunStore()
    hist = Histogram(np.array([1, 1]), np.array([0.0, 0.5, 1.0]))
    layer = LayerTelemetry(0, "d", "Dense", "relu", grad_norm=0.5, act_hist=hist)
    seen = []
    for step, probe in ((0, 0), (5, 0), (10, 10), (15, 10), (20, 20)):
        s = _snap(step, layers=(layer,))
        store.append(Telemetry(**{**s.__dict__, "extra": {"probe_step": probe}}))
        seen.append(store.layer_version)
    assert seen[0] == seen[1] < seen[2] == seen[3] < seen[4]
    assert store.version == 5                      # every snapshot still counts as a change
    before = store.layer_version
    store.clear()
    assert store.layer_version > before


def test_snapshots_are_kept_in_order_and_thinned_evenly(qapp):
    store = RunStore(max_snapshots=8)
    for step in range(20):
        store.append(_snap(step, variant="A"))
        store.append(_snap(step, variant="B"))
    steps = [s.step for s in store.snapshots("A")]
    assert len(steps) <= 8 and steps[0] == 0 and steps[-1] == 19
    assert steps == sorted(steps)
    assert [s.variant for s in store.snapshots()] == ["A"] * len(steps) + ["B"] * len(steps)
    store.clear()
    assert store.snapshots() == []
