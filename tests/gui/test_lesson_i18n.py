"""The lesson panel in Chinese: check details come from the lessons package as messages and
are shown in Chinese; answer feedback states its verdict once."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from dlstudio.lessons.progress import ProgressStore  # noqa: E402


@pytest.fixture
def zh_panel(qtbot, user_dir, tmp_path):
    from dlstudio.gui.lessons.panel import LessonPanel
    from dlstudio.gui.studio import Studio

    studio = Studio()
    widget = LessonPanel(studio, progress=ProgressStore(tmp_path / "progress.json"),
                         lang="zh_CN")
    qtbot.addWidget(widget)
    widget.resize(520, 800)
    widget.show()
    yield widget
    studio.shutdown()


def test_check_detail_is_shown_in_chinese(zh_panel, qtbot):
    zh_panel.open_lesson("12_convolutions", 0)
    zh_panel.apply_current()
    with qtbot.waitSignal(zh_panel.sigStepChecked, timeout=60_000) as blocker:
        zh_panel.check_current()
    text = zh_panel.check_label.text()
    assert blocker.args[2] is True and "✓" in text and "现象出现了" in text
    assert "第 " in text and "expected" not in text and "outputs" not in text


@pytest.mark.parametrize("lang,verdict", [("en", "Right"), ("zh_CN", "正确")])
def test_feedback_states_its_verdict_once(qtbot, lang, verdict):
    from dlstudio.gui.lessons.question import QuestionWidget
    from dlstudio.lessons.loader import find_lesson

    question = find_lesson("01_init_symmetry").steps[0].question
    right = next(i for i, a in enumerate(question.answers) if a.correct)
    widget = QuestionWidget()
    qtbot.addWidget(widget)
    widget.set_question(question, lang)
    widget.buttons[right].click()
    widget.lock_in()
    shown = widget.explanation.text()
    assert "✓" in shown and shown.count(verdict) == 1, shown


@pytest.fixture
def live_panel(qtbot, user_dir, tmp_path):
    """A lesson panel following the window's language (English to start with)."""
    from dlstudio.gui import i18n
    from dlstudio.gui.lessons.panel import LessonPanel
    from dlstudio.gui.studio import Studio

    studio = Studio()
    panel = LessonPanel(studio, progress=ProgressStore(tmp_path / "progress.json"))
    qtbot.addWidget(panel)
    i18n.set_language("en")
    yield panel
    i18n.set_language("en")
    studio.shutdown()


def test_a_shown_check_detail_follows_a_language_switch(qtbot, live_panel):
    from dlstudio.gui import i18n

    panel = live_panel
    panel.open_lesson("12_convolutions", 0)
    panel.apply_current()
    with qtbot.waitSignal(panel.sigStepChecked, timeout=60_000):
        panel.check_current()
    assert "expected" in panel.check_label.text()
    i18n.set_language("zh_CN")
    panel.retranslate()
    assert "应为" in panel.check_label.text() and "expected" not in panel.check_label.text()


def test_the_lines_under_a_verdict_follow_a_language_switch(qtbot, live_panel):
    """Walker22 W22-12: the line W21-1 added under a check of the untrained network ("The
    plots show step 0, the moment this check measures ...") stayed English after a switch
    to Chinese, above the Chinese verdict: the notes were kept as text in the language of
    the check."""
    from dlstudio.gui import i18n

    panel = live_panel
    panel.open_lesson("02_init_xavier_he", 0)
    panel.question.choose(0)
    panel.question.lock_in()
    with qtbot.waitSignal(panel.sigStepChecked, timeout=120_000):
        panel.apply_current()
    assert "the moment this check measures" in panel.check_label.text()
    i18n.set_language("zh_CN")
    panel.retranslate()
    text = panel.check_label.text()
    assert "也就是这次检查测量的时刻" in text and "the moment this check" not in text


def test_every_panel_a_step_names_has_its_tab_title_in_both_languages():
    """'Look at: ...' under a step names the panel as its tab reads, never its internal key
    (lesson 06 showed 'Look at: landscape' in both languages)."""
    from dlstudio.gui.lessons.strings import panel_label
    from dlstudio.lessons.loader import load_all

    named = {step.show.panel for lesson in load_all() for step in lesson.steps}
    for key in sorted(named):
        for lang in ("en", "zh_CN"):
            assert panel_label(key, lang) != key, (key, lang)


def test_look_at_keeps_the_highlight_in_chinese():
    """The bracketed hint after 'Look at' was dropped in Chinese (lessons had it in English
    only); it is now a bilingual text shown in the chosen language."""
    from dlstudio.gui.lessons.view import run_info_text
    from dlstudio.lessons.loader import find_lesson

    step = find_lesson("03_vanishing_gradients").steps[2]
    zh = run_info_text(step, "zh_CN", [])
    en = run_info_text(step, "en", [])
    assert "请看" in zh and f"（{step.show.highlight.zh}）" in zh and "flat loss" not in zh
    assert f"({step.show.highlight.en})" in en


def test_a_waiting_status_follows_a_language_switch(qtbot, live_panel):
    """'Explore the panel, then press Check.' (or 'running...') said before a live switch is
    said again in the new language, not wiped or left in English."""
    from dlstudio.gui import i18n
    from dlstudio.gui.lessons.strings import ui

    panel = live_panel
    panel.open_lesson("12_convolutions", 0)
    panel.apply_current()
    assert panel.check_label.text() == ui("press_check", "en")
    i18n.set_language("zh_CN")
    qtbot.wait(20)
    assert panel.check_label.text() == ui("press_check", "zh_CN")


def test_answer_texts_start_level_with_their_radio_buttons(qtbot):
    """Walker5 W5-4/W5-11: a radio button sat a line above its answer's text (the label got
    a taller box than its lines and centred them)."""
    from PySide6.QtCore import Qt

    from dlstudio.gui.lessons.question import QuestionWidget
    from dlstudio.lessons.loader import find_lesson

    widget = QuestionWidget()
    qtbot.addWidget(widget)
    widget.set_question(find_lesson("16_softmax_classifiers").steps[2].question, "zh_CN")
    widget.resize(560, 400)
    widget.show()
    qtbot.waitExposed(widget)
    for button, label in zip(widget.buttons, widget.labels):
        assert label.alignment() & Qt.AlignmentFlag.AlignTop
        assert abs(label.y() - button.y()) <= 4


def test_the_run_line_uses_chinese_punctuation_in_chinese():
    """Walker10 (zh wording): '运行: 4 个轮次 · 比较: A = 无批归一化, B = …' mixed ASCII
    colons and commas into Chinese; now '运行：… · 比较：A = …；B = … · 请看：…'."""
    from dlstudio.gui.lessons.view import run_info_text
    from dlstudio.lessons.loader import find_lesson

    step = find_lesson("08_learning_rate").steps[0]
    zh = run_info_text(step, "zh_CN", [])
    assert zh.startswith("运行：") and "比较：A = 太低，η = 0.0005；B = " in zh and "请看：" in zh
    assert ": " not in zh and ", " not in zh
    en = run_info_text(step, "en", [])
    assert "Compares: A = too low, η = 0.0005, B = " in en and "Look at: " in en
