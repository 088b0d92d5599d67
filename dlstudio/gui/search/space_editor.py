"""A table for choosing which hyperparameters to search, over which range, on which scale."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHeaderView, QTableWidget, QWidget

from dlstudio.gui.i18n import tr_registry
from dlstudio.gui.widgets.sci_spin import SciSpinBox
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.training.search_space import HYPERPARAMETERS, SCALES, Dimension

#: a sampling scale in words a student knows (walker27 W27-16: "log (10ʳ)", "1 − 10ʳ"), and
#: what it does, on the item's tooltip
_SCALE_TEXT = {"linear": QT_TRANSLATE_NOOP("SpaceEditorWidget", "linear"),
               "log": QT_TRANSLATE_NOOP("SpaceEditorWidget", "log scale"),
               "log1m": QT_TRANSLATE_NOOP("SpaceEditorWidget", "log scale near 1")}
_SCALE_TIP = {
    "linear": QT_TRANSLATE_NOOP("SpaceEditorWidget", "Every value of the range is as likely "
                                "as any other."),
    "log": QT_TRANSLATE_NOOP("SpaceEditorWidget", "Every power of ten is tried as often: "
                             "0.001 to 0.01 as often as 0.1 to 1."),
    "log1m": QT_TRANSLATE_NOOP("SpaceEditorWidget", "For settings just under 1 (momentum, "
                               "β): 0.9 to 0.99 is tried as often as 0.99 to 0.999.")}
#: the range boxes' own limits: any sensible search range lies well inside (a batch size of
#: a whole 60,000-example set); Qt sizes a spin box for its limits' texts, and
#: "-1000000000" made the Low/High columns so wide that the Scale column was cut at 1366x768
#: (walker31 W31-6)
RANGE_LIMIT = 1e6


def _show_scale_tip(combo: QComboBox) -> None:
    """The scale combo's tooltip says what its chosen scale does."""
    combo.setToolTip(combo.currentData(Qt.ItemDataRole.ToolTipRole) or "")


class SpaceEditorWidget(RetranslateMixin, QTableWidget):
    """One row per searchable hyperparameter: [search?] name | low | high | scale.

    ``sigSpaceChanged`` is emitted whenever the chosen space changes. Names, headers and
    scales follow the UI language.
    """

    sigSpaceChanged = Signal()

    COLUMNS = (QT_TRANSLATE_NOOP("SpaceEditorWidget", "Hyperparameter"),
               QT_TRANSLATE_NOOP("SpaceEditorWidget", "Low"),
               QT_TRANSLATE_NOOP("SpaceEditorWidget", "High"),
               QT_TRANSLATE_NOOP("SpaceEditorWidget", "Scale"))

    def __init__(self, parent: QWidget | None = None):
        super().__init__(len(HYPERPARAMETERS), len(self.COLUMNS), parent)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        # the names keep their full width; the range boxes share what is left (their
        # 12-decimal size hint would otherwise squeeze the names to one letter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.names = HYPERPARAMETERS.names()
        self.checks: dict[str, QCheckBox] = {}
        self.lows: dict[str, SciSpinBox] = {}
        self.highs: dict[str, SciSpinBox] = {}
        self.scales: dict[str, QComboBox] = {}
        self._integer = {}
        for row, name in enumerate(self.names):
            dim = HYPERPARAMETERS[name]
            check = QCheckBox()
            check.toggled.connect(self._on_edit)
            # three significant digits: a narrowed range's 0.00853617 was cut off (W25-3)
            low, high = (SciSpinBox(log=dim.scale == "log", digits=3) for _ in range(2))
            scale = QComboBox()
            for s in SCALES:
                scale.addItem("", s)
            for w in (low, high):
                w.setRange(-RANGE_LIMIT, RANGE_LIMIT)
                w.valueChanged.connect(self._on_edit)
            scale.currentIndexChanged.connect(self._on_edit)
            scale.currentIndexChanged.connect(lambda _i, c=scale: _show_scale_tip(c))
            self.setCellWidget(row, 0, check)
            self.setCellWidget(row, 1, low)
            self.setCellWidget(row, 2, high)
            self.setCellWidget(row, 3, scale)
            self.checks[name], self.lows[name], self.highs[name] = check, low, high
            self.scales[name] = scale
            self._integer[name] = dim.integer
            self._show(dim)
        self.retranslate()
        self.set_selected(["learning_rate"])
        self._fit_ranges()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange,
                            QEvent.Type.LanguageChange) and \
                hasattr(self, "highs"):       # (not while Qt builds the table)
            self._fit_ranges()          # the classroom font is larger, zh's scales longer

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Fit again once shown: the combo boxes ask for their width as styled then, a few
        pixels more than before, and the Scale column was cut at the table's right edge,
        the table scrolling sideways (walker31 W31-6)."""
        self._fit_ranges()
        super().showEvent(event)

    def _fit_ranges(self) -> None:
        """The Low/High columns never narrower than a range box needs to show its whole
        number (squeezed, 0.0001 read "0.00" and 1e-06 "1e-0": W7-11); when the panel is
        narrower its panel scrolls sideways instead."""
        header = self.horizontalHeader()
        needed = max(box.sizeHint().width() for box in (*self.lows.values(),
                                                          *self.highs.values()))
        header.setMinimumSectionSize(needed)
        self.resizeRowsToContents()
        # and the table asks its panel for the width of all four columns
        self.setMinimumWidth(sum(max(self.sizeHintForColumn(c), header.sectionSizeHint(c),
                                     needed) for c in range(self.columnCount()))
                             + 2 * self.frameWidth())
        # and for the height of every row: the table never scrolls, its page does (W33-3).
        # Measured again whenever the rows are: once styled, or with a CJK font's taller
        # lines, the rows grow, and a height fixed when the table was built left the last
        # row behind a scroll bar (seen with Noto Sans CJK)
        self.setFixedHeight(header.sizeHint().height()
                            + sum(self.rowHeight(r) for r in range(self.rowCount()))
                            + 2 * self.frameWidth())

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        for name in self.names:
            entry = HYPERPARAMETERS.entry(name)
            self.checks[name].setText(tr_registry(entry.display))
            self.checks[name].setToolTip(tr_registry(entry.help))
            combo = self.scales[name]
            for i in range(combo.count()):
                combo.setItemText(i, self.tr(_SCALE_TEXT[combo.itemData(i)]))
                combo.setItemData(i, self.tr(_SCALE_TIP[combo.itemData(i)]),
                                  Qt.ItemDataRole.ToolTipRole)
            _show_scale_tip(combo)

    # -- model <-> widgets ------------------------------------------------------------------
    def _show(self, dim: Dimension) -> None:
        widgets = (self.lows[dim.name], self.highs[dim.name], self.scales[dim.name])
        for w in widgets:
            w.blockSignals(True)
        self.lows[dim.name].setValue(dim.low)
        self.highs[dim.name].setValue(dim.high)
        self.scales[dim.name].setCurrentIndex(SCALES.index(dim.scale))
        for w in widgets:
            w.blockSignals(False)

    def set_space(self, space: list[Dimension]) -> None:
        """Show ``space``: its dimensions checked with their ranges, the others unchecked."""
        chosen = {d.name for d in space}
        for d in space:
            self._show(d)
        for name, check in self.checks.items():
            check.blockSignals(True)
            check.setChecked(name in chosen)
            check.blockSignals(False)
        self.sigSpaceChanged.emit()

    def set_selected(self, names: list[str]) -> None:
        for name, check in self.checks.items():
            check.blockSignals(True)
            check.setChecked(name in names)
            check.blockSignals(False)
        self.sigSpaceChanged.emit()

    def reset_ranges(self) -> None:
        """Back to the registry's default ranges and scales."""
        for name in self.names:
            self._show(HYPERPARAMETERS[name])
        self.sigSpaceChanged.emit()

    def selected(self) -> list[str]:
        return [n for n in self.names if self.checks[n].isChecked()]

    def dimension(self, name: str) -> Dimension:
        """The row's dimension; raises ``ValueError`` (with the fix) for a bad range."""
        low, high = self.lows[name].value(), self.highs[name].value()
        return Dimension(name, low, high, self.scales[name].currentData(), self._integer[name])

    def space(self) -> list[Dimension]:
        """The chosen dimensions (raises ``ValueError`` naming a bad row)."""
        return [self.dimension(n) for n in self.selected()]

    def _on_edit(self, *_):
        self.sigSpaceChanged.emit()
