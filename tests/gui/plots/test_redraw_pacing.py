"""A live page's redraws are spaced by their cost and by ``MIN_REDRAW_GAP``
(``plots/redraw_pacing.py``), never more than ``MAX_REDRAW_GAP`` apart."""
from __future__ import annotations

from dlstudio.gui.plots import PANELS


def make_panel(qtbot, cls, store):
    panel = cls(store)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    return panel


def test_a_new_redraw_waits_for_the_gap_and_the_budget():
    from dlstudio.gui.plots.redraw_pacing import MAX_REDRAW_GAP, MIN_REDRAW_GAP, RedrawPacing

    pacing = RedrawPacing()
    assert not pacing.holds_back(10.0, 0.1, plan=True, drawn_before=True)
    pacing.space(10.0)
    assert pacing.holds_back(10.0 + MIN_REDRAW_GAP / 2, 0.1, plan=True, drawn_before=True)
    assert not pacing.holds_back(10.0 + MIN_REDRAW_GAP / 2, 0.1, plan=False,
                                 drawn_before=True)          # a redraw's next piece
    assert not pacing.holds_back(10.0 + MIN_REDRAW_GAP / 2, 0.1, plan=True,
                                 drawn_before=False)         # a run's first picture
    assert not pacing.holds_back(10.0 + MIN_REDRAW_GAP / 2, None, plan=True,
                                 drawn_before=True)          # no budget: never waits
    pacing.seconds = 10.0                                    # however costly a redraw
    pacing.count(20.0, built=True, share=0.1, paints=0, paint_seconds=0.0)
    assert pacing.next_allowed == 20.0 + MAX_REDRAW_GAP
    pacing.release()
    assert not pacing.holds_back(20.0, 0.1, plan=True, drawn_before=True)


def test_heavy_redraws_are_spaced_by_their_cost(qtbot, moons_store, moons_run, monkeypatch):
    import types

    from dlstudio.gui.plots import redraw_pacing

    # a clock that moves only when told to, so the test does not depend on machine speed
    # (each reading advances it by 1 ms: a redraw "costs" a few ms)
    now = [100.0]

    def tick() -> float:
        now[0] += 0.001
        return now[0]

    monkeypatch.setattr(redraw_pacing, "time", types.SimpleNamespace(perf_counter=tick))
    _, _, cls = PANELS[1]
    panel = make_panel(qtbot, cls, moons_store)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.stack.currentWidget() is panel.canvas  # a page shown draws at once (W11-5)
    moons_store.append(moons_run[1][-1])
    assert panel.refresh() is True                     # a new layout's cost is not counted
    assert panel.redraw_seconds > 0
    moons_store.append(moons_run[1][-1])
    assert panel.refresh() is False                    # too soon after a costly redraw
    now[0] += 10.0                                     # much later, it is drawn
    assert panel.refresh() is True
    moons_store.append(moons_run[1][-1])
    assert panel.refresh(force=True) is True           # a user's change is drawn at once
    panel.redraw_share = None
    moons_store.append(moons_run[1][-1])
    assert panel.refresh() is True


def test_a_comparisons_curves_grow_while_it_trains(qtbot, monkeypatch):
    """A comparison's variants arrive one after another, each rebuilding the plots at several
    times a redraw's cost. That cost spaced the next redraws by seconds (its share of the GUI
    thread), so a 4-variant lesson run showed blank axes for most of its 5 s (walker12
    W12-5): a rebuild does not hold the next redraw back, and no redraw waits longer than
    MAX_REDRAW_GAP."""
    import types

    from dlstudio.gui.plots import redraw_pacing
    from dlstudio.gui.plots.convergence import ConvergencePanel
    from dlstudio.gui.plots.synthetic import synthetic_run
    from dlstudio.gui.run_store import RunStore

    now = [100.0]                        # a clock that moves only when told to

    def tick() -> float:
        now[0] += 0.001
        return now[0]

    monkeypatch.setattr(redraw_pacing, "time", types.SimpleNamespace(perf_counter=tick))
    store = RunStore()
    panel = make_panel(qtbot, ConvergencePanel, store)
    build = panel._build

    def costly_build(key):
        now[0] += 0.5                    # a new layout: half a second on a loaded machine
        return build(key)                # (a generator: its pieces)

    monkeypatch.setattr(panel, "_build", costly_build)
    run = synthetic_run(40, variants={"A": "sigmoid", "B": "relu", "C": "relu", "D": "relu"})
    for snap in run[:4]:                 # A first, then B-D: four layouts
        store.append(snap)
        now[0] += 0.05
        assert panel.refresh() is True
    assert set(panel.items) == {"A", "B", "C", "D"}
    drawn = []
    for snap in run[4:]:
        store.append(snap)
        now[0] += 0.05                   # two refresher ticks
        panel.refresh()
        drawn.append(len(panel.items["D"]["ema"].xData))
    # the loss plot is redrawn first in each redraw (the accuracy and the learning rate
    # follow at the next ticks), and a redraw starts every MIN_REDRAW_GAP, from the first
    # ticks after the layouts on
    gap_ticks = int(redraw_pacing.MIN_REDRAW_GAP / 0.05) + 1
    assert drawn[3 + gap_ticks] > 1 and drawn[-1] >= len(run) // 4 - 3, drawn
    # however costly a redraw, the next one comes at most MAX_REDRAW_GAP later
    panel.redraw_seconds = 10 * redraw_pacing.MAX_REDRAW_GAP
    store.append(run[-1])
    now[0] += redraw_pacing.MAX_REDRAW_GAP
    assert panel.refresh() is True
    store.append(run[-1])
    assert panel.refresh() is False
    now[0] += redraw_pacing.MAX_REDRAW_GAP
    assert panel.refresh() is True


def test_a_cheap_page_starts_a_redraw_at_most_every_min_redraw_gap(qtbot, monkeypatch):
    """Issue 13: paced by the redraw budget alone, a cheap page redrew 7-11 times a second
    while a run trained, CPU time the training thread (same session) did not get. A new
    redraw now starts at most every MIN_REDRAW_GAP; the pieces of one redraw still follow
    at the next ticks, and a user's change and a rebuilt layout are drawn at once."""
    import types

    from dlstudio.gui.plots import redraw_pacing
    from dlstudio.gui.plots.convergence import ConvergencePanel
    from dlstudio.gui.plots.synthetic import synthetic_run
    from dlstudio.gui.run_store import RunStore

    now = [100.0]                        # a clock that moves only when told to

    def tick() -> float:
        return now[0]                    # a redraw that costs nothing: only the gap paces it

    monkeypatch.setattr(redraw_pacing, "time", types.SimpleNamespace(perf_counter=tick))
    store = RunStore()
    panel = make_panel(qtbot, ConvergencePanel, store)
    panel.items_per_tick = 4                # a redraw in two pieces, as a comparison's is
    run = synthetic_run(60)
    store.append(run[0])
    assert panel.refresh() is True                     # the first picture: at once
    redraws, ticks = 0, 0
    for snap in run[1:41]:                             # 40 snapshots over 40 ticks of 40 ms
        store.append(snap)
        now[0] += 0.04
        ticks += 1
        starts_new = not panel.pending_items
        if panel.refresh() and starts_new:
            redraws += 1
    seconds = ticks * 0.04
    assert redraws <= seconds / redraw_pacing.MIN_REDRAW_GAP + 1, redraws
    assert redraws >= seconds / redraw_pacing.MIN_REDRAW_GAP - 1, redraws  # and it does redraw
    # the pieces of a started redraw are not held back by the gap
    now[0] += redraw_pacing.MIN_REDRAW_GAP
    store.append(run[41])
    assert panel.refresh() is True and panel.pending_items > 0
    assert panel.refresh() is True and panel.pending_items == 0
    # a change the user made is drawn at once, and so is a new layout
    store.append(run[42])
    assert panel.refresh(force=True) is True
    store.append(run[43])
    assert panel.refresh() is False                    # a redraw started just now
    panel.rebuild()
    assert panel.refresh() is True
    x, _ = store.series("", "batch_loss")
    assert panel.items[""]["raw"].xData[-1] == x[-1]   # the curves reach the newest step
