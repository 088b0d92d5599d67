"""Table columns that share the table's width, headers that wrap.

A table sized to its contents needed a sideways scroll bar in a narrow panel and hid its last
column ("Cache s" of the transfer results, which a lesson step compares), or elided a cell
("26 × 26 ×…": walker25 W25-10). ``ColumnFitter`` gives each visible column at least what its
cells need (in ``wrap_cells`` columns: their longest word, the cells then wrap) and the
longest word of its header, then shares the rest of the width by what each column would like
(its whole header on one line). Headers wrap onto more lines when their column is narrower
than their text. Only when even the least is wider than the table does it scroll.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QTableWidget

_WRAP = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap


def share_width(least: list[int], liked: list[int], width: int) -> list[int]:
    """Column widths: ``liked`` ones grown to fill ``width``, or shrunk toward ``least``
    (each at least its ``least``) when ``width`` is smaller; ``least`` when even that
    does not fit."""
    liked = [max(a, b) for a, b in zip(least, liked)]
    if not liked:
        return []
    total_least, total_liked = sum(least), sum(liked)
    if width >= total_liked:
        extra, n = width - total_liked, len(liked)
        return [w + extra // n + (1 if i < extra % n else 0) for i, w in enumerate(liked)]
    if width <= total_least:
        return list(least)
    share = (width - total_least) / (total_liked - total_least)
    widths = [int(a + (b - a) * share) for a, b in zip(least, liked)]
    widths[-1] += width - sum(widths)
    return widths


class ColumnFitter(QObject):
    """Keeps ``table``'s visible columns within its width (see the module); call ``fit()``
    after the table's contents change. ``wrap_cells``: columns whose cells may wrap."""

    def __init__(self, table: QTableWidget, wrap_cells: tuple[int, ...] = ()):
        super().__init__(table)
        self.table = table
        self.wrap_cells = set(wrap_cells)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultAlignment(_WRAP)
        table.setWordWrap(True)
        # the viewport's size is the width to share (the table's own resize comes first);
        # everything ``eventFilter`` reads is set before it can be called
        self._viewport = table.viewport()
        self._fitting = self._again = False
        table.installEventFilter(self)
        self._viewport.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        # (a wrapper Qt calls while the table is being torn down has no attributes)
        viewport, table = getattr(self, "_viewport", None), getattr(self, "table", None)
        if viewport is None or table is None:
            return False
        if (watched is viewport and event.type() == QEvent.Type.Resize) or \
                (watched is table and event.type() in (QEvent.Type.FontChange,
                                                       QEvent.Type.StyleChange)):
            self.fit()
        return False

    def _margin(self) -> int:
        header = self.table.horizontalHeader()
        return 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None,
                                              header) + 6

    def _words(self, metrics, text: str) -> int:
        return max((metrics.horizontalAdvance(w) for w in text.split()), default=0)

    def fit(self) -> None:
        """Set the column widths and the header's height for the table's present width."""
        if self._fitting:               # (the viewport resized by this fit: once more)
            self._again = True
            return
        self._fitting = True
        try:
            for _ in range(3):          # wrapped rows may bring a vertical scroll bar
                self._again = False
                self._fit()
                if not self._again:
                    break
        finally:
            self._fitting = False

    def _fit(self) -> None:
        table, header = self.table, self.table.horizontalHeader()
        cols = [c for c in range(table.columnCount()) if not table.isColumnHidden(c)]
        head_metrics, cell_metrics = header.fontMetrics(), table.fontMetrics()
        margin = self._margin()
        least, liked, titles = [], [], []
        for c in cols:
            item = table.horizontalHeaderItem(c)
            title = item.text() if item is not None else ""
            titles.append(title)
            if c in self.wrap_cells:
                cells = max((self._words(cell_metrics, table.item(r, c).text()) + margin
                             for r in range(table.rowCount()) if table.item(r, c)), default=0)
                whole = table.sizeHintForColumn(c)
            else:
                cells = whole = table.sizeHintForColumn(c)
            least.append(max(cells, self._words(head_metrics, title) + margin,
                             header.minimumSectionSize()))
            liked.append(max(whole, head_metrics.horizontalAdvance(title) + margin))
        for c, width in zip(cols, share_width(least, liked, table.viewport().width())):
            header.resizeSection(c, width)
        lines = max((head_metrics.boundingRect(QRect(0, 0, max(1, header.sectionSize(c)
                                                                   - margin), 10_000),
                                               int(_WRAP), t).height()
                     for c, t in zip(cols, titles)), default=head_metrics.height())
        header.setMinimumHeight(lines + margin)
        if self.wrap_cells:
            table.resizeRowsToContents()
        header.geometriesChanged.emit()         # the table places its header and viewport
