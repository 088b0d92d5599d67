"""Every panel of PANELS: placeholder, redraw only on change, classroom, export, refresher."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.gui.plots import PANELS, PlotRefresher, panel_title
from dlstudio.gui.plots.outcome import OutcomePanel
from dlstudio.gui.plots.outcome_provider import NetworkProvider

PANEL_IDS = [key for key, _, _ in PANELS]
#: the panels drawn from the run store (the pre-flight panel draws the last check instead)
FED = [i for i, key in enumerate(PANEL_IDS) if key != "preflight"]
FED_IDS = [PANEL_IDS[i] for i in FED]


def make_panel(qtbot, cls, store, run=None):
    panel = cls(store)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    if isinstance(panel, OutcomePanel) and run is not None:
        data = run.dataset
        panel.set_dataset(data.x_train, data.y_train, list(data.info.class_names))
        for name, net in run.networks.items():
            panel.set_model_provider(NetworkProvider(lambda net=net: net), name)
    return panel


def curve_count(panel) -> int:
    return sum(1 for plot in panel.plots for item in plot.listDataItems()
               if getattr(item, "yData", None) is not None and len(item.yData))


def test_panels_table_is_ordered_and_complete():
    assert PANEL_IDS == ["convergence", "gradients", "activations", "weights", "units",
                         "outcome", "preflight"]
    for key, title, cls in PANELS:
        assert cls.__name__.endswith("Panel")
        assert panel_title(key) == title


@pytest.mark.parametrize("index", FED, ids=FED_IDS)
def test_placeholder_until_data_arrives(qtbot, store, moons_run, filler, index):
    _, _, cls = PANELS[index]
    panel = make_panel(qtbot, cls, store, moons_run[0])
    panel.refresh()
    assert panel.stack.currentWidget() is panel.placeholder
    # says how data comes: "Start training" (Units: "from the next Start on", walker6 W6-27)
    assert "Start" in panel.placeholder.text()
    assert not panel.export_button.isEnabled()
    filler(store, moons_run[1])
    panel.refresh()
    assert panel.stack.currentWidget() is panel.canvas and panel.canvas.widget() is panel.graphics
    assert panel.plots and curve_count(panel) + _images(panel) > 0


def _images(panel) -> int:
    import pyqtgraph as pg

    return sum(1 for plot in panel.plots for item in plot.items
               if isinstance(item, pg.ImageItem) and item.image is not None)


@pytest.mark.parametrize("index", FED, ids=FED_IDS)
def test_refresh_only_when_store_changed(qtbot, moons_store, moons_run, index):
    _, _, cls = PANELS[index]
    panel = make_panel(qtbot, cls, moons_store, moons_run[0])
    # the spacing of redraws by their measured cost depends on the machine's speed; it has
    # its own test below, so this one switches it off and stays independent of the clock
    panel.redraw_share = None
    assert panel.refresh() is True
    with qtbot.assertNotEmitted(panel.sigRedrawn):
        assert panel.refresh() is False
    moons_store.append(moons_run[1][-1])
    with qtbot.waitSignal(panel.sigRedrawn, timeout=3000):
        assert panel.refresh() is True


def test_heavy_redraws_are_spaced_by_their_cost(qtbot, moons_store, moons_run, monkeypatch):
    import types

    from dlstudio.gui.plots import base

    # a clock that moves only when told to, so the test does not depend on machine speed
    # (each reading advances it by 1 ms: a redraw "costs" a few ms)
    now = [100.0]

    def tick() -> float:
        now[0] += 0.001
        return now[0]

    monkeypatch.setattr(base, "time", types.SimpleNamespace(perf_counter=tick))
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

    from dlstudio.gui.plots import base
    from dlstudio.gui.plots.convergence import ConvergencePanel
    from dlstudio.gui.plots.synthetic import synthetic_run
    from dlstudio.gui.run_store import RunStore

    now = [100.0]                        # a clock that moves only when told to

    def tick() -> float:
        now[0] += 0.001
        return now[0]

    monkeypatch.setattr(base, "time", types.SimpleNamespace(perf_counter=tick))
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
    gap_ticks = int(base.MIN_REDRAW_GAP / 0.05) + 1
    assert drawn[3 + gap_ticks] > 1 and drawn[-1] >= len(run) // 4 - 3, drawn
    # however costly a redraw, the next one comes at most MAX_REDRAW_GAP later
    panel.redraw_seconds = 10 * base.MAX_REDRAW_GAP
    store.append(run[-1])
    now[0] += base.MAX_REDRAW_GAP
    assert panel.refresh() is True
    store.append(run[-1])
    assert panel.refresh() is False
    now[0] += base.MAX_REDRAW_GAP
    assert panel.refresh() is True


def test_a_cheap_page_starts_a_redraw_at_most_every_min_redraw_gap(qtbot, monkeypatch):
    """Issue 13: paced by the redraw budget alone, a cheap page redrew 7-11 times a second
    while a run trained, CPU time the training thread (same session) did not get. A new
    redraw now starts at most every MIN_REDRAW_GAP; the pieces of one redraw still follow
    at the next ticks, and a user's change and a rebuilt layout are drawn at once."""
    import types

    from dlstudio.gui.plots import base
    from dlstudio.gui.plots.convergence import ConvergencePanel
    from dlstudio.gui.plots.synthetic import synthetic_run
    from dlstudio.gui.run_store import RunStore

    now = [100.0]                        # a clock that moves only when told to

    def tick() -> float:
        return now[0]                    # a redraw that costs nothing: only the gap paces it

    monkeypatch.setattr(base, "time", types.SimpleNamespace(perf_counter=tick))
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
    assert redraws <= seconds / base.MIN_REDRAW_GAP + 1, redraws
    assert redraws >= seconds / base.MIN_REDRAW_GAP - 1, redraws  # and it does redraw
    # the pieces of a started redraw are not held back by the gap
    now[0] += base.MIN_REDRAW_GAP
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


@pytest.mark.parametrize("index", FED, ids=FED_IDS)
def test_export_png_svg_and_csv(qtbot, moons_store, moons_run, tmp_path, index):
    key, _, cls = PANELS[index]
    panel = make_panel(qtbot, cls, moons_store, moons_run[0])
    panel.refresh()
    png = panel.export_image(tmp_path / f"{key}.png")
    svg = panel.export_image(tmp_path / f"{key}.svg")
    assert png.stat().st_size > 2000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and ("<path" in text or "<polyline" in text or "<image" in text)
    rows = panel.export_csv(tmp_path / f"{key}.csv")
    assert rows == len(moons_store.series("", "batch_loss")[0])
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        panel.export_image(tmp_path / "plots.gif")


def test_export_before_training_explains(qtbot, store, tmp_path):
    panel = make_panel(qtbot, PANELS[0][2], store)
    with pytest.raises(ValueError, match="start training"):
        panel.export_image(tmp_path / "x.png")


@pytest.mark.parametrize("index", range(4), ids=PANEL_IDS[:4])
def test_classroom_mode_thickens_lines(qtbot, moons_store, index):
    _, _, cls = PANELS[index]
    panel = make_panel(qtbot, cls, moons_store)
    panel.show()                    # a hidden page is built again when shown (W21-16)
    panel.refresh()

    def widest():
        return max(item.opts["pen"].widthF() for plot in panel.plots
                   for item in plot.listDataItems() if item.opts.get("pen") is not None)

    normal = widest()
    panel.set_classroom(True)
    assert panel.classroom and widest() > 1.5 * normal
    axis_font = panel.plots[0].getAxis("bottom").style["tickFont"]
    assert axis_font is not None and axis_font.pointSize() >= 14


def test_refresher_redraws_visible_panels_only(qtbot, moons_store, moons_run):
    refresher = PlotRefresher(hz=25)
    panels = [make_panel(qtbot, cls, moons_store) for _, _, cls in PANELS[:2]]
    for p in panels:
        refresher.add(p)
    refresher.add(panels[0])                       # registering twice is harmless
    assert refresher.panels() == panels
    panels[0].show()
    qtbot.waitExposed(panels[0])
    assert refresher.refresh_now() == 0            # drawn when shown
    moons_store.append(moons_run[1][-1])
    panels[0].redraw_share = None                  # no wait for the clock
    assert refresher.refresh_now() == 1            # the hidden panel is skipped
    while panels[0].pending_items:                 # the rest of that redraw
        refresher.refresh_now()
    assert refresher.refresh_now() == 0            # nothing changed since
    assert 30 <= refresher.timer.interval() <= 50
    refresher.set_classroom(True)
    assert all(p.classroom for p in panels)
    refresher.start()
    assert refresher.timer.isActive()
    refresher.stop()
    refresher.remove(panels[1])
    assert refresher.panels() == panels[:1]


def test_theme_change_restyles_background(qtbot, moons_store):
    from PySide6.QtGui import QColor, QPalette

    panel = make_panel(qtbot, PANELS[0][2], moons_store)
    panel.refresh()
    pal = panel.palette()
    pal.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    pal.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    panel.setPalette(pal)
    panel.refresh()
    assert panel.graphics.backgroundBrush().color().name() == "#1e1f22"
    axis = panel.plots[0].getAxis("left")
    assert axis.textPen().color().name() == "#e6e6e6"
    assert np.isfinite(panel.plots[0].viewRange()[0]).all()


def test_right_click_menu_offers_our_exports(qtbot, moons_store):
    panel = make_panel(qtbot, PANELS[0][2], moons_store)
    texts = [a.text() for a in panel.graphics.scene().contextMenu]
    assert texts == ["Plots as PNG image...", "Plots as SVG drawing...",
                     "Metrics as CSV table..."]


def test_refresher_drives_a_status_tracker(qtbot, store, moons_run):
    from dlstudio.gui.plots.status import StatusTracker, status_text

    refresher = PlotRefresher()
    tracker = StatusTracker(store)
    refresher.add(tracker)
    store.append(moons_run[1][5])
    with qtbot.waitSignal(tracker.sigStatusChanged) as blocker:
        refresher.refresh_now()
    assert blocker.args[0] == status_text(store) and blocker.args[0].startswith("Epoch ")
    assert tracker.text == blocker.args[0]


def test_chinese_gradient_axis_labels_are_no_wider_than_the_english(qtbot, store):
    """The zh y-axis label '每个权重的 dL/dW，均方根（对数）' was cut off at the plot's
    height; no zh gradient axis label takes more room than the longest English one."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui import i18n
    from dlstudio.gui.plots.gradients import GradientsPanel

    panel = GradientsPanel(store)
    qtbot.addWidget(panel)
    names = ("signal_rms", "signal_norm", "grad_rms", "grad_norm")
    metrics = QFontMetrics(QApplication.font())
    en = {n: metrics.horizontalAdvance(panel._titles(n)[1]) for n in names}
    try:
        i18n.set_language("zh_CN")
        for n in names:
            label = panel._titles(n)[1]
            assert "（对数）" in label, label                     # really translated
            assert metrics.horizontalAdvance(label) <= max(en.values()), (n, label)
    finally:
        i18n.set_language("en")


def test_a_comparison_is_built_once_its_variants_have_all_arrived(qtbot):
    """The first snapshots of a comparison's variants come one after another: the page waits
    for all of them and builds its plots once, instead of a single run's layout (its legend:
    "training / validation") and then again for each variant (walker12 W12-5)."""
    from dlstudio.gui.plots.convergence import ConvergencePanel
    from dlstudio.gui.plots.synthetic import synthetic_run
    from dlstudio.gui.run_store import RunStore

    store = RunStore()
    panel = make_panel(qtbot, ConvergencePanel, store)
    panel.redraw_share = None
    builds = []
    build = panel._build

    def logged(key):                 # a build counts once its first piece runs
        pieces = build(key)
        builds.append(key[0])
        yield from pieces

    panel._build = logged
    run = synthetic_run(5, variants={"A": "sigmoid", "B": "relu", "C": "relu", "D": "relu"})
    store.clear()
    store.expect_variants(["A", "B", "C", "D"])
    for snap in run[:3]:                                  # A, B and C's first snapshots
        store.append(snap)
        assert store.arriving()
        panel.refresh()
        assert panel.stack.currentWidget() is panel.placeholder and not builds
    store.append(run[3])                                  # D's: all are in
    assert not store.arriving()
    panel.refresh()
    for snap in run[4:]:
        store.append(snap)
        panel.refresh()
    assert builds == [("A", "B", "C", "D")]
    # a run that ended before every variant came is drawn with those that did
    store.clear()
    store.expect_variants(["A", "B"])
    store.append(run[0])
    assert store.arriving()
    store.expect_variants(())
    assert not store.arriving() and panel.refresh()
    assert panel.stack.currentWidget() is panel.canvas
