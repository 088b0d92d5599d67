"""The plot-building blocks: a heading names the variants' colours, labels keep their text
through restyling, a side legend takes a cell of its own."""
from __future__ import annotations

from dlstudio.gui.plots.base import BasePanel


class _Panel(BasePanel):
    def _build(self, key: tuple) -> None:
        pass

    def _update(self) -> None:
        pass


def test_headings_labels_and_legends(qtbot, compare_store):
    panel = _Panel(compare_store)
    qtbot.addWidget(panel)
    variants = compare_store.variants()
    key = panel.variant_key(variants)
    assert key.count("\u25a0") == len(variants) == 2
    assert panel.variant_key(variants[:1]) == ""
    heading = panel.add_heading("Gradients", key, 0)
    assert "Gradients  (colours: " in heading.text
    label = panel.add_label("first", 1, 0)
    panel.set_label_text(label, "second", bold=True)
    panel._restyle()                                   # the new text survives restyling
    assert "second" in label.text and "font-weight:bold" in label.text
    plot = panel.add_plot(2, 0, "Loss", "step", "loss", over_steps=True)
    assert panel.plots == [plot] and len(panel.step_cursors()) == 1
    legend = panel.add_side_legend(2, 1)
    assert legend is not None
    panel._clear_graphics()
    assert panel.plots == [] and panel.step_cursors() == []
