"""The convergence panel's loss legend (``plots.loss_legend``): it goes to the corner the
curves leave most free, below the notes at the top edge, and in a short plot into one row,
with room made above the curves."""
from __future__ import annotations

import dataclasses

import numpy as np
import pyqtgraph as pg
import pytest

from dlstudio.gui.plots.convergence import ConvergencePanel


def test_the_loss_legend_leaves_the_flat_curve_a_step_is_about(qtbot, store, filler, shown):
    """Walker10 W10-12: in lesson 17/1 the legend (top right) covered A's loss, flat at 2.3
    for the whole run; it now goes to the corner the curves leave most free."""
    from dlstudio.gui.plots.synthetic import synthetic_run

    snaps = synthetic_run(200, variants={"A": "relu", "B": "relu"}, steps_per_epoch=68)
    out = []
    for s in snaps:
        t = s.step / max(1, snaps[-1].step)
        loss = 2.3 if s.variant == "A" else float(0.4 + 2.5 * np.exp(-6 * t))
        out.append(dataclasses.replace(s, batch_loss=loss, train_loss=loss,
                                       val_loss=None if s.val_loss is None else loss))
    filler(store, out)
    panel = shown(qtbot, ConvergencePanel(store), (800, 560))
    view, legend = panel.loss_plot.getViewBox(), panel.loss_plot.legend

    def covered(variants=("A", "B")):
        box = legend.sceneBoundingRect()
        return sum(box.contains(view.mapViewToScene(pg.QtCore.QPointF(float(px), float(py))))
                   for v in variants for key in ("raw", "ema")
                   for px, py in zip(panel.items[v][key].xData, panel.items[v][key].yData))

    assert legend.columnCount == 2              # half as tall: it fits above the flat line
    assert covered(("A",)) == 0
    assert covered() <= 0.05 * sum(len(panel.items[v]["raw"].xData) for v in "AB")


def test_an_off_the_scale_note_keeps_the_legend_off_the_top_edge(qtbot, store, filler, shown):
    """Walker10 W10-3: "↑ A: loss exploded to 1.8e+13: off the scale" ran under the legend
    in the top right corner (06/4, 08/1)."""
    from dlstudio.gui.plots.synthetic import synthetic_run

    snaps = synthetic_run(40, variants={"A": "relu", "B": "relu"})
    diverged = [s for s in snaps if s.variant == "A"][:3]
    diverged[2] = dataclasses.replace(diverged[2], batch_loss=1.5e13)
    filler(store, diverged + [s for s in snaps if s.variant == "B"])
    panel = shown(qtbot, ConvergencePanel(store), (800, 560))
    note = panel.marks.notes.exploded["A"]
    assert note.isVisible()
    assert not panel.loss_plot.legend.sceneBoundingRect().intersects(note.sceneBoundingRect())


def _line_under(box, view, item, goes_on_to=None) -> bool:
    """Whether the scene rectangle ``box`` covers a point of ``item``'s line (its points and
    the lines between them, a step apart; carried on flat to ``goes_on_to`` if given)."""
    xs = np.arange(item.xData[0], item.xData[-1], 1.0) if len(item.xData) > 1 \
        else np.asarray(item.xData, np.float64)
    ys = np.interp(xs, item.xData, item.yData)
    if goes_on_to is not None:
        xs = np.append(xs, np.linspace(xs[-1], goes_on_to, 50))
        ys = np.append(ys, np.full(50, ys[-1]))
    return any(box.contains(view.mapViewToScene(pg.QtCore.QPointF(float(px), float(py))))
               for px, py in zip(xs, ys) if np.isfinite(py) and py < 1e6)


def test_the_legend_covers_no_falling_curve_under_an_off_the_scale_note(qtbot, store, filler,
                                                                       shown):
    """Walker13 W13-3 (06/4, 08/1): with A off the scale, the note took the top and the
    legend always went to the bottom right, over B's falling losses; it now sits below the
    note, clear of every line of the plot, and stays there as B's run goes on."""
    from dlstudio.gui.plots.synthetic import synthetic_run

    snaps = synthetic_run(120, variants={"A": "relu", "B": "relu"}, steps_per_epoch=15)
    a = [s for s in snaps if s.variant == "A"][:6]
    a[5] = dataclasses.replace(a[5], batch_loss=2.8e7, event="diverged")
    last = max(s.step for s in snaps)
    b = []
    for s in snaps:
        if s.variant == "B":
            loss = float(0.3 + 2.0 * np.exp(-5 * s.step / last))
            b.append(dataclasses.replace(s, batch_loss=loss, train_loss=loss,
                                         val_loss=None if s.val_loss is None else loss + 0.1))
    filler(store, a + b)
    panel = shown(qtbot, ConvergencePanel(store), (800, 560))
    view, legend = panel.loss_plot.getViewBox(), panel.loss_plot.legend
    note = panel.marks.notes.exploded["A"]
    assert note.isVisible()
    box = legend.sceneBoundingRect()
    assert not box.intersects(note.sceneBoundingRect())
    (x_lo, x_hi), _ = view.viewRange()
    for v in ("A", "B"):
        for key in ("raw", "ema", "val"):
            # the points, the lines between them and (smoothed) where the run goes on
            assert not _line_under(box, view, panel.items[v][key], x_hi if key != "raw"
                                   else None), (v, key)


@pytest.mark.parametrize("size", [(560, 500), (600, 450), (560, 620)])
def test_in_a_short_stacked_plot_the_legend_covers_no_line(qtbot, store, filler, shown, size):
    """Walker14 W14-4: in the Standard layout at 1366x768 (accuracy below the loss, a loss
    plot about 110 pixels tall) every corner held a curve, and the legend hid A's flat loss
    of 17/1 from step 140 on. It goes into one row there, and the loss axis makes room above
    the curves when no corner is free; the axis still follows the run (not taken for a
    zoom of the student's). At 600x450 in Noto Sans CJK (a taller row than DejaVu Sans's)
    the one-row legend needs 55% of the loss plot's height (fix68)."""
    from dlstudio.gui.plots.synthetic import synthetic_run

    snaps = synthetic_run(204, variants={"A": "relu", "B": "relu"}, steps_per_epoch=68)
    last = max(s.step for s in snaps)
    out = []
    for s in snaps:
        loss = 2.3 if s.variant == "A" else float(0.4 + 2.5 * np.exp(-6 * s.step / last))
        out.append(dataclasses.replace(s, batch_loss=loss, train_loss=loss,
                                       val_loss=None if s.val_loss is None else loss))
    filler(store, out)
    panel = shown(qtbot, ConvergencePanel(store), size)
    assert panel.stacked()
    view, legend = panel.loss_plot.getViewBox(), panel.loss_plot.legend
    assert view.sceneBoundingRect().height() < 200          # a short plot
    box = legend.sceneBoundingRect()
    (x_lo, x_hi), _ = view.viewRange()
    for v in ("A", "B"):
        for key in ("raw", "ema", "val"):
            assert not _line_under(box, view, panel.items[v][key]), (v, key)
    # a higher loss later still gets the axis fitted to it
    filler(store, [dataclasses.replace(out[-1], step=last + 1, batch_loss=9.0,
                                       train_loss=9.0, val_loss=None)])
    panel.refresh(force=True)
    assert view.viewRange()[1][1] >= 9.0


def test_a_legend_of_four_variants_never_grows_wider_than_its_plot(qtbot, store, filler,
                                                                   shown):
    """Walker17 W17-a: lesson 05/1 at 1366x768 (four variants, the loss plot ~380 px wide):
    the legend went into one row wider than the plot, and "A sigmoid", the flat curve the
    step is about, was cut to "igmoid" at the plot's left edge."""
    from dlstudio.gui.plots.synthetic import synthetic_run

    names = {"A": "sigmoid", "B": "tanh", "C": "relu", "D": "elu"}
    snaps = synthetic_run(204, variants=names, steps_per_epoch=68)
    last = max(s.step for s in snaps)
    out = []
    for s in snaps:
        t = s.step / last
        loss = 2.33 if s.variant == "A" else float(0.3 + 2.0 * np.exp(-4 * t))
        out.append(dataclasses.replace(s, batch_loss=loss, train_loss=loss,
                                       val_loss=None if s.val_loss is None else loss))
    filler(store, out)
    store.set_variant_tags(names)
    panel = shown(qtbot, ConvergencePanel(store), (820, 560))
    view, legend = panel.loss_plot.getViewBox(), panel.loss_plot.legend
    panel.refresh(force=True)
    plot_box, box = view.sceneBoundingRect(), legend.sceneBoundingRect()
    assert box.width() > 0.6 * plot_box.width()      # a legend that needed the rule
    assert plot_box.left() - 1 <= box.left() and box.right() <= plot_box.right() + 1


@pytest.mark.parametrize("size", [(800, 560), (520, 640), (1100, 700)])
def test_neither_the_note_nor_the_legend_covers_a_line_under_the_top_edge(qtbot, store,
                                                                         filler, shown,
                                                                         size):
    """W23-3's remainder (fix44, lesson 06/4 after an A/B run): A off the scale, B's
    validation loss highest at its first epoch end (7.9 there, then 7.0, 3.1, 5.1 against
    a training loss near 1). The axis ended just above that point, so the note at the top
    edge and the legend below it sat on B's validation line; the loss axis now leaves them
    room above every line."""
    from dlstudio.gui.plots.synthetic import synthetic_run

    snaps = synthetic_run(280, every=1, variants={"A": "relu", "B": "relu"},
                          steps_per_epoch=68)
    a = [s for s in snaps if s.variant == "A"][:4]
    a[3] = dataclasses.replace(a[3], batch_loss=1.8e13, event="diverged")
    val = [7.9, 7.0, 3.1, 5.1]
    rng = np.random.default_rng(0)
    b = []
    for s in snaps:
        if s.variant == "B":
            loss = float(0.8 + 1.6 * np.exp(-s.step / 40) + 0.2 * rng.random())
            b.append(dataclasses.replace(s, batch_loss=loss, train_loss=loss,
                                         val_loss=None if s.val_loss is None
                                         else val[sum(x.val_loss is not None for x in b)]))
    filler(store, a + b)
    panel = shown(qtbot, ConvergencePanel(store), size)
    view, legend = panel.loss_plot.getViewBox(), panel.loss_plot.legend
    note = panel.marks.notes.exploded["A"]
    assert note.isVisible()
    assert list(panel.items["B"]["val"].yData) == val
    for box, what in ((note.sceneBoundingRect(), "note"),
                      (legend.sceneBoundingRect(), "legend")):
        for v, key in (("A", "raw"), ("A", "ema"), ("B", "raw"), ("B", "ema"), ("B", "val")):
            assert not _line_under(box, view, panel.items[v][key]), (what, v, key)
    # the headroom is the program's choice, not a zoom: a higher loss still refits the axis
    last = b[-1]
    filler(store, [dataclasses.replace(last, step=last.step + 1, batch_loss=20.0,
                                       train_loss=20.0, val_loss=None)])
    panel.refresh(force=True)
    assert view.viewRange()[1][1] >= 20.0


def test_a_legend_needing_more_than_half_of_a_short_plot_still_gets_room_above(qtbot):
    """fix68: in Noto Sans CJK the one-row legend of the short stacked loss plot needed 54%
    of its 72 px; room was made only up to half the plot, and the legend sat on B's line.
    Room is made up to ``ROOM`` (60%) of the plot."""
    from dlstudio.gui.plots.loss_legend import ROOM, LossLegendPlacement

    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(600, 120)
    widget.show()
    qtbot.waitExposed(widget)
    plot = widget.getPlotItem()
    x = np.linspace(0.0, 100.0, 101)
    y = np.full_like(x, 2.0)                      # a flat line under both top corners
    plot.plot(x, y)
    plot.setYRange(0.0, 2.1, padding=0)
    height = plot.getViewBox().sceneBoundingRect().height()
    corner = LossLegendPlacement().make_room(plot, x, y, (200.0, 0.55 * height), height)
    assert ROOM >= 0.55 and corner is not None
    low, high = plot.getViewBox().viewRange()[1]
    assert (high - 2.0) / (high - low) >= 0.55      # the legend's box is above the line


@pytest.mark.parametrize("size", [(400, 450), (560, 330)])
def test_with_no_corner_free_and_no_room_above_the_legend_goes_under_the_axis(
        qtbot, store, filler, shown, size):
    """fix68's list: four variants in the short stacked loss plot: the legend in two rows
    needs more of the plot than the axis gives up above the curves (``ROOM``), every corner
    holds a line, and the legend sat on the lines. It goes under the x axis then, outside
    the data area, and back into a corner when the plot has room for it."""
    from dlstudio.gui.plots.synthetic import synthetic_run

    names = {"A": "sigmoid", "B": "tanh", "C": "relu", "D": "elu"}
    snaps = synthetic_run(204, variants=names, steps_per_epoch=68)
    last = max(s.step for s in snaps)
    out = []
    for s in snaps:
        t = s.step / last
        loss = {"A": 2.33, "B": float(0.3 + 2.0 * np.exp(-4 * t)), "C": 1.2 + t,
                "D": 2.2 - 2.0 * t}[s.variant]
        out.append(dataclasses.replace(s, batch_loss=loss, train_loss=loss,
                                       val_loss=None if s.val_loss is None else loss))
    filler(store, out)
    store.set_variant_tags(names)
    panel = shown(qtbot, ConvergencePanel(store), size)
    panel.refresh(force=True)
    assert panel.stacked()
    view, legend = panel.loss_plot.getViewBox(), panel.loss_plot.legend
    box, data = legend.sceneBoundingRect(), view.sceneBoundingRect()
    for v in names:
        for key in ("raw", "ema", "val"):
            assert not _line_under(box, view, panel.items[v][key]), (v, key)
    assert box.top() >= data.bottom()                  # under the axis
    bottom = panel.loss_plot.getAxis("bottom").sceneBoundingRect()
    assert box.top() >= bottom.top() + 0.5 * bottom.height()   # not on its labels
    assert legend.isVisible() and len(legend.items) == 5
    # a tall window: the legend goes back into the plot
    panel.resize(size[0], 1400)
    qtbot.waitUntil(lambda: legend.parentItem() is view, timeout=3000)
