"""Redraw budgets of the live panels with a realistic store (10 layers, long history).

The GUI thread stays responsive while a network trains only if no panel redraws everything
at once: a redraw is split into pieces, and one tick updates at most ``items_per_tick`` plot
items. These tests count items (CPU-independent), not milliseconds.
"""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.gui.plots import PANELS, multiples
from dlstudio.gui.plots.base import DOWNSAMPLE_FACTOR
from dlstudio.gui.plots.synthetic import deep_synthetic_run
from dlstudio.gui.run_store import RunStore

LIVE = [(key, cls) for key, _, cls in PANELS if key not in ("outcome", "preflight")]
HISTORY = 1500
PROBE_EVERY = 5


@pytest.fixture(scope="module")
def deep_run():
    return deep_synthetic_run(HISTORY + 2 * PROBE_EVERY, probe_every=PROBE_EVERY)


def _panel(qtbot, cls, snapshots):
    store = RunStore()
    for s in snapshots[:HISTORY]:
        store.append(s)
    panel = cls(store)
    qtbot.addWidget(panel)
    panel.resize(1400, 900)
    panel.redraw_share = None              # count items, do not wait for the clock
    assert panel.refresh() is True         # a (re)build draws everything at once
    return store, panel


def _ticks_until_drawn(panel, limit: int = 50) -> list[int]:
    items = [panel.last_items] if panel.refresh() else []
    while panel.pending_items and len(items) < limit:
        assert panel.refresh() is True
        items.append(panel.last_items)
    return items


@pytest.mark.parametrize("key,cls", LIVE, ids=[k for k, _ in LIVE])
def test_a_new_probe_is_drawn_over_several_small_ticks(qtbot, deep_run, key, cls):
    store, panel = _panel(qtbot, cls, deep_run)
    assert len(store.layer_names("")) == 10
    probe = deep_run[HISTORY]                   # the first snapshot of a new probe
    assert probe.extra["probe_step"] == probe.step
    store.append(probe)
    items = _ticks_until_drawn(panel)
    assert items and not panel.pending_items, "the redraw must finish within a few ticks"
    budget = panel.items_per_tick
    pieces = [n for _, n, _ in panel._jobs(True)]
    # a tick stays within the budget, or runs a single piece that is larger on its own
    # (all the curves of one plot: splitting them would repaint the plot twice)
    for n in items:
        assert n <= budget or n in pieces, f"{key}: one tick updated {n} items"
    assert max(pieces) <= 2 * budget
    assert sum(items) >= sum(pieces)
    if key not in ("convergence", "units"):     # 10 layers: too much for one tick (units: one)
        assert len(items) >= 2


@pytest.mark.parametrize("key", ["gradients", "activations", "weights"])
def test_snapshots_between_probes_redraw_nothing(qtbot, deep_run, key):
    cls = dict(LIVE)[key]
    store, panel = _panel(qtbot, cls, deep_run)
    repeat = deep_run[HISTORY + 1]              # repeats the probe of deep_run[HISTORY]
    assert repeat.extra["probe_step"] != repeat.step
    store.append(deep_run[HISTORY])
    _ticks_until_drawn(panel)
    store.append(repeat)
    assert panel.refresh() is True and panel.last_items == 0


def test_pieces_end_with_the_newest_histograms(qtbot, deep_run):
    cls = dict(LIVE)["gradients"]
    store, panel = _panel(qtbot, cls, deep_run)
    for s in deep_run[HISTORY:HISTORY + PROBE_EVERY + 1]:   # two probes while drawing
        store.append(s)
        panel.refresh()
    _ticks_until_drawn(panel)
    for (variant, layer), curve in panel.hist_curves.items():
        edges, share = multiples.hist_xy(store.latest_layer_field(variant, layer,
                                                                   "grad_hist"))
        np.testing.assert_allclose(curve.yData, share)
    for (variant, layer), curve in panel.norm_curves.items():
        x, y = store.series(variant, "grad_norm", layer=layer)
        np.testing.assert_allclose(curve.xData, x[y > 0])


def test_long_curves_are_downsampled_to_the_plot_width(qtbot, deep_run):
    cls = dict(LIVE)["convergence"]
    store, panel = _panel(qtbot, cls, deep_run)
    panel.resize(500, 400)                          # ~100 pixels of data for 1500 points
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh(force=True)
    raw = panel.items[""]["raw"]
    assert raw.xData.size == HISTORY
    (x0, x1), _ = panel.loss_plot.getViewBox().viewRange()
    pixels = panel.loss_plot.getViewBox().width() * np.ptp(raw.xData) / (x1 - x0)
    shown_x, _ = raw.getData()                      # what is drawn after downsampling
    # "peak" downsampling draws a low and a high point per bucket
    assert 0 < shown_x.size <= 1.5 * 2 * DOWNSAMPLE_FACTOR * pixels + 8


@pytest.mark.parametrize("key", ["activations", "gradients"])
def test_a_timeline_scrub_is_drawn_whole_at_the_next_tick(qtbot, deep_run, key):
    """Walker12 W12-10: after a scrub to step 0 the Activations page kept the end's dead
    bars and histograms for 2-7 s: its redraw waited for the budget's spacing and then
    came in pieces, one per spaced tick. A scrub now draws the whole page at the next tick,
    however long the last redraw took."""
    from dlstudio.gui.plots import PlotRefresher

    store, panel = _panel(qtbot, dict(LIVE)[key], deep_run)
    panel.redraw_share = 0.10                # the window's budget
    panel.redraw_seconds = 0.5               # a slow machine: the next redraw waits 1 s
    store.append(deep_run[HISTORY])
    panel.refresh(force=True)
    early = deep_run[PROBE_EVERY]            # a probed step near the start
    assert early.extra["probe_step"] == early.step
    store.pin(early.step, {early.variant: early})
    refresher = PlotRefresher()
    refresher.add(panel)
    refresher.draw_all_soon()
    assert refresher.refresh_now(visible_only=False) == 1
    assert not panel.pending_items
    assert panel.last_items == sum(n for _, n, _ in panel._jobs(True))
