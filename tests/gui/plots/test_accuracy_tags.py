"""The test-accuracy tags stack at the right edge, away from the curves."""
from __future__ import annotations

import numpy as np
import pytest
import pyqtgraph as pg

from dlstudio.gui.plots.accuracy_tags import stack_at_right_edge


def shown_plot(qtbot, width: int, height: int, x_end: float) -> pg.PlotWidget:
    """A shown plot widget of ``width`` x ``height`` pixels over x 0..``x_end`` and y 0..1
    (the caller keeps it: its plot item goes with it)."""
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    plot = widget.getPlotItem()
    plot.setXRange(0, x_end, padding=0)
    plot.setYRange(0, 1, padding=0)
    return widget


def test_tags_stack_at_the_right_edge_below_high_curves(qtbot):
    widget = shown_plot(qtbot, 500, 400, 100)
    plot = widget.getPlotItem()
    tags = []
    for text in ("\u2605 test 97.0%", "\u2605 test 96.0%"):
        tag = pg.TextItem(text, anchor=(1, 0))
        plot.addItem(tag, ignoreBounds=True)
        tags.append(tag)
    x = np.linspace(0, 100, 200)
    y = np.full_like(x, 0.97)                      # the curves run along the top
    stars = np.array([0.97])
    stack_at_right_edge(plot, [(tags[0], stars, (tags[0].toPlainText(), "\u2605 97.0%")),
                               (tags[1], stars, (tags[1].toPlainText(), "\u2605 96.0%"))],
                        lambda: [(x, y)])
    top = tags[0].pos().y()
    assert tags[0].pos().x() == 100 and tags[1].pos() == tags[0].pos()
    assert top < 0.5                               # at the bottom, away from the curves
    assert tags[0].anchor.y() == 0 and tags[1].anchor.y() < 0   # the second one below


def test_four_tags_in_a_short_plot_stay_inside_in_the_order_of_their_stars(qtbot):
    """Walker21 W21-3: lesson 05 step 1 at 1366x768, an accuracy plot about 80 pixels high
    with four tags. They were stacked in the variants' order, taller than the plot: A's
    "test 10.0%" was cut at the top edge, above B's 88.3%, and B's tag lay under the
    curves. Now the highest star's tag comes first, the tags go into columns when one
    column does not fit, every one inside the plot, none on another, all above the curves."""
    from dlstudio.gui.plots.accuracy_tags import grid_shape

    assert grid_shape(4, 18, 200) == (4, 1)        # room: one column
    assert grid_shape(4, 18, 75) == (2, 2)         # three rows fit: two of two
    assert grid_shape(3, 18, 30) == (1, 3)
    widget = shown_plot(qtbot, 480, 110, 204)
    plot = widget.getPlotItem()
    x = np.linspace(0, 204, 300)
    curve = plot.plot(x, np.full_like(x, 0.85))
    stars = {"A": 0.100, "B": 0.883, "C": 0.783, "D": 0.835}
    shown = []
    for name, value in stars.items():
        tag = pg.TextItem(f"\u2605 test {value:.1%}", anchor=(1, 0))
        plot.addItem(tag, ignoreBounds=True)
        shown.append((tag, np.array([value]), (tag.toPlainText(), f"\u2605 {value:.1%}")))
    view_rect = plot.getViewBox().sceneBoundingRect()
    assert view_rect.height() < 4 * shown[0][0].sceneBoundingRect().height() * 1.1
    stack_at_right_edge(plot, shown, lambda: [(x, np.full_like(x, 0.85))])
    rects = {name: tag.sceneBoundingRect() for name, (tag, _, _) in zip(stars, shown)}
    for rect in rects.values():
        assert view_rect.adjusted(-1, -1, 1, 1).contains(rect)
    names = list(rects)
    assert not any(rects[a].intersects(rects[b].adjusted(1, 1, -1, -1))
                   for i, a in enumerate(names) for b in names[i + 1:])
    # read row by row, left to right: B 88.3%, D 83.5%, then C 78.3%, A 10.0%
    order = sorted(names, key=lambda n: (round(rects[n].top()), rects[n].left()))
    assert order == ["B", "D", "C", "A"]
    assert all(tag.zValue() > curve.zValue() for tag, _, _ in shown)


def _tags(plot, stars: dict, point_size: float) -> list:
    """Tags as a comparison shows them: "★ B test 88.3%", shorter "★ B 88.3%", "B 88.3%"."""
    from PySide6.QtGui import QFont

    shown = []
    for name, value in stars.items():
        tag = pg.TextItem(f"\u2605 {name} test {value:.1%}", anchor=(1, 0))
        font = QFont(tag.textItem.font())
        font.setPointSizeF(point_size)
        tag.setFont(font)
        plot.addItem(tag, ignoreBounds=True)
        shown.append((tag, np.array([value]), (tag.toPlainText(),
                                               f"\u2605 {name} {value:.1%}",
                                               f"{name} {value:.1%}")))
    return shown


def _covered(plot, tag, lines) -> int:
    """How many points along ``lines`` (one per pixel of x) lie under ``tag``."""
    from dlstudio.gui.plots.label_placement import along_lines, points_inside

    view = plot.getViewBox()
    box = view.mapSceneToView(tag.sceneBoundingRect()).boundingRect()
    x, y = along_lines([(lx, ly, False) for lx, ly in lines],
                       view.viewPixelSize()[0])
    return points_inside(x, y, box.left(), min(box.top(), box.bottom()), box.width(),
                         abs(box.height()))


@pytest.mark.parametrize("case", ["05/1", "06/2"])
def test_the_tags_do_not_hide_the_curve_the_step_is_about(qtbot, case):
    """Walker23 W23-3, a short wide accuracy plot (zh at 1366x768). 05/1: four tags in two
    rows of two; the lower row lay on A sigmoid's flat line at 0.1, the curve the step asks
    about. 06/2: two tags stacked at the top lay on B's curve at 0.58 and on its validation
    line (drawn between epoch ends, with no point under the tags). The tags now take a band
    no curve crosses: one row of them (06/2), or, where whole tags do not fit there (05/1),
    the tags after the first without the word "test"."""
    widget = shown_plot(qtbot, 1000, 155, 205 if case == "05/1" else 275)
    plot = widget.getPlotItem()
    rng = np.random.default_rng(0)
    if case == "05/1":
        x = np.arange(1.0, 205.0)
        lines = [(x, 0.1 + 0.02 * rng.standard_normal(x.size)),               # A sigmoid
                 (x, np.interp(x, [0, 68, 80, 204], [0.1, 0.55, 0.72, 0.9])),
                 (x, np.interp(x, [0, 68, 90, 150, 204], [0.1, 0.4, 0.6, 0.62, 0.78])),
                 (x, np.interp(x, [0, 68, 80, 204], [0.1, 0.5, 0.7, 0.8]))]
        stars = {"A": 0.100, "B": 0.883, "C": 0.783, "D": 0.835}
    else:
        x = np.arange(1.0, 229.0)
        lines = [(np.arange(1.0, 275.0), np.full(274, 0.1)),                      # A
                 (x, np.interp(x, [0, 68, 75, 228], [0.1, 0.4, 0.5, 0.58])),        # B train
                 (np.array([68.0, 136.0, 204.0, 272.0]), np.array([0.1, 0.1, 0.38, 0.5]))]
        stars = {"A": 0.100, "B": 0.500}
    for lx, ly in lines:
        plot.plot(lx, ly)
    shown = _tags(plot, stars, 18.0)
    height = shown[0][0].sceneBoundingRect().height()
    assert 2 * 1.1 * height > 0.5 * plot.getViewBox().sceneBoundingRect().height()
    stack_at_right_edge(plot, shown, lambda: lines)
    view_rect = plot.getViewBox().sceneBoundingRect().adjusted(-1, -1, 1, 1)
    rects = [tag.sceneBoundingRect() for tag, _, _ in shown]
    assert all(view_rect.contains(r) for r in rects)
    assert not any(a.intersects(b.adjusted(1, 1, -1, -1)) for i, a in enumerate(rects)
                   for b in rects[i + 1:])
    assert [_covered(plot, tag, lines) for tag, _, _ in shown] == [0] * len(shown)
    texts = [tag.toPlainText() for tag, _, _ in shown]
    first = max(stars, key=stars.get)
    assert texts[list(stars).index(first)] == f"\u2605 {first} test {stars[first]:.1%}"
    assert all(text.replace("\u2605 ", "").startswith(f"{name} ")
               and text.endswith(f"{stars[name]:.1%}")
               for name, text in zip(stars, texts))


def test_a_tag_names_its_variant_only_in_a_comparison():
    from dlstudio.gui.plots.accuracy_tags import tag_letter

    assert tag_letter("", 1) == "" and tag_letter("B", 1) == ""
    assert tag_letter("B", 3) == "B"
