"""The status line's wording from the newest snapshots."""
from __future__ import annotations

import dataclasses

from dlstudio.gui.plots.status import StatusTracker, status_text
from dlstudio.training.telemetry import LayerTelemetry, Telemetry


def snap(step=100, variant="", loss=0.5, event="step", message="", grads=(0.1, 0.1), **kw):
    layers = tuple(LayerTelemetry(index=i, name=f"dense_{i + 1}", kind="Dense",
                                  activation="sigmoid", grad_norm=g)
                   for i, g in enumerate(grads))
    return Telemetry(step=step, epoch=2, batch_loss=loss, train_loss=loss, train_accuracy=0.8,
                     learning_rate=0.01, examples_per_second=1000.0, layers=layers,
                     event=event, message=message, variant=variant, **kw)


def test_progress_when_all_is_well(store):
    assert status_text(store) == ""
    store.append(snap(val_accuracy=0.912, event="epoch_end"))
    text = status_text(store)
    assert text.startswith("Epoch 3, step 100")
    assert "training loss 0.5" in text and "validation accuracy 91.2%" in text
    assert "training loss 0.5 (running mean over the epoch)" in text     # W29-16


def test_step_0_says_its_loss_is_the_untrained_networks_on_one_batch(store):
    """Walker37 W37-12: a run scrubbed to step 0 said "Epoch 1, step 0: training loss 2.69
    (running mean over the epoch)"; at step 0 nothing has been averaged yet."""
    first = dataclasses.replace(snap(step=0, loss=2.69), epoch=0)
    store.append(first)
    text = status_text(store)
    assert text.startswith("Epoch 1, step 0: training loss 2.69 (the untrained network on "
                           "one batch)"), text
    assert "running mean" not in text


def test_vanishing_gradients_are_named(store):
    store.append(snap(grads=(1e-7, 1e-1, 1e-1, 0.3)))
    text = status_text(store)
    assert text.startswith("The gradients of layer 1 (") and "are 10⁻" in text
    assert text.endswith("vanishing")


def test_diverged_run_message_wins(store):
    store.append(snap(loss=float("nan"), event="diverged",
                      message="loss is NaN: the run diverged at step 340: lower the learning "
                              "rate"))
    assert status_text(store).startswith("Loss is NaN: the run diverged at step 340")


def test_compare_reports_the_most_severe_variant(store):
    store.append(snap(variant="A"))
    store.append(snap(variant="B", grads=(1e-8, 1.0)))
    assert status_text(store).startswith("B: The gradients of layer 1 (dense_1) ")
    store.append(snap(step=101, variant="B"))
    text = status_text(store)
    assert text.startswith("Epoch 3, step 101") and "A 80.0%, B 80.0%" in text


def test_an_ended_comparison_gives_each_variants_accuracy_and_own_speed(qapp, store):
    """Lesson 17 step 2 compares speed: each variant's examples per second is in its verdict
    (walker5 W5-12)."""
    for variant, eps in (("A", 2400.0), ("B", 3100.0)):
        store.append(dataclasses.replace(snap(variant=variant), examples_per_second=eps))
    for variant in ("A", "B"):
        store.append(snap(step=101, variant=variant, event="finished", test_accuracy=0.9))
    assert status_text(store) == ("A: test accuracy 90.0%, 2,400 examples/s · "
                                  "B: test accuracy 90.0%, 3,100 examples/s")
    from dlstudio.gui import i18n

    try:
        i18n.set_language("zh_CN")
        assert status_text(store).startswith("A: 测试准确率 90.0%，2,400 样本/秒 · B: ")
    finally:
        i18n.set_language("en")


def test_tracker_emits_only_when_text_changes(qtbot, store):
    tracker = StatusTracker(store)
    seen = []
    tracker.sigStatusChanged.connect(seen.append)
    store.append(snap())
    assert tracker.refresh() and not tracker.refresh()
    store.append(dataclasses.replace(snap(), train_loss=0.5))   # same wording
    tracker.refresh()
    store.append(snap(step=200))
    tracker.refresh()
    assert len(seen) == 2 and "step 200" in seen[-1]


def test_diagnoses_and_run_ends_read_in_chinese(qapp, store):
    """The status line renders the training package's messages in the window's language."""
    from dlstudio.gui import i18n
    from dlstudio.messages import Message
    from dlstudio.training.diagnosis import run_event

    layers = (LayerTelemetry(index=1, name="dense_1", kind="Dense", activation="tanh",
                             grad_norm=0.1, saturated_fraction=0.64),)
    store.append(dataclasses.replace(snap(), layers=layers))
    assert status_text(store).startswith("Layer 2 (dense_1): 64% of its tanh outputs")
    finished = Message("run.finished_epochs", epochs=15)
    end = snap(step=300, event="finished", test_accuracy=0.958, message=finished)
    assert run_event(end).message == "finished 15 epochs: test accuracy 95.8%"
    try:
        i18n.set_language("zh_CN")
        assert status_text(store) == "第 2 层（dense_1）：64% 的 tanh 输出已饱和（它们的梯度接近零）"
        assert i18n.render(run_event(end).message) == "已完成 15 轮：测试准确率 95.8%"
        assert i18n.render(finished) == "已完成 15 轮"
    finally:
        i18n.set_language("en")


def test_tracker_rewords_the_sentence_when_forced_after_a_language_switch(qapp, store):
    from dlstudio.gui import i18n

    tracker = StatusTracker(store)
    store.append(snap(grads=(1e-7, 1e-1, 1e-1, 0.3)))
    tracker.refresh()
    assert tracker.text.endswith("vanishing")
    try:
        i18n.set_language("zh_CN")
        assert not tracker.refresh()            # the store did not change ...
        tracker.refresh(force=True)             # ... the window forces it on a switch
        assert tracker.text.endswith("梯度消失")
    finally:
        i18n.set_language("en")


def test_progress_sentence_reads_in_chinese(qapp, store):
    from dlstudio.gui import i18n

    store.append(snap(val_accuracy=0.912, event="epoch_end"))
    try:
        i18n.set_language("zh_CN")
        text = status_text(store)
        assert text.startswith("第 3 轮，第 100 步") and "验证准确率 91.2%" in text, text
        assert "样本/秒" in text and "Epoch" not in text
        # full-width marks between the parts of a Chinese sentence (walker23 W23-2)
        assert "第 100 步：" in text and "，验证准确率" in text and ": " not in text, text
        assert ", " not in text, text
    finally:
        i18n.set_language("en")


def test_a_comparison_reads_in_chinese_with_full_width_marks(qapp, store):
    """walker23 W23-2: "第 1 轮，第 0 步: 训练准确率 A 4.7%, B 4.7%" in the status bar."""
    from dlstudio.gui import i18n
    from dlstudio.gui.plots.status import compare_sentence

    snaps = [snap(variant="A"), snap(variant="B", loss=0.25)]
    assert compare_sentence(snaps) == "Epoch 3, step 100: training accuracy A 80.0%, B 80.0%"
    try:
        i18n.set_language("zh_CN")
        assert compare_sentence(snaps) == "第 3 轮，第 100 步：训练准确率 A 80.0%，B 80.0%"
    finally:
        i18n.set_language("en")


def test_a_note_joins_the_progress_sentence_when_nothing_worse_is_found(store, filler,
                                                                        moons_run):
    from dlstudio.gui.plots.status import status_text

    filler(store, [s for s in moons_run[1] if s.event == "step"][:12])
    plain = status_text(store)
    assert plain.startswith("Epoch ")
    assert status_text(store, "Pre-flight check: saturated") == \
        plain + " · Pre-flight check: saturated"
    assert status_text(store, "") == plain


def test_an_ended_comparison_reports_every_variant(store):
    """Only A's result was reported when a comparison ended; now each variant's is."""
    from dlstudio.messages import Message

    for v, acc in (("A", 0.958), ("B", 0.971)):
        store.append(snap(variant=v, event="finished", test_accuracy=acc,
                          message=Message("run.training_finished")))
    assert status_text(store) == "A: test accuracy 95.8% · B: test accuracy 97.1%"


def test_an_ended_comparison_gives_each_variant_its_own_verdict(store):
    """A's vanishing gradients no longer hide B's result (lesson 06 step 1)."""
    from dlstudio.messages import Message

    store.append(snap(variant="A", event="finished", grads=(6e-9, 1.0), test_accuracy=0.1,
                      message=Message("run.training_finished")))
    store.append(snap(variant="B", step=50, test_accuracy=0.5))     # B still running
    assert status_text(store).startswith("A: The gradients of layer 1 (dense_1) ")
    store.append(snap(variant="B", event="finished", test_accuracy=0.508,
                      message=Message("run.training_finished")))
    text = status_text(store)
    assert text.startswith("A: The gradients of layer 1 (dense_1) ") and text.endswith(
        " · B: test accuracy 50.8%, 1,000 examples/s"), text


def test_a_vanishing_diagnosis_wins_over_the_end_of_run_message(store):
    """Lesson 03 step 2: the ended run's status names vanishing gradients, not the finished
    message's "try another learning rate or check the labels"."""
    store.append(snap(event="finished", grads=(6e-9, 1.0), test_accuracy=0.1,
                      message="finished 3 epochs; warning: the training accuracy is at chance "
                              "level. Cause: the network did not learn"))
    assert status_text(store).endswith("vanishing")


def test_variants_carry_the_lesson_names(store):
    """Walker3 W3-7: "A sigmoid: test accuracy 10.0%", as the lesson names the variants."""
    from dlstudio.messages import Message

    store.set_variant_tags({"A": "sigmoid", "B": "tanh"})
    for v, acc in (("A", 0.1), ("B", 0.883)):
        store.append(snap(variant=v, event="finished", test_accuracy=acc,
                          message=Message("run.training_finished")))
    assert status_text(store) == "A sigmoid: test accuracy 10.0% · B tanh: test accuracy 88.3%"
    store.clear()
    assert store.variant_label("A") == "A"


def test_a_run_that_ended_with_warnings_only_gets_a_calm_note(store, qtbot):
    """Walker5 W5-6 (a): lesson 10's dropout step worked, yet a red 'What went wrong:'
    banner announced dead units; warnings are 'Worth a look:', errors stay red."""
    from dlstudio.gui import theme
    from dlstudio.gui.plots.status import run_end_findings, run_end_has_error
    from dlstudio.gui.widgets.status_line import RunNoteWidget

    store.append(snap(event="finished", grads=(1e-7, 1e-1, 1e-1, 0.3), test_accuracy=0.9))
    assert run_end_findings(store) and not run_end_has_error(store)
    note = RunNoteWidget()
    qtbot.addWidget(note)
    note.show_note("Worth a look:", run_end_findings(store), error=False)
    assert theme.error_color() not in note.label.text()
    note.show_note("What went wrong:", ["x"])
    assert theme.error_color() in note.label.text()
    store.append(snap(step=200, loss=float("nan"), event="diverged", message="loss is NaN"))
    assert run_end_has_error(store)


def test_a_long_run_note_grows_to_its_text_up_to_a_share_of_the_page(qtbot):
    """Polish7: a restore-best-weights note beside its Continue button showed four lines of
    about twelve at 1366x768 and scrolled. The text now takes the note's whole width (the
    button sits under it) and grows up to ``SHARE`` of the page; beyond that it scrolls, so
    the plots keep most of a short page (walker8)."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from dlstudio.gui.widgets.status_line import RunNoteWidget

    page = QWidget()
    qtbot.addWidget(page)
    note = RunNoteWidget(page)
    column = QVBoxLayout(page)
    column.addWidget(note)
    column.addStretch(1)
    page.resize(520, 640)
    page.show()
    note.set_action("Continue from epoch 6")
    sentence = "The run was stopped in epoch 6 of 40 and the weights of epoch 1 are shown. "
    note.show_note("Worth a look:", [sentence * 3, sentence * 3], error=False)
    line = note.label.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: note.scroller.height() > RunNoteWidget.MAX_LINES * line + 4)
    assert note.label.width() > 0.8 * note.width()          # the button does not narrow it
    assert note.label.height() <= note.scroller.height()     # all of it, nothing to scroll
    qtbot.waitUntil(lambda: note.action_button.geometry().top()
                    >= note.scroller.geometry().bottom())
    note.show_note("Worth a look:", [sentence * 20], error=False)
    qtbot.waitUntil(lambda: note.label.height() > note.scroller.height())   # the rest scrolls
    assert note.scroller.height() <= RunNoteWidget.SHARE * page.height() + 1
    page.resize(520, 1000)                                   # a taller window: more of it
    qtbot.waitUntil(lambda: note.scroller.height() > RunNoteWidget.SHARE * 640 + line)
    note.show_note("Worth a look:", ["One short line."], error=False)
    qtbot.waitUntil(lambda: note.scroller.height() <= 2 * line + 4)   # a short note stays short


def test_a_comparison_names_a_layer_as_a_single_run_does(qapp, store):
    """Walker26 W26-5: compared variants' findings called a layer by its name alone ("A:
    Layer dense_1 ...", "B: dense_2 层的梯度..."), next to a verdict or a pre-flight headline
    on the same screen that says "layer 5 (dense_3)" / "第 5 层（dense_3）". Each finding,
    prefixed with its variant, numbers the layer in that variant's own network, as a single
    run does (en and zh; B's dense_1 follows a Dropout layer)."""
    from dlstudio.gui import i18n
    from dlstudio.gui.plots.status import run_end_findings

    def dead(index):
        return (LayerTelemetry(index=index, name="dense_1", kind="Dense", activation="relu",
                               grad_norm=0.1, dead_fraction=0.6),)

    for variant, index in (("A", 1), ("B", 2)):
        store.append(dataclasses.replace(snap(variant=variant, event="finished",
                                              test_accuracy=0.9), layers=dead(index)))
    found = run_end_findings(store)
    # named by its name, the same in A and B, with its number in each (walker27 W27-2: "A:
    # Layer 2 (dense_1)" beside "B: Layer 3 (dense_1)" read as two layers)
    assert [f.split(":", 2)[:2] for f in found] == [
        ["A", " Layer dense_1 (number 2 in A)"], ["B", " Layer dense_1 (number 3 in B)"]]
    assert status_text(store).startswith("A: Layer dense_1 (number 2 in A)")
    try:
        i18n.set_language("zh_CN")
        assert [f.split("：")[0] for f in run_end_findings(store)] == [
            "A: dense_1 层（A 的第 2 层）", "B: dense_1 层（B 的第 3 层）"]
        assert status_text(store).startswith("A: dense_1 层（A 的第 2 层）")
    finally:
        i18n.set_language("en")


def test_a_finding_does_not_send_the_student_to_the_lesson_open(qapp, store, monkeypatch):
    """Walker19 W19-1: lesson 05 step 1 (sigmoid against tanh, ReLU, ELU) ended with "... tanh
    or ReLU hidden layers start faster (lesson 05 compares them)", as if the student should go
    elsewhere. Inside lesson 05 the pointer is left out; in any other lesson, or none, it
    stays (en and zh). The pointer names the lesson by its shown number (6: W25-12)."""
    from dlstudio.gui import i18n
    from dlstudio.gui.plots import status
    from dlstudio.training import diagnosis

    store.append(snap(event="finished", test_accuracy=0.9))
    _, _, curve = _sigmoid_plateau_curve()
    monkeypatch.setattr(store, "series", lambda variant, field: curve)
    sigmoid = tuple(LayerTelemetry(index=i, name=name, kind="Dense", activation=act,
                                   grad_norm=0.1, weight_norm=1.0)
                    for i, (name, act) in enumerate((("dense", "sigmoid"), ("dense_1", "sigmoid"),
                                                     ("dense_2", "softmax"))))
    real = diagnosis.diagnose
    monkeypatch.setattr(status.diagnosis, "diagnose", lambda snapshot, *rest: real(
        dataclasses.replace(snapshot, layers=sigmoid), *rest))
    pointer = "(lesson 6 compares them)"
    (free,) = status.run_end_findings(store)
    assert pointer in free and "start faster" in free
    assert pointer in status.run_end_findings(store, "03_vanishing_gradients")[0]
    (inside,) = status.run_end_findings(store, "05_activations")
    assert pointer not in inside and inside.endswith("start faster")
    try:
        i18n.set_language("zh_CN")
        assert "第 6 课" in status.run_end_findings(store)[0]
        (inside,) = status.run_end_findings(store, "05_activations")
        assert "第 6 课" not in inside and inside.endswith("起步更快")
    finally:
        i18n.set_language("en")


def _sigmoid_plateau_curve():
    """(steps, batch losses): a loss that sits at 1.1 for 300 steps, then falls."""
    from dlstudio.training.plateau import PLATEAU_STEPS

    steps = list(range(0, 600, 10))
    losses = [1.1 if s < PLATEAU_STEPS + 200 else 1.1 * 0.99 ** (s - PLATEAU_STEPS - 200) for s in steps]
    return None, None, (steps, losses)
