"""The plot-building blocks: a heading names the variants' colours, labels keep their text
through restyling, a side legend takes a cell of its own."""
from __future__ import annotations

import pytest

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


@pytest.mark.parametrize("page", ["weights", "activations", "gradients"])
def test_a_histogram_heading_names_the_step_the_timeline_shows(qtbot, moons_store, page):
    """Walker34: the Weights page said "Weight histograms now" over the histograms of step
    304 the timeline was scrubbed to (they follow it); so did Activations and Gradients."""
    from PySide6.QtGui import QTextDocumentFragment

    from dlstudio.gui.plots.activations import ActivationsPanel
    from dlstudio.gui.plots.gradients import GradientsPanel
    from dlstudio.gui.plots.weights import WeightsPanel

    kind = {"weights": WeightsPanel, "activations": ActivationsPanel,
            "gradients": GradientsPanel}[page]
    panel = kind(moons_store)
    qtbot.addWidget(panel)
    panel.refresh(force=True)

    def heading() -> str:
        texts = [QTextDocumentFragment.fromHtml(t).toPlainText() for _, t, _ in panel._labels]
        return next(t for t in texts if "histograms" in t and "(" in t)

    assert " histograms now (" in heading()
    snaps = moons_store.snapshots("")
    shown = next(s for s in snaps[len(snaps) // 2:] if s.layers)
    moons_store.pin(shown.step, {"": shown})
    panel.refresh(force=True)
    assert f" histograms at step {shown.step:,} (" in heading()
    moons_store.pin(None)
    panel.refresh(force=True)
    assert " histograms now (" in heading()
