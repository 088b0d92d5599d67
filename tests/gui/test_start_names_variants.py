"""Start names the variants it trains (walker14 W14-15: after a lesson's A/B step, Start in
free work trained both variants and nothing near it said so)."""
from __future__ import annotations

from PySide6.QtWidgets import QMainWindow


def test_start_says_which_variants_it_trains(small_studio, qtbot):
    from dlstudio.gui.widgets.run_controls import RunActions

    window = QMainWindow()
    qtbot.addWidget(window)
    start = RunActions(small_studio, window).actions["start"]
    assert start.text() == "Start"
    small_studio.add_variant("l2 0.01")
    assert start.text() == "Start A + B"
    assert "A + B" in start.toolTip() and "Compare" in start.toolTip()
    small_studio.clear_variants()
    assert start.text() == "Start" and "Compare" not in start.toolTip()


def test_start_a_plus_b_replaces_a_paused_single_run(small_studio, qtbot):
    """walker28 W28-1: F10 paused a single run, a variant B was added, and "Start A + B"
    resumed the paused single run: only A trained, no B curve."""
    s = small_studio
    window, start = _paused_after_one_step(s, qtbot)     # (the window owns the action)
    s.add_variant("l2 0.01")
    assert start.text() == "Start A + B"
    start.trigger()
    qtbot.waitUntil(lambda: s.state not in ("preparing", "running"), timeout=120000)
    assert s.state == "finished"
    assert s.store.latest("B") is not None and s.store.latest("B").event == "finished"


def test_start_resumes_a_paused_run_of_the_same_variants(small_studio, qtbot):
    s = small_studio
    window, start = _paused_after_one_step(s, qtbot)     # (the window owns the action)
    control = s.runner.control
    start.trigger()
    assert s.state == "running" and s.runner.control is control
    s.stop()
    qtbot.waitUntil(lambda: not s.is_active(), timeout=60000)


def _paused_after_one_step(studio, qtbot):
    """A window and its Start action, after F10 trained one step and paused the run."""
    from dlstudio.gui.widgets.run_controls import RunActions

    window = QMainWindow()
    qtbot.addWidget(window)
    start = RunActions(studio, window).actions["start"]
    studio.step_once()
    qtbot.waitUntil(lambda: studio.state == "paused", timeout=60000)
    return window, start
