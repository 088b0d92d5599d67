"""The summary table: layer, output shape and parameter counts, with totals (like Keras)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from dlstudio.gui import theme
from dlstudio.gui.i18n import render
from dlstudio.gui.shape_text import format_shape, shape_tooltip
from dlstudio.gui.widgets.retranslate import RetranslateMixin


class SummaryTableWidget(RetranslateMixin, QTableWidget):
    """One row per layer plus total, trainable and non-trainable rows."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 3, parent)
        self.setObjectName("summary_table")
        self.rows = []
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([self.tr("Layer (type)"), self.tr("Output shape"),
                                        self.tr("Params")])
        self.horizontalHeaderItem(1).setToolTip(shape_tooltip())
        self.set_rows(self.rows)

    def set_rows(self, rows) -> None:
        self.rows = list(rows)
        total = sum(r.n_params for r in self.rows)
        trainable = sum(r.n_trainable for r in self.rows)
        self.setRowCount(len(self.rows) + 3)
        red = QBrush(QColor(theme.error_color()))
        for i, r in enumerate(self.rows):
            cells = (f"{r.name} ({r.type})", format_shape(r.output_shape), f"{r.n_params:,}")
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if r.problems:
                    item.setForeground(red)
                    item.setToolTip("\n".join(render(p) for p in r.problems))
                self.setItem(i, j, item)
        bold = QFont(self.font())
        bold.setBold(True)
        totals = ((self.tr("Total params"), total), (self.tr("Trainable params"), trainable),
                  (self.tr("Non-trainable params"), total - trainable))
        for k, (label, value) in enumerate(totals):
            row = len(self.rows) + k
            a = QTableWidgetItem(label)
            a.setFont(bold)
            self.setItem(row, 0, a)
            self.setItem(row, 1, QTableWidgetItem(""))
            b = QTableWidgetItem(f"{value:,}")
            b.setFont(bold)
            b.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, 2, b)
