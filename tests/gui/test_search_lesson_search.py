"""A lesson step's search in the search panel (``lesson_search``): Apply sets the panel up
and tags its results with the step; a finer round follows a coarse one; the search goes when
the student moves to another lesson (``leave_lesson``); the student's own search stays."""
from __future__ import annotations

from dlstudio.gui.search.panel import SearchPanel
from dlstudio.training.search_space import Dimension
from tests.gui.search_rounds import panel, report_round  # noqa: F401 (fixture)

SPACE = [Dimension("learning_rate", 1e-3, 1.0, "log")]
TRIALS = [{"params": {"learning_rate": lr}, "status": "ok", "score": score,
           "val_accuracy": score, "val_loss": 1 - score} for lr, score in ((0.01, 0.8),
                                                                          (0.1, 0.9))]


def _lesson_round(panel, monkeypatch) -> None:
    """A lesson step's search round (``run_for_lesson``), its trials and its end."""
    monkeypatch.setattr(panel.worker, "start", lambda *a, **k: None)
    assert panel.run_for_lesson("step-1", SPACE, 2, 1)
    for n, t in enumerate(TRIALS):
        panel.worker.sigYielded.emit({"trial": n, "seconds": 1.0, "epochs": 1,
                                      "message": None, **t})
    panel.worker.sigFinished.emit(panel.results)


def test_lesson_search_sets_the_panel_and_tags_its_results(panel, monkeypatch):
    started = []
    monkeypatch.setattr(SearchPanel, "start", lambda self: started.append(1) or True)
    panel.results = [{"trial": 0, "params": {}, "status": "ok", "score": 0.5, "round": 0}]
    space = [Dimension("momentum", 0.9, 0.999, "log1m")]
    assert panel.run_for_lesson("step-x", space, 7, 4, seed=3)
    assert started and panel.made_for == "step-x" and panel.results == []
    assert panel.editor.selected() == ["momentum"]
    assert (panel.runs_spin.value(), panel.epochs_spin.value(), panel.seed_spin.value()) \
        == (7, 4, 3)
    panel.start_button.click()           # the student's own search is no lesson's
    assert panel.made_for is None


def test_a_finer_round_follows_a_lessons_coarse_round(panel, monkeypatch):
    monkeypatch.setattr(panel.worker, "start", lambda *a, **k: None)
    assert panel.run_for_lesson("step-1", SPACE, 2, 1, zoom_runs=3)
    for n, t in enumerate(TRIALS):
        panel.worker.sigYielded.emit({"trial": n, "seconds": 1.0, "epochs": 1,
                                      "message": None, **t})
    panel.worker.sigFinished.emit(panel.results)
    # the finer round runs, narrowed around the best, with the runs the step asked for
    assert panel.state == "running" and panel.busy and panel.made_for == "step-1"
    assert panel.runs_spin.value() == 3 and panel.so_far.round == 1
    low, high = panel.editor.space()[0].low, panel.editor.space()[0].high
    assert 1e-3 < low < 0.1 < high < 1.0
    panel.worker.sigFinished.emit([])
    assert panel.state == "idle" and not panel.busy      # no third round


def test_a_lessons_search_goes_and_the_panel_starts_afresh(panel, monkeypatch):
    _lesson_round(panel, monkeypatch)
    assert panel.table.rowCount() == 2 and panel.studio.search_record is not None
    assert panel.leave_lesson()
    assert panel.results == [] and panel.table.rowCount() == 0
    assert panel.studio.search_record is None and panel.made_for is None
    assert panel.status_label.text() == "Choose what to search, then run."
    assert panel.progress.value() == 0 and not panel.clear_button.isEnabled()
    assert not panel.leave_lesson()


def test_a_lessons_search_still_running_is_stopped(panel, monkeypatch):
    monkeypatch.setattr(panel.worker, "start", lambda *a, **k: None)
    cancelled = []
    monkeypatch.setattr(panel.worker, "cancel", lambda: cancelled.append(True))
    assert panel.run_for_lesson("step-1", SPACE, 2, 1, zoom_runs=2)
    assert panel.leave_lesson()
    assert cancelled and panel.state == "idle" and not panel.busy
    assert panel.start_button.isEnabled()


def test_the_students_own_search_stays(panel, monkeypatch):
    report_round(panel, monkeypatch, SPACE, TRIALS, epochs=1)
    assert not panel.leave_lesson()
    assert len(panel.results) == 2 and panel.table.rowCount() == 2
    # a lesson's search the student went on with (Run search: a round of their own) is
    # theirs
    _lesson_round(panel, monkeypatch)
    panel.start_button.click()
    panel.worker.sigYielded.emit({"trial": 2, "seconds": 1.0, "epochs": 1, "message": None,
                                  **TRIALS[0]})
    panel.worker.sigFinished.emit(panel.results[-1:])
    assert not panel.leave_lesson() and len(panel.results) == 3
