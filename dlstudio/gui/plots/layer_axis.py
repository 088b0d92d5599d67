"""``LayerAxisItem``: a bottom axis for one bar per layer, labelled with the layers' numbers.

Bar positions 0, 1, 2 ... carry the names given to ``set_names`` ("1", "2", ...); with many
layers only every 2nd (5th, 10th) bar is labelled, so labels never run together (thirty
layers at 1366x768 on the Pre-flight page).
"""
from __future__ import annotations

from dlstudio.gui.plots import axes


class LayerAxisItem(axes.SpacedAxisItem):
    """A bottom axis that labels bar positions 0, 1, 2 ... with the layers' numbers; with
    many layers only every 2nd (5th, 10th) bar is labelled, so labels never run together."""

    def __init__(self, *args, **kwargs):
        super().__init__("bottom", *args, **kwargs)
        self.names: list[str] = []

    def set_names(self, names: list[str]) -> None:
        self.names = list(names)
        self.picture = None
        self.update()

    def tickSpacing(self, minVal: float, maxVal: float, size: float):  # noqa: N802
        spacing = 1.0
        while spacing < len(self.names) and not self.label_room(spacing, minVal, maxVal, size):
            spacing = axes.next_nice(spacing)
        return [(spacing, 0.0)]

    def tickValues(self, minVal: float, maxVal: float, size: float):  # noqa: N802
        """Ticks at bars only: none in room a chart leaves beside its bars (the update
        chart's, for its typical label), where an unlabelled tick read as a layer."""
        levels = super().tickValues(minVal, maxVal, size)
        if not self.names:
            return levels
        last = len(self.names) - 1 + 1e-6
        return [(spacing, [v for v in values if -1e-6 <= v <= last])
                for spacing, values in levels]

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        out = []
        for v in values:
            i = int(round(v))
            out.append(self.names[i] if abs(v - i) < 1e-6 and 0 <= i < len(self.names) else "")
        return out
