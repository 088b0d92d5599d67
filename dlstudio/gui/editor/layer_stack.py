"""The layer stack: the network's layers in order, with shape, parameter count and problems.

After a pre-flight check (``set_preflight``) each layer with weights also shows the verdict
in colour with its numbers (the signal dL/dz reaching it relative to the last hidden layer,
dead units, pass-through), until the network changes. Once a run has trained the network
(``set_trained``) the verdict says it was "before training", and a layer the run left with
dead or saturated units says so under it.

Rows are rebuilt from ``NetworkSpec.describe_layers()`` whenever the spec changes. Reordering
by drag or by Move up / Move down (Alt+Up / Alt+Down, the context menu, the buttons under the
list), dropping a palette entry, duplicating and deleting all become spec edits through
``Studio.set_network_spec`` (so they are undoable); the list never edits itself.
"""
from __future__ import annotations

import html

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QDrag, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QLabel, QListWidget, QListWidgetItem, QMenu,
                               QVBoxLayout, QWidget)

from dlstudio.messages import Message
from dlstudio.gui import theme
from dlstudio.gui.errors import show_problem
from dlstudio.gui.i18n import render
from dlstudio.gui.editor import operations as ops
from dlstudio.gui.editor.palette import MIME_LAYER_TYPE
from dlstudio.gui.editor.trained_state import TrainedState
from dlstudio.gui.shape_text import format_shape, shape_tooltip
from dlstudio.gui.widgets.retranslate import RetranslateMixin

MIME_LAYER_ROW = "application/x-dlstudio-layer-row"


class LayerRowWidget(QWidget):
    """One row: 'index  type  name  -> shape  params', and the problems in red below."""

    def __init__(self, row, parent: QWidget | None = None):
        super().__init__(parent)
        self.row = row
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)        # a narrow dock wraps the row, never scrolls it
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "problem")
        # on a chip of the list's own background: the selection's blue under dark red text
        # was unreadable on a projector (W11-1)
        self.problem.setStyleSheet(f"color: {theme.error_color()}; background-color: "
                                   "palette(base); border-radius: 3px; padding: 1px 3px;")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 3, 6, 3)
        lay.setSpacing(1)
        lay.addWidget(self.title)
        lay.addWidget(self.problem)
        self.problem.setVisible(bool(row.problems))
        #: the pre-flight check's verdict for this layer (hidden until a check ran)
        self.check = QLabel(self)
        self.check.setObjectName("preflight_badge")
        self.check.setWordWrap(True)
        self.check.setVisible(False)
        lay.addWidget(self.check)
        self._check = None
        #: (step, problem) the newest run found here (``trained_state``); the step alone
        #: when it found none; None before any run of this network trained
        self._trained: tuple[int, tuple[str, float] | None] | None = None
        self.retranslate()

    def retranslate(self) -> None:
        r = self.row
        params = self.tr("%1 params").replace("%1", f"{r.n_params:,}")
        if r.frozen:        # Trainable off: the layer keeps its weights (W9-26)
            frozen = html.escape(self.tr("frozen"))
            params += f" &nbsp;·&nbsp; <b>{frozen}</b>"
        self.title.setText(f"<b>{r.index + 1}.</b>&nbsp;<b>{r.type}</b> "
                           f"<i>{html.escape(r.name)}</i><br>"
                           f"&nbsp;&nbsp;&nbsp;&rarr; {format_shape(r.output_shape)}"
                           f" &nbsp;·&nbsp; {params}")
        self.title.setToolTip(shape_tooltip())
        self.problem.setText("\n".join(f"⚠ {render(p)}" for p in r.problems))
        tip = "\n".join(render(p) for p in r.problems)
        self.setToolTip(tip)
        self.set_check(self._check)

    def set_check(self, check) -> None:
        """Show one ``LayerCheck`` of a pre-flight report (None hides it)."""
        self._check = check
        self._show_badges()

    def set_trained(self, step: int | None, problem: tuple[str, float] | None) -> None:
        """What the newest run of this network found in this layer at its probe of ``step``
        (``trained_state``; ``step`` None: no run trained it yet)."""
        self._trained = None if step is None else (step, problem)
        self._show_badges()

    def _show_badges(self) -> None:
        """The pre-flight verdict, said to be "before training" once a run trained the
        network, and under it a problem the run left behind (walker21 W21-4: "healthy"
        beside a run whose units were 95-100% dead)."""
        from dlstudio.gui.preflight_check import VERDICT_COLORS, layer_badge

        badge = layer_badge(self._check)
        lines, tips = [], []
        if badge is not None:
            text, color = badge
            if self._trained is not None:
                text = self.tr("before training: %1").replace("%1", text)
            lines.append(f"<span style='color:{color}'>&#9679;</span> {html.escape(text)}")
            tips.append(self.tr(
                "Pre-flight check: the signal dL/dz reaching this layer relative to the last "
                "hidden layer's, before any training step"))
        if self._trained is not None and self._trained[1] is not None:
            step, (word, share) = self._trained[0], self._trained[1]
            what = (self.tr("%1 dead") if word == "dead units"
                    else self.tr("%1 saturated")).replace("%1", f"{100 * share:.0f}%")
            text = self.tr("after step %1: %2").replace("%1", f"{step:,}").replace("%2", what)
            lines.append(f"<span style='color:{VERDICT_COLORS[word]}'>&#9679;</span> "
                         f"{html.escape(text)}")
            tips.append(self.tr(
                "The run's newest measurement of this layer: the share of its units that no "
                "longer respond (dead: output 0 for every example; saturated: stuck at a "
                "limit of sigmoid or tanh)"))
        self.check.setVisible(bool(lines))
        self.check.setText("<br>".join(lines))
        self.check.setToolTip("\n".join(tips))


class LayerStackWidget(RetranslateMixin, QListWidget):
    """Shows a spec's layers; emits edits as whole new specs (``sigSpecEdited``)."""

    sigSpecEdited = Signal(object)
    sigSelected = Signal(int)           # -1 when nothing is selected

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("layer_stack")
        self.spec = None
        self.rows = []
        self.preflight = None
        #: what the newest run of the network found in its layers (``set_trained``)
        self.trained = TrainedState()
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu)
        self.currentRowChanged.connect(self.sigSelected.emit)
        self.delete_action = self._action(QKeySequence.StandardKey.Delete, self.delete_selected)
        self.duplicate_action = self._action("Ctrl+D", self.duplicate_selected)
        #: moving without drag and drop (a touchpad or a projector makes dragging hard)
        self.move_up_action = self._action("Alt+Up", lambda: self.move_selected(-1))
        self.move_down_action = self._action("Alt+Down", lambda: self.move_selected(1))
        self.currentRowChanged.connect(self._enable_moves)
        self.retranslate()

    def _action(self, shortcut, slot) -> QAction:
        """A list action with a keyboard shortcut that works while the list has the focus."""
        action = QAction(self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def retranslate(self) -> None:
        self.delete_action.setText(self.tr("Delete layer"))
        self.duplicate_action.setText(self.tr("Duplicate layer"))
        self.move_up_action.setText(self.tr("Move layer up"))
        self.move_up_action.setToolTip(self.tr("Move the selected layer one place up, towards "
                                               "the input (Alt+Up)"))
        self.move_down_action.setText(self.tr("Move layer down"))
        self.move_down_action.setToolTip(self.tr("Move the selected layer one place down, "
                                                 "towards the output (Alt+Down)"))
        self.setToolTip(self.tr("The layers from input (top) to output (bottom). Drag, or "
                                "Alt+Up / Alt+Down, to reorder; right-click to move, "
                                "duplicate or delete."))
        for i in range(self.count()):
            widget = self.itemWidget(self.item(i))
            if widget is not None:
                widget.retranslate()

    # -- model -> view ------------------------------------------------------------------------
    def set_spec(self, spec, rows) -> None:
        """Show ``spec`` with its ``describe_layers()`` rows, keeping the selection."""
        selected = self.currentRow()
        self.spec, self.rows = spec, rows
        self.blockSignals(True)
        self.clear()
        for row in rows:
            item = QListWidgetItem(self)
            widget = LayerRowWidget(row)
            if self.preflight is not None and self.preflight.report is not None:
                widget.set_check(_layer_check(self.preflight.report, row.index))
            self._show_trained(widget)
            self.setItemWidget(item, widget)
        self.fit_rows()
        if rows:  # keep the selection (the first layer when there was none)
            self.setCurrentRow(min(max(selected, 0), len(rows) - 1))
        self.blockSignals(False)
        self._enable_moves()
        self.sigSelected.emit(self.currentRow())

    def set_preflight(self, result) -> None:
        """Show a ``PreflightResult`` on the rows (None clears it)."""
        self.preflight = result
        report = getattr(result, "report", None)
        for i in range(self.count()):
            item = self.item(i)
            widget = self.itemWidget(item)
            if widget is None:
                continue
            widget.set_check(_layer_check(report, widget.row.index) if report else None)
        self.fit_rows()

    def set_trained(self, state) -> None:
        """Show a ``TrainedState`` (what the newest run of this network found) on the
        rows."""
        self.trained = state
        for i in range(self.count()):
            widget = self.itemWidget(self.item(i))
            if widget is not None:
                self._show_trained(widget)
        self.fit_rows()

    def _show_trained(self, widget: LayerRowWidget) -> None:
        state = self.trained
        widget.set_trained(state.step, state.problems.get(widget.row.index))

    def fit_rows(self) -> None:
        """Give every row the height its wrapped text needs at the list's current width."""
        width = max(1, self.viewport().width())
        for i in range(self.count()):
            item = self.item(i)
            widget = self.itemWidget(item)
            if widget is None:
                continue
            height = widget.heightForWidth(width)
            if height <= 0:
                height = widget.sizeHint().height()
            item.setSizeHint(QSize(width, height))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_rows()

    def select(self, index: int) -> None:
        self.setCurrentRow(index)

    # -- edits -----------------------------------------------------------------------------------
    def insert_type(self, layer_type: str, index: int | None = None) -> None:
        if self.spec is None:
            return
        if not self._room_for_one_more():
            return
        if index is None:
            cur = self.currentRow()
            index = ops.default_insert_index(self.spec, cur if cur >= 0 else None, layer_type)
        self.sigSpecEdited.emit(self.spec.insert_layer(index, ops.new_layer(layer_type)))
        self.setCurrentRow(index)

    def _room_for_one_more(self) -> bool:
        """Whether the network may take another layer (``MAX_LAYERS``: a workspace with more
        could not be opened again); says so when it may not."""
        from dlstudio.engine import spec as network_spec   # not before the first paint

        limit = network_spec.MAX_LAYERS
        if len(self.spec.layers) < limit:
            return True
        show_problem(self, self.tr("Network"), render(Message(
            "spec.file.too_many_layers", count=len(self.spec.layers) + 1, limit=limit)))
        return False

    def delete_selected(self) -> None:
        i = self.currentRow()
        if self.spec is not None and 0 <= i < len(self.spec.layers):
            self.sigSpecEdited.emit(self.spec.remove_layer(i))

    def duplicate_selected(self) -> None:
        i = self.currentRow()
        if self.spec is not None and 0 <= i < len(self.spec.layers) \
                and self._room_for_one_more():
            self.sigSpecEdited.emit(ops.duplicate_layer(self.spec, i))
            self.setCurrentRow(i + 1)

    def move(self, src: int, dst: int) -> None:
        if self.spec is None or src == dst or not 0 <= src < len(self.spec.layers):
            return
        dst = max(0, min(dst, len(self.spec.layers) - 1))
        self.sigSpecEdited.emit(self.spec.move_layer(src, dst))
        self.setCurrentRow(dst)

    def move_selected(self, step: int) -> None:
        """Move the selected layer ``step`` places (-1 up, +1 down); nothing at either end."""
        i = self.currentRow()
        if self.spec is None:
            return
        target = ops.move_target(self.spec, i, step)
        if target is not None:
            self.move(i, target)

    def _enable_moves(self, *_args) -> None:
        i, n = self.currentRow(), len(self.spec.layers) if self.spec is not None else 0
        self.move_up_action.setEnabled(0 < i < n)
        self.move_down_action.setEnabled(0 <= i < n - 1)

    def _on_context_menu(self, pos: QPoint) -> None:
        if self.itemAt(pos) is None:
            return
        menu = QMenu(self)
        menu.addAction(self.move_up_action)
        menu.addAction(self.move_down_action)
        menu.addSeparator()
        menu.addAction(self.duplicate_action)
        menu.addAction(self.delete_action)
        menu.exec(self.mapToGlobal(pos))

    # -- drag and drop ----------------------------------------------------------------------------
    def startDrag(self, supported_actions) -> None:  # noqa: N802
        row = self.currentRow()
        if row < 0:
            return
        mime = QMimeData()
        mime.setData(MIME_LAYER_ROW, QByteArray(str(row).encode()))
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.MoveAction)

    def _accepts(self, event) -> bool:
        mime = event.mimeData()
        return mime.hasFormat(MIME_LAYER_TYPE) or mime.hasFormat(MIME_LAYER_ROW)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if self._accepts(event):
            super().dragMoveEvent(event)
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop_row(self, pos: QPoint) -> int:
        """The insertion index for a drop at ``pos``: before the row under it, else the end."""
        item = self.itemAt(pos)
        if item is None:
            return self.count()
        row = self.row(item)
        rect = self.visualItemRect(item)
        return row + 1 if pos.y() > rect.center().y() else row

    def dropEvent(self, event) -> None:  # noqa: N802
        mime = event.mimeData()
        target = self.drop_row(event.position().toPoint())
        if mime.hasFormat(MIME_LAYER_TYPE):
            self.insert_type(bytes(mime.data(MIME_LAYER_TYPE)).decode(), target)
        elif mime.hasFormat(MIME_LAYER_ROW):
            src = int(bytes(mime.data(MIME_LAYER_ROW)).decode())
            self.move(src, target - 1 if target > src else target)
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()


def _layer_check(report, index: int):
    """The report's check of layer ``index`` (None when the report has no such layer)."""
    return next((c for c in report.layers if c.index == index), None)
