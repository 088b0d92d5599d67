"""The search panel and its first-step check (walker13 W13-12) and the confirmation of
"Apply best to the studio" (W13-18): the best offered is a run the pre-flight check does not
call exploding, or the panel says so next to it; applying says what changed in the window's
status line and brings the panel's own sentence into view."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from dlstudio.training.search_space import Dimension
from tests.gui.font_lines import in_lines
from tests.gui.search_rounds import panel, report_round  # noqa: F401 (fixture)

SPACE = [Dimension("learning_rate", 1e-3, 1.0, "log")]


def _round(panel, monkeypatch, trials):
    report_round(panel, monkeypatch, SPACE, trials, epochs=1, val_loss=0.3)


def _ok(lr, score, first_update):
    return {"params": {"learning_rate": lr}, "status": "ok", "score": score,
            "val_accuracy": score, "first_update": first_update}


def test_the_best_offered_is_not_a_run_whose_first_step_explodes(panel, monkeypatch):
    _round(panel, monkeypatch, [_ok(0.05, 0.93, 0.01), _ok(0.85, 0.99, 0.52),
                                _ok(0.2, 0.96, 0.04)])
    assert panel.best()["trial"] == 2
    said = panel.status_label.text()
    assert "Best so far: trial 2, validation accuracy 96.0%." in said
    assert "Trial 1 scored higher (99.0%), but the pre-flight check calls its first step " \
           "exploding (one step would change a layer's weights by 52% of their size)" in said
    # the table and the plot mark it
    statuses = {panel.table.item(r, 1).text(): panel.table.item(r, 2) for r in range(3)}
    assert statuses["1"].text() == "ok, first step too large"
    assert "52%" in statuses["1"].toolTip() and statuses["2"].text() == "ok"
    symbols = panel.scatter.scatters["learning_rate"].opts["symbol"]
    assert sorted(symbols) == ["o", "o", "x"]
    assert "first step too large (pre-flight)" in panel.scatter.legend_label.text
    assert panel.apply_best()
    assert panel.studio.train_spec.learning_rate == pytest.approx(0.2)


def test_a_best_whose_first_step_explodes_says_so(panel, monkeypatch):
    _round(panel, monkeypatch, [_ok(0.85, 0.99, 0.52), _ok(0.6, 0.97, 0.8)])
    assert panel.best()["trial"] == 0
    said = panel.status_label.text()
    assert "Best so far: trial 0" in said
    assert "But the pre-flight check calls its first step exploding: one step would change " \
           "a layer's weights by 52% of their size" in said
    assert "validation accuracy after 1 epoch;" in said
    assert panel.apply_best()
    assert "But the pre-flight check calls its first step exploding" \
        in panel.status_label.text()


def test_apply_best_says_what_changed_in_the_window_and_shows_the_panels_sentence(
        panel, monkeypatch, qtbot):
    panel.resize(520, 560)            # the search tab's size at 1366x768: controls scroll
    panel.show()
    qtbot.waitExposed(panel)
    _round(panel, monkeypatch, [_ok(0.0353, 0.97, 0.01)])
    scroll = panel.arrangement.scroll
    scroll.verticalScrollBar().setValue(0)
    qtbot.wait(10)
    said = []
    panel.studio.sigMessage.connect(said.append)
    assert panel.apply_best()
    assert said == ["Search trial 0 applied: Learning rate = 0.0353 (the Training panel shows "
                    "them). Press Start (F5) to train with them."]
    qtbot.wait(10)
    label = panel.status_label
    top = label.mapTo(scroll.viewport(), label.rect().topLeft()).y()
    assert 0 <= top and top + label.height() <= scroll.viewport().height() + 1, \
        (top, label.height(), scroll.viewport().height())
    assert "Applied trial 0 (Learning rate = 0.0353)." in label.text()


def test_the_other_data_note_leaves_the_results_plot_a_usable_height(panel, monkeypatch,
                                                                       qtbot):
    """W13-8: at 1366x768 the "Other data" notice squeezed the plot to a 40-px strip; the
    settings scroll instead."""
    panel.resize(520, 580)            # the search tab's size at 1366x768 with the docks open
    panel.show()
    qtbot.waitExposed(panel)
    _round(panel, monkeypatch, [_ok(0.01, 0.9, 0.01), _ok(0.1, 0.8, 0.1)])
    studio = panel.studio
    studio.set_data_spec(studio.data_spec.with_(dataset="spirals"))
    qtbot.waitUntil(lambda: panel.other_data_note.isVisible())
    qtbot.wait(50)
    line = panel.fontMetrics().height()
    view = panel.scatter.plots["learning_rate"].getViewBox()
    assert view.height() >= 6 * line, (view.height(), panel.scatter.height())
    # the table keeps a row in sight under the note, and the settings still scroll
    assert panel.table.viewport().height() >= line
    assert panel.arrangement.scroll.height() > 2 * line


def test_the_results_table_shows_four_rows_at_1366x768(panel, monkeypatch, qtbot):
    """W15-7: at 1366x768 a round of twelve showed one row of the table; it keeps four rows
    in sight (the settings above scroll), the plot its usable height. The page is as many
    lines high as the search tab at 1366x768 in DejaVu Sans: with Noto Sans CJK's taller
    lines the real tab is too short for four rows, and the page keeps two (as designed)."""
    panel.resize(520, in_lines(panel, 580))   # the search tab at 1366x768, docks open
    panel.show()
    qtbot.waitExposed(panel)
    _round(panel, monkeypatch, [_ok(10 ** (-3 + k / 4), 0.5 + k / 30, 0.01) for k in range(12)])
    qtbot.wait(50)
    table = panel.table
    row = table.verticalHeader().defaultSectionSize()
    assert table.viewport().height() >= 4 * row, (table.viewport().height(), row)
    line = panel.fontMetrics().height()
    view = panel.scatter.plots["learning_rate"].getViewBox()
    assert view.height() >= 6 * line, (view.height(), panel.scatter.height())
    assert panel.arrangement.scroll.height() > 2 * line


def test_the_tables_top_row_is_the_ringed_best_run_and_the_legend_says_why(panel, monkeypatch):
    """walker16 W16-19 (lesson 15 step 2): two runs at 0.9 whose first step explodes topped
    the table (sorted by accuracy) while the ring sat on the 0.8917 run, and nothing said
    why the higher runs were not the best."""
    _round(panel, monkeypatch, [_ok(0.55, 0.8917, 0.33), _ok(0.8576, 0.9, 0.52),
                                _ok(0.8528, 0.9, 0.52), _ok(0.1, 0.85, 0.06)])
    best = panel.best()
    assert best["trial"] == 0
    assert [panel.table.item(r, 1).text() for r in range(4)] == ["0", "3", "1", "2"]
    scatter = panel.scatter.scatters["learning_rate"]
    ringed = [i for i, pen in enumerate(scatter.opts["symbolPen"])
              if pen.style() != Qt.PenStyle.NoPen]
    assert [scatter.opts["data"][i] for i in ringed] == [best["trial"]]
    assert "first step too large (pre-flight): not offered as best" \
        in panel.scatter.legend_label.text
