"""The step's question in the lesson panel (``step_question``): chosen, then locked in, the
first answer counting; Apply waits for the locked-in answer; what to look for is said once the
prediction is locked in; a question the run does not answer is no prediction."""
from __future__ import annotations

import html

import pytest

pytest.importorskip("pytestqt")

from dlstudio.lessons.progress import ProgressStore  # noqa: E402


@pytest.fixture
def panel(lesson_panel):
    return lesson_panel


def test_question_is_chosen_then_locked_in_and_the_first_answer_counts(panel):
    panel.open_lesson("01_init_symmetry", 0)
    q = panel.question
    assert q.isVisible() and len(q.buttons) == 3
    assert not q.lock_button.isEnabled()             # nothing chosen yet
    q.labels[1].sigClicked.emit()                    # clicking an answer's text chooses it
    assert q.chosen == 1 and q.buttons[1].isChecked()
    assert "Not quite" not in q.explanation.text() and "Right" not in q.explanation.text()
    q.buttons[0].click()                             # may change the mind before locking in
    q.buttons[1].click()
    assert q.lock_button.isEnabled()
    q.lock_button.click()
    text = q.explanation.text()
    assert q.locked and "Not quite" in text and "The right answer:" in text
    # the right answer on a line of its own, not run into its explanation (walker12 W12-9)
    right = next(a for a in panel.step.question.answers if a.correct)
    assert (f"<b>{html.escape(right.text.get('en'))}</b><br>"
            f"{html.escape(right.explanation.get('en'))}") in text      # (HTML: "unit&#x27;s")
    assert not q.buttons[0].isEnabled() and not q.lock_button.isVisible()
    q.buttons[0].click()                             # disabled: nothing changes
    q.choose(0)
    assert q.chosen == 1
    first = panel.step.id
    assert panel.progress.get("01_init_symmetry").answers[first] == 1
    panel.progress.record_answer("01_init_symmetry", first, 0)   # a later answer is ignored
    assert panel.progress.get("01_init_symmetry").answers[first] == 1
    panel.go_to_step(1)
    panel.go_to_step(0)                              # coming back shows the locked answer
    assert panel.question.locked and panel.question.buttons[1].isChecked()
    assert "Not quite" in panel.question.explanation.text()


def test_the_question_comes_before_the_run(panel, qapp):
    """Issue 15.11: predict, lock in, then run. The question sat below "Apply", so the run
    could show the answer first; it now sits above, and Apply waits for a locked answer.
    (Lesson 03 asks it on its pre-flight step: the bars are the answer, walker16 W16-4.)"""
    panel.open_lesson("03_vanishing_gradients", 0)
    qapp.processEvents()
    q = panel.question
    # the question is in the reading column, which scrolls and ends above Apply (the
    # question's own bottom may be below the fold: its height depends on the fonts)
    assert panel.reading.widget().isAncestorOf(q)
    reading_bottom = panel.reading.mapTo(panel, panel.reading.rect().bottomLeft()).y()
    apply_top = panel.apply_button.mapTo(panel, panel.apply_button.rect().topLeft()).y()
    assert reading_bottom <= apply_top
    assert q.mapTo(panel, q.rect().topLeft()).y() < reading_bottom
    assert not panel.apply_button.isEnabled() and "Predict first" in q.explanation.text()
    assert "Lock in your answer" in panel.apply_button.toolTip()
    q.choose(0)
    assert not panel.apply_button.isEnabled()         # chosen is not locked in
    q.lock_in()
    assert panel.apply_button.isEnabled() and "Set up" in panel.apply_button.toolTip()
    assert panel.progress.get("03_vanishing_gradients").answers[panel.step.id] == 0
    panel.go_to_step(1)                               # no question: Apply right away
    assert panel.step.question is None and panel.apply_button.isEnabled()
    panel.go_to_step(0)                               # answered earlier: stays enabled
    assert panel.apply_button.isEnabled()


@pytest.mark.parametrize("lang, hint", [("en", "B far ahead of A"), ("zh_CN", "B 远远领先于 A")])
def test_what_to_look_for_is_said_once_the_prediction_is_locked_in(qtbot, user_dir, tmp_path,
                                                                   lang, hint):
    """walker15 W15-3: lesson 17 step 1 asks where A and B will stand, and the line under
    its text said "Look at: Convergence (B far ahead of A)" before the answer was locked."""
    from dlstudio.gui.lessons.panel import LessonPanel
    from dlstudio.gui.studio import Studio

    studio = Studio()
    panel = LessonPanel(studio, progress=ProgressStore(tmp_path / "progress.json"), lang=lang)
    qtbot.addWidget(panel)
    panel.open_lesson("17_default_recipe", 0)
    assert panel.step.question is not None and panel.step.show.highlight is not None
    assert hint not in panel.run_info.text()
    assert panel.step.show.panel and panel.run_info.text()      # where to look: still said
    panel.question.choose(0)
    assert hint not in panel.run_info.text()                    # chosen, not locked in
    panel.question.lock_in()
    assert hint in panel.run_info.text()
    panel.go_to_step(1)
    panel.go_to_step(0)                                         # coming back: still said
    assert hint in panel.run_info.text()
    studio.shutdown()


def test_a_question_the_run_does_not_answer_is_not_called_a_prediction(panel):
    """Walker16 W16-5: 06/2 asks why the Dense layer before batch norm drops its bias; the
    run does not show that, yet the prompt said "Predict first: ... apply the step to see
    what really happens". Such a question (``predicts = false``) asks to think it through
    and says the explanation follows; a prediction keeps its words."""
    panel.open_lesson("06_batch_norm", 1)
    q = panel.question
    assert not panel.step.question.predicts
    assert "Think it through" in q.explanation.text() and "Predict" not in q.explanation.text()
    q.choose(1)
    assert "to read the explanation" in q.explanation.text()
    panel._fixed_lang = "zh_CN"
    panel.retranslate()
    assert "先想一想" in panel.question.explanation.text()
    panel._fixed_lang = "en"
    panel.retranslate()
    panel.open_lesson("06_batch_norm", 4)
    assert panel.step.question.predicts and "Predict first" in panel.question.explanation.text()
