"""The Data dock's preview colours each class as the Outcome plots do (walker30: the third
class of three blobs was red in the preview, green on the decision boundary)."""
from __future__ import annotations

import numpy as np

from dlstudio.gui.data.preview import DataPreviewWidget
from dlstudio.gui.plots import outcome_boundary


def test_the_preview_colours_classes_as_the_outcome_plots_do(qtbot):
    preview = DataPreviewWidget()
    qtbot.addWidget(preview)
    xy = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]], np.float32)
    preview.show_points(xy, np.array([0, 1, 2]))
    shown = [item.opts["brush"].color().name() for item in preview.scatter_items]
    # the boundary plot's points and map take class k's colour from this palette
    outcome = [outcome_boundary.style.CLASS_COLORS[k] for k in range(3)]
    assert shown == outcome
