"""A search round in the panel's worker (``gui/search/round_worker.py``): its reports turn
into the table and the sentence; a cancel and a failure end the round and say so."""
from __future__ import annotations

from dlstudio.training.search_space import Dimension
from tests.gui.search_rounds import panel, report_round  # noqa: F401 (fixture)

SPACE = [Dimension("learning_rate", 1e-3, 1.0, "log")]


def test_results_fill_the_table_and_the_round_ends_idle(panel, monkeypatch):
    report_round(panel, monkeypatch, SPACE, [
        {"status": "ok", "params": {"learning_rate": 0.01}, "score": 0.8,
         "val_accuracy": 0.8, "val_loss": 0.5},
        {"status": "ok", "params": {"learning_rate": 0.3}, "score": 0.6,
         "val_accuracy": 0.6, "val_loss": 0.9}])
    assert panel.table.rowCount() == 2 and panel.so_far.round == 1
    assert "Round 1 finished" in panel.status_label.text()


def test_a_cancel_then_a_failure_end_the_round_and_say_why(panel, monkeypatch):
    monkeypatch.setattr(panel.worker, "start", lambda *a, **k: None)
    monkeypatch.setattr(panel.worker, "stop", lambda: None)
    panel.editor.set_space(SPACE)
    assert panel.start() and panel.state == "running"
    panel.cancel()
    assert panel.state == "cancelling" and "Cancelling" in panel.status_label.text()
    panel.worker.sigFailed.emit("worker process died\nTraceback ...")
    assert panel.state == "idle" and panel.so_far.round == 1
    text = panel.status_label.text()
    assert "The search failed: worker process died" in text and "Traceback" not in text
