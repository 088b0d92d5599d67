"""A workspace keeps the hyperparameter search's finished trials and shows them again on
open (``gui/workspace_search.py``): bounded, damaged parts left out and said, older files
open without results."""
from __future__ import annotations

import json
import math
import zipfile

import pytest

from dlstudio.gui import workspace_file as ws
from dlstudio.gui import workspace_search
from dlstudio.gui.search.demo import demo_studio
from dlstudio.gui.search.panel import SearchPanel
from dlstudio.training.search_space import Dimension
from tests.gui.search_rounds import panel, report_round  # noqa: F401 (fixture)

SPACE = [Dimension("learning_rate", 1e-3, 1.0, "log"), Dimension("momentum", 0.5, 0.99)]


def _round(panel, monkeypatch, trials):
    """A search round over ``SPACE`` as the worker reports it (no processes)."""
    report_round(panel, monkeypatch, SPACE, trials)


def _ok(lr, score):
    return {"params": {"learning_rate": lr, "momentum": 0.9}, "status": "ok", "score": score,
            "val_accuracy": score, "val_loss": 1 - score}


def _reopened(panel, qtbot, tmp_path):
    path = tmp_path / "search.dlsw"
    ws.write(path, ws.capture(panel.studio))
    back = ws.read(path)
    fresh = SearchPanel(demo_studio())
    qtbot.addWidget(fresh)
    fresh.studio.session_replaced()
    ws.apply(fresh.studio, back)
    return fresh, back


def test_the_trials_table_comes_back_on_open(panel, qtbot, monkeypatch, tmp_path):
    _round(panel, monkeypatch, [_ok(0.01, 0.8), _ok(0.1, 0.9),
                                {"params": {"learning_rate": 0.9, "momentum": 0.9},
                                 "status": "diverged", "score": None, "val_accuracy": None,
                                 "val_loss": math.nan, "message": "loss became NaN"}])
    _round(panel, monkeypatch, [_ok(0.05, 0.95)])            # a second round
    fresh, back = _reopened(panel, qtbot, tmp_path)
    assert not back.problems
    assert [r["trial"] for r in fresh.results] == [0, 1, 2, 3]
    assert [r["round"] for r in fresh.results] == [0, 0, 0, 1] and fresh.so_far.round == 2
    assert fresh.results[2]["status"] == "diverged" and fresh.results[2]["val_loss"] is None
    assert fresh.table.rowCount() == 4
    assert fresh.editor.selected() == ["learning_rate", "momentum"]
    assert fresh.so_far.data == panel.studio.data_spec
    assert "The search saved in this workspace: 4 runs in 2 rounds" \
        in fresh.status_label.text()
    assert fresh.best()["trial"] == 3 and fresh.apply_best()     # goes on from them
    assert fresh.studio.train_spec.learning_rate == pytest.approx(0.05)
    assert fresh.zoom_button.isEnabled()
    # saved again as it came: the same part
    assert workspace_search.search_part(fresh.studio.search_record) == \
        workspace_search.search_part(panel.studio.search_record)
    fresh.shutdown()


def test_runs_and_epochs_per_run_come_back_with_the_trials(panel, qtbot, monkeypatch,
                                                          tmp_path):
    """Polish7: the trials came back but Runs and Epochs per run fell to 12 and 3."""
    panel.runs_spin.setValue(20)
    panel.epochs_spin.setValue(7)
    _round(panel, monkeypatch, [_ok(0.01, 0.8)])
    panel.runs_spin.setValue(30)                  # changed after the round: kept as it is
    fresh, back = _reopened(panel, qtbot, tmp_path)
    assert (back.search.runs, back.search.epochs) == (30, 7)
    assert (fresh.runs_spin.value(), fresh.epochs_spin.value()) == (30, 7)
    # a file from before they were kept leaves the boxes as they are
    part = workspace_search.search_part(panel.studio.search_record)
    del part["runs"], part["epochs"]
    older = workspace_search.read_search(part)
    assert older.runs is None and older.epochs is None
    fresh.shutdown()


def test_a_new_workspace_or_clear_forgets_the_search(panel, monkeypatch):
    _round(panel, monkeypatch, [_ok(0.01, 0.8)])
    assert panel.studio.search_record is not None
    panel.clear()
    assert panel.studio.search_record is None
    assert ws.to_document(ws.capture(panel.studio)).get("search") is None


def test_the_part_is_bounded_to_the_best_trials(panel):
    trials = tuple({"trial": i, "round": 0, "params": {"learning_rate": 0.01}, "status": "ok",
                    "score": i / 1000, "epochs": 2, "message": "x" * 1000}
                   for i in range(workspace_search.MAX_TRIALS + 100))
    record = workspace_search.SearchRecord(panel.studio.data_spec, tuple(SPACE), 1, trials)
    part = workspace_search.search_part(record)
    kept = [t["trial"] for t in part["trials"]]
    assert kept == list(range(100, workspace_search.MAX_TRIALS + 100))       # the best
    assert all(len(t["message"]) == workspace_search.MAX_MESSAGE for t in part["trials"])
    assert len(json.dumps(part)) < 500_000


@pytest.mark.parametrize("damage", [
    lambda part: part.update(trials="many"),
    lambda part: part["trials"][0].update(status="great"),
    lambda part: part.update(space=[{"name": "learning_rate", "low": 1, "high": 0}]),
    lambda part: part.update(data=None),
    lambda part: part.update(runs=0),
    lambda part: part.update(epochs="3"),
])
def test_a_damaged_search_is_left_out_and_said(panel, monkeypatch, tmp_path, damage):
    _round(panel, monkeypatch, [_ok(0.01, 0.8)])
    path = tmp_path / "w.dlsw"
    ws.write(path, ws.capture(panel.studio))
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    doc = json.loads(members["workspace.json"])
    damage(doc["search"])
    members["workspace.json"] = json.dumps(doc).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    back = ws.read(path)
    assert back.search is None and back.network == panel.studio.network_spec
    assert any("hyperparameter search were left out" in str(p) for p in back.problems)


def test_a_workspace_without_a_search_opens_with_no_results(panel, qtbot, tmp_path):
    """Files written before the search was kept (and files of no search) have no part."""
    fresh, back = _reopened(panel, qtbot, tmp_path)
    assert back.search is None and fresh.results == [] and fresh.table.rowCount() == 0
    fresh.shutdown()
