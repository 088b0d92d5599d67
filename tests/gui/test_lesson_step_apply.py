"""Applying a lesson step (``gui/lessons/step_apply.py``) in a real (offscreen) window: the
studio is set up, the check mark appears after the live run; a transfer step compares at
once; a run that fails before training is named under the step."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


@pytest.fixture
def panel(lesson_panel):
    return lesson_panel


def test_apply_configures_studio_and_check_mark_appears_after_the_run(panel, qtbot):
    shown = []
    panel.studio.sigShowPanel.connect(shown.append)
    panel.open_lesson("16_softmax_classifiers", 0)
    with qtbot.waitSignal(panel.sigStepChecked, timeout=120_000) as blocker:
        plan = panel.apply_current()
        assert plan is not None and plan.live_checkable
        assert panel.studio.data_spec.dataset == "blobs"
        assert [l.type for l in panel.studio.network_spec.layers] == ["Dense"]
        assert panel.studio.train_spec.epochs == 10
    assert blocker.args == ["16_softmax_classifiers", 0, True]
    assert shown[-1] == "outcome"
    assert "✓" in panel.check_label.text()
    assert panel.step.id in panel.progress.get("16_softmax_classifiers").completed
    assert "1/3" in panel.lesson_list.currentItem().text()


# -- a transfer step compares at once on Apply and hands its source to the panel (W4-2) ------
def test_transfer_step_apply_runs_the_comparison_and_fills_the_transfer_panel(panel,
                                                                               monkeypatch):
    from dlstudio.engine.network import Network
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.lessons.checks import CheckResult

    jobs = []
    monkeypatch.setattr(panel.checker, "start", jobs.append)
    panel.open_lesson("14_transfer_learning", 0)
    panel.apply_current()
    assert len(jobs) == 1 and "source network" in panel.check_label.text()
    transfer = panel.companions["transfer"]
    assert transfer.source is None
    source = Network.from_spec(NetworkSpec((4,), tuple(
        LayerSpec("Dense", {"units": 6, "activation": "relu"}) for _ in range(7))
        + (LayerSpec("Dense", {"units": 3, "activation": "softmax"}),)), seed=0)
    setups = [{"name": n, "reuse": r, "frozen": r, "cached": False, "head": acc,
               "fine_tune": None, "train_seconds": 1.0, "cache_seconds": None,
               "head_curve": [(1, acc)], "fine_curve": []}
              for n, r, acc in (("A", 0, 0.95), ("B", 5, 0.97), ("C", 6, 0.62))]
    panel._on_checker_finished((CheckResult(True, 0.9, "B 0.97, C 0.62"), (source, 5),
                                setups))
    assert transfer.source is source
    assert transfer.reuse_spin.value() == 6                 # set like the step's last set-up, C
    table = transfer.history_table
    assert [table.verticalHeaderItem(r).text() for r in range(3)] == ["A", "B", "C"]
    assert len(transfer.plot.run_curves) == 3
    assert "✓" in panel.check_label.text()


# -- a step's run that fails before training says so, not "apply first" (walker5 W5-13) -----
def test_a_run_that_fails_on_missing_data_is_named_under_the_step(panel, monkeypatch):
    studio = panel.studio
    monkeypatch.setattr(studio, "start", lambda *a, **k: None)
    panel.open_lesson("03_vanishing_gradients", 1)
    panel.apply_current()
    studio.sigRunStarted.emit()                     # the step's run starts ...
    studio.run_failure = "mnist is not on this computer"
    studio.sigRunStateChanged.emit("failed")        # ... and fails before a single step
    assert "stopped before training began" in panel.check_label.text()
    panel.check_current()
    assert "stopped before training began" in panel.check_label.text()
    assert "Apply this step first" not in panel.check_label.text()
    studio.sigRunStarted.emit()                     # applied again: the note goes
    panel.check_current()
    assert "stopped before training began" not in panel.check_label.text()
