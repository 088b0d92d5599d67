"""A plot title too wide for its plot takes a second line before it is shortened (walker7
W7-12: in English classroom mode at 1920x1080 the titles read "Loss (faint: each batch,
bold: smo…"): its explanation in brackets goes to the second line, and only what still
does not fit ends in "…"."""
from __future__ import annotations

import pyqtgraph as pg
import pytest

from dlstudio.gui.plots import labels

TITLE = "Loss (faint: each batch, bold: smoothed)"


@pytest.fixture
def titled(qtbot):
    """``titled(width, title)``: a plot of that width (the widget kept until the test
    ends) with ``title`` at a classroom size."""
    views = []

    def make(width: int, title: str = TITLE) -> pg.PlotItem:
        view = pg.GraphicsLayoutWidget()
        qtbot.addWidget(view)
        views.append(view)
        plot = view.addPlot()
        labels.fit_title(plot)
        plot.setTitle(title, size="16pt")
        view.resize(width, 300)
        view.show()
        qtbot.waitExposed(view)
        qtbot.wait(20)
        return plot

    make.views = views
    return make


def _shown(plot) -> str:
    return plot.titleLabel.item.toPlainText()


def _width_for(titled, share: float) -> int:
    """A widget width whose title gets ``share`` of the width the title needs on one line
    (the plot's axes and margins take the rest of the widget)."""
    label = titled(2000).titleLabel
    return int(2000 - label.rect().width() + share * label.itemRect().width())


def test_a_title_that_fits_stays_on_one_line(titled):
    plot = titled(2000)
    assert _shown(plot) == TITLE and plot.titleLabel.maximumHeight() == labels.TITLE_HEIGHT


def test_a_long_title_puts_its_explanation_on_a_second_line(titled, qtbot):
    plot = titled(_width_for(titled, 0.96))
    assert _shown(plot).split("\n") == ["Loss", "(faint: each batch, bold: smoothed)"]
    assert plot.titleLabel.text == TITLE                  # the whole title, for tests/tooltip
    # room for two lines (the title row grows once the event loop is back)
    qtbot.waitUntil(lambda: plot.titleLabel.maximumHeight() > labels.TITLE_HEIGHT)
    qtbot.wait(20)
    label = plot.titleLabel.mapRectToScene(plot.titleLabel.itemRect())
    assert plot.titleLabel.sceneBoundingRect().adjusted(-1, -1, 1, 1).contains(label)


def test_only_what_two_lines_cannot_hold_is_shortened(titled):
    width = _width_for(titled, 0.5)
    first, second = _shown(titled(width)).split("\n")
    assert first == "Loss" and second.endswith("…") and second.startswith("(faint")
    long = "Gradient norm per layer over all of the steps - B"
    first, second = _shown(titled(width, long)).split("\n")
    assert long.startswith(first + " ") and len(first) > 4      # as many words as fit


def test_a_plot_made_wide_again_returns_to_one_line(titled, qtbot):
    plot = titled(_width_for(titled, 0.96))
    assert "\n" in _shown(plot)
    titled.views[-1].resize(2000, 300)
    qtbot.wait(20)
    assert _shown(plot) == TITLE and plot.titleLabel.maximumHeight() == labels.TITLE_HEIGHT


def test_a_spanned_title_has_the_plots_whole_width(qtbot):
    """The activation heatmaps' titles ("3 dense_1") had only the data area of a narrow
    plot, a third of it under the value axis: they wrapped and shortened to "3" / "de…"
    (the Chinese dark README screenshot). ``span_title`` gives a title the plot's whole
    width, so a title as wide as the plot fits on one line (fails before)."""
    view = pg.GraphicsLayoutWidget()
    qtbot.addWidget(view)
    plot = view.addPlot()
    plot.setLabel("left", "value")
    labels.span_title(plot)
    plot.setTitle("3 dense_1")
    view.resize(110, 300)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(20)
    label, data = plot.titleLabel, plot.getViewBox()
    assert label.rect().width() > data.width() + plot.getAxis("left").width() - 2
    assert label.itemRect().width() <= label.rect().width()
    assert _shown(plot) == "3 dense_1"
