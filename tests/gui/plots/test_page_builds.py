"""A page without data builds, in pieces, the layout its next run will most likely want.

The Convergence page built its three plots when a run's first snapshot came: 0.19 s of the
GUI thread on a quiet machine (0.5-0.8 s loaded), and for a short run that one stall was
the GUI thread's p99 lateness (``dlstudio bench --window``). It now builds them before the
run, a piece per idle tick, and the first snapshot only draws into them.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from dlstudio.gui.plots.synthetic import synthetic_run


@pytest.fixture
def page(qtbot, monkeypatch):
    """(store, a Convergence page shown at 1000x700, the layouts it built: one entry each
    when the build's first piece runs)."""
    from dlstudio.gui.plots.convergence import ConvergencePanel
    from dlstudio.gui.run_store import RunStore

    class Builds(list):
        pieces = 0                   # pieces run, of every build

    builds = Builds()
    build = ConvergencePanel._build

    def logged(self, key):
        pieces = build(self, key)
        builds.append(key)
        for _ in pieces:
            builds.pieces += 1
            yield
        builds.pieces += 1           # (the piece after the last yield)

    monkeypatch.setattr(ConvergencePanel, "_build", logged)
    store = RunStore()
    panel = ConvergencePanel(store)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return store, panel, builds


def _prepare(panel) -> int:
    pieces = 0
    while panel.prepare_ahead():
        pieces += 1
        assert pieces < 100
    return pieces


def _start(store, names=("A",)) -> list:
    """What the studio does when Start is pressed: a new run, its variants expected."""
    store.clear()
    store.expect_variants(list(names))
    return synthetic_run(20, variants={name: "sigmoid" for name in names})


def _drawn(panel) -> bool:
    return all(np.size(items["ema"].xData) for items in panel.items.values())


def test_a_page_without_data_builds_its_next_runs_layout_in_pieces(page):
    store, panel, builds = page
    builds.clear()

    pieces = _prepare(panel)

    assert pieces >= 3                           # a plot at a time, not the page at once
    assert len(builds) == 1 and panel.built_key is not None
    assert panel.stack.currentWidget() is panel.placeholder     # nothing to show yet
    run = _start(store)
    assert not panel.prepare_ahead()             # (the run's layout: built already)
    store.append(run[0])                         # the run's first snapshot

    assert panel.refresh() is True

    assert len(builds) == 1, "the first snapshot built the page again"
    assert panel.stack.currentWidget() is panel.canvas and _drawn(panel)
    assert not panel.pending_items               # drawn whole, as a new layout is
    assert not panel.prepare_ahead()             # a page with data prepares nothing


def test_a_layout_drawn_by_a_run_is_built_anew_for_the_next_run(page):
    """Fresh plots for every run (their ranges, zoom and marks are the old run's)."""
    store, panel, builds = page
    _prepare(panel)
    for snap in _start(store):
        store.append(snap)
    panel.refresh(force=True)
    builds.clear()

    run = _start(store)
    assert _prepare(panel) >= 3 and len(builds) == 1     # built anew, before the run
    store.append(run[0])
    panel.refresh()

    assert len(builds) == 1 and _drawn(panel)


def test_a_first_snapshot_during_the_preparation_goes_on_a_piece_per_tick(page):
    """Start to the first snapshot took 35-200 ms (a toy run in a child process): the run's
    layout is started at once when the store is cleared, and a snapshot that comes before it
    is done goes on with it a piece per refresh, the placeholder shown meanwhile, instead of
    building the page whole."""
    store, panel, builds = page
    _prepare(panel)
    for snap in _start(store):
        store.append(snap)
    panel.refresh(force=True)                    # a run drew into the layout
    builds.clear()

    run = _start(store)                          # the next run
    assert panel.refresh() is True               # the tick after Start: its build starts
    assert panel.built_key is None and not builds       # (no piece of it yet)
    store.append(run[0])                         # its first snapshot, before an idle tick
    refreshes = 0
    while panel.stack.currentWidget() is panel.placeholder:
        pieces = builds.pieces
        assert panel.refresh() is True
        assert builds.pieces - pieces <= 1        # a piece a refresh at most
        refreshes += 1
        assert refreshes < 100

    assert refreshes >= 3 and len(builds) == 1 and _drawn(panel)
    assert not panel.pending_items


def test_between_pieces_the_page_holds_nothing_of_the_old_runs_layout(page):
    """Between two pieces (idle ticks) the new plots' signals (a range set, a resize) reach
    the page's handlers: they must not read the old run's items. Placing the loss legend
    among the old run's lines moved the new loss axis, and the next run ended with another
    legend than the same run drawn before (a 2-row legend instead of 1-row, 1366x768)."""
    store, panel, builds = page
    _prepare(panel)
    for snap in _start(store):
        store.append(snap)
    panel.refresh(force=True)
    old_legend = panel.marks.legend

    _start(store)
    panel.refresh()                              # the tick after Start: its build starts
    assert panel.prepare_ahead()                 # its first piece: the loss plot

    assert panel.items == {} and panel.marks.restored == {}
    assert panel.acc_plot is None and panel.lr_plot is None
    assert panel.marks.legend is not old_legend


def test_a_store_cleared_and_filled_at_once_is_drawn_whole(page):
    """A run continued from a moment of the timeline keeps the curves up to it: the store
    is cleared and filled again at once. The next refresh draws them, as before (the page
    does not wait for pieces of a build behind its placeholder)."""
    store, panel, builds = page
    _prepare(panel)
    run = _start(store)
    for snap in run:
        store.append(snap)
    panel.refresh(force=True)
    builds.clear()

    store.clear()
    for snap in run[:10]:
        store.append(snap)

    assert panel.refresh() is True
    assert panel.stack.currentWidget() is panel.canvas and _drawn(panel)
    assert len(builds) == 1


def test_a_comparison_prepares_its_own_layout(page):
    store, panel, builds = page
    _prepare(panel)                              # a single run's, the likeliest first
    builds.clear()
    run = _start(store, ("A", "B"))

    assert _prepare(panel) >= 3 and len(builds) == 1
    for snap in run[:2]:
        store.append(snap)
    panel.refresh()

    assert len(builds) == 1 and set(panel.items) == {"A", "B"} and _drawn(panel)


def test_a_wrong_guess_is_built_when_the_data_come(page):
    """A regression run (no accuracy) after the guess of a classifier's page: the first
    snapshot builds the page it wants, as before."""
    store, panel, builds = page
    _prepare(panel)
    builds.clear()
    run = [dataclasses.replace(snap, train_accuracy=None, val_accuracy=None)
           for snap in _start(store)]
    store.append(run[0])

    panel.refresh()

    assert len(builds) == 1 and panel.acc_plot is None and _drawn(panel)


def test_an_option_changed_before_the_run_prepares_again(page):
    store, panel, builds = page
    _prepare(panel)
    builds.clear()

    panel.options.log_box.setChecked(True)               # a log loss axis: another layout

    assert _prepare(panel) >= 3 and len(builds) == 1
    store.append(_start(store)[0])
    panel.refresh()
    assert len(builds) == 1 and panel.loss_plot.getAxis("left").logMode


def test_the_refresher_prepares_on_idle_ticks(page):
    from dlstudio.gui.plots import PlotRefresher

    store, panel, builds = page
    refresher = PlotRefresher()
    refresher.add(panel)
    pieces = 0
    while refresher.prepare_ahead(paced=False):
        pieces += 1
        assert pieces < 100
    assert pieces >= 3 and panel.built_key is not None


def test_the_refresher_prepares_at_half_the_gui_threads_time_at_most(page, monkeypatch):
    """A piece is followed by at least its own time without one (the ticks between stay
    free for input and painting)."""
    from types import SimpleNamespace

    from dlstudio.gui import plots

    now = [100.0]
    monkeypatch.setattr(plots, "time", SimpleNamespace(perf_counter=lambda: now[0]))
    store, panel, builds = page
    piece = panel.prepare_ahead

    def costly_piece() -> bool:
        now[0] += 0.02                           # a piece: 20 ms
        return piece()

    monkeypatch.setattr(panel, "prepare_ahead", costly_piece)
    refresher = plots.PlotRefresher()
    refresher.add(panel)
    assert refresher.prepare_ahead()
    assert not refresher.prepare_ahead()         # too soon
    now[0] += 0.02
    assert refresher.prepare_ahead()
