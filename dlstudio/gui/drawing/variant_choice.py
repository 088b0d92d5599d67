"""Which of the studio's variants the Draw-a-digit page asks (walker19 W19-18).

After an A/B lesson step the page always used A, and A is often the run that fails on
purpose (lesson 08 step 1: A's learning rate too small, 12%; a branch's A left behind).
``VariantChoiceWidget`` offers every variant of the studio; until the student picks one it
takes ``best_variant``: the one whose newest accuracy is highest.
"""
from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from dlstudio.gui.drawing.diverged import divergence
from dlstudio.gui.widgets.retranslate import RetranslateMixin


def best_variant(studio: Any) -> str | None:
    """The studio's variant with trained weights whose newest accuracy (test, else
    validation, else training) is highest; a variant that diverged or measured none counts
    lowest, ties go to the earlier one. None when no variant has trained weights."""
    best, best_score = None, -math.inf
    for variant in studio.variants:
        if studio.weights(variant.name) is None:
            continue
        snap = studio.store.latest(variant.name, live=True)
        score = -1.0
        if snap is not None and snap.event not in ("diverged", "failed"):
            score = next((a for a in (snap.test_accuracy, snap.val_accuracy,
                                      snap.train_accuracy)
                          if a is not None and math.isfinite(a)), -1.0)
        if best is None or score > best_score:
            best, best_score = variant.name, score
    return best


class VariantChoiceWidget(RetranslateMixin, QWidget):
    """"Variant: [B (η = 0.05)]", shown while the studio has several variants.

    Signals
    -------
    sigChanged(str) : the variant asked changed (the student's pick or a new best).
    """

    sigChanged = Signal(str)

    def __init__(self, studio: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.studio = studio
        #: the variant the student picked (None: the best-scoring one)
        self.picked: str | None = None
        self.label = QLabel()
        self.box = QComboBox()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.box, 1)
        self.box.activated.connect(self._on_box_activated)
        self.retranslate()
        self.refill()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Variant:"))
        if self.box.count():
            self.refill()

    def variant(self) -> str:
        """The variant to ask: the student's pick, else the best-scoring one, else the
        first."""
        names = [v.name for v in self.studio.variants]
        if self.picked in names:
            return self.picked
        return best_variant(self.studio) or (names[0] if names else "A")

    def automatic(self) -> bool:
        """Whether the variant was chosen by its accuracy (not by the student, and not
        for want of any trained one)."""
        return self.picked not in [v.name for v in self.studio.variants] \
            and best_variant(self.studio) is not None

    def refill(self, *_: object) -> None:
        """List the studio's variants (hidden with one); keeps the pick while it exists."""
        before = self.box.currentData()
        names = self.studio.variant_names()
        self.box.blockSignals(True)
        self.box.clear()
        for name, text in names.items():
            if divergence(self.studio, name) is not None:       # said in the list (W26-16)
                text = self.tr("%1 (diverged)").replace("%1", text)
            self.box.addItem(text, name)
        current = self.variant()
        self.box.setCurrentIndex(max(0, self.box.findData(current)))
        self.box.blockSignals(False)
        self.setVisible(len(names) > 1)
        if current != before:
            self.sigChanged.emit(current)

    def _on_box_activated(self, index: int) -> None:
        self.picked = self.box.itemData(index)
        self.sigChanged.emit(self.picked)
