"""A cancelled search round is finished by "Run the 2 cancelled trials" (``finish_round``):
only its cancelled trials train, with the round's settings and seeds, and the round ends as
if it had not been interrupted - its bar, table, ranking, record and lesson step."""
from __future__ import annotations

from PySide6.QtCore import Qt

from dlstudio.gui import i18n, workspace_search
from dlstudio.gui.search.panel import SearchPanel
from dlstudio.training.search import SearchProgress, SearchRunner
from dlstudio.training.search_space import Dimension, default_dimension
from tests.gui.search_rounds import panel  # noqa: F401 (fixture)

SPACE = [Dimension("learning_rate", 1e-3, 1.0, "log")]
#: what a trial's result says about its training (not its time)
TRAINED = ("trial", "params", "status", "score", "val_accuracy", "val_loss", "train_loss",
           "train_accuracy", "epochs", "first_update")


def _trained(results: list[dict]) -> list[tuple]:
    return [tuple(r.get(k) for k in TRAINED) for r in sorted(results, key=lambda r: r["trial"])]


def _ok(trial: int, score: float) -> dict:
    return {"trial": trial, "params": {"learning_rate": 0.01 * (trial + 1)}, "status": "ok",
            "score": score, "val_accuracy": score, "val_loss": 1 - score, "seconds": 1.0,
            "epochs": 1, "message": None}


def _cancelled(trial: int) -> dict:
    return {"trial": trial, "params": {"learning_rate": 0.01 * (trial + 1)},
            "status": "cancelled", "score": None, "val_accuracy": None, "val_loss": None,
            "seconds": 0.0, "epochs": 0, "message": None}


def _cut_round(panel, monkeypatch, ended: int = 2, runs: int = 4, cancel=None) -> None:
    """A round of ``runs`` trials (no processes) cancelled after ``ended`` of them ended
    (by ``cancel(panel)``, else ``panel.cancel()``)."""
    monkeypatch.setattr(panel.worker, "start", lambda *a, **k: None)
    panel.editor.set_space(SPACE)
    panel.runs_spin.setValue(runs)
    assert panel.start()
    first = panel.runner.first_trial
    for n in range(ended):
        panel.worker.sigYielded.emit(_ok(first + n, 0.5 + 0.1 * n))
    (cancel or SearchPanel.cancel)(panel)
    assert panel.state == "cancelling"
    for n in range(ended, runs):
        panel.worker.sigYielded.emit(_cancelled(first + n))
    panel.worker.sigFinished.emit(panel.so_far.of_round(panel.so_far.round))
    assert panel.state == "idle"


def _finish(panel, scores=None) -> None:
    """The worker reports the finishing run's trials (``scores`` by trial; cancelled when
    missing) and its end, with the round's whole results."""
    for trial in panel.runner.to_run:
        score = (scores or {}).get(trial)
        panel.worker.sigYielded.emit(_ok(trial, score) if score is not None
                                     else _cancelled(trial))
    panel.worker.sigFinished.emit(panel.so_far.of_round(panel.so_far.round))


def test_a_cancelled_round_offers_to_run_its_cancelled_trials(panel, monkeypatch):
    assert not panel.rerun_button.isVisibleTo(panel)        # nothing cancelled yet
    _cut_round(panel, monkeypatch)
    assert panel.progress.text().startswith("2 of 4 runs done (2 cancelled)")
    assert panel.unfinished() == [2, 3]
    assert panel.rerun_button.isVisibleTo(panel) and panel.rerun_button.isEnabled()
    assert panel.rerun_button.text() == "Run the 2 cancelled trials"
    assert "“Run the 2 cancelled trials” trains them" in panel.status_label.text()
    i18n.set_language("zh_CN")
    try:
        assert panel.rerun_button.text() == "运行这一组已取消的 2 次试验"
    finally:
        i18n.set_language("en")
    assert panel.rerun_button.text() == "Run the 2 cancelled trials"


def test_only_the_cancelled_trials_run_and_the_round_ends_whole(panel, monkeypatch):
    _cut_round(panel, monkeypatch)
    kept = [dict(r) for r in panel.so_far.of_round(0) if r["status"] == "ok"]
    cut = panel.runner
    panel.rerun_button.click()
    assert panel.state == "running" and not panel.rerun_button.isVisibleTo(panel)
    assert panel.runner.to_run == [2, 3] and panel.runner.points == cut.points
    assert panel.so_far.round == 0                          # the same round, again
    assert [r["trial"] for r in panel.results] == [0, 1]     # its ended trials stay
    # the trials training now show as running, the bar goes on from the two that ended
    assert panel.table.rowCount() == 4
    assert panel.progress.value() == panel.progress.maximum() // 2
    assert "Round 1: training its 2 cancelled runs of 4" in panel.status_label.text()
    _finish(panel, {2: 0.9, 3: 0.4})
    assert panel.state == "idle" and panel.so_far.round == 1
    assert [r for r in panel.results if r["status"] == "ok" and r["trial"] < 2] == kept
    assert sorted(r["trial"] for r in panel.results) == [0, 1, 2, 3]
    assert {r["status"] for r in panel.results} == {"ok"}
    assert panel.best()["trial"] == 2                        # the ranking reads the round
    assert panel.progress.value() == panel.progress.maximum()
    assert panel.progress.text().startswith("100%")
    assert "Round 1 finished: 4 ok." in panel.status_label.text()
    assert panel.unfinished() == [] and not panel.rerun_button.isVisibleTo(panel)
    # the workspace keeps the round whole
    back = workspace_search.read_search(workspace_search.search_part(panel.studio.search_record))
    assert back.rounds == 1 and sorted(t["trial"] for t in back.trials) == [0, 1, 2, 3]
    assert {t["status"] for t in back.trials} == {"ok"}


def test_cancelling_again_leaves_the_rest_to_run_again(panel, monkeypatch):
    _cut_round(panel, monkeypatch)
    panel.rerun_button.click()
    panel.worker.sigYielded.emit(_ok(2, 0.7))
    panel.cancel()
    panel.worker.sigYielded.emit(_cancelled(3))
    panel.worker.sigFinished.emit(panel.so_far.of_round(panel.so_far.round))
    assert panel.progress.text().startswith("3 of 4 runs done (1 cancelled)")
    assert panel.unfinished() == [3]
    assert panel.rerun_button.text() == "Run the cancelled trial"
    record = panel.studio.search_record
    assert sorted((t["trial"], t["status"]) for t in record.trials) == \
        [(0, "ok"), (1, "ok"), (2, "ok"), (3, "cancelled")]
    panel.rerun_button.click()
    assert panel.runner.to_run == [3]
    _finish(panel, {3: 0.6})
    assert {r["status"] for r in panel.results} == {"ok"} and len(panel.results) == 4


def test_the_button_waits_for_the_studios_run_and_says_why(panel, monkeypatch):
    _cut_round(panel, monkeypatch)
    studio = panel.studio
    monkeypatch.setattr(type(studio), "state", property(lambda self: "running"))
    studio.sigRunStateChanged.emit("running")
    assert panel.rerun_button.isVisibleTo(panel) and not panel.rerun_button.isEnabled()
    assert "pause it (Space) or stop it" in panel.rerun_button.toolTip()
    assert not panel.run_unfinished() and panel.state == "idle"
    monkeypatch.undo()
    monkeypatch.setattr(panel.worker, "start", lambda *a, **k: None)
    studio.sigRunStateChanged.emit("idle")
    assert panel.rerun_button.isEnabled()


def test_the_button_is_reached_and_pressed_with_the_keyboard(panel, monkeypatch, qtbot):
    """With the app's key rule (``widgets/space_key``): Enter presses the focused button,
    Space is the pause key (it passed alone with Space, and failed in the suite once an
    earlier test had installed the rule)."""
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui.widgets import space_key

    space_key.install(QApplication.instance())
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)

    def cancel_by_keyboard(panel):
        panel.cancel_button.setFocus()
        qtbot.waitUntil(panel.cancel_button.hasFocus)
        qtbot.keyClick(panel.cancel_button, Qt.Key.Key_Return)

    _cut_round(panel, monkeypatch, cancel=cancel_by_keyboard)
    # Cancel had the focus: once the round ended, the button that finishes it has it
    assert panel.rerun_button.hasFocus()
    panel.clear_button.setFocus()
    for _ in range(10):             # Tab walks the row to it
        if panel.rerun_button.hasFocus():
            break
        qtbot.keyClick(panel.focusWidget(), Qt.Key.Key_Tab)
    assert panel.rerun_button.hasFocus()
    qtbot.keyClick(panel.rerun_button, Qt.Key.Key_Return)
    assert panel.state == "running" and panel.runner.to_run == [2, 3]


def test_a_lesson_steps_cancelled_round_is_the_steps_again_once_finished(panel, monkeypatch):
    monkeypatch.setattr(panel.worker, "start", lambda *a, **k: None)
    assert panel.run_for_lesson("step-1", SPACE, 3, 1)
    panel.worker.sigYielded.emit(_ok(0, 0.8))
    panel.cancel()
    assert panel.made_for is None                # a cancelled round is no step's
    for trial in (1, 2):
        panel.worker.sigYielded.emit(_cancelled(trial))
    panel.worker.sigFinished.emit(panel.so_far.of_round(0))
    assert panel.made_for is None and panel.trials() == panel.results[:1]
    panel.rerun_button.click()
    assert panel.made_for == "step-1"
    _finish(panel, {1: 0.7, 2: 0.9})
    assert panel.made_for == "step-1" and len(panel.trials()) == 3


def test_nothing_to_finish_after_a_new_round_a_clear_or_another_start(panel, monkeypatch):
    _cut_round(panel, monkeypatch)
    panel.clear()
    assert panel.unfinished() == [] and not panel.rerun_button.isVisibleTo(panel)
    _cut_round(panel, monkeypatch)
    assert panel.unfinished() == [2, 3]
    assert panel.start()                         # a new round: the old one stays cut short
    for trial in panel.runner.trials:
        panel.worker.sigYielded.emit(_ok(trial, 0.5))
    panel.worker.sigFinished.emit(panel.so_far.of_round(1))
    assert panel.unfinished() == [] and not panel.rerun_button.isVisibleTo(panel)


def test_the_finished_round_equals_an_uninterrupted_one(panel, qtbot):
    """Real training: a round cut short after one trial, then finished in a worker
    process, gives the results an uninterrupted round gives (settings, seeds, scores)."""
    studio = panel.studio
    space = [default_dimension("learning_rate")]
    panel.editor.set_space(space)
    panel.runs_spin.setValue(3)
    panel.epochs_spin.setValue(2)
    panel.workers_spin.setValue(1)
    panel.seed_spin.setValue(4)
    # the first part, one trial after another in this thread, cancelled after one ended
    panel.worker.start = lambda *a, **k: None
    assert panel.start()
    cut = panel.runner
    cut.workers = 0
    for event in cut.run():
        panel.worker.sigYielded.emit(event)
        if not isinstance(event, SearchProgress):
            panel.cancel()
            cut.cancel()
    panel.worker.sigFinished.emit(cut.results)
    del panel.worker.start          # the worker's own again: a thread, a process
    assert [r["status"] for r in panel.results] == ["ok", "cancelled", "cancelled"]
    cut.workers = 1
    with qtbot.waitSignal(panel.sigStateChanged, timeout=120_000,
                          check_params_cb=lambda s: s == "idle"):
        panel.rerun_button.click()
        assert panel.state == "running"
    whole = SearchRunner(studio.network_spec, studio.data_spec, studio.train_spec, space,
                         n_runs=3, epochs=2, workers=0, seed=4)
    list(whole.run())
    assert _trained(panel.results) == _trained(whole.results)
    assert sorted(r["trial"] for r in panel.so_far.succeeded()) == [0, 1, 2]


def test_a_workspace_saved_after_a_cancel_finishes_the_round_when_reopened(panel, qtbot,
                                                                            monkeypatch,
                                                                            tmp_path):
    from dlstudio.gui import workspace_file as ws
    from dlstudio.gui.search.demo import demo_studio

    _cut_round(panel, monkeypatch)
    cut = panel.runner
    assert panel.studio.search_record.plan is not None
    path = tmp_path / "cut.dlsw"
    ws.write(path, ws.capture(panel.studio))
    fresh = SearchPanel(demo_studio())
    qtbot.addWidget(fresh)
    fresh.studio.session_replaced()
    back = ws.read(path)
    assert not back.problems
    ws.apply(fresh.studio, back)
    assert fresh.unfinished() == [2, 3]
    assert fresh.rerun_button.isVisibleTo(fresh) and fresh.rerun_button.isEnabled()
    # the bar and the sentence say the round was cut short, not "100%"
    assert fresh.progress.text().startswith("2 of 4 runs done (2 cancelled)  ·  saved search")
    assert fresh.progress.value() == 2 and fresh.progress.maximum() == 4
    assert "Its last round was cancelled: “Run the 2 cancelled trials” finishes it" \
        in fresh.status_label.text()
    monkeypatch.setattr(fresh.worker, "start", lambda *a, **k: None)
    fresh.rerun_button.click()
    assert fresh.runner.to_run == [2, 3] and fresh.runner.points == cut.points
    assert fresh.runner.trial_seed(2) == cut.trial_seed(2)
    _finish(fresh, {2: 0.9, 3: 0.8})
    assert fresh.studio.search_record.plan is None          # the round is whole now
    assert {t["status"] for t in fresh.studio.search_record.trials} == {"ok"}
    fresh.shutdown()


def test_a_damaged_saved_round_leaves_the_trials_and_offers_nothing(panel, qtbot, monkeypatch):
    _cut_round(panel, monkeypatch)
    part = workspace_search.search_part(panel.studio.search_record)
    part["unfinished_round"]["runs"] = "six"
    record = workspace_search.read_search(part)
    panel.studio.restore_search(record)
    assert len(panel.results) == 4 and panel.unfinished() == []
    assert not panel.rerun_button.isVisibleTo(panel)
    part["unfinished_round"] = "damaged"
    assert workspace_search.read_search(part).plan is None


def _reopened(panel, qtbot, tmp_path) -> SearchPanel:
    """A panel of another studio with a workspace saved from ``panel``'s studio now."""
    from dlstudio.gui import workspace_file as ws
    from dlstudio.gui.search.demo import demo_studio

    path = tmp_path / "saved.dlsw"
    ws.write(path, ws.capture(panel.studio))
    fresh = SearchPanel(demo_studio())
    qtbot.addWidget(fresh)
    fresh.studio.session_replaced()
    back = ws.read(path)
    assert not back.problems
    ws.apply(fresh.studio, back)
    return fresh


def test_a_workspace_saved_while_the_cancelled_trials_train_still_finishes_them(
        panel, qtbot, monkeypatch, tmp_path):
    """fix89: saved (or autosaved) while "Run the 2 cancelled trials" trained, the workspace
    kept the round without its plan: reopened, its trials that had not ended yet could not
    be run any more."""
    _cut_round(panel, monkeypatch)
    cut = panel.runner
    panel.rerun_button.click()
    panel.worker.sigYielded.emit(_ok(2, 0.7))          # one of the two ended, one trains
    assert panel.state == "running"
    fresh = _reopened(panel, qtbot, tmp_path)
    try:
        assert fresh.unfinished() == [3]
        assert fresh.rerun_button.isVisibleTo(fresh) and fresh.rerun_button.isEnabled()
        assert fresh.progress.text().startswith("3 of 4 runs done (1 cancelled)")
        monkeypatch.setattr(fresh.worker, "start", lambda *a, **k: None)
        fresh.rerun_button.click()
        assert fresh.runner.to_run == [3] and fresh.runner.points == cut.points
        _finish(fresh, {3: 0.6})
        assert sorted(t["trial"] for t in fresh.studio.search_record.trials) == [0, 1, 2, 3]
        assert fresh.studio.search_record.plan is None
    finally:
        fresh.shutdown()


def test_a_workspace_saved_while_a_round_trains_finishes_it_when_reopened(
        panel, qtbot, monkeypatch, tmp_path):
    """The same for a round's first run: saved after two of its four trials ended, the
    reopened search offers the other two (their points and seeds are the round's)."""
    monkeypatch.setattr(panel.worker, "start", lambda *a, **k: None)
    panel.editor.set_space(SPACE)
    panel.runs_spin.setValue(4)
    assert panel.start()
    running = panel.runner
    for n in range(2):
        panel.worker.sigYielded.emit(_ok(n, 0.5 + 0.1 * n))
    fresh = _reopened(panel, qtbot, tmp_path)
    try:
        assert fresh.so_far.round == 1 and fresh.unfinished() == [2, 3]
        assert fresh.rerun_button.isVisibleTo(fresh)
        monkeypatch.setattr(fresh.worker, "start", lambda *a, **k: None)
        fresh.rerun_button.click()
        assert fresh.runner.to_run == [2, 3] and fresh.runner.points == running.points
    finally:
        fresh.shutdown()


def test_a_new_round_says_the_cut_short_one_stays_so_and_its_rows_say_why(panel,
                                                                            monkeypatch):
    """fix89: only the last round's cancelled trials can be run again (a later round was
    planned from the earlier one's results as they were): starting a new round over a cut
    short one says it stays cut short, and its cancelled rows say why no button runs them."""
    _cut_round(panel, monkeypatch)
    assert panel.start()
    said = panel.status_label.text()
    assert said.startswith("Round 1 stays cut short (2 cancelled): only the last round's "
                           "cancelled runs can be run again. Round 2:")
    for trial in panel.runner.trials:
        panel.worker.sigYielded.emit(_ok(trial, 0.5))
    panel.worker.sigFinished.emit(panel.so_far.of_round(1))
    assert panel.unfinished() == [] and not panel.rerun_button.isVisibleTo(panel)

    def tips(status: str) -> set[str]:
        table = panel.table
        return {table.item(row, 2).toolTip() for row in range(table.rowCount())
                if table.item(row, 0).text() == "1" and status in table.item(row, 2).text()}

    assert tips("cancelled") == {"This run was cancelled. Only the last round's cancelled "
                                 "runs can be run again, and round 2 was run after this one."}
    assert tips("ok") == {""}
    i18n.set_language("zh_CN")
    try:
        assert tips("已取消") == {"这次运行被取消了。只有最后一组中已取消的运行可以再运行，"
                                 "而这一组之后又运行了第 2 组。"}
    finally:
        i18n.set_language("en")


def test_a_new_round_after_a_whole_one_says_nothing_of_cancelled_runs(panel, monkeypatch):
    monkeypatch.setattr(panel.worker, "start", lambda *a, **k: None)
    panel.editor.set_space(SPACE)
    assert panel.start()
    assert panel.status_label.text().startswith("Round 1:")
    for trial in panel.runner.trials:
        panel.worker.sigYielded.emit(_ok(trial, 0.5))
    panel.worker.sigFinished.emit(panel.so_far.of_round(0))
    assert panel.start() and panel.status_label.text().startswith("Round 2:")
