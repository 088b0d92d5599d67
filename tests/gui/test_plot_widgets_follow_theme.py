"""The plot widgets outside the plot pages follow a light/dark theme switch (walker19
W19-10: in the dark theme the Transfer, Optimizer playground and Loss landscape plots stayed
white, a glaring rectangle on a projector; the search scatter too)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from dlstudio.gui import theme
from dlstudio.gui.landscape.plot import LandscapePlotWidget
from dlstudio.gui.playground.surface_plot import SurfacePlotWidget
from dlstudio.gui.search.scatter_grid import ScatterGridWidget
from dlstudio.gui.transfer.results_view import PhaseCurveWidget


@pytest.fixture
def dark(qapp, app_look_restored):
    """The dark theme, then the application's look as it was (``app_look_restored``)."""
    theme.apply(QApplication.instance(), "dark")
    yield


@pytest.mark.parametrize("cls", [PhaseCurveWidget, LandscapePlotWidget, SurfacePlotWidget,
                                 ScatterGridWidget])
def test_a_plot_made_in_the_light_theme_turns_dark_with_it(qtbot, cls, request):
    widget = cls()
    qtbot.addWidget(widget)
    widget.show()
    assert widget.backgroundBrush().color().lightness() > 150
    request.getfixturevalue("dark")
    QApplication.processEvents()
    assert widget.backgroundBrush().color().lightness() < 100, cls.__name__
    theme.apply(QApplication.instance(), "light")
    QApplication.processEvents()
    assert widget.backgroundBrush().color().lightness() > 150, cls.__name__


def test_the_playground_shades_its_surface_in_the_themes_colours(qtbot, request):
    """W19-10: the valley's shading ran from pale blue to white: a white square on the dark
    window. In the dark theme its high ground is near the dark background."""
    from dlstudio.engine import surfaces

    widget = SurfacePlotWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 400)
    widget.show()
    widget.set_surface(surfaces.get("bowl"))

    def high_ground():           # the shade's colour at the top of the map (RGBA row)
        lut = widget.image.lut
        return lut[-1][:3] if lut is not None else None

    assert min(high_ground()) > 200
    request.getfixturevalue("dark")
    QApplication.processEvents()
    assert max(high_ground()) < 60


def test_the_playgrounds_legend_text_turns_with_the_theme_while_hidden(qtbot, request):
    """W22-10: switched while another page was shown, the playground's legend labels kept the
    old theme's text colour (pale grey on the white page): pyqtgraph's setLabelTextColor only
    notes the colour for the next text, it does not redraw the labels there are."""
    from types import SimpleNamespace

    from dlstudio.gui.plots.style import theme_colors

    widget = SurfacePlotWidget()
    qtbot.addWidget(widget)
    widget.set_paths([SimpleNamespace(label="SGD", config={}),
                      SimpleNamespace(label="Adam", config={})],
                     ["#1f77b4", "#ff7f0e"])
    request.getfixturevalue("dark")           # while the widget is not shown
    QApplication.processEvents()
    want = theme_colors(widget.palette())["foreground"].name().lower()
    labels = [label for _, label in widget.legend.items]
    assert len(labels) == 2
    for label in labels:
        assert want in label.item.toHtml().lower()


def test_the_playground_redraw_after_closing_does_nothing(qtbot):
    """A view change leaves a 40 ms redraw timer running; when the plot closes before it fires,
    the redraw has no plot to read (seen once in the suite as an exception in the event loop)."""
    from dlstudio.engine import surfaces

    widget = SurfacePlotWidget()
    qtbot.addWidget(widget)
    widget.resize(300, 300)
    widget.show()
    widget.set_surface(surfaces.get("bowl"))
    widget.close()
    assert widget.getPlotItem() is None
    widget.drawn_rect = None
    widget.draw_view()                    # the timer's call: nothing to draw, no error
