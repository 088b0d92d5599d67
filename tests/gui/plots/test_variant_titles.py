"""Walker33 W33-1: a comparison's small-multiple titles ended with the variant letter
("到达每一层的信号 dL/dz - A"), so three plots side by side at 1366 wide shortened them to
"到达每..." and none said which variant it was; the letter now comes first. A confusion
matrix beside others says only how many samples it counts: the long title shortened to
"混淆矩阵（6,000 个验证样..." and read as 6,000 samples."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from dlstudio.gui.plots import labels, style
from dlstudio.gui.plots.gradients import GradientsPanel
from dlstudio.gui.plots.outcome import OutcomePanel
from dlstudio.gui.plots.outcome_provider import NetworkProvider


def _titles(plots):
    return [p.titleLabel.text for p in plots]


def test_the_variant_letter_comes_first(qtbot, compare_store):
    assert style.variant_title("Loss", "B") == "B\u00a0\u00b7\u00a0Loss"
    panel = GradientsPanel(compare_store)
    qtbot.addWidget(panel)
    panel.refresh()
    for plots in (panel.norm_plots, panel.ratio_plots):
        titles = _titles(plots)
        assert [t.split("\u00a0\u00b7\u00a0")[0] for t in titles] == ["A", "B"], titles
        assert not any(t.endswith(("- A", "- B")) for t in titles)


def test_a_shortened_title_keeps_its_letter(qtbot):
    view = pg.GraphicsLayoutWidget()
    qtbot.addWidget(view)
    plot = view.addPlot(title="x")
    label = labels.fit_title(plot)
    label.setText(style.variant_title("Signal dL/dz reaching each layer, per value", "C"))
    view.resize(120, 200)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: label.item.toPlainText().endswith(labels.ELLIPSIS))
    assert label.item.toPlainText().replace("\u00a0", " ").startswith("C \u00b7 ")


def test_boundaries_and_confusion_matrices_beside_others(qtbot, compare_store, compare_run):
    run = compare_run[0]
    panel = OutcomePanel(compare_store)
    qtbot.addWidget(panel)
    data = run.dataset
    panel.set_dataset(data.x_train, data.y_train, list(data.info.class_names))
    for name, net in run.networks.items():
        panel.set_model_provider(NetworkProvider(lambda net=net: net), name)
    panel.redraw_share = None
    panel.refresh()
    titles = {v: plot.titleLabel.text for v, (plot, *_) in panel.items["plots"].items()}
    assert titles == {v: f"{v}\u00a0\u00b7\u00a0Decision boundary" for v in ("A", "B")}
    panel.x, panel.n_given = np.zeros((300, 2)), 6000
    short = panel._confusion_title(several=True)
    assert short == "Confusion matrix (300 samples)"
    assert "6,000" in panel._confusion_title()          # alone, it has the room for both
