"""Test helper: the texts a student reads on pyqtgraph plots (titles, axis titles, labels)."""
from __future__ import annotations

import pyqtgraph as pg


def scene_texts(scene) -> set[str]:
    """Plot titles, left/bottom axis titles and free labels (legends) in a graphics scene."""
    texts = set()
    for item in scene.items():
        if isinstance(item, pg.PlotItem):
            texts.add(item.titleLabel.text)
            for side in ("left", "bottom"):
                texts.add(item.getAxis(side).labelText)
        elif isinstance(item, pg.LabelItem):
            texts.add(item.text)
    return {t for t in texts if t}
