"""The source network's layers: which are reused, which are frozen."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QTableWidget, QTableWidgetItem,
                               QWidget)

from dlstudio.gui.shape_text import format_example_shape, table_shape_tooltip
from dlstudio.gui.widgets.fitting_columns import ColumnFitter
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.training.layer_words import layer_number


class LayerTableWidget(RetranslateMixin, QTableWidget):
    """One row per source layer: index, name, type, output shape, parameters, [frozen].

    Rows at or beyond ``reuse`` are dropped (greyed, not freezable) and a last row shows the
    new head. ``sigFrozenChanged`` follows every checkbox change. Headers and notes follow
    the UI language.
    """

    sigFrozenChanged = Signal()

    COLUMNS = ("#", QT_TRANSLATE_NOOP("LayerTableWidget", "Layer"),
               QT_TRANSLATE_NOOP("LayerTableWidget", "Type"),
               QT_TRANSLATE_NOOP("LayerTableWidget", "Output"),
               QT_TRANSLATE_NOOP("LayerTableWidget", "Parameters"),
               QT_TRANSLATE_NOOP("LayerTableWidget", "Frozen"))

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, len(self.COLUMNS), parent)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # the columns share the panel's width, shapes wrap ("26 × 26 ×…" was cut: W25-10)
        self.fitter = ColumnFitter(self, wrap_cells=(3,))
        self.checks: list[QCheckBox] = []
        self.rows = []
        self.reuse = 0
        self.head_units = 0
        #: rows whose layer the fine-tuning phase unfreezes (``set_fine_tuned``)
        self.tuned: set[int] = set()
        self._show_type_column()
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.horizontalHeaderItem(3).setToolTip(table_shape_tooltip())
        if self.rows:
            self.set_layers(self.rows, self.reuse, set(self.frozen()), self.head_units)
        self.fitter.fit()

    def set_layers(self, rows, reuse: int, frozen: set[int], head_units: int) -> None:
        """``rows``: ``NetworkSpec.describe_layers()`` of the source; ``head_units``: the
        new output layer's number of outputs (classes)."""
        self._drop_checks()
        self.rows = list(rows)
        self.reuse, self.head_units = reuse, int(head_units)
        self.setRowCount(len(self.rows) + 1)
        grey = QBrush(QColor(150, 150, 150))
        for i, row in enumerate(self.rows):
            shape = "—" if row.output_shape is None else format_example_shape(row.output_shape)
            # numbered as the editor and the verdicts number them, so "Reuse 3" keeps the
            # rows 1-3 (rows counted from 0 read "0 dense": walker28 W28-3)
            cells = [str(layer_number(i)), row.name, row.type, shape, f"{row.n_params:,}"]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if i >= reuse:
                    item.setForeground(grey)
                    item.setToolTip(self.tr("dropped: replaced by the new head"))
                elif col == 1:
                    item.setToolTip(row.type)
                self.setItem(i, col, item)
            check = QCheckBox(self)
            check.setChecked(i < reuse and i in frozen and row.n_params > 0)
            check.setEnabled(i < reuse)
            check.toggled.connect(self._on_check_toggled)
            # a layer without weights has nothing to freeze: no box
            if row.n_params > 0:
                self.setCellWidget(i, 5, check)
            else:
                self.removeCellWidget(i, 5)
                check.hide()
            self.checks.append(check)
        last = len(self.rows)
        head = format_example_shape((self.head_units,))
        for col, text in enumerate(["+", self.tr("new head"), "Dense", head, "", ""]):
            item = QTableWidgetItem(text)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            self.setItem(last, col, item)
        self.setCellWidget(last, 5, None)
        self._show_type_column()
        self._show_tuned()

    def clear_layers(self) -> None:
        """No source: no rows, no boxes, nothing tuned."""
        self._drop_checks()
        self.rows, self.reuse, self.head_units = [], 0, 0
        self.tuned = set()
        self.setRowCount(0)
        self._show_type_column()

    def _show_type_column(self) -> None:
        """The Type column only when a name does not say its layer's type: the names say it
        ("conv2d", "max_pooling2d") and the column took the width they needed ("con…" at
        1366x768: walker10 W10-11). An empty table has the columns of the usual names (it
        showed one header more than the filled table: walker30 W30-16)."""
        self.setColumnHidden(2, all(names_type(r.name, r.type) for r in self.rows))

    def _drop_checks(self) -> None:
        """Forget the boxes before their rows go: the table deletes the boxes in its cells
        with their rows, and a kept list reached deleted boxes (walker26 W26-1); a box of a
        layer without weights sits in no cell, so it is deleted here."""
        for row, check in zip(self.rows, self.checks):
            check.toggled.disconnect(self._on_check_toggled)
            if row.n_params == 0:
                check.deleteLater()
        self.checks = []

    def set_fine_tuned(self, indices) -> None:
        """Mark the rows whose layer the fine-tuning phase unfreezes: their Frozen box says
        "tuned" (its tooltip says when), so a ticked box no longer reads as "frozen
        throughout" (W10-11)."""
        self.tuned = set(indices)
        self._show_tuned()

    def _show_tuned(self) -> None:
        for i, check in enumerate(self.checks):
            tuned = i in self.tuned and i < self.reuse
            check.setText(self.tr("tuned") if tuned else "")
            check.setToolTip(self.tr("Frozen while the new head trains, then unfrozen and "
                                     "fine-tuned (Then fine-tune: Unfreeze top layers)")
                             if tuned else "")
        self.fitter.fit()

    def frozen(self) -> list[int]:
        """Indices of the reused layers with weights whose box is ticked."""
        return [i for i, c in enumerate(self.checks)
                if c.isChecked() and i < self.reuse and self.rows[i].n_params > 0]

    def set_frozen(self, indices) -> None:
        indices = set(indices)
        for i, check in enumerate(self.checks):
            check.blockSignals(True)
            check.setChecked(i in indices and check.isEnabled()
                             and self.rows[i].n_params > 0)
            check.blockSignals(False)
        self.sigFrozenChanged.emit()

    def _on_check_toggled(self, _on: bool) -> None:
        self.sigFrozenChanged.emit()


def names_type(name: str, type_name: str) -> bool:
    """Whether a layer's ``name`` already says its ``type_name`` ("max_pooling2d_1" for
    MaxPooling2D), as the default names do."""
    return name.lower().replace("_", "").startswith(type_name.lower())
