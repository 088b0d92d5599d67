"""Which comparison variant's pre-flight check the Pre-flight page shows.

Each variant of an A/B run is checked (fix44, W23-1 showed A's alone without saying so).
``PreflightVariantsWidget`` keeps every variant's known check by letter and how the page
names each variant ("A (Glorot normal)"), and is the "Variant:" box above the plots that
picks one; the box is there while two or more checks are known. The page shows ``shown()``
and names it over its verdict with ``shown_name``.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from dlstudio.gui.widgets.retranslate import RetranslateMixin


class PreflightVariantsWidget(RetranslateMixin, QWidget):
    """The variants' checks and the box that picks the one shown (module docstring).

    Signals
    -------
    sigPicked() : the student picked another variant in the box.
    """

    sigPicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        #: every variant's known result by letter (``set_a`` gives A's, ``set_others`` the
        #: others') and how the page names each variant ("A (Glorot normal)"); one name or
        #: none: no variants, nothing said
        self.results: dict[str, Any] = {}
        self.names: dict[str, str] = {}
        #: the variant the student picked in ``box`` (None: A)
        self.picked: str | None = None
        self.label = QLabel(self)
        self.box = QComboBox(self)
        self.box.activated.connect(self._on_box_activated)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.box)
        self.retranslate()
        self.refill(None)

    def retranslate(self) -> None:
        self.label.setText(self.tr("Variant:"))
        self.box.setToolTip(self.tr("Which variant's check this page shows"))

    def set_a(self, result: Any) -> None:
        """Variant A's result (None: the network changed, A has none)."""
        self.results = {k: v for k, v in self.results.items() if k != "A"}
        if result is not None:
            self.results["A"] = result

    def set_others(self, results: dict[str, Any], names: dict[str, str]) -> None:
        """The other variants' known results by letter (``Studio.variant_preflights``; A's
        comes through ``set_a`` alone) and how the page names the studio's variants."""
        own = self.results.get("A")
        self.results = {k: v for k, v in results.items() if k != "A"}
        if own is not None:
            self.results["A"] = own
        self.names = dict(names)

    def forget(self) -> None:
        """No variant's result, none picked (after a lesson switch)."""
        self.results, self.picked = {}, None

    def shown(self) -> Any:
        """The result to show: the picked variant's, else A's, else the first known."""
        picked = self.picked if self.picked in self.results else "A"
        return self.results.get(picked) or next(iter(self.results.values()), None)

    def shown_name(self, result: Any) -> str:
        """How the page names the variant of ``result`` ("A (Glorot normal)"); "" when the
        studio has no other variants (nothing to tell apart)."""
        letter = getattr(result, "variant", "") or "A"
        if len(self.names) < 2 and len(self.results) < 2:
            return ""
        return self.names.get(letter, letter)

    def refill(self, shown: Any) -> None:
        """The variants with a known result in the box, ``shown``'s current; the box (and
        its label) is there while there are two or more to choose from."""
        box = self.box
        box.blockSignals(True)
        box.clear()
        for letter in sorted(self.results):
            box.addItem(self.names.get(letter, letter), letter)
        box.setCurrentIndex(max(0, box.findData(getattr(shown, "variant", None))))
        box.blockSignals(False)
        several = len(self.results) > 1
        box.setVisible(several)
        self.label.setVisible(several)

    def _on_box_activated(self, index: int) -> None:
        self.picked = self.box.itemData(index)
        self.sigPicked.emit()
