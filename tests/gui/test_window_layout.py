"""The window's layout: docks can be hidden and restored, the lesson layout gives the lesson
text and the plots the screen, the command line opens a lesson step, and at 1366x768,
1920x1080 and in classroom mode no panel needs a horizontal scrollbar."""
from __future__ import annotations

import argparse

import pytest

from dlstudio.cli import opens_window
from dlstudio.gui import app as gui_app
from dlstudio.gui.main_window import MainWindow


@pytest.fixture
def window(small_studio, qtbot):
    w = MainWindow(small_studio)
    qtbot.addWidget(w)
    w.resize(1366, 738)
    w.show()
    w.build_panels()
    return w


def test_window_options_work_without_the_gui_subcommand():
    assert opens_window([]) and opens_window(["--preset", "toy_2d"])
    assert opens_window(["--lesson", "03", "--step", "2"]) and opens_window(["my.dlsw"])
    assert not opens_window(["train", "--preset", "toy_2d"])
    assert not opens_window(["--help"]) and not opens_window(["--version"])


@pytest.mark.parametrize("argv, words", [
    (["--preset", "no_such_preset"], "no preset 'no_such_preset'"),
    (["--lesson", "99"], "no lesson '99'"),
    (["--lesson", "03", "--step", "9"], "steps 1 to 3"),
    (["--step", "2"], "--step needs --lesson"),
])
def test_bad_start_up_options_are_explained(argv, words):
    assert words in gui_app.option_problem(gui_app.parse_args(argv))


def test_docks_can_be_hidden_and_restored_from_the_view_menu(window):
    actions = {a.text(): a for a in window.panels_menu.actions()}
    assert {"Network", "Training", "Lessons"} <= set(actions)
    for name, dock in window.docks.items():
        toggle = dock.toggleViewAction()
        assert toggle.isEnabled(), name
        toggle.trigger()
        assert not dock.isVisible(), name
        toggle.trigger()
        assert dock.isVisible() or window.tabifiedDockWidgets(dock), name


def test_lesson_option_opens_the_step_in_the_lesson_layout(window, small_studio, qapp):
    args = gui_app.parse_args(["--fresh", "--lesson", "03", "--step", "2"])
    gui_app.after_show(window, args)
    qapp.processEvents()
    panel = window.lesson_panel()
    assert panel.lesson.id == "03_vanishing_gradients" and panel.step_index == 1
    lessons = window.docks["lessons"]
    assert lessons.isVisible() and not lessons.visibleRegion().isEmpty()
    assert window.tabifiedDockWidgets(lessons)          # the other panels are tabs beside it
    assert not any(d.isVisible() and window.dockWidgetArea(d).name == "LeftDockWidgetArea"
                   for d in window.docks.values())
    text, plots = lessons.width(), window.plot_tabs.width()
    assert text + plots >= 0.95 * window.width()
    assert text >= 0.3 * window.width() and plots >= 0.5 * window.width()
    assert window.plot_tabs.currentWidget() is window.plot_panels["convergence"]
    window.acts["standard_layout"].trigger()
    qapp.processEvents()
    assert window.docks["network"].isVisible()
    assert window.dockWidgetArea(window.docks["network"]).name == "LeftDockWidgetArea"


def test_learning_rate_field_takes_every_lessons_extremes(window, small_studio):
    """The field never clips a rate a lesson, the CLI or the student sets (it used to stop
    at 10, showing 10 while the run trained at 50)."""
    import re
    from pathlib import Path

    from dlstudio.gui.training.panel import LEARNING_RATE_RANGE

    lessons = Path(__file__).resolve().parents[2] / "lessons"
    rates = [float(m) for f in lessons.glob("*.toml")
             for m in re.findall(r"learning_rate\s*=\s*([0-9.eE+-]+)", f.read_text("utf-8"))]
    assert rates and LEARNING_RATE_RANGE[1] >= max(max(rates), 50.0)
    assert LEARNING_RATE_RANGE[0] <= min(rates)
    panel = window.docks["training"].widget()
    panel = getattr(panel, "panel", panel)
    for rate in (50.0, 2000.0):
        small_studio.set_train_spec(small_studio.train_spec.replace(learning_rate=rate))
        assert panel.learning_rate.value() == pytest.approx(rate)
    panel.learning_rate.setValue(50.0)
    assert small_studio.train_spec.learning_rate == pytest.approx(50.0)


def test_preset_option_brings_the_presets_training_settings(small_studio, qtbot):
    from dlstudio.gui import specs

    w = MainWindow(small_studio)
    qtbot.addWidget(w)
    small_studio.set_train_spec(small_studio.train_spec.replace(learning_rate=50.0))
    gui_app.after_show(w, gui_app.parse_args(["--fresh", "--preset", "deep_sigmoid_mlp",
                                              "--epochs", "7"]))
    expected = specs.preset_train_spec("deep_sigmoid_mlp").replace(epochs=7)
    assert small_studio.train_spec == expected
    assert small_studio.data_spec.dataset == "digits"
    assert w.docks["network"].widget().preset.currentData() == "deep_sigmoid_mlp"
    small_studio.shutdown()
