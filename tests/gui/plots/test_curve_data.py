"""Plot items get their points only when they changed (``plots.curve_data``), and a single
run's Convergence page redraws in one piece (issue 13: the GUI thread's time during a run is
the training thread's)."""
from __future__ import annotations

import numpy as np

from dlstudio.gui.plots import curve_data
from dlstudio.gui.plots.curve_data import set_points


class CountingItem:
    """A stand-in for a ``PlotDataItem``: what it shows and how often it was given data."""

    def __init__(self) -> None:
        self.xData = self.yData = None
        self.calls = 0

    def setData(self, x, y):  # noqa: N802 (pyqtgraph's name)
        self.xData, self.yData = np.asarray(x), np.asarray(y)
        self.calls += 1


def test_the_same_short_series_is_not_given_again_and_a_changed_one_is():
    item = CountingItem()
    x, y = np.arange(3.0), np.array([0.5, np.nan, 0.25])
    assert set_points(item, x, y) and item.calls == 1
    assert not set_points(item, x.copy(), y.copy()) and item.calls == 1   # NaN equals NaN
    assert set_points(item, x, np.array([0.5, np.nan, 0.2])) and item.calls == 2
    assert set_points(item, x[:2], y[:2]) and item.calls == 3             # shorter
    assert set_points(item, np.zeros(0), np.zeros(0)) and item.calls == 4
    assert not set_points(CountingItem(), np.zeros(0), np.zeros(0))    # nothing, as before


def test_a_long_series_is_given_every_time():
    item = CountingItem()
    n = curve_data.COMPARED_POINTS + 1
    x, y = np.arange(float(n)), np.ones(n)
    assert set_points(item, x, y) and set_points(item, x, y) and item.calls == 2


def test_a_single_runs_page_redraws_in_one_piece_without_its_unchanged_points(qtbot,
                                                                             monkeypatch):
    from dlstudio.gui.plots import base
    from dlstudio.gui.plots.convergence import ConvergencePanel
    from dlstudio.gui.plots.synthetic import synthetic_run
    from dlstudio.gui.run_store import RunStore

    store = RunStore()
    panel = ConvergencePanel(store)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    run = synthetic_run(40, every=5, steps_per_epoch=50)
    for snap in run[:25]:                       # past two epoch ends: validation points
        store.append(snap)
    assert panel.refresh(force=True)
    items = panel.items[next(iter(panel.items))]
    assert len(items["val"].xData) >= 2
    given = {key: 0 for key in items}
    for key, item in items.items():
        if hasattr(item, "setData"):
            def counting(*args, _key=key, _set=item.setData, **kwargs):
                given[_key] += 1
                return _set(*args, **kwargs)
            monkeypatch.setattr(item, "setData", counting)
    store.append(run[25])                       # a step inside the epoch: no new validation
    panel.pacing.release()                      # (not held back by the budget)
    assert panel.refresh() and panel.pending_items == 0         # all of it on one tick
    assert given["raw"] == given["ema"] == given["acc_raw"] == given["lr"] == 1
    assert given["val"] == given["acc_val"] == given["acc_test"] == 0
    assert base.BasePanel.items_per_tick is not None            # (other pages: in pieces)
