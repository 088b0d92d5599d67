"""A plot page never shows a picture of a run other than the current one (walker11 W11-5).

The refresher skips hidden pages; a page switched to used to keep the older run's curves and
histograms on screen while the redraw budget replaced them piece by piece over seconds.
"""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.gui.plots import PANELS, multiples
from dlstudio.gui.plots.synthetic import deep_synthetic_run

LIVE = [(key, cls) for key, _, cls in PANELS if key not in ("outcome", "preflight")]


@pytest.fixture(scope="module")
def runs():
    """Run A (long) and run B (a shorter run of the same 10-layer network)."""
    snaps = deep_synthetic_run(160, probe_every=5)
    return snaps[:160], snaps[:41]


def _run(store, snapshots, refresher):
    store.clear()
    for s in snapshots:
        store.append(s)
        refresher.refresh_now()             # a timer tick: only the shown page redraws


def _showing_placeholder(panel) -> bool:
    return panel.stack.currentWidget() is panel.placeholder


def test_a_page_shown_after_a_run_in_another_tab_draws_that_run_at_once(qtbot, tabbed, runs):
    run_a, run_b = runs
    store, tabs, refresher, panels = tabbed(qtbot, [k for k, _ in LIVE])
    grads = panels["gradients"]
    tabs.setCurrentWidget(grads)
    _run(store, run_a, refresher)
    refresher.draw_run_end()
    assert grads.norm_curves and not _showing_placeholder(grads)

    tabs.setCurrentWidget(panels["activations"])      # run B starts from another tab
    _run(store, run_b, refresher)
    assert not grads.isVisible()
    assert _showing_placeholder(grads), "a hidden page kept run A's picture"

    tabs.setCurrentWidget(grads)                      # and back: B now, before any tick
    qtbot.waitUntil(lambda: not grads.drawing_soon)   # (once "Drawing the plots..." shows)
    assert not _showing_placeholder(grads) and not grads.pending_items
    for (variant, layer), curve in grads.norm_curves.items():
        x, y = store.series(variant, "grad_norm", layer=layer)
        np.testing.assert_allclose(curve.xData, x[y > 0])
        assert curve.xData.max() <= run_b[-1].step
    for (variant, layer), curve in grads.hist_curves.items():
        _, share = multiples.hist_xy(store.latest_layer_field(variant, layer, "grad_hist"))
        np.testing.assert_allclose(curve.yData, share)


@pytest.mark.parametrize("key", [k for k, _ in LIVE])
def test_every_live_page_forgets_the_old_run_while_hidden(qtbot, tabbed, runs, key):
    run_a, run_b = runs
    store, tabs, refresher, panels = tabbed(qtbot, [k for k, _ in LIVE])
    panel = panels[key]
    tabs.setCurrentWidget(panel)
    _run(store, run_a, refresher)
    refresher.draw_run_end()
    other = next(p for k, p in panels.items() if k != key)
    tabs.setCurrentWidget(other)
    store.clear()                                     # a new run, not yet a snapshot
    assert _showing_placeholder(panel)
    nothing_to_show = key == "units" and not panel.followed()   # no unit data here
    _run(store, run_b[:12], refresher)
    tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: not panel.drawing_soon)   # (once "Drawing the plots..." shows)
    assert _showing_placeholder(panel) == nothing_to_show
    assert not panel.pending_items and panel.store.version == store.version
