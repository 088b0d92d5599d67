"""Every step of every lesson, walked through the real window (offscreen): apply the step,
let its run go (capped at 30 steps), then the panel the step names must be in front and hold
data from that run -- for gradient steps every layer's line has at least 5 points -- and the
lesson panel must show the check's result (✓ or ✗ with its numbers).

Steps the window checks with a background run of the whole experiment (playground, search,
transfer, more than four variants, landscapes) and steps on the real MNIST are slow: they
are marked so and run with ``-m slow``.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from dlstudio.gui.lessons.apply import plan_step
from dlstudio.lessons.loader import load_all
from dlstudio.lessons.progress import ProgressStore

#: the length of every live run in this walk (a lesson's "30-step run")
WALK_STEPS = 30
#: points every layer's gradient line must have after such a run
MIN_POINTS = 5


def _mnist_folder() -> Path | None:
    """The MNIST IDX files: ``DLSTUDIO_MNIST``, else ``shared/data/mnist`` beside a folder
    this checkout lives in (as in CI)."""
    if os.environ.get("DLSTUDIO_MNIST"):
        return Path(os.environ["DLSTUDIO_MNIST"])
    for parent in Path(__file__).resolve().parents:
        folder = parent / "shared" / "data" / "mnist"
        if (folder / "train-images-idx3-ubyte.gz").exists():
            return folder
    return None


def _cases():
    cases = []
    for lesson in load_all():
        for step in lesson.steps:
            _, plan = plan_step(lesson, step)
            slow = step.slow or not plan.live_checkable
            marks = [pytest.mark.slow] if slow else []
            cases.append(pytest.param(lesson.id, step.index, marks=marks,
                                      id=f"{lesson.id[:2]}-step{step.index + 1}"))
    return cases


@pytest.fixture(scope="module")
def walk_window(qapp, tmp_path_factory):
    from PySide6.QtCore import QCoreApplication, QEvent

    from dlstudio.gui import errors
    from dlstudio.gui.main_window import MainWindow
    from dlstudio.gui.studio import Studio

    home = tmp_path_factory.mktemp("walk")
    saved = errors.user_data_dir
    errors.user_data_dir = lambda: home
    studio = Studio()
    window = MainWindow(studio)
    window.resize(1366, 738)
    window.show()
    window.build_panels()
    panel = window.lesson_panel()
    panel.progress = ProgressStore(home / "progress.json")
    start = studio.start

    def capped_start(**kwargs):
        kwargs["max_steps"] = min(kwargs.get("max_steps") or WALK_STEPS, WALK_STEPS)
        start(**kwargs)

    studio.start = capped_start
    yield window
    studio.shutdown()
    window.close()
    # deleted now, as qtbot deletes a test's own widgets (its actions' lambdas keep it alive):
    # its ~6000 widgets would otherwise slow every later theme or language switch
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    errors.user_data_dir = saved


def _points(panel) -> int:
    """Points held by every curve of ``panel`` (what it has drawn so far)."""
    import pyqtgraph as pg

    return sum(0 if item.xData is None else len(item.xData)
               for item in panel.graphics.scene().items()
               if isinstance(item, pg.PlotDataItem))


def _assert_drawn_at_run_end(panel) -> None:
    """When the check's result shows, the panel has drawn the whole run: nothing waits for a
    later tick, and a forced redraw adds no points (the walker saw a ratio plot with 2 of 30
    points fill in seconds after the ✓)."""
    assert panel.pending_items == 0, panel.pending_items
    before = _points(panel)
    panel.refresh(force=True)
    assert _points(panel) == before, (before, _points(panel))


@pytest.mark.parametrize("lesson_id, step_index", _cases())
def test_walk_every_lesson_step(walk_window, lesson_id, step_index, qtbot, qapp,
                                monkeypatch):
    w = walk_window
    panel = w.lesson_panel()
    studio = w.studio
    panel.open_lesson(lesson_id, step_index)
    step = panel.step
    runs, plan = plan_step(panel.lesson, step)
    if any("mnist" in str(r.data) for r in runs):
        folder = _mnist_folder()
        if folder is None:
            pytest.skip("MNIST IDX files not found (set DLSTUDIO_MNIST)")
        monkeypatch.setenv("DLSTUDIO_DATA", str(folder))
    with qtbot.waitSignal(panel.sigStepChecked, timeout=600_000) as checked:
        applied = panel.apply_current()
        assert applied is not None, panel.check_label.text()
        if step.experiment != "train":
            panel.check_current()
    assert checked.args[:2] == [lesson_id, step_index]
    result = panel.check_label.text()
    assert ("✓" in result or "✗" in result) and len(result) > 20, result
    name = step.show.panel
    if step.experiment == "preflight":
        # no training run: the check's own page shows its result (whatever the store holds)
        shown = w.plot_panels[name]
        assert w.plot_tabs.currentWidget() is shown
        assert shown.stack.currentIndex() == 1, f"{name} shows its placeholder"
    elif name in w.plot_panels:
        shown = w.plot_panels[name]
        assert w.plot_tabs.currentWidget() is shown
        assert not studio.store.is_empty()          # the store holds this run only
        _assert_drawn_at_run_end(shown)
        assert shown.stack.currentIndex() == 1, f"{name} shows its placeholder"
        if name == "gradients":
            assert shown.norm_curves
            for (variant, layer), curve in shown.norm_curves.items():
                n = 0 if curve.xData is None else len(curve.xData)
                assert n >= MIN_POINTS, (variant, layer, n)
    elif name in w.tool_tabs:
        assert w.plot_tabs.currentWidget() is w.tool_tabs[name]
    elif name in w.docks:
        assert w.docks[name].isVisible()
        assert not w.docks[name].visibleRegion().isEmpty()
    else:
        pytest.fail(f"step names an unknown panel {name!r}")
