"""The Search table writes a trial's seconds as the window writes measured times (two
decimals, ``gui/seconds_text.py``): it showed "0.01747" and "0.006413" (walker20), and the
column still sorts by the times themselves."""
from __future__ import annotations

from PySide6.QtCore import Qt

from dlstudio.training.search_space import Dimension
from tests.gui.search_rounds import panel, report_round  # noqa: F401 (fixture)


def test_the_seconds_column_shows_two_decimals_and_sorts_by_time(panel, monkeypatch):
    trials = [{"params": {"learning_rate": lr}, "status": "ok", "score": 0.9,
               "val_accuracy": 0.9, "seconds": seconds}
              for lr, seconds in ((0.01, 0.01747), (0.1, 0.006413), (0.5, 12.3456))]
    report_round(panel, monkeypatch, [Dimension("learning_rate", 1e-3, 1.0, "log")], trials,
                 epochs=1, val_loss=0.3)
    table = panel.table
    column = table.columnCount() - 1
    assert table.horizontalHeaderItem(column).text() == "Seconds"
    table.sortItems(column, Qt.SortOrder.AscendingOrder)
    assert [table.item(r, column).text() for r in range(3)] == ["0.01", "0.02", "12.35"]
