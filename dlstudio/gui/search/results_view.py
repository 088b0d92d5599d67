"""Search results as a sortable table (``ResultsTableWidget``), and the words its cells and
the search's other views write a result with (``dimension_name``, ``accuracy_text``,
``percent_of_size``, ``status_text``). The scatter plot per hyperparameter is
``search/scatter_grid.py``."""
from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem

from dlstudio.gui.i18n import render, tr_registry
from dlstudio.gui.search.table_numbers import column_texts
from dlstudio.gui.seconds_text import seconds_text
from dlstudio.gui.widgets.fitting_columns import ColumnFitter
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.training.search import first_step_too_large, sort_results
from dlstudio.training.search_space import HYPERPARAMETERS

#: the results table shows at least this many rows (``ResultsTableWidget.minimumSizeHint``);
#: fewer on a short page (``view.fit_results_rows``): with four, the range table above was
#: squeezed to one row at 1366x768 beside the "Other data" note (walker31 W31-7)
MIN_TABLE_ROWS = 4
MIN_TABLE_ROWS_SHORT = 2


def dimension_name(name: str) -> str:
    """A searched hyperparameter's display name in the UI language ("learning_rate" ->
    "Learning rate"); a name the registry does not know is shown as it is."""
    return tr_registry(HYPERPARAMETERS.entry(name).display) if name in HYPERPARAMETERS \
        else name


def accuracy_text(value) -> str:
    """A validation accuracy in percent, as the rest of the window writes it ("68.8%", not
    "0.6875": walker27 W27-16); "—" when there is none."""
    if value is None or not math.isfinite(value):
        return "—"
    return f"{100.0 * value:.1f}%"


def percent_of_size(ratio) -> str:
    """An update/weight ratio as a share of the weights' size ("52%"; "—" when unknown)."""
    if ratio is None or not math.isfinite(ratio):
        return "—"
    return f"{ratio:.0%}" if ratio >= 0.01 else f"{ratio:.1%}"


class _NumItem(QTableWidgetItem):
    """A table cell that sorts by number (blank cells last)."""

    def __init__(self, value, text: str):
        super().__init__(text)
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        self.sort_key = (value is None, float(value) if number else 0.0)
        self.setData(Qt.ItemDataRole.UserRole, value)

    def __lt__(self, other):
        return bool(self.sort_key < getattr(other, "sort_key", (True, 0.0)))


class _RankItem(QTableWidgetItem):
    """A status cell that sorts by the trial's place in the search's own ranking
    (``training.search.sort_results``: the run offered as the best first)."""

    def __init__(self, text: str, rank: int):
        super().__init__(text)
        self.rank = rank

    def __lt__(self, other):
        return bool(self.rank < getattr(other, "rank", math.inf))


#: a trial's status in words
_STATUS = {"ok": QT_TRANSLATE_NOOP("ResultsTableWidget", "ok"),
           "diverged": QT_TRANSLATE_NOOP("ResultsTableWidget", "diverged"),
           "failed": QT_TRANSLATE_NOOP("ResultsTableWidget", "failed"),
           "cancelled": QT_TRANSLATE_NOOP("ResultsTableWidget", "cancelled"),
           # a trial of the running round that is training now (``running_trials``)
           "running": QT_TRANSLATE_NOOP("ResultsTableWidget", "running")}


def status_text(status: str) -> str:
    """A trial's status ("ok", "diverged", "failed", "cancelled", "running") in the UI
    language."""
    return QCoreApplication.translate("ResultsTableWidget", _STATUS.get(status, status))


class ResultsTableWidget(RetranslateMixin, QTableWidget):
    """One row per trial: round, trial, status, validation accuracy/loss, parameters, time.
    Rows start in the search's ranking (the run offered as the best on top); headers and
    statuses follow the UI language."""

    BASE = (QT_TRANSLATE_NOOP("ResultsTableWidget", "Round"),
            QT_TRANSLATE_NOOP("ResultsTableWidget", "Trial"),
            QT_TRANSLATE_NOOP("ResultsTableWidget", "Status"),
            QT_TRANSLATE_NOOP("ResultsTableWidget", "Val. accuracy"),
            QT_TRANSLATE_NOOP("ResultsTableWidget", "Val. loss"))

    def __init__(self, parent=None):
        super().__init__(0, 0, parent)
        self.param_names: list[str] = []
        self.results: list[dict] = []
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.setSortingEnabled(True)
        # the columns share the table's width, headers and a status ("ok, first step too
        # large") wrap: the learning rate's column was cut at 1366x768 (walker27 W27-16)
        self.fitter = ColumnFitter(self, wrap_cells=(2,))
        #: rows the table keeps in sight (``set_min_rows``)
        self.min_rows = MIN_TABLE_ROWS
        self.set_results([])

    def set_min_rows(self, rows: int) -> bool:
        """Keep at least ``rows`` rows in sight; True when that changed the table's least
        height (its layout then needs arranging again)."""
        changed = int(rows) != self.min_rows
        self.min_rows = int(rows)
        if changed:
            self.updateGeometry()
        return changed

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        """At least ``min_rows`` rows high, with the header and a horizontal scroll
        bar: at 1366x768 the table shrank to one row of twelve (walker15 W15-7); the
        settings above it scroll instead."""
        hint = super().minimumSizeHint()
        rows = self.verticalHeader().defaultSectionSize() * self.min_rows
        height = (self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth()
                  + self.horizontalScrollBar().sizeHint().height())
        return QSize(hint.width(), max(hint.height(), height))

    def retranslate(self) -> None:
        self.set_results(self.results)

    def set_results(self, results: list[dict]) -> None:
        self.results = list(results)
        names: list[str] = []
        for r in results:
            for k in r["params"]:
                if k not in names:
                    names.append(k)
        self.param_names = names
        headers = [self.tr(h) for h in self.BASE] + \
            [dimension_name(n) for n in names] + \
            [self.tr("Seconds")]
        self.setSortingEnabled(False)
        self.clear()
        self.setColumnCount(len(headers))
        self.setHorizontalHeaderLabels(headers)
        self.setRowCount(len(results))
        rank = {id(r): i for i, r in enumerate(sort_results(results))}
        newest = max((r.get("round", 0) for r in results), default=0)
        rows = [[r.get("round", 0) + 1, r["trial"], None, r["val_accuracy"], r["val_loss"]]
                + [r["params"].get(n) for n in names] + [r["seconds"]] for r in results]
        # each column's numbers in one notation, with their trailing zeros (W31-3)
        texts = list(zip(*(column_texts(list(column)) for column in zip(*rows))))
        for row, (r, cells) in enumerate(zip(results, rows)):
            for col, value in enumerate(cells):
                if col == 2:
                    item = _RankItem(status_text(r["status"]), rank[id(r)])
                    if r["message"]:
                        item.setToolTip(render(r["message"]))
                    if r["status"] == "cancelled" and r.get("round", 0) < newest:
                        # why no button runs it (``finish_round``: the last round's only)
                        item.setToolTip("\n".join(filter(None, (
                            item.toolTip(), self.tr(
                                "This run was cancelled. Only the last round's cancelled "
                                "runs can be run again, and round %1 was run after this "
                                "one.").replace("%1", str(newest + 1))))))
                    if r["status"] == "ok" and first_step_too_large(r):
                        item.setText(self.tr("ok, first step too large"))
                        item.setToolTip(self.tr(
                            "The pre-flight check calls this run's first step exploding: one "
                            "step would change a layer's weights by %1 of their size (about "
                            "0.1% is typical).").replace("%1",
                                                         percent_of_size(r.get("first_update"))))
                elif col == 3:
                    item = _NumItem(value, accuracy_text(value))
                elif col == len(cells) - 1:     # seconds, as the window writes times
                    item = _NumItem(value, seconds_text(value))
                else:
                    item = _NumItem(value, texts[row][col])
                self.setItem(row, col, item)
        self.setSortingEnabled(True)
        # the search's ranking, so that the top row is the run offered as the best: a
        # higher accuracy whose first step the pre-flight check calls exploding comes after
        # the runs that scored calmly (walker16 W16-19); a click on a header sorts by it
        self.sortItems(2, Qt.SortOrder.AscendingOrder)
        self.fitter.fit()
