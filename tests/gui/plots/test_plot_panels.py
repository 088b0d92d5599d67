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
