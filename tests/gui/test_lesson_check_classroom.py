"""Walker8 W8-6: in classroom mode the check's figures, the proof of each step, were the
smallest text on the screen (small print under the verdict). There they are body size."""
from __future__ import annotations

from dlstudio.lessons.checks import CheckResult
from dlstudio.lessons.progress import ProgressStore


def test_the_checks_figures_are_body_size_in_classroom_mode(qtbot, small_studio, tmp_path):
    from dlstudio.gui.lessons.panel import LessonPanel
    from dlstudio.gui.lessons.view import result_html

    result = CheckResult(True, 0.85, "validation accuracy elu 0.85, sigmoid 0.1")
    assert "<small>" in result_html(result, "", "en")
    assert "<small>" not in result_html(result, "", "en", classroom=True)

    panel = LessonPanel(small_studio, progress=ProgressStore(tmp_path / "p.json"), lang="en")
    qtbot.addWidget(panel)
    panel.open_lesson("16_softmax_classifiers", 0)
    panel._finish_check(result)          # noqa: SLF001 - as a finished check does
    assert "<small>" in panel.check_label.text()
    small_studio.set_classroom(True)     # the projector: figures grow at once
    assert "<small>" not in panel.check_label.text() and "elu 0.85" in panel.check_label.text()
    small_studio.set_classroom(False)
    assert "<small>" in panel.check_label.text()
