"""ActivationsPanel: histograms now, heatmaps over time, saturated/dead bars."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dlstudio.gui.plots.multiples import hist_xy
from dlstudio.gui.plots.synthetic import synthetic_run
from dlstudio.gui.plots.activations import ActivationsPanel, unit_problem


def panel_for(qtbot, store):
    panel = ActivationsPanel(store)
    qtbot.addWidget(panel)
    panel.refresh()
    return panel


def shown_panel(qtbot, store, size: tuple[int, int]):
    """An Activations panel of ``store``'s run, of the given size, shown and drawn."""
    panel = ActivationsPanel(store)
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh(force=True)
    qtbot.wait(50)
    return panel


def shown_deep_panel(qtbot, store, filler, copies: int, size: tuple[int, int]):
    """An Activations panel of the given size, shown and drawn, on a 12-layer run."""
    from dlstudio.gui.plots.synthetic import deep_synthetic_run

    filler(store, deep_synthetic_run(12, copies=copies))
    return shown_panel(qtbot, store, size)


def test_histograms_and_heatmaps_hold_the_store_data(qtbot, moons_store):
    panel = panel_for(qtbot, moons_store)
    layers = moons_store.layer_names("")
    assert sorted(layer for _, layer in panel.hist_curves) == list(range(len(layers)))
    for (variant, layer), curve in panel.hist_curves.items():
        edges, share = hist_xy(moons_store.latest_layer_field(variant, layer, "act_hist"))
        np.testing.assert_allclose(curve.yData, share)
    for (variant, layer), image in panel.heatmaps.items():
        steps, edges, frac = moons_store.activation_history(variant, layer)
        assert image.image.shape == frac.shape and frac.shape[0] >= 3
        np.testing.assert_allclose(image.image, np.sqrt(frac), rtol=1e-6)
        rect = image.mapRectToParent(image.boundingRect())
        assert rect.left() == steps[0]
        assert np.isclose(rect.top(), edges[0]) and np.isclose(rect.bottom(), edges[-1])


def test_bars_show_saturated_or_dead_percentages(qtbot, store, filler):
    filler(store, synthetic_run(40))
    panel = panel_for(qtbot, store)
    heights = panel.bars[""].opts["height"]
    layers = [slot.indices[""] for slot in panel.bar_layers]
    expected = [100 * unit_problem(store, "", layer)[1] for layer in layers]
    np.testing.assert_allclose(heights, expected)
    assert 2 not in layers                               # the batch-norm layer has neither
    labels = [text for _, text in panel.bar_plot.getAxis("bottom")._tickLevels[0]]
    assert labels[0] == "1 dense_1\nsaturated"           # numbered as sentences (W11-2)


def test_compare_grid_has_a_heatmap_row_per_variant(qtbot, compare_store):
    panel = panel_for(qtbot, compare_store)
    assert {v for v, _ in panel.heatmaps} == {"A", "B"}
    assert set(panel.bars) == {"A", "B"}
    relu_layer = 0
    assert unit_problem(compare_store, "B", relu_layer)[0] == "dead"
    assert unit_problem(compare_store, "A", relu_layer)[0] == "saturated"


def test_the_saturation_margin_changes_the_saturated_share_shown(qtbot, moons_store):
    """A recorded tanh run: a wider margin shows more saturated outputs at once, exactly the
    share the probes recorded at that margin; values outside the recorded ones are impossible."""
    panel = panel_for(qtbot, moons_store)
    assert panel.margin_box.value() == pytest.approx(0.02)
    layers = [slot.indices[""] for slot in panel.bar_layers]
    latest = moons_store.latest("")
    at_default = np.array(panel.bars[""].opts["height"], float)
    with qtbot.waitSignal(panel.sigSaturationMarginChosen, check_params_cb=lambda m: m == 0.25):
        panel.margin_box.setValue(0.25)
    wide = np.array(panel.bars[""].opts["height"], float)
    expected = [100 * float(latest.layers[k].saturation_curve[-1]) for k in layers]
    np.testing.assert_allclose(wide, expected, rtol=1e-6)
    assert np.all(wide >= at_default) and np.any(wide > at_default)
    assert panel.bar_texts[("", 0)].textItem.toPlainText() == f"{wide[0]:.0f}%"

    # the spec's margin comes back without a signal; typed values go to a recorded margin
    with qtbot.assertNotEmitted(panel.sigSaturationMarginChosen):
        panel.set_saturation_margin(None)
    np.testing.assert_allclose(panel.bars[""].opts["height"], at_default)
    box = panel.margin_box
    for typed, value in (("0.013", 0.015), ("0.0123", 0.01), ("0", 0.01), ("0.9", 0.01),
                         ("abc", 0.01), ("0.1", 0.1)):
        box.lineEdit().selectAll()
        QTest.keyClicks(box, typed)
        QTest.keyClick(box, Qt.Key.Key_Return)
        assert box.value() == pytest.approx(value), typed      # refused: the last value stays
    box.setValue(-1.0)
    assert box.value() == pytest.approx(0.005)
    box.setValue(3.0)
    assert box.value() == pytest.approx(0.25)


def test_spread_chart_shows_each_layers_std_per_variant(qtbot, compare_store):
    """The chart on top: one point per layer of the histograms, the newest output std
    (solid) and pre-activation std (dashed) of that layer, one pair of lines per variant."""
    panel = panel_for(qtbot, compare_store)
    assert set(panel.spread_curves) == {(v, w) for v in ("A", "B")
                                        for w in ("act_std", "pre_std")}
    slots = panel._hist_slots
    for (variant, what), curve in panel.spread_curves.items():
        snap = compare_store.latest(variant)
        expected = [getattr(snap.layers[slot.indices[variant]], what) for slot in slots]
        expected = [v if v is not None and v > 0 else np.nan for v in expected]
        np.testing.assert_allclose(curve.yData, expected, rtol=1e-6)
        np.testing.assert_array_equal(curve.xData, np.arange(len(slots)))
    a = panel.spread_curves[("A", "act_std")].opts["pen"]
    b = panel.spread_curves[("B", "act_std")].opts["pen"]
    assert a.color() != b.color()
    assert panel.spread_curves[("A", "pre_std")].opts["pen"].style() != a.style()
    ticks = [text for _, text in panel.spread_plot.getAxis("bottom")._tickLevels[0]]
    assert ticks[0] == slots[0].label() == f"1 {slots[0].name}"    # as sentences (W11-2)
    headings = " ".join(text for _, text, _ in panel._labels)
    assert "A" in headings and "B" in headings and "colours" in headings


def test_many_layers_keep_readable_plots_and_the_page_scrolls(qtbot, store, filler):
    """Ten layers in a 800x560 panel: every histogram and heatmap keeps at least
    PLOT_MIN_HEIGHT pixels and the page scrolls (the wheel moves it); the stopped-units
    chart leaves room above 100% for the labels and has no legend over the bars."""
    from dlstudio.gui.plots.activations import BAR_HEADROOM, PLOT_MIN_HEIGHT, SUMMARY_HEIGHT

    panel = shown_deep_panel(qtbot, store, filler, copies=2, size=(800, 560))
    assert len(panel.hist_curves) >= 8
    hist_plots = {curve.getViewBox() for curve in panel.hist_curves.values()}
    heat_plots = {image.getViewBox() for image in panel.heatmaps.values()}
    for view in hist_plots | heat_plots:
        assert view.parentItem().parentItem().height() >= PLOT_MIN_HEIGHT - 1
    assert panel.spread_plot.height() >= SUMMARY_HEIGHT - 1
    bar = panel.canvas.verticalScrollBar()
    assert bar.maximum() > 0
    top = panel.bar_plot.getViewBox().viewRange()[1][1]
    assert top >= 100 * BAR_HEADROOM - 1e-6 and panel.bar_plot.legend is None
    lo, hi = panel.bar_plot.getViewBox().viewRange()[0]
    for bars in panel.bars.values():
        x, w = np.asarray(bars.opts["x"]), bars.opts["width"]
        assert lo <= x.min() - w / 2 and x.max() + w / 2 <= hi
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    viewport = panel.graphics.viewport()
    event = QWheelEvent(QPointF(50, 50), QPointF(viewport.mapToGlobal(QPoint(50, 50))),
                        QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    before = bar.value()
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(viewport, event)
    assert bar.value() > before


def test_a_layer_without_any_spread_is_marked_on_the_bottom_edge(qtbot, store, filler):
    """A dead layer's outputs are all 0: std 0 has no place on the log axis, so the line
    skips it and an x on the bottom edge (with a note) marks it."""
    import dataclasses

    snaps = synthetic_run(10, variants={"A": "relu", "B": "relu"})
    last = snaps[-2]                                     # A's newest snapshot
    assert last.variant == "A"
    dead = dataclasses.replace(last.layers[1], act_std=0.0)
    snaps[-2] = dataclasses.replace(last, layers=(last.layers[0], dead, *last.layers[2:]))
    filler(store, snaps)
    panel = panel_for(qtbot, store)
    k = next(k for k, slot in enumerate(panel._hist_slots) if slot.indices.get("A") == 1)
    assert np.isnan(panel.spread_curves[("A", "act_std")].yData[k])
    xs, ys = panel.spread_zeros[("A", "act_std")].getData()
    assert list(xs) == [k]
    assert ys[0] < panel.spread_plot.getViewBox().viewRange()[1][0] + 0.2 * np.ptp(
        panel.spread_plot.getViewBox().viewRange()[1])
    assert panel.spread_zeros[("B", "act_std")].getData()[0].size == 0
    assert panel.spread_note.isVisible()


def test_layer_labels_and_percentages_thin_when_the_panel_narrows(qtbot, store, filler):
    """Walker3 W3-24: a dock opened beside the plots shrinks them to ~530 px; the layer
    names under the spread and stopped-units charts and the percentages over the bars then
    thin out instead of running together ("densedense_1...", "0%0%")."""
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QApplication

    panel = shown_deep_panel(qtbot, store, filler, copies=6, size=(1500, 700))

    def shown(axis):
        return [text for _, text in axis._tickLevels[0]]

    spread_axis = panel.spread_plot.getAxis("bottom")
    bar_axis = panel.bar_plot.getAxis("bottom")
    n = len(panel._hist_slots)
    wide = len(shown(spread_axis))
    wide_texts = sum(t.isVisible() for t in panel.bar_texts.values())
    panel.resize(530, 700)
    qtbot.wait(100)
    QApplication.processEvents()
    for axis in (spread_axis, bar_axis):
        fm = QFontMetricsF(axis.style.get("tickFont") or QApplication.font())
        ticks = axis._tickLevels[0]
        per_label = axis.width() / len(axis.category_labels)
        step = per_label * (ticks[1][0] - ticks[0][0]) if len(ticks) > 1 else 1e9
        widest = max(fm.horizontalAdvance(line) for _, text in ticks for line in text.split("\n"))
        assert step >= widest, (step, widest)          # neighbours do not touch
    assert len(shown(spread_axis)) < wide <= n
    narrow_texts = [t for t in panel.bar_texts.values() if t.isVisible()]
    assert len(narrow_texts) < wide_texts
    panel.resize(1500, 700)                            # room again: every label back
    qtbot.wait(100)
    QApplication.processEvents()
    assert len(shown(spread_axis)) == wide
    assert sum(t.isVisible() for t in panel.bar_texts.values()) == wide_texts


def test_an_ab_pair_of_bars_shows_both_numbers_stacked_when_they_cannot_stand_side_by_side(
        qtbot, store, filler):
    """Walker17 W17-q: lesson 02/1 (A Glorot, B He, ten ReLU layers) at 1366x768 showed one
    number per pair of bars (the taller bar's), so the A/B comparison the chart is for could
    not be read. Too narrow for them side by side, a pair's numbers stand one above the
    other over its taller bar."""
    import dataclasses

    from dlstudio.gui.plots.synthetic import deep_synthetic_run

    run = deep_synthetic_run(12, copies=3)
    filler(store, [dataclasses.replace(s, variant=v) for s in run for v in ("A", "B")])
    panel = shown_panel(qtbot, store, (640, 900))
    n_layers = len(panel.bar_layers)
    assert n_layers >= 6
    pairs = [[panel.bar_texts[(v, pos)] for v in ("A", "B")] for pos in range(n_layers)]
    assert all(t.isVisible() for pair in pairs for t in pair)
    for a, b in pairs:
        assert not a.sceneBoundingRect().intersects(b.sceneBoundingRect())


def test_a_dead_layers_100_percent_stays_inside_a_short_stopped_units_chart(qtbot, store,
                                                                             filler):
    """Walker21 W21-4 (its LOW part): after lesson 05 step 2 at 1366x768 the "100%" over
    dense_3's bar was cut at the chart's top edge: the room above 100% was 18% of the axis,
    less than a label's height on a chart ~100 px high. The axis now reaches as high as
    the labels need."""
    import dataclasses

    snaps = synthetic_run(10, variants={"A": "relu"})
    last = snaps[-1]
    dead = tuple(dataclasses.replace(lt, dead_fraction=1.0) if lt.dead_fraction is not None
                 else lt for lt in last.layers)
    snaps[-1] = dataclasses.replace(last, layers=dead)
    filler(store, snaps)
    panel = shown_panel(qtbot, store, (534, 420))
    hundred = [t for t in panel.bar_texts.values() if t.toPlainText() == "100%"]
    assert hundred

    def inside() -> None:
        view = panel.bar_plot.getViewBox().sceneBoundingRect()
        assert view.height() < 140                        # a short chart, as at 1366x768
        for text in hundred:
            assert text.isVisible() and text.sceneBoundingRect().top() >= view.top() - 1

    qtbot.waitUntil(inside, timeout=5000)


def note_crossings(panel) -> int:
    """How many points along the spread plot's lines lie under its note."""
    from PySide6.QtCore import QPointF

    view = panel.spread_plot.getViewBox()
    box = panel.spread_note.sceneBoundingRect()
    hits = 0
    for curve in panel.spread_curves.values():
        x, y = np.asarray(curve.xData, float), np.asarray(curve.yData, float)
        ok = np.isfinite(y) & (y > 0)
        x, y = x[ok], np.log10(y[ok])
        for a in range(len(x) - 1):
            for t in np.linspace(0, 1, 60):
                hits += box.contains(view.mapViewToScene(QPointF(
                    x[a] + t * (x[a + 1] - x[a]), y[a] + t * (y[a + 1] - y[a]))))
    return hits


def _layer_count() -> int:
    return len(synthetic_run(1, variants={"A": "relu"})[-1].layers)


def _fill_with_spreads(store, filler, act_std, pre_std) -> None:
    """A short run of variant A whose last snapshot has these spreads, layer by layer."""
    import dataclasses

    snaps = synthetic_run(10, variants={"A": "relu"})
    last = snaps[-1]
    layers = tuple(dataclasses.replace(lt, act_std=a, pre_std=p)
                   for lt, a, p in zip(last.layers, act_std, pre_std))
    snaps[-1] = dataclasses.replace(last, layers=layers)
    filler(store, snaps)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_spread_0_note_gets_room_when_lines_cross_every_corner(qtbot, store, filler,
                                                                   language):
    """walker28 z6_05c (lesson 06 step 2, zh classroom): in a short plot the note was as
    wide as the plot and every corner was crossed by a line; it ran across the data line.
    The plot now gives it a band above the curves (fails before)."""
    from dlstudio.gui import i18n

    n = _layer_count()
    falling = list(np.geomspace(10.0, 0.01, n))
    falling[n // 2] = 0.0                               # a dead layer: the note is shown
    rising = list(np.geomspace(0.01, 10.0, n))          # an X: every corner crossed
    _fill_with_spreads(store, filler, falling, rising)
    try:
        i18n.set_language(language)
        panel = shown_panel(qtbot, store, (700, 700))
        assert panel.spread_note.isVisible()
        assert note_crossings(panel) == 0
        view = panel.spread_plot.getViewBox()
        assert view.sceneBoundingRect().adjusted(-1, -1, 1, 1).contains(
            panel.spread_note.sceneBoundingRect())
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("size", [(860, 700), (1140, 900)])
def test_the_spread_0_note_stands_where_no_line_crosses_it(qtbot, store, filler, size,
                                                           language):
    """walker26 W26-9 (lesson 05 step 2, dying ReLUs): layers 3 and 4 had shrunk to the
    axis' bottom, layer 5 to 0; the note in the bottom left corner lay on their line. It
    goes where no line crosses it, on the page's background (fails before)."""
    from PySide6.QtCore import QPointF

    from dlstudio.gui import i18n

    n = _layer_count()
    act = [1e-2, 1e-3, 1e-3, 0.0, 3e-2, 3e-2, 3e-2, 3e-2][:n]
    pre = [8.0, 0.3, 0.25, 0.5, 0.3, 0.3, 0.3, 0.3][:n]
    _fill_with_spreads(store, filler, act, pre)
    try:
        i18n.set_language(language)
        panel = shown_panel(qtbot, store, size)
        note = panel.spread_note
        assert note.isVisible()
        view = panel.spread_plot.getViewBox()
        box = note.sceneBoundingRect()
        assert view.sceneBoundingRect().adjusted(-1, -1, 1, 1).contains(box)
        for (variant, what), curve in panel.spread_curves.items():
            x, y = np.asarray(curve.xData, float), np.asarray(curve.yData, float)
            ok = np.isfinite(y) & (y > 0)
            x, y = x[ok], np.log10(y[ok])
            for a in range(len(x) - 1):
                for t in np.linspace(0, 1, 60):
                    point = view.mapViewToScene(QPointF(x[a] + t * (x[a + 1] - x[a]),
                                                        y[a] + t * (y[a + 1] - y[a])))
                    assert not box.contains(point), (what, a, t)
    finally:
        i18n.set_language("en")


def test_heatmap_titles_stay_on_one_line_in_a_narrow_page(qtbot, store, filler):
    """The README's zh dark screenshot (1600x1000 with both docks) and en at 1366x768: the
    heatmaps' titles "3 dense_1" wrapped and shortened to "3" / "dense…": in six columns a
    heatmap, a third of it under its value axis, was too narrow. The heatmaps stand in the
    histograms' five columns and their titles span the value axis (fails before)."""
    import dataclasses

    from dlstudio.gui.plots.synthetic import deep_synthetic_run

    snaps = []
    for s in deep_synthetic_run(12, copies=3):
        layers = tuple(dataclasses.replace(lt, name="dense" if i == 0 else f"dense_{i}")
                       for i, lt in enumerate(s.layers))
        snaps.append(dataclasses.replace(s, layers=layers))
    filler(store, snaps)
    panel = shown_panel(qtbot, store, (560, 900))
    assert panel.heatmaps
    titles = [item.titleLabel for item in panel.graphics.scene().items()
              if isinstance(item, pg.PlotItem) and any(
                  image.parentItem() is not None and image.getViewBox() is item.getViewBox()
                  for image in panel.heatmaps.values())]
    assert len(titles) == len(panel.heatmaps)
    for label in titles:
        assert label.item.toPlainText() == label.text, (label.text, label.rect().width())
