"""How the search's results table writes its numbers: three significant digits, shown as
three, in one notation per column (walker31 W31-3)."""
from __future__ import annotations

import pytest

from dlstudio.gui.search.table_numbers import column_texts

pytest.importorskip("pytestqt")


def test_three_significant_digits_keep_their_trailing_zeros():
    """walker31 W31-3: 'Val. loss' read 0.16 beside 0.104, the learning rate 0.0012 beside
    0.000146."""
    assert column_texts([0.104, 0.16, 0.25]) == ["0.104", "0.160", "0.250"]
    assert column_texts([0.0012, 0.000146, 1.0]) == ["0.00120", "0.000146", "1.00"]
    assert column_texts([100.0, 2.0, 0.0]) == ["100", "2.00", "0"]     # no "100."


def test_a_column_with_a_tiny_or_huge_number_writes_each_with_a_power_of_ten():
    """An L2 penalty of 1.2e-06 beside 0.00350: every number of the column with a power of
    ten, as a log axis writes its labels (``tick_text.log_axis_texts``)."""
    assert column_texts([1.2e-6, 0.0035]) == ["1.20 × 10⁻⁶", "3.50 × 10⁻³"]
    assert column_texts([999.7, 0.5]) == ["1.00 × 10³", "5.00 × 10⁻¹"]


def test_whole_numbers_blanks_and_odd_values():
    assert column_texts([16, 256, None]) == ["16", "256", "—"]
    assert column_texts([float("nan"), 0.5]) == ["nan", "0.500"]


def test_the_table_writes_each_column_alike(qtbot):
    from dlstudio.gui.search.results_view import ResultsTableWidget

    table = ResultsTableWidget()
    qtbot.addWidget(table)
    table.set_results([{"trial": t, "round": 0, "status": "ok", "message": "",
                        "val_accuracy": 0.9, "val_loss": loss, "seconds": 2.0,
                        "params": {"learning_rate": lr}, "score": 0.9}
                       for t, (loss, lr) in enumerate([(0.104, 0.0012), (0.16, 0.000146)])])
    rows = sorted([table.item(r, c).text() for c in (4, 5)] for r in range(2))
    assert rows == [["0.104", "0.00120"], ["0.160", "0.000146"]]
