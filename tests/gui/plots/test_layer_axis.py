"""``LayerAxisItem`` (``gui.plots.layer_axis``): bars labelled with their layers' numbers,
thinned so that labels never run together."""
from __future__ import annotations

from dlstudio.gui.plots.layer_axis import LayerAxisItem


def test_each_bar_is_labelled_with_its_layer_when_there_is_room(qapp):
    axis = LayerAxisItem()
    axis.set_names(["1", "2", "3"])
    assert axis.tickSpacing(-0.6, 2.6, 600) == [(1.0, 0.0)]
    assert axis.tickStrings([0.0, 1.0, 2.0, 2.5, 3.0], 1, 1.0) == ["1", "2", "3", "", ""]


def test_many_layers_in_a_narrow_axis_are_labelled_every_few_bars(qapp):
    axis = LayerAxisItem()
    axis.set_names([str(n) for n in range(1, 31)])
    spacing = axis.tickSpacing(-0.6, 29.6, 120)[0][0]
    assert spacing > 1
    assert axis.tickStrings([0.0, spacing], 1, spacing) == ["1", str(int(spacing) + 1)]


def test_no_tick_stands_beside_the_bars(qapp):
    """The update chart leaves room right of its bars for its typical label (walker31):
    a tick there, unlabelled, read as one more layer."""
    axis = LayerAxisItem()
    axis.set_names(["1", "2", "3", "4"])
    values = [v for _, level in axis.tickValues(-0.6, 6.2, 300) for v in level]
    assert values and max(values) == 3.0 and min(values) == 0.0
