"""Walker8 W8-4 (LOW parts): after Apply of a step whose run the studio refused to start
(missing data: it says why in a box), the lesson line said "Training… the check runs when it
finishes" although nothing trained; and a new run that failed before its first step showed the
previous run's "epoch 5/5 · step 210/210" in the toolbar."""
from __future__ import annotations

import pytest

from dlstudio.lessons.progress import ProgressStore


@pytest.fixture
def panel(qtbot, small_studio, tmp_path):
    from dlstudio.gui.lessons.panel import LessonPanel

    widget = LessonPanel(small_studio, progress=ProgressStore(tmp_path / "progress.json"),
                         lang="en")
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_a_refused_run_is_said_under_the_step_not_training(panel, monkeypatch):
    studio = panel.studio
    refused = []
    monkeypatch.setattr(studio, "start", lambda *a, **k: refused.append(1))   # it said why
    panel.open_lesson("16_softmax_classifiers", 1)
    panel.apply_current()
    assert refused and not studio.is_active()
    text = panel.check_label.text()
    assert "stopped before training began" in text and "Training" not in text
    panel.check_current()
    assert "stopped before training began" in panel.check_label.text()


def test_a_new_run_does_not_show_the_last_runs_epoch_and_step(small_studio, qtbot):
    from dlstudio.gui.widgets.run_progress import RunProgressWidget

    s = small_studio
    bar = RunProgressWidget(s)
    qtbot.addWidget(bar)
    s.set_train_spec(s.train_spec.replace(epochs=1))
    s.start()
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60_000)
    qtbot.waitUntil(lambda: "epoch 1/1" in bar.label.text(), timeout=5_000)
    s.sigRunStarted.emit()                  # a new run ...
    s.sigRunStateChanged.emit("failed")     # ... that fails before its first step
    assert "epoch 1/1" not in bar.label.text() and "step" not in bar.label.text()
