"""A running round's trials training now show in the table at once, marked running
(walker33 W33-4: the table stayed empty for the first ~28 s of an MNIST search)."""
from __future__ import annotations

from types import SimpleNamespace

from dlstudio.gui.search.running_trials import RUNNING, running_rows


def _runner(n_runs=5, workers=2, first_trial=10):
    return SimpleNamespace(n_runs=n_runs, workers=workers, first_trial=first_trial,
                           points=[{"learning_rate": 0.1 * (i + 1)} for i in range(n_runs)])


def test_the_first_trials_not_ended_are_training():
    rows = running_rows(_runner(), 1, ended=set())
    assert [r["trial"] for r in rows] == [10, 11]
    assert all(r["status"] == RUNNING and r["round"] == 1 and r["score"] is None
               for r in rows)
    assert rows[1]["params"] == {"learning_rate": 0.2}
    # trial 10 ended: the pool took trial 12 up
    assert [r["trial"] for r in running_rows(_runner(), 1, ended={10})] == [11, 12]
    # a trial that reported its progress trains, whatever the count says
    assert [r["trial"] for r in running_rows(_runner(), 1, {10}, reported={13})] == \
        [11, 12, 13]
    # one after another (no worker processes): one trial at a time; none once all ended
    assert [r["trial"] for r in running_rows(_runner(workers=0), 0, set())] == [10]
    assert running_rows(_runner(), 0, ended=set(range(10, 15))) == []


def test_the_panel_shows_the_trials_training_as_soon_as_the_round_starts(qtbot, monkeypatch):
    from dlstudio.gui.search.demo import demo_studio
    from dlstudio.gui.search.panel import SearchPanel
    from dlstudio.gui.search.results_view import status_text

    panel = SearchPanel(demo_studio())
    qtbot.addWidget(panel)
    # the round's worker does not run: what the table shows before any run reports
    monkeypatch.setattr(panel.worker, "start", lambda *args, **kwargs: None)
    panel.runs_spin.setValue(6)
    panel.workers_spin.setValue(2)
    assert panel.start()
    table = panel.table
    assert table.rowCount() == 2
    statuses = {table.item(row, 2).text() for row in range(2)}
    assert statuses == {status_text("running")} and status_text("running") == "running"
    assert sorted(int(table.item(row, 1).text()) for row in range(2)) == [0, 1]
    assert panel.results == []              # not trials of the search (nor saved)
    # the first run ended: its result replaces its row, the third run is training
    panel._on_worker_yielded({"trial": 0, "params": panel.runner.points[0], "status": "ok",
                              "score": 0.8, "val_accuracy": 0.8, "val_loss": 0.4,
                              "seconds": 1.0, "message": "", "epochs": 1})
    trials = sorted((int(table.item(row, 1).text()), table.item(row, 2).text())
                    for row in range(table.rowCount()))
    assert trials == [(0, "ok"), (1, "running"), (2, "running")]
    panel._on_worker_failed("stopped")      # the round ends: no row says running
    assert table.rowCount() == 1
