"""A lesson step that shows the loss landscape has the window's landscape panel compute it."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from dlstudio.lessons.loader import find_lesson


class _Panel:
    def __init__(self):
        self.calls = []

    def compute_after_run(self, **kwargs):
        self.calls.append(kwargs)


class _Window(QWidget):
    def __init__(self, panel):
        super().__init__()
        self.tool_tabs = {"landscape": panel}


def test_lesson_6_step_4_arms_the_landscape_panel(qapp):
    from dlstudio.gui.lessons.companions import show_companion

    lesson = find_lesson("06_batch_norm")
    step = next(s for s in lesson.steps if s.show.panel == "landscape")
    panel = _Panel()
    window = _Window(panel)
    assert show_companion(window, "landscape", step, None, "en", {}) is panel
    config = step.experiment_config["landscape"]
    assert panel.calls == [dict(span=config["span"], examples=config["examples"], wait=True)]
    # a window without the panel: nothing to do, no crash
    assert show_companion(QWidget(), "landscape", step, None, "en", {}) is None

