"""Hidden plot pages are built ahead, piece by piece, in the GUI thread's idle time (W16-20).

While the MNIST convnet trained, the first visit of the Gradients, Activations or Weights page
built its ~29 plots after the click (0.3-0.6 s of the GUI thread, seconds on a loaded machine)
while the tab bar already named the new page over the old one. A page built ahead only draws
its data when shown, as after any time hidden.
"""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.gui.plots.synthetic import deep_synthetic_run

AHEAD = ("gradients", "activations", "weights")
LIVE = ("convergence",) + AHEAD


@pytest.fixture(scope="module")
def snapshots():
    return deep_synthetic_run(60, probe_every=5)


@pytest.fixture(autouse=True)
def no_delay(monkeypatch):
    """Build ahead at once (``AHEAD_DELAY`` has its own test)."""
    from dlstudio.gui.plots import build_ahead

    monkeypatch.setattr(build_ahead, "AHEAD_DELAY", 0.0)


def _window(tabbed, qtbot, snapshots):
    """The live pages as tabs, Convergence shown, with a run's snapshots drawn."""
    store, tabs, refresher, panels = tabbed(qtbot, LIVE)
    for s in snapshots:
        store.append(s)
        refresher.refresh_now()
    return store, tabs, refresher, panels


def _count_builds(monkeypatch, panel) -> list:
    """Record every call of ``panel._build`` (still building)."""
    calls = []
    build = panel._build

    def counted(key):
        calls.append(key)
        return build(key)

    monkeypatch.setattr(panel, "_build", counted)
    return calls


def _build_all_ahead(refresher) -> int:
    pieces = 0
    while refresher.build_ahead(paced=False):
        pieces += 1
        assert pieces < 1000
    return pieces


def _drawn(panel) -> bool:
    return bool(panel.hist_curves) and all(
        curve.yData is not None and np.size(curve.yData) for curve in panel.hist_curves.values())


def test_hidden_pages_are_built_ahead_and_shown_without_a_build(qtbot, tabbed, monkeypatch, snapshots):
    store, tabs, refresher, panels = _window(tabbed, qtbot, snapshots)
    assert all(panels[key].built_key is None for key in AHEAD)     # hidden: skipped so far
    builds = {key: _count_builds(monkeypatch, panels[key]) for key in AHEAD}

    pieces = _build_all_ahead(refresher)

    assert pieces > 3 * len(AHEAD)              # in pieces, not a page at a time
    for key in AHEAD:
        panel = panels[key]
        assert len(builds[key]) == 1 and panel.built_key is not None, key
        assert not panel.isVisible() and not _drawn(panel), key   # drawn when shown
    for key in AHEAD:
        panel = panels[key]
        tabs.setCurrentWidget(panel)
        assert len(builds[key]) == 1, f"{key} was built again when shown"
        assert _drawn(panel) and not panel.pending_items, key
    grads = panels["gradients"]
    for (variant, layer), curve in grads.norm_curves.items():
        x, y = store.series(variant, grads.shown, layer=layer)
        np.testing.assert_allclose(curve.xData, x[y > 0])


def test_a_page_shown_during_its_build_ahead_builds_the_rest(qtbot, tabbed, monkeypatch, snapshots):
    store, tabs, refresher, panels = _window(tabbed, qtbot, snapshots)
    grads = panels["gradients"]
    builds = _count_builds(monkeypatch, grads)
    for _ in range(3):
        assert grads.build_ahead()
    assert grads.built_key is None                  # not done yet

    tabs.setCurrentWidget(grads)
    qtbot.waitUntil(lambda: not grads.drawing_soon)   # (once "Drawing the plots..." shows)

    assert len(builds) == 1, "the build ahead was started over"
    assert grads.built_key is not None and _drawn(grads)
    layers = {layer for _, layer in grads.hist_curves}
    assert layers == {layer for layer, _ in enumerate(store.layer_names(""))
                      if store.latest_layer_field("", layer, "grad_hist") is not None}


def test_a_new_run_drops_a_build_ahead_under_way(qtbot, tabbed, monkeypatch, snapshots):
    store, tabs, refresher, panels = _window(tabbed, qtbot, snapshots)
    grads = panels["gradients"]
    builds = _count_builds(monkeypatch, grads)
    for _ in range(3):
        grads.build_ahead()
    store.clear()
    assert not grads.build_ahead()                  # no data: nothing to build
    for s in snapshots[:20]:
        store.append(s)
    _build_all_ahead(refresher)
    assert len(builds) == 2 and grads.built_key is not None

    tabs.setCurrentWidget(grads)

    assert len(builds) == 2 and _drawn(grads)
    for (variant, layer), curve in grads.norm_curves.items():
        assert curve.xData.max() <= snapshots[19].step


def test_a_shown_page_is_not_built_ahead(qtbot, tabbed, monkeypatch, snapshots):
    store, tabs, refresher, panels = _window(tabbed, qtbot, snapshots)
    grads = panels["gradients"]
    tabs.setCurrentWidget(grads)
    builds = _count_builds(monkeypatch, grads)
    grads.rebuild()
    assert not grads.build_ahead()                  # the refresh builds a shown page
    assert not builds


def test_a_new_layout_is_built_ahead_only_after_a_run_has_gone_on_for_a_while(
        qtbot, tabbed, monkeypatch, snapshots):
    """Issue 13: building three pages ahead took the GUI thread 0.5-1.1 s in a run's first
    seconds, time the training thread shares (the GIL); a short run is over by then, and the
    page a student looks at first is the one the run started on."""
    from types import SimpleNamespace

    from dlstudio.gui.plots import build_ahead

    now = [100.0]
    monkeypatch.setattr(build_ahead, "AHEAD_DELAY", 5.0)
    monkeypatch.setattr(build_ahead, "time", SimpleNamespace(perf_counter=lambda: now[0]))
    store, tabs, refresher, panels = _window(tabbed, qtbot, snapshots)
    grads = panels["gradients"]
    assert not grads.build_ahead() and grads.built_key is None
    now[0] += 4.0
    assert not grads.build_ahead()
    now[0] += 1.5
    assert grads.build_ahead()                      # the layout has stood 5.5 s


def test_a_different_layout_waits_its_own_delay(monkeypatch):
    """``BuildAhead.due``: the wait starts when a layout is first asked about; a layout that
    replaced it (a comparison's variant arriving) waits again, from then."""
    from types import SimpleNamespace

    from dlstudio.gui.plots import build_ahead

    now = [100.0]
    monkeypatch.setattr(build_ahead, "AHEAD_DELAY", 5.0)
    monkeypatch.setattr(build_ahead, "time", SimpleNamespace(perf_counter=lambda: now[0]))
    ahead = build_ahead.BuildAhead()
    assert not ahead.due(("A",))
    now[0] += 4.0
    assert not ahead.due(("A", "B"))
    now[0] += 4.0
    assert not ahead.due(("A", "B"))                # 4 s since the new layout
    now[0] += 1.5
    assert ahead.due(("A", "B"))


def test_while_a_run_trains_a_new_layout_waits_longer(qtbot, tabbed, monkeypatch, snapshots):
    """Issue 13: a page built ahead mid-run holds the GIL the training thread waits for
    (0.3-0.5 s for the MNIST convnet's pages, ~3% of a whole epoch in the window). While the
    run trains a layout waits ``AHEAD_DELAY_TRAINING``; once the run ends or pauses it is
    built after ``AHEAD_DELAY`` from when it first stood, i.e. at once."""
    from types import SimpleNamespace

    from dlstudio.gui.plots import build_ahead

    now = [100.0]
    monkeypatch.setattr(build_ahead, "AHEAD_DELAY", 5.0)
    monkeypatch.setattr(build_ahead, "AHEAD_DELAY_TRAINING", 20.0)
    monkeypatch.setattr(build_ahead, "time", SimpleNamespace(perf_counter=lambda: now[0]))
    store, tabs, refresher, panels = _window(tabbed, qtbot, snapshots)
    grads = panels["gradients"]
    refresher.set_training(True)
    assert not refresher.build_ahead(paced=False)   # first asked about now
    now[0] += 6.0
    assert not refresher.build_ahead(paced=False) and grads.built_key is None
    refresher.set_training(False)                   # the run ended (or paused)
    assert refresher.build_ahead(paced=False)
    _build_all_ahead(refresher)
    assert grads.built_key is not None
    # a long run still gets its pages built during it
    ahead = build_ahead.BuildAhead()
    assert not ahead.due(("A",), training=True)
    now[0] += 19.0
    assert not ahead.due(("A",), training=True)
    now[0] += 1.5
    assert ahead.due(("A",), training=True)


def test_the_window_tells_its_pages_when_a_run_trains(window, qtbot):
    refresher = window.refresher
    assert not refresher.training
    window.studio.sigRunStateChanged.emit("preparing")
    assert refresher.training
    window.studio.sigRunStateChanged.emit("running")
    assert refresher.training
    window.studio.sigRunStateChanged.emit("paused")
    assert not refresher.training
    window.studio.sigRunStateChanged.emit("finished")
    assert not refresher.training
