"""The summary table: layer, output shape and parameter counts, with totals (like Keras), and
for image layers the receptive field; ``NetworkSummaryWidget`` adds a chooser that shows the
network of a comparison variant (B, C, D) instead of the edited one (A)."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from dlstudio.engine.validation import snake
from dlstudio.gui import theme
from dlstudio.gui.i18n import render
from dlstudio.gui.shape_text import format_example_shape, table_shape_tooltip
from dlstudio.gui.training.compare import describe_difference
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.training.telemetry import SINGLE_RUN

#: the column of the receptive field (shown only for networks with image layers)
FIELD_COLUMN = 3


def layer_cell(name: str, type_name: str) -> str:
    """The Layer column's text: the layer's name alone when it is the default name of its
    type ("max_pooling2d_1" says MaxPooling2D), else "name (Type)". In a narrow Network dock
    "max_pooling2d_1 (MaxPooling2D)" wrapped onto three lines (walker17 W17-13)."""
    if re.fullmatch(re.escape(snake(type_name)) + r"(_\d+)?", name):
        return name
    return f"{name} ({type_name})"


class SummaryTableWidget(RetranslateMixin, QTableWidget):
    """One row per layer plus total, trainable and non-trainable rows."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 3, parent)
        self.setObjectName("summary_table")
        self.rows = []
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        # a narrow dock wraps "max_pooling2d_1 (MaxPooling2D)" onto two lines, not "max_po…"
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.horizontalHeader().sectionResized.connect(
            lambda *_: self.resizeRowsToContents())
        self.retranslate()

    def retranslate(self) -> None:
        self.set_rows(self.rows)

    def showEvent(self, event) -> None:  # noqa: N802
        """Rows sized while the Summary tab was hidden fit its columns as they are now
        (a hidden table sized "max_pooling2d" for one line, shown as "max_…")."""
        super().showEvent(event)
        self.resizeRowsToContents()

    def resizeEvent(self, event) -> None:  # noqa: N802
        """Rows measured again at the new width: they kept the heights measured at a wider
        size, and a label that now wrapped showed one line ("Non-trainable ...",
        "max_pooling2d_..."; walker37 W37-15)."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.resizeRowsToContents()

    def _set_columns(self, with_field: bool, with_type: bool) -> None:
        self.setColumnCount(4 if with_field else 3)
        labels = [self.tr("Layer (type)") if with_type else self.tr("Layer"),
                  self.tr("Output shape"), self.tr("Params")]
        if with_field:
            # (two short lines: the column holds "18 × 18")
            labels.append(self.tr("Receptive\nfield"))
        self.setHorizontalHeaderLabels(labels)
        self.horizontalHeaderItem(1).setToolTip(table_shape_tooltip())
        if with_field:
            self.horizontalHeaderItem(FIELD_COLUMN).setToolTip(self.tr(
                "The patch of the input image (height × width pixels) that one unit of this "
                "layer depends on. Every convolution or pooling window widens it."))
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for j in range(1, self.columnCount()):
            header.setSectionResizeMode(j, QHeaderView.ResizeMode.ResizeToContents)

    def set_rows(self, rows) -> None:
        self.rows = list(rows)
        with_field = any(getattr(r, "receptive_field", None) for r in self.rows)
        names = [layer_cell(r.name, r.type) for r in self.rows]
        self._set_columns(with_field, any(n != r.name for n, r in zip(names, self.rows)))
        total = sum(r.n_params for r in self.rows)
        trainable = sum(r.n_trainable for r in self.rows)
        self.clearSpans()
        self.setRowCount(len(self.rows) + 3)
        red = QBrush(QColor(theme.error_color()))
        for i, r in enumerate(self.rows):
            cells = [names[i], format_example_shape(r.output_shape),
                     f"{r.n_params:,}"]
            if with_field:
                field = r.receptive_field
                cells.append(f"{field[0]} × {field[1]}" if field else "")
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 0:          # may break after "_": max_pooling2d_1 in a narrow dock
                    item.setText(text.replace("_", "_\u200b"))
                    item.setToolTip(f"{r.name} ({r.type})")
                if j >= 2:
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
            # the label takes the empty Output shape cell too: in the Layer column alone
            # "Non-trainable params" was cut to "Non-trainable ..." (walker37 W37-15)
            self.setSpan(row, 0, 1, 2)
            b = QTableWidgetItem(f"{value:,}")
            b.setFont(bold)
            b.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, 2, b)
            if with_field:
                self.setItem(row, FIELD_COLUMN, QTableWidgetItem(""))
        self.resizeRowsToContents()

    def full_height(self) -> int:
        """The height that shows every row, the totals included, without scrolling."""
        rows = sum(self.rowHeight(i) for i in range(self.rowCount()))
        bar = self.horizontalScrollBar()
        return (self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth()
                + (bar.sizeHint().height() if bar.isVisible() else 0))


class NetworkSummaryWidget(RetranslateMixin, QWidget):
    """The summary table of the edited network (variant A) or, chosen above the table, of a
    comparison variant whose network differs from A's (a lesson's "compare A, B and C")."""

    def __init__(self, studio, parent: QWidget | None = None):
        super().__init__(parent)
        self.studio = studio
        self.setObjectName("network_summary")
        self.chooser_label = QLabel(self)
        self.chooser = QComboBox(self)
        self.chooser.setObjectName("summary_variant")
        self.chooser.activated.connect(lambda *_: self.refresh())
        self.table = SummaryTableWidget(self)
        # the layer stack above the table is the network you edit (A) whichever network the
        # table shows: said while it shows another (walker32: C's table under A's shapes)
        self.other_note = QLabel(self)
        self.other_note.setObjectName("summary_other_note")
        self.other_note.setProperty("role", "hint")
        self.other_note.setWordWrap(True)
        self.other_note.hide()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.chooser_label)
        top.addWidget(self.chooser, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.other_note)
        lay.addWidget(self.table, 1)
        studio.sigVariantsChanged.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.chooser_label.setText(self.tr("Network of"))
        self.chooser.setToolTip(self.tr(
            "A is the network you edit; B, C and D are comparison variants with networks of "
            "their own (change them in the Compare panel)."))
        self.refresh()

    def full_height(self) -> int:
        """The height that shows the chooser (when shown) and the whole table."""
        top = self.chooser.sizeHint().height() + self.layout().spacing() \
            if not self.chooser.isHidden() else 0
        if not self.other_note.isHidden():
            top += self.other_note.heightForWidth(max(self.width(), 100)) \
                + self.layout().spacing()
        return top + self.table.full_height()

    def variant_networks(self) -> list:
        """Variant A and the variants whose network differs from A's."""
        every = self.studio.variants
        return every[:1] + [v for v in every[1:] if v.network_spec != every[0].network_spec]

    def show_variant(self, name: str) -> None:
        """Show variant ``name``'s network (A when it has none of its own)."""
        i = self.chooser.findData(name)
        self.chooser.setCurrentIndex(max(i, 0))
        self.refresh()

    def variant_text(self, variant, tag: str) -> str:
        """How the chooser names ``variant``: its letter (with its ``tag``) and what it is,
        as the lesson step labelled it ("B: same") or else as the Compare dock does ("A: the
        network you edit", "B: dropout 0.5"): walker27 W27-18 read only "A", "B", "C"."""
        name = f"{variant.name} {tag}".strip()
        label = getattr(self.studio, "variant_labels", dict)().get(variant.name, "")
        if label and label != tag:
            what = label
        elif variant.name == SINGLE_RUN:
            what = self.tr("the network you edit")
        else:
            what = render(describe_difference(self.studio.variants[0], variant))
        return self.tr("%1: %2").replace("%1", name).replace("%2", what) if what else name

    def refresh(self) -> None:
        shown = self.chooser.currentData() or SINGLE_RUN
        options = self.variant_networks()
        tags = self.studio.variant_tags()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for v in options:
            text = self.variant_text(v, tags.get(v.name, ""))
            self.chooser.addItem(text, v.name)
            self.chooser.setItemData(self.chooser.count() - 1, text,
                                     Qt.ItemDataRole.ToolTipRole)
        self.chooser.setCurrentIndex(max(self.chooser.findData(shown), 0))
        self.chooser.blockSignals(False)
        for w in (self.chooser_label, self.chooser):
            w.setVisible(len(options) > 1)
        variant = options[self.chooser.currentIndex()] if options else None
        other = variant is not None and self.chooser.currentIndex() > 0
        if other:
            self.other_note.setText(self.tr(
                "This table shows %1's network; the layer list above is %2's, the network "
                "you edit.").replace("%1", variant.name).replace("%2", options[0].name))
        self.other_note.setVisible(other)
        try:
            rows = variant.network_spec.describe_layers() if variant is not None else []
        except Exception:  # a broken spec: the layer stack says what is wrong
            rows = []
        self.table.set_rows(rows)
