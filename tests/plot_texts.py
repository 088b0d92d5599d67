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


def drawn_tick_labels(axis) -> list[tuple]:
    """``(rect, text)`` of every tick label a pyqtgraph ``axis`` draws now (its own
    coordinates)."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [(rect, text) for rect, _, text in specs[2]]


def label_value(text: str) -> float:
    """The number a log axis's label writes: "0.05", "10⁻³", "2 × 10⁻³"."""
    superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"
    power = "".join(c for c in text if c in superscripts)
    if not power:
        return float(text)
    mantissa = text.split("×")[0].strip() if "×" in text else "1"
    exponent = power.translate(str.maketrans(superscripts, "0123456789-"))
    return float(mantissa) * 10.0 ** int(exponent)
