"""The lesson panel in a real (offscreen) window: questions; the language follows the app;
progress is saved. Apply and the run it starts: ``test_lesson_step_apply.py``; Check itself
(headless checks, which run a step judges, search steps): ``test_lesson_step_check.py``; the
question: ``test_lesson_step_question.py``; the list: ``test_lesson_choice.py``."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from dlstudio.lessons.progress import ProgressStore  # noqa: E402


@pytest.fixture
def panel(lesson_panel):
    return lesson_panel


def test_long_answers_wrap_to_a_narrow_panel(panel, qapp):
    panel.open_lesson("03_vanishing_gradients", 0)
    panel.resize(300, 900)
    qapp.processEvents()
    assert panel.minimumSizeHint().width() <= 300
    for label in panel.question.labels:
        assert label.width() <= 300


def test_navigation_and_language(panel):
    panel.open_lesson("03_vanishing_gradients", 1)
    panel.next_button.click()
    assert panel.step_index == 2
    assert panel.progress.get("03_vanishing_gradients").current_step == panel.step.id
    assert panel.step.id == "the-loss-plateaus"
    panel._fixed_lang = "zh_CN"
    panel.retranslate()
    assert panel.step_label.text().startswith("步骤 3/4")
    assert panel.apply_button.text() == "应用此步骤"
    assert "梯度" in panel.lesson_title.text()
    assert "平台" in panel.text.toPlainText()


def test_standalone_module_builds(qtbot, user_dir, monkeypatch):
    """``python -m dlstudio.gui.lessons.alone`` builds the panel on a fresh studio."""
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui.lessons import alone as module

    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setenv("DLSTUDIO_HOME", str(user_dir))
    assert module.main(["--lang", "zh", "--lesson", "activations"]) == 0


def test_playground_step_opens_and_configures_the_playground(panel, qtbot):
    """Outside the main window the playground opens in its own window, set up for the step."""
    panel.open_lesson("07_optimizers", 0)
    panel.apply_current()
    playground = panel.companions["playground"]
    qtbot.waitUntil(playground.isVisible, timeout=5000)
    assert playground.surface_name == "valley"
    on = {label for label, box in playground.checks.items() if box.isChecked()}
    assert on == {"SGD", "Momentum", "Nesterov"}
    panel.go_to_step(1)
    panel.apply_current()
    assert panel.companions["playground"] is playground
    assert playground.surface_name == "oval"
    assert playground.momentum_spin.value() == pytest.approx(0.99999)
    playground.pause()


# -- six variants in four slots (W3-7) ---------------------------------------------------------
def _with_two_more_activations(lesson):
    """Lesson 05 with leaky ReLU and SELU back in its first step, as six variants (the
    lesson itself trains four since c0fd40f): the window has four slots."""
    import tomllib

    from dlstudio.lessons.loader import parse_lesson

    data = tomllib.loads(lesson.path.read_text(encoding="utf-8"))
    variants = data["steps"][0]["variants"]
    hidden = lambda *edits: {"edits": [{"op": "set", "layers": "hidden", "key": k, "value": v}
                                       for k, v in edits]}
    variants.insert(3, {"name": "leaky_relu",
                        "label": {"en": "leaky ReLU + He", "zh": "leaky ReLU + He"},
                        "network": hidden(("activation", "leaky_relu"))})
    variants.append({"name": "selu", "label": {"en": "SELU + LeCun", "zh": "SELU + LeCun"},
                     "network": hidden(("activation", "selu"),
                                       ("kernel_initializer", "lecun_normal"))})
    return parse_lesson(data, lesson.path, lesson.id)


def test_six_variants_train_the_four_that_include_the_checked_ones():
    from dlstudio.gui.lessons.apply import plan_step
    from dlstudio.gui.lessons.view import run_info_text
    from dlstudio.lessons.loader import find_lesson

    lesson = _with_two_more_activations(find_lesson("05_activations"))
    step = lesson.steps[0]
    runs, plan = plan_step(lesson, step)
    assert step.check.params["better"] == "elu" and step.check.params["worse"] == "sigmoid"
    assert [r.name for r in runs] == ["sigmoid", "tanh", "relu", "elu"]
    assert plan.mapping == {"sigmoid": "A", "tanh": "B", "relu": "C", "elu": "D"}
    assert plan.live_checkable and plan.left_out == ["leaky_relu", "selu"]
    info = run_info_text(step, "en", plan.notes, plan.mapping)
    assert "A = sigmoid + Glorot" in info and "D = ELU + He" in info
    # the ones left out are named by their labels, not ids (walker6 W6-4)
    assert "not trained here: leaky ReLU + He, SELU + LeCun" in info
    assert "leaky_relu" not in info and "selu =" not in info
    assert "这里不训练：leaky ReLU + He、SELU + LeCun" in run_info_text(step, "zh_CN", plan.notes,
                                                                    plan.mapping)


def test_a_variant_named_by_its_label_is_named_once():
    """Walker32 (lesson 07 step 4): "A SGD = SGD η = 0.01；B Adam = Adam η = 0.001" said
    each name twice; a label that begins with the variant's name stands alone."""
    from dlstudio.gui.lessons.apply import plan_step
    from dlstudio.gui.lessons.view import run_info_text
    from dlstudio.lessons.loader import find_lesson

    lesson = find_lesson("07_optimizers")
    step = next(s for s in lesson.steps if [v.name for v in s.variants] == ["SGD", "Adam"])
    _runs, plan = plan_step(lesson, step)
    zh = run_info_text(step, "zh_CN", plan.notes, plan.mapping)
    assert "A = SGD η = 0.01；B = Adam η = 0.001" in zh
    assert "A = SGD η = 0.01, B = Adam η = 0.001" in run_info_text(step, "en", plan.notes,
                                                                  plan.mapping)
    named = find_lesson("06_batch_norm").steps[1]          # labels that are no names
    assert "A = no batch norm" in run_info_text(named, "en", [])


def test_progress_saved_before_the_preflight_steps_marks_the_right_steps(qtbot, user_dir,
                                                                        tmp_path):
    """Walker3 W3-10: with progress saved by step number before lesson 02 gained its
    pre-flight step 2, the new step showed ✓ and the list counted steps never done."""
    import json

    from dlstudio.gui.lessons.panel import LessonPanel
    from dlstudio.gui.studio import Studio

    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"format": "dlstudio.lesson_progress", "version": 1,
                                "lessons": {"02_init_xavier_he": {"current_step": 1,
                                                                  "completed": [0, 1]},
                                            "03_vanishing_gradients": {"current_step": 0}}}))
    studio = Studio()
    widget = LessonPanel(studio, progress=ProgressStore(path), lang="en")
    qtbot.addWidget(widget)
    try:
        widget.open_lesson("02_init_xavier_he")
        assert widget.step_index == 2                     # "He keeps the signal alive"
        assert widget.step_label.text().endswith("✓")
        assert "2/4" in widget.lesson_list.currentItem().text()
        widget.open_lesson("03_vanishing_gradients")     # opened, nothing saved yet:
        assert widget.step_index == 0                     # the new first step
        assert widget.progress.get("03_vanishing_gradients").current_step is None
        widget.open_lesson("02_init_xavier_he", 1)        # the new pre-flight step
        assert "Thirty layers" in widget.step_label.text()
        assert not widget.step_label.text().endswith("✓")
    finally:
        studio.shutdown()


def test_data_checks_read_the_live_runs_dataset(panel, qtbot):
    """Lesson 11's checks read the training inputs' statistics: a run in the window records
    them too, so Apply passes without 'the run did not record x_train_cov' (walker4 W4-7)."""
    panel.open_lesson("11_preprocessing", 0)
    with qtbot.waitSignal(panel.sigStepChecked, timeout=120_000) as blocker:
        panel.apply_current()
    assert blocker.args[2] is True, panel.check_label.text()
    assert "x_train_cov" not in panel.check_label.text()


def test_augmentation_in_one_variant_is_trained_in_the_window():
    """Lesson 13 step 2: B adds augmentation; the window shares B's data and switches the
    augmenter off for A, so the live run is the step's experiment (and is checked live)."""
    from dlstudio.gui.lessons.apply import plan_step
    from dlstudio.lessons.loader import find_lesson
    from dlstudio.lessons.resolve import to_specs

    lesson = find_lesson("13_small_data")
    runs, plan = plan_step(lesson, lesson.steps[1])
    assert plan.live_checkable and "data_differs" not in plan.notes
    specs = {r.name: to_specs(r) for r in runs}
    assert specs["A"][1] == specs["B"][1] and specs["B"][1].augments
    assert not specs["A"][2].augment and specs["B"][2].augment


# -- inspect steps show every variant's network (walker5 W5-8) -------------------------------------
def test_lesson_12_inspect_steps_show_each_variants_shapes_and_receptive_fields(window, qtbot):
    from dlstudio.gui.shape_text import format_example_shape as format_shape
    from dlstudio.gui.lessons.companions import hosted_panel

    panel = window.lesson_panel()
    panel.open_lesson("12_convolutions", 1)
    panel.apply_current()
    editor = hosted_panel(panel, "network")
    view = editor.summary_view
    assert editor.tabs.currentWidget() is view                  # the step opens the Summary
    assert view.chooser.isVisibleTo(view)
    assert [view.chooser.itemData(i) for i in range(view.chooser.count())] == ["A", "B", "C"]
    # named as the step names them, not only by letter (walker27 W27-18)
    assert [view.chooser.itemText(i) for i in range(3)] == [
        "A: valid", "B: same", "C: valid, strides 2"]

    def cell(row, column):
        return view.table.item(row, column).text()

    assert cell(0, 1) == format_shape((26, 26, 32))
    assert view.other_note.isHidden()                          # A's table under A's stack
    view.show_variant("B")
    assert cell(0, 1) == format_shape((28, 28, 32))
    view.show_variant("C")
    assert cell(0, 1) == format_shape((13, 13, 32))
    assert view.table.rows[4].problems                          # its third convolution no longer fits
    # the layer stack above stays the network you edit, A: the table says so (walker32)
    assert not view.other_note.isHidden() and "C" in view.other_note.text()
    assert "A" in view.other_note.text()
    panel.go_to_step(2)
    panel.apply_current()
    assert view.chooser.currentData() == "A"
    assert view.table.horizontalHeaderItem(3).text() == "Receptive\nfield"
    assert [cell(i, 3) for i in range(3)] == ["3 × 3", "5 × 5", "7 × 7"]
    view.show_variant("B")
    assert cell(4, 3) == "18 × 18" and cell(5, 3) == ""       # after Flatten: none


def test_answers_have_classroom_sized_radio_buttons_whole(panel, qapp):
    """Walker10 W10-14: in zh classroom mode the answers' radio circles were drawn at normal
    size beside 1.5x text and their left edge was cut by the text area's border."""
    from dlstudio.gui import theme

    panel.open_lesson("03_vanishing_gradients", 0)
    qapp.processEvents()
    button = panel.question.buttons[0]
    normal = button.sizeHint().height()
    # the classroom sheet on the panel only (changing the application's style sheet while
    # the test's widgets live crashed the interpreter's later garbage collection)
    panel.setStyleSheet(theme.CLASSROOM_SHEET)
    qapp.processEvents()
    button.ensurePolished()
    assert button.sizeHint().height() >= normal + 5
    viewport = panel.reading.viewport()
    assert button.mapTo(viewport, button.rect().topLeft()).x() >= 2    # not at the edge


def _right_answer_locked_in(panel, lesson: str, step: int) -> str:
    """The explanation shown once the right answer of ``lesson``'s ``step`` is locked in."""
    panel.open_lesson(lesson, step)
    q = panel.question
    q.choose(next(i for i, a in enumerate(panel.step.question.answers) if a.correct))
    q.lock_in()
    return q.explanation.text()


def test_an_explanation_that_opens_with_its_verdict_is_not_told_twice(panel):
    """Walker10 (zh notes): 06/2's right answer read "✓ Right. Exactly: ..." and
    "✓ 正确。 完全正确：..." (right twice, a stray space after 。)."""
    from dlstudio.gui.lessons.question import starts_with_verdict

    assert starts_with_verdict("Exactly: (z + b) ...", "Right.", True)
    assert starts_with_verdict("完全正确：(z + b) ...", "正确。", True)
    assert not starts_with_verdict("Exactly: ...", "Not quite.", False)
    assert not starts_with_verdict("Correctly scaled weights ...", "Right.", True)
    text = _right_answer_locked_in(panel, "06_batch_norm", 1)
    # the explanation's own verdict in the verdict's style (walker14 W14-7)
    assert "Right." not in text and "✓ Exactly:</span> (" in text


def test_an_explanations_own_verdict_is_styled_as_the_verdict(panel):
    """Walker14 W14-7: 16/1's right answer read "✓ Right: every border..." with "Right:" in
    plain text (bold green elsewhere), zh 16/3 "✓ 正确。对：..." (right twice)."""
    from dlstudio.gui.lessons.question import verdict_prefix

    assert verdict_prefix("Right: every border", "Right.", True) == "Right:"
    assert verdict_prefix("对：它只靠", "正确。", True) == "对："
    assert verdict_prefix("对称的权重", "正确。", True) == ""
    assert verdict_prefix("Yes: each layer", "Right.", True) == "Yes:"
    text = _right_answer_locked_in(panel, "16_softmax_classifiers", 0)
    assert "✓ Right:</span> every border" in text and "Right. " not in text


def test_a_playground_step_is_checked_only_after_its_paths_are_drawn(panel, qtbot):
    """Walker12 W12-6: Check on 07 step 3 before Apply passed with numbers of AdaGrad,
    RMSProp and Adam while the playground still showed step 2's Momentum path."""
    panel.open_lesson("07_optimizers", 1)
    panel.apply_current()
    panel.companions["playground"].pause()
    panel.go_to_step(2)
    panel.check_current()
    assert "Apply this step first" in panel.check_label.text()
    assert not panel.checker.running
    assert panel.step.id not in panel.progress.get("07_optimizers").completed
    panel.apply_current()
    panel.companions["playground"].pause()
    panel.check_current()                                # the step's own paths: checked
    assert "Apply this step first" not in panel.check_label.text()
    qtbot.waitUntil(lambda: not panel.checker.running, timeout=60_000)


def test_a_playground_step_ticks_itself_done_when_its_paths_reach_their_end(panel, qtbot):
    """Walker16 W16-12: training and pre-flight steps are checked after Apply; playground
    steps waited for Check, so a student who applied every step of lesson 07 read "2/4".
    The step is now checked when the playground's paths reach their last step."""
    from dlstudio.gui.lessons.strings import ui

    panel.open_lesson("07_optimizers", 1)
    panel.apply_current()
    playground = panel.companions["playground"]
    playground.pause()
    assert panel.check_label.text() == ui("playground_playing", "en")
    playground.seek(playground.steps // 2)
    assert not panel.checker.running                     # not before the end
    with qtbot.waitSignal(panel.sigStepChecked, timeout=60_000) as blocker:
        playground.seek(playground.steps)
    assert blocker.args == ["07_optimizers", 1, True]
    assert panel.step.id in panel.progress.get("07_optimizers").completed


def test_the_next_steps_text_opens_at_its_top(panel, qtbot):
    """Walker14 W14-2: after locking in an answer (the column scrolled to show the
    explanation) the next step's text opened scrolled, its first line cut off."""
    panel.resize(480, 420)
    panel.open_lesson("11_preprocessing", 1)
    qtbot.wait(50)
    bar = panel.reading.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 20)
    bar.setValue(bar.maximum())
    panel.go_to_step(2)
    qtbot.wait(50)
    assert bar.value() == 0
    bar.setValue(bar.maximum())
    panel.go_to_step(1)                                   # back, too
    qtbot.wait(50)
    assert bar.value() == 0


def test_leaving_a_lesson_takes_what_it_said_off_the_status_line(window):
    """Nothing said during a lesson stays in the status line under the next one (walker26
    W26-12), also when the lesson left nothing on the plots to clear."""
    panel = window.lesson_panel()
    panel.open_lesson("16_softmax_classifiers", 0)
    window.studio.sigMessage.emit("Finished 10 epochs; warning: below chance")
    panel.switch_lesson("17_default_recipe")
    assert window.status_label.full_text() == ""


def test_a_verdict_says_so_once_another_run_is_on_the_plots(panel):
    """Walker30 W30-7: the step's green verdict stayed while the plots showed the student's
    own later A/B run, and read as about it. Once another run starts, the verdict says it
    was given before that run; a new verdict is about the run on the plots again."""
    from dlstudio.lessons.checks.base import CheckResult

    panel.open_lesson("16_softmax_classifiers", 0)
    panel._finish_check(CheckResult(True, 1.0, "fine"))  # noqa: SLF001 - as a passed check
    assert "✓" in panel.check_label.text() and "before the run" not in panel.check_label.text()
    panel.studio.sigRunStarted.emit()                    # the student's own run starts
    text = panel.check_label.text()
    assert "✓" in text and "before the run now on the plots started" in text
    panel._fixed_lang = "zh_CN"
    panel.retranslate()
    assert "这次训练开始之前" in panel.check_label.text()
    panel._fixed_lang = "en"
    panel._finish_check(CheckResult(True, 1.0, "fine"))  # noqa: SLF001 - judged again
    assert "before the run" not in panel.check_label.text()


def test_a_preflight_verdict_says_so_once_the_network_changed(panel):
    """Fix64 noticed: a pre-flight step's green verdict stayed after the student edited the
    network, while the Pre-flight page said "The network changed since the last check".
    The verdict then says it was given before the change; a new check's is plain again."""
    from dlstudio.lessons.checks.base import CheckResult

    lesson_id, index = next((lesson.id, step.index) for lesson in panel.lessons
                            for step in lesson.steps if step.experiment == "preflight")
    panel.open_lesson(lesson_id, index)
    panel._finish_check(CheckResult(True, 1.0, "fine"))  # noqa: SLF001 - as a passed check
    assert "before the network" not in panel.check_label.text()
    panel.studio.sigPreflight.emit(None)                 # an edit clears the page's result
    text = panel.check_label.text()
    assert "✓" in text and "before the network changed" in text
    panel._fixed_lang = "zh_CN"
    panel.retranslate()
    assert "网络改动之前" in panel.check_label.text()
    panel._fixed_lang = "en"
    panel._finish_check(CheckResult(True, 1.0, "fine"))  # noqa: SLF001 - checked again
    assert "before the network" not in panel.check_label.text()


def test_after_the_last_step_the_next_button_opens_the_next_lesson(panel):
    """walker36: at a lesson's last step the ▶ button was greyed out and the student had
    to find the next lesson in the list: it now opens the next lesson on the path (as the
    list would: asking first when the session has changes), its tooltip says which."""
    first, second = panel.lessons[0], panel.lessons[1]
    panel.open_lesson(first.id, len(first.steps) - 1)
    assert panel.next_button.isEnabled()
    assert second.title.get("en") in panel.next_button.toolTip()
    asked = []
    panel.may_change_lesson = lambda: asked.append(True) or False
    panel.next_button.click()
    assert asked and panel.lesson is first             # cancelled: the lesson stays
    panel.may_change_lesson = None
    panel.next_button.click()
    assert panel.lesson is second and panel.step_index == 0
    assert panel.lesson_list.currentRow() == 1
    last = panel.lessons[-1]
    panel.open_lesson(last.id, len(last.steps) - 1)
    assert not panel.next_button.isEnabled()
