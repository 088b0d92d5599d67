"""``LayerListWidget``: the step debugger's pipeline, one line per traced layer ("2. dense_1
(Dense, tanh) → 8"), as wide as its longest line."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractScrollArea, QListWidget, QWidget

#: the list's least width, and its most in lines of its font (it widens to its entries)
LIST_MIN_WIDTH = 190
LIST_MAX_LINES = 24


class LayerListWidget(QListWidget):
    """The traced layers; the row is the layer's index.

    Signals
    -------
    sigWidthChanged() : the list took another minimum width (its arrangement re-lays out).
    """

    sigWidthChanged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumWidth(LIST_MIN_WIDTH)   # widened to its entries (a trace)
        self.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)

    def show_trace(self, trace: Any) -> None:
        """One line per layer of ``trace``, keeping the row chosen (without a signal while
        the lines change), or, on the first trace, choosing the first layer with weights."""
        row = self.currentRow()
        self.blockSignals(True)
        self.clear()
        for t in trace.layers:
            act = f", {t.activation}" if t.activation else ""
            shape = "×".join(str(s) for s in t.a.shape[1:])
            self.addItem(f"{t.index + 1}. {t.name} ({t.kind}{act}) → {shape}")
        self.blockSignals(False)
        self._fit_width()
        if row < 0:      # the first trace opens on the first layer with weights, not on a
            # Flatten that passes its input on unchanged (W7-10)
            row = next((i for i, t in enumerate(trace.layers) if "W" in t.params), 0)
        self.setCurrentRow(row)

    def _fit_width(self) -> None:
        """As wide as the longest line (up to ``LIST_MAX_LINES`` lines of the font): at
        190 px, classroom mode cut every line ("2. max_pooling2d (MaxPooli…") while the
        equations beside it had room to spare (walker16 W16-26)."""
        metrics = self.fontMetrics()
        texts = [self.item(i).text() for i in range(self.count())]
        widest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
        bar = self.verticalScrollBar().sizeHint().width()
        need = widest + 2 * self.frameWidth() + bar + 4 * metrics.averageCharWidth()
        cap = LIST_MAX_LINES * metrics.height()
        width = max(LIST_MIN_WIDTH, min(need, cap))
        if self.minimumWidth() != width:
            self.setMinimumWidth(width)
            self.sigWidthChanged.emit()
