"""The transfer-learning panel: source layers, freezing, training off the GUI thread."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pyqtgraph as pg
import pytest

from dlstudio.data import load
from dlstudio.data.spec import DataSpec
from dlstudio.engine.network import Network
from dlstudio.engine.serialize import save_network
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui.studio import Studio
from dlstudio.gui.transfer.panel import TransferPanel
from dlstudio.training import transfer
from dlstudio.training.spec import TrainSpec
from dlstudio.training.trainer import Trainer

DATA = DataSpec(dataset="blobs", params={"n_samples": 300, "n_classes": 3},
                validation_split=0.2, test_split=0.0, seed=2)


@pytest.fixture(scope="module")
def source():
    spec = NetworkSpec((2,), (LayerSpec("Dense", {"units": 16, "activation": "elu"}),
                              LayerSpec("Dropout", {"rate": 0.1}),
                              LayerSpec("Dense", {"units": 12, "activation": "elu"}),
                              LayerSpec("Dense", {"units": 4, "activation": "softmax"})))
    net = Network.from_spec(spec, seed=0)
    data = load(DataSpec(dataset="blobs", params={"n_samples": 300, "n_classes": 4}, seed=5))
    for _ in Trainer(net, data, TrainSpec(optimizer="adam", learning_rate=0.01, epochs=2)).run():
        pass
    return net


@pytest.fixture
def panel(qtbot, source):
    studio = Studio()
    studio.set_data_spec(DATA)
    studio.set_train_spec(TrainSpec(optimizer="adam", learning_rate=0.01, epochs=3,
                                    batch_size=32))
    p = TransferPanel(studio)
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.set_source(source, "test source")
    yield p
    p.shutdown()


def test_layer_list_shows_source_with_reused_layers_frozen(panel):
    table = panel.layers
    assert table.rowCount() == 5                       # 4 source layers + the new head
    assert [table.item(r, 2).text() for r in range(4)] == ["Dense", "Dropout", "Dense", "Dense"]
    assert table.item(4, 1).text() == "new head"
    assert panel.reuse_spin.value() == 3
    # counted from 1 as in the editor and "layer 2 (dense_1)": Reuse 3 keeps rows 1-3 (W28-3)
    assert [table.item(r, 0).text() for r in range(5)] == ["1", "2", "3", "4", "+"]
    assert table.frozen() == [0, 2]                     # Dropout has nothing to freeze
    assert table.cellWidget(1, 5) is None
    assert not table.checks[3].isEnabled()              # the old head is dropped
    assert panel.classes_spin.value() == 4              # the source's outputs until data loads


def test_plan_follows_the_controls(panel):
    panel.classes_spin.setValue(3)
    panel.layers.checks[2].setChecked(False)
    panel.cache_check.setChecked(False)
    panel.fine_layers_spin.setValue(1)
    panel.lr_factor_spin.setValue(0.05)
    plan = panel.plan()
    assert plan == transfer.TransferPlan(n_classes=3, reuse=3, frozen=(0,), cache_features=False,
                                         fine_tune_layers=1, fine_tune_epochs=5, lr_factor=0.05,
                                         head_epochs=5)
    panel.reuse_spin.setValue(1)
    assert panel.plan().frozen == (0,) and panel.layers.rowCount() == 5
    assert panel.fine_layers_spin.maximum() == 1
    panel.controls.unfreeze_all_button.click()
    assert panel.plan().frozen == ()


def test_training_keeps_frozen_weights_and_records_history(panel, qtbot, source):
    panel.classes_spin.setValue(3)
    panel.head_epochs_spin.setValue(3)
    panel.fine_layers_spin.setValue(1)
    panel.fine_epochs_spin.setValue(2)
    with qtbot.waitSignal(panel.sigStateChanged, timeout=120_000,
                          check_params_cb=lambda s: s == "idle"):
        assert panel.train()
        assert panel.state == "running" and not panel.train_button.isEnabled()
    assert "Done" in panel.status_label.text(), panel.status_label.text()
    net = panel.result["network"]
    assert net.output_shape == (3,)
    # layer 0 stayed frozen through both phases; layer 2 was fine-tuned
    for a, b in zip(source.layers[0].get_weights(), net.layers[0].get_weights()):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(source.layers[2].get_weights()[0], net.layers[2].get_weights()[0])
    # one point per epoch in each phase's curve
    assert len(panel.curves["head"].getData()[0]) == 3
    xs, _ = panel.curves["fine_tune"].getData()
    assert list(xs) == [4, 5]
    assert panel.history_table.rowCount() == 1 and panel.history[0]["cached"]
    assert panel.history[0]["head"] is not None

    # send the result to the studio: spec with frozen flags, and the trained weights
    assert panel.send_to_studio()
    spec = panel.studio.network_spec
    assert spec.layers[0].config.get("trainable") is False
    assert spec.layers[-1].config["units"] == 3
    weights = panel.studio.weights()
    for a, b in zip(weights, net.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_load_source_from_file_and_bad_file(panel, source, tmp_path):
    path = tmp_path / "src.dlsnet"
    save_network(source, path)
    assert panel.load_source(path)
    assert "src.dlsnet" in panel.source_label.text()
    bad = tmp_path / "bad.dlsnet"
    bad.write_bytes(b"not a model")
    assert not panel.load_source(bad)
    assert "bad.dlsnet" in panel.status_label.text()


def test_send_before_training_says_so(panel):
    assert not panel.send_to_studio()
    assert not panel.send_button.isEnabled()


def test_grab_renders(panel):
    panel.show()
    assert not panel.grab().toImage().isNull()


def test_classroom_mode_follows_the_studio(panel):
    thin = panel.curves["head"].opts["pen"].widthF()
    panel.studio.set_classroom(True)
    assert panel.curves["head"].opts["pen"].widthF() > 1.5 * thin


def test_a_panel_built_in_classroom_mode_starts_in_it(qtbot):
    """Started with --classroom, the panel is built after the mode was set: its plot must be
    in classroom style from the start (its fonts and lines were the small ones)."""
    studio = Studio()
    studio.set_classroom(True)
    p = TransferPanel(studio)
    qtbot.addWidget(p)
    assert p.plot.classroom
    p.shutdown()


# -- a lesson step's comparison shown in the panel (walker5 W5-9) --------------------------------
def _setups():
    return [{"name": "B", "reuse": 5, "frozen": 5, "cached": False, "head": 0.97,
             "fine_tune": None, "train_seconds": 9.3, "cache_seconds": None,
             "head_curve": [(1, 0.6), (2, 0.9)], "fine_curve": []},
            {"name": "D", "reuse": 5, "frozen": 5, "cached": False, "head": 0.97,
             "fine_tune": 0.98, "train_seconds": 12.0, "cache_seconds": None,
             "head_curve": [(1, 0.6), (2, 0.9)], "fine_curve": [(3, 0.95), (4, 0.98)]}]


def test_a_lesson_steps_runs_fill_the_table_and_the_plot_until_the_student_trains(panel, qtbot):
    panel.show_lesson_runs(_setups())
    table = panel.history_table
    assert table.rowCount() == 2
    assert [table.verticalHeaderItem(r).text() for r in range(2)] == ["B", "D"]
    assert table.item(1, 4).text() == "98.0%" and table.item(1, 6).text() == "—"
    names = [curve.opts["name"] for curve, _, _ in panel.plot.run_curves]
    # walker13 W13-11: runs differing in what they reuse and freeze have different names
    assert names == ["B: 5 layers reused, 3 frozen, new head",
                     "D: 5 layers reused, 3 frozen, new head", "D: fine-tuning (dashed)"]
    assert list(panel.plot.run_curves[2][0].getData()[0]) == [3, 4]
    panel.show_lesson_runs([dict(_setups()[0], name="C", reuse=6, frozen=6)] + _setups())
    names = [curve.opts["name"] for curve, _, _ in panel.plot.run_curves]
    assert names[0].startswith("C: 6 layers reused, ") and len(set(names)) == 4
    assert panel.train()                                   # the student's own run replaces them
    qtbot.waitUntil(lambda: panel.state == "idle", timeout=60000)
    assert panel.plot.run_curves == [] and table.rowCount() == 1
    assert not table.verticalHeader().isVisible()


def test_a_lesson_step_sets_the_controls_to_its_last_set_up(qtbot):
    from dlstudio.gui.lessons.companions import configure_transfer
    from dlstudio.lessons.loader import find_lesson
    from dlstudio.lessons.resolve import resolve_step

    lesson = find_lesson("14_transfer_learning")
    step = lesson.steps[2]                                 # fine-tuning: D
    spec = NetworkSpec.from_dict(resolve_step(lesson, step)[0].network)
    p = TransferPanel(Studio())
    qtbot.addWidget(p)
    p.set_source(Network.from_spec(spec, seed=0), "lesson source")
    configure_transfer(p, lesson, step)
    plan = p.plan()
    assert plan.reuse == 5 and set(plan.frozen) == {0, 2}  # both convolutions
    assert not plan.cache_features
    assert plan.fine_tune_layers == 1 and plan.fine_tune_epochs == 5
    assert plan.lr_factor == pytest.approx(1e-4 / 2e-3)
    assert plan.head_epochs == 10                          # the step's run, as its text says
    configure_transfer(p, lesson, lesson.steps[1])         # cached features: C
    assert p.plan().cache_features and p.plan().fine_tune_layers == 0


def test_before_a_source_the_new_head_has_the_datas_classes(qtbot):
    """Walker7 W7-10/W7-12: it said 5 classes for 2-class spirals and 10-class MNIST."""
    studio = Studio()
    studio.set_data_spec(DATA)                  # 3 classes
    p = TransferPanel(studio)
    qtbot.addWidget(p)
    with qtbot.waitSignal(studio.sigDatasetReady, timeout=60000):
        studio.load_dataset()
    assert p.classes_spin.value() == 3
    p.shutdown()
    studio.shutdown()


def test_a_source_that_cannot_read_the_studio_data_says_so_and_train_waits(panel, qtbot):
    """Walker9 W9-13: after File > New a 28x28x1 source stayed with Train enabled on 2-D
    spirals; Train then failed in a half-hidden red line. The mismatch is said beside
    Train, which waits until the data fit."""
    studio = panel.studio
    with qtbot.waitSignal(studio.sigDatasetReady, timeout=60000):
        studio.load_dataset()
    assert panel.data_problem() == "" and panel.train_button.isEnabled()
    image_spec = NetworkSpec((8, 8, 1), (LayerSpec("Flatten", {}),
                                         LayerSpec("Dense", {"units": 3,
                                                             "activation": "softmax"})))
    panel.set_source(Network.from_spec(image_spec, seed=0), "images.dlsnet")
    problem = panel.data_problem()
    assert "8 × 8 × 1" in problem and "2" in problem and "Data panel" in problem
    import html

    assert not panel.train_button.isEnabled() and html.escape(problem, quote=False) in panel.source_label.text()
    assert panel.train() is False and panel.state == "idle"


def test_start_after_send_trains_on_from_the_sent_weights(panel, qtbot):
    """Walker9 W9-26: after Send to studio, Start gave the network new random weights and
    kept the reused layers frozen on them (77% on MNIST) with nothing saying so."""
    with qtbot.waitSignal(panel.sigStateChanged, timeout=120_000,
                          check_params_cb=lambda s: s == "idle"):
        assert panel.train()
    assert panel.send_to_studio()
    text = panel.status_label.text()
    assert "Start trains it on from these weights" in text and "frozen layers (2)" in text
    s = panel.studio
    sent = s.weights()
    said = []
    s.sigMessage.connect(said.append)
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120_000):
        s.start(max_steps=3)
    np.testing.assert_array_equal(s.weights()[0], sent[0])      # the frozen layer's kernel
    assert not any("Frozen layers" in m for m in said)
    # used once: the next Start gives every layer new random weights, and says what stays
    # frozen
    assert s.weights_to_start_from(s.network_spec) is None
    with qtbot.waitSignal(s.runner.sigFinished, timeout=120_000):
        s.start(max_steps=3)
    assert any("Frozen layers keep their new random weights in this run: 1. " in m
               for m in said), said
    assert not np.allclose(s.weights()[0], sent[0])


def test_the_new_head_trains_for_its_own_epochs_and_the_panel_says_so(panel, qtbot):
    """Walker9 W9-8: the head trained for the Training panel's 80 epochs beside the panel's
    own fine-tuning Epochs 5; the sentence before Train now says what Train does."""
    panel.studio.set_train_spec(panel.studio.train_spec.replace(epochs=80))
    panel.head_epochs_spin.setValue(2)
    text = panel.data_label.text()
    assert "the new head learns for 2 epochs" in text and "80" not in text
    assert "no fine-tuning after it (Unfreeze top layers is 0)" in text
    panel.fine_layers_spin.setValue(1)
    panel.fine_epochs_spin.setValue(4)
    assert "the top reused layer with weights is fine-tuned for 4 epochs at learning rate " \
        "0.001" in panel.data_label.text()
    panel.fine_epochs_spin.setValue(1)                      # not "1 epochs" (walker32)
    assert "is fine-tuned for 1 epoch at learning rate" in panel.data_label.text()
    panel.head_epochs_spin.setValue(1)
    assert "the new head learns for 1 epoch on" in panel.data_label.text()
    panel.head_epochs_spin.setValue(2)
    panel.fine_layers_spin.setValue(0)
    with qtbot.waitSignal(panel.sigStateChanged, timeout=120_000,
                          check_params_cb=lambda s: s == "idle"):
        assert panel.train()
    assert len(panel.curves["head"].getData()[0]) == 2


# -- walker10 W10-11: the panel at 1366x768 --------------------------------------------------
def _convnet_source():
    spec = NetworkSpec((12, 12, 1), (
        LayerSpec("Conv2D", {"filters": 4, "kernel_size": 3, "activation": "relu"}),
        LayerSpec("MaxPooling2D", {"pool_size": 2}),
        LayerSpec("Conv2D", {"filters": 4, "kernel_size": 3, "activation": "relu"}),
        LayerSpec("Flatten", {}),
        LayerSpec("Dense", {"units": 8, "activation": "relu"}),
        LayerSpec("Dense", {"units": 5, "activation": "softmax"})))
    return Network.from_spec(spec, seed=0)


def test_layer_names_are_whole_in_a_narrow_source_table(qtbot):
    """The Layer column was ~45 px ("con…", "max…") while Type repeated the names: the Type
    column goes when the names say their type, and the names get their width."""
    p = TransferPanel(Studio())
    qtbot.addWidget(p)
    p.resize(1366, 700)
    p.show()
    p.set_source(_convnet_source(), "lesson source")
    table = p.layers
    table.resize(390, 260)
    qtbot.wait(20)
    assert table.isColumnHidden(2)
    metrics = table.fontMetrics()
    for row in range(len(table.rows)):
        name = table.item(row, 1).text()
        assert table.columnWidth(1) >= metrics.horizontalAdvance(name), name
    assert table.item(0, 1).toolTip() == "Conv2D"
    p.shutdown()


def test_the_layer_fine_tuning_unfreezes_is_marked(panel):
    """14/3: conv2d stayed ticked "Frozen" while the text said D unfreezes it."""
    panel.fine_layers_spin.setValue(1)
    assert panel.layers.tuned == {2}                     # the top reused layer with weights
    assert panel.layers.checks[2].text() == "tuned"
    assert panel.layers.checks[0].text() == ""
    panel.fine_layers_spin.setValue(0)
    assert panel.layers.checks[2].text() == ""


def test_a_from_scratch_run_is_not_called_new_head_and_caching_seconds_show(panel):
    """14/1: the run reusing nothing was 'A: new head'; 14/2: C showed 'Cache s —'; and the
    table showed two and a half of its three rows."""
    setups = [dict(_setups()[0], name="A", reuse=0, frozen=0),
              dict(_setups()[0], name="C", cached=True, cache_seconds=0.42)]
    panel.show_lesson_runs(setups)
    names = [curve.opts["name"] for curve, _, _ in panel.plot.run_curves]
    assert names == ["A: from scratch", "C: 5 layers reused, 3 frozen, cached features, new head"]
    table = panel.history_table
    assert table.item(1, 6).text() == "0.42"
    rows = table.SHOWN_ROWS * table.verticalHeader().defaultSectionSize()
    assert table.minimumSizeHint().height() >= rows + table.horizontalHeader().sizeHint().height()


def test_a_lessons_source_and_runs_go_when_the_student_leaves_the_lesson(panel, source, qtbot):
    """Lesson 14's source network and compared runs stayed in the Transfer panel under the
    next lesson (``leave_lesson``, called on a lesson switch); a source the student chose,
    or trained from, stays with their runs."""
    assert not panel.leave_lesson() and panel.source is source     # the student's own
    panel.set_source(source, "lesson source", from_lesson=True)
    panel.show_lesson_runs(_setups())
    assert panel.leave_lesson()
    assert panel.source is None and panel.layers.rowCount() == 0
    assert panel.history_table.rowCount() == 0 and panel.plot.run_curves == []
    assert "lesson source" not in panel.source_label.text()
    assert not panel.train_button.isEnabled() and not panel.leave_lesson()
    panel.set_source(source, "lesson source", from_lesson=True)
    assert panel.train()                               # trained from: the student's work
    qtbot.waitUntil(lambda: panel.state == "idle", timeout=60000)
    assert not panel.leave_lesson()
    assert panel.source is source and panel.history_table.rowCount() == 1


def test_a_lessons_plan_goes_with_its_source_when_the_student_leaves(panel, qtbot):
    """walker36 W36-10: under the next lesson the plan sentence still said lesson 14's plan
    (the new head's 10 epochs, then fine-tuning) for a panel with no source: the plan goes
    with the lesson's source, and the sentence says what a fresh panel says."""
    from dlstudio.gui.lessons.companions import configure_transfer
    from dlstudio.lessons.loader import find_lesson
    from dlstudio.lessons.resolve import resolve_step

    fresh = TransferPanel(panel.studio)
    qtbot.addWidget(fresh)
    lesson = find_lesson("14_transfer_learning")
    step = lesson.steps[2]                                 # fine-tuning: D
    spec = NetworkSpec.from_dict(resolve_step(lesson, step)[0].network)
    panel.set_source(Network.from_spec(spec, seed=0), "lesson source", from_lesson=True)
    configure_transfer(panel, lesson, step)
    assert "10 epochs" in panel.data_label.text() and "fine-tuned" in panel.data_label.text()

    assert panel.leave_lesson()

    assert panel.data_label.text() == fresh.data_label.text()
    assert "fine-tuned" not in panel.data_label.text()
    assert panel.plan().head_epochs == fresh.plan().head_epochs
    assert panel.plan().cache_features == fresh.plan().cache_features


def test_a_run_on_cached_features_is_named_so_in_the_legend(panel):
    """walker16 W16-18: lesson 14 step 2's B (through the frozen layers) and C (on their
    cached outputs) were both "5 layers reused, 2 frozen, new head"; the curves coincide,
    so the legend was the only way to tell them apart."""
    through = dict(_setups()[0], name="B")
    cached = dict(_setups()[0], name="C", cached=True)
    panel.show_lesson_runs([through, cached])
    names = [curve.opts["name"] for curve, _, _ in panel.plot.run_curves]
    assert names == ["B: 5 layers reused, 3 frozen, new head",
                     "C: 5 layers reused, 3 frozen, cached features, new head"]


def _lesson14_step1():
    """Lesson 14 step 1's runs as walker16 saw them: A and B near 0.96, C low and rising."""
    def run(name, reuse, frozen, accuracies):
        return {"name": name, "reuse": reuse, "frozen": frozen, "cached": False,
                "head_curve": list(enumerate(accuracies, start=1)), "fine_curve": []}

    return [run("A", 0, 0, [0.66, 0.81, 0.9, 0.93, 0.95, 0.96, 0.96, 0.96, 0.96, 0.96]),
            run("B", 5, 2, [0.63, 0.88, 0.92, 0.96, 0.96, 0.96, 0.95, 0.95, 0.95, 0.97]),
            run("C", 6, 3, [0.25, 0.37, 0.33, 0.37, 0.42, 0.47, 0.5, 0.55, 0.6, 0.62])]


@pytest.mark.parametrize("classroom, size", [(False, (790, 200)), (True, (930, 340))])
def test_the_transfer_legend_covers_no_curve(qtbot, classroom, size):
    """walker16 W16-16: the legend sat in the plot's lower right corner, on C's curve (the
    one step 1 is about); it goes under the axis, whole, in the fewest rows that fit."""
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui.transfer.results_view import PhaseCurveWidget

    plot = PhaseCurveWidget()
    qtbot.addWidget(plot)
    plot.set_classroom(classroom)
    plot.resize(*size)
    plot.show()
    qtbot.waitExposed(plot)
    plot.show_runs(_lesson14_step1())
    QApplication.processEvents()
    item = plot.getPlotItem()
    legend, view = item.legend, item.getViewBox()
    box, data = legend.sceneBoundingRect(), view.sceneBoundingRect()
    assert len(legend.items) == 3 and box.height() > 0
    assert not box.intersects(data), (box, data)
    assert box.top() >= item.getAxis("bottom").sceneBoundingRect().bottom() - 1
    assert data.left() - 1 <= box.left() and box.right() <= plot.width() + 1   # whole
    for curve, _, _ in plot.run_curves:
        for x, y in zip(*curve.getData()):
            assert not box.contains(view.mapViewToScene(pg.Point(x, y)))
    # nor does it squeeze the data area away in a short plot: the widget asks for room
    from dlstudio.gui.transfer.results_view import MIN_DATA_LINES

    lines = MIN_DATA_LINES * plot.fontMetrics().height()
    assert plot.minimumSizeHint().height() >= box.height() + lines


@pytest.mark.parametrize("scale, width", [(1.0, 430), (1.6, 590)])   # 1366, classroom
def test_the_tables_fit_their_width_without_scrolling(qtbot, scale, width):
    """Walker25 W25-10: the results table scrolled sideways and hid "Cache s", which lesson
    14 step 2 compares; the source table cut its shapes ("26 × 26 ×…"). Both tables' columns
    share their width (headers and shapes wrap) and every column shows whole."""
    from PySide6.QtGui import QFont

    from dlstudio.gui.transfer.layer_table import LayerTableWidget
    from dlstudio.gui.transfer.results_view import HistoryTableWidget

    history, layers = HistoryTableWidget(), LayerTableWidget()
    for table in (history, layers):
        qtbot.addWidget(table)
        font = QFont(table.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        table.setFont(font)
    history.show_named_entries([dict(_setups()[0], name="B", train_seconds=2.8),
                                dict(_setups()[0], name="C", cached=True,
                                     train_seconds=0.09, cache_seconds=0.42)])
    net = Network.from_spec(NetworkSpec((28, 28, 1), (
        LayerSpec("Conv2D", {"filters": 16, "kernel_size": 3, "activation": "relu"}),
        LayerSpec("MaxPooling2D", {"pool_size": 2}),
        LayerSpec("Conv2D", {"filters": 32, "kernel_size": 3, "activation": "relu"}),
        LayerSpec("MaxPooling2D", {"pool_size": 2}),
        LayerSpec("Flatten", {}),
        LayerSpec("Dense", {"units": 64, "activation": "relu"}),
        LayerSpec("Dense", {"units": 10, "activation": "softmax"}))), seed=0)
    layers.set_layers(net.spec.describe_layers(), 5, {0, 2}, 5)
    for table in (history, layers):
        table.resize(width, 300)
        table.show()
        qtbot.waitExposed(table)
        qtbot.wait(10)
        metrics = table.fontMetrics()
        shown = [c for c in range(table.columnCount()) if not table.isColumnHidden(c)]
        assert sum(table.columnWidth(c) for c in shown) <= table.viewport().width()
        assert not table.horizontalScrollBar().isVisible()
        for c in shown:
            for r in range(table.rowCount()):
                item = table.item(r, c)
                if item is None or not item.text():
                    continue
                words = max(metrics.horizontalAdvance(w) for w in item.text().split())
                assert table.columnWidth(c) >= words, (c, item.text())
                lines = -(-metrics.horizontalAdvance(item.text()) // table.columnWidth(c))
                assert table.rowHeight(r) >= min(lines, 2) * metrics.height() - 2, \
                    (r, c, item.text())


def test_the_from_scratch_legend_uses_the_lessons_term_in_zh(qapp):
    """Walker26 W26-15: lesson 14's legend said "A: 从头训练" while the variant's label and the
    text say 从零训练 / 从零开始: one term."""
    from PySide6.QtCore import QCoreApplication

    from dlstudio.gui import i18n
    from dlstudio.gui.transfer.results_view import PHASE_LABELS
    from dlstudio.lessons.loader import find_lesson

    label = find_lesson("14_transfer_learning").steps[0].variants[0].label.zh
    try:
        i18n.set_language("zh_CN")
        shown = QCoreApplication.translate("PhaseCurveWidget", PHASE_LABELS["scratch"])
    finally:
        i18n.set_language("en")
    assert shown == label == "从零训练"


def test_the_history_table_writes_accuracies_in_percent(qapp):
    """Walker26 W26-8: the Transfer table's accuracies read 0.960 and 0.970 beside a lesson
    verdict saying 96.0% and 97.0%: the table writes them in percent too."""
    from dlstudio.gui.transfer.results_view import HistoryTableWidget

    table = HistoryTableWidget()
    table.show_named_entries([{"name": "A", "reuse": 0, "frozen": 0, "cached": False,
                               "head": 0.96, "fine_tune": None, "train_seconds": 11.584,
                               "cache_seconds": 0.0}])
    assert [table.item(0, c).text() for c in (3, 4, 5)] == ["96.0%", "—", "11.58"]


def test_choosing_a_source_after_leaving_a_fine_tuning_lesson_step_raises_nothing(
        panel, source, qtbot):
    """walker26 W26-1: lesson 14 step 3 left "Unfreeze top layers" at 1; after the lesson
    switch emptied the layer table, "Use the studio's network" reset the spin to 0, whose
    signal marked the tuned layers on checkboxes the emptied table had deleted
    ("Internal C++ object (QCheckBox) already deleted")."""
    from PySide6.QtCore import QCoreApplication, QEvent

    panel.set_source(source, "lesson source", from_lesson=True)
    panel.fine_layers_spin.setValue(1)
    assert panel.leave_lesson() and panel.layers.rowCount() == 0
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the table's rows go
    assert panel.layers.checks == [] and panel.layers.frozen() == []
    with qtbot.captureExceptions() as raised:
        panel.set_source(source, "the studio's network")
    assert raised == []
    assert panel.layers.rowCount() == 5 and panel.layers.frozen() == [0, 2]
    assert panel.fine_layers_spin.value() == 0 and panel.layers.tuned == set()
    assert [c.text() for c in panel.layers.checks] == ["", "", "", ""]


def test_an_emptied_plot_forgets_the_runs_axes(panel, source, qtbot):
    """walker26 W26-18: after leaving lesson 14 the empty plot kept the step's axes (epochs
    2-14, accuracy 0.6-1.0) as if something were still drawn there."""
    from dlstudio.gui.transfer.results_view import PhaseCurveWidget

    fresh = PhaseCurveWidget()
    qtbot.addWidget(fresh)
    empty = [v for r in fresh.getPlotItem().getViewBox().viewRange() for v in r]
    panel.set_source(source, "lesson source", from_lesson=True)
    panel.show_lesson_runs([dict(_setups()[1], head_curve=[(2, 0.62), (10, 0.95)],
                                 fine_curve=[(11, 0.96), (14, 0.99)])])
    box = panel.plot.getPlotItem().getViewBox()
    box.updateAutoRange()
    assert box.viewRange()[0][1] > 13
    assert panel.leave_lesson()
    box.updateAutoRange()
    assert [v for r in box.viewRange() for v in r] == pytest.approx(empty)
    panel.plot.add_point("head", 0, 0.5)            # a new run ranges the plot again
    panel.plot.add_point("head", 1, 0.7)
    box.updateAutoRange()
    assert box.viewRange()[1][0] < 0.5 < 0.7 < box.viewRange()[1][1]


def test_the_accuracy_axis_is_in_percent_within_0_and_100(qtbot):
    """walker28 W28-4: equal accuracies ran the axis from 0.6 to 1.4 (above 100%); 98.15% to
    98.25% filled the plot's height, labelled as fractions beside a table saying 98.2%. The
    axis is in percent, inside 0-100%, zoomed no closer than a 5% step."""
    from dlstudio.gui.transfer.results_view import PhaseCurveWidget

    plot = PhaseCurveWidget()
    qtbot.addWidget(plot)
    box = plot.getPlotItem().getViewBox()
    for epoch in range(3):
        plot.add_point("head", epoch, 0.982)
    box.updateAutoRange()
    low, high = box.viewRange()[1]
    assert 0.9 <= low <= 0.95 and 0.982 < high <= 1.0 + 0.02 * (1.0 - low) + 1e-9
    for epoch, acc in enumerate((0.9815, 0.9825)):
        plot.add_point("fine_tune", epoch, acc)
    box.updateAutoRange()
    assert box.viewRange()[1] == pytest.approx((low, high))
    plot.add_point("head", 3, 0.4)                  # a low point: the whole 0-100%
    box.updateAutoRange()
    low, high = box.viewRange()[1]
    assert -0.03 < low <= 0.0 and 1.0 <= high < 1.03
    axis = plot.getPlotItem().getAxis("left")
    assert axis.tickStrings([0.95, 0.96, 1.0], 1.0, 0.01) == ["95", "96", "100"]
    assert axis.tickStrings([0.0, 0.2, 1.0], 1.0, 0.2) == ["0", "20", "100"]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_accuracy_axis_title_is_whole(qtbot, lang):
    """walker28 W28-4: "validation accurac" at 1366x768, where the plot is about 790 x 180
    pixels: a title as long as the axis is tall, the whole one when it fits."""
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui import i18n
    from dlstudio.gui.transfer.results_view import PhaseCurveWidget

    try:
        i18n.set_language(lang)
        for size in ((790, 180), (790, 420)):
            plot = PhaseCurveWidget()
            qtbot.addWidget(plot)
            plot.resize(*size)
            plot.show()
            qtbot.waitExposed(plot)
            QApplication.processEvents()
            axis = plot.getPlotItem().getAxis("left")
            text = axis.labelText
            width = QFontMetricsF(axis.label.font()).horizontalAdvance(text)
            assert text and width <= axis.size().height(), (size, text, width)
        assert axis.labelText == axis.toolTip()           # the tall plot: the whole title
    finally:
        i18n.set_language("en")


def test_the_pages_stop_stops_a_lesson_check_training_in_the_background(panel):
    """Walker30 (lesson 15): while a background lesson check trained, the toolbar's Stop
    worked and the Transfer page's own stayed grey."""
    stopped = []
    assert not panel.stop_button.isEnabled()
    panel.studio.begin_background(lambda: stopped.append(True))
    assert panel.stop_button.isEnabled()
    panel.stop_button.click()
    assert stopped == [True]
    panel.studio.end_background()
    assert not panel.stop_button.isEnabled()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_empty_layer_table_has_the_filled_tables_columns(qtbot, lang):
    """A restored session with no source yet showed six headers ("# 层 类型 输出 参数 冻结"),
    the filled table five (walker30 W30-16): the empty table shows the columns a source with
    the usual names gets, in either language, and again once its source goes."""
    from dlstudio.gui.i18n import set_language
    set_language(lang)
    try:
        p = TransferPanel(Studio())
        qtbot.addWidget(p)

        def shown():
            table = p.layers
            return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())
                    if not table.isColumnHidden(c)]

        empty = shown()
        p.set_source(_convnet_source(), "lesson source")
        assert shown() == empty
        p.layers.clear_layers()
        assert shown() == empty
        p.shutdown()
    finally:
        set_language("en")


def test_at_1366x768_the_train_sentence_is_whole_and_the_plot_readable(qtbot):
    """walker30 (104c.png): in the centre a 1366x768 window leaves beside a dock, the
    controls scrolled and cut the "Train: the new head learns ..." sentence, and the plot's
    data area was ~90 px, A at 96% and B at 97% on one line. The controls keep their
    whole height and the plot a taller least height; the page scrolls instead."""
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui.widgets.page_scroll import PageScrollWidget

    studio = Studio()
    studio.set_data_spec(DATA)
    p = TransferPanel(studio)
    view = PageScrollWidget(p)
    qtbot.addWidget(view)
    view.resize(812, 620)                 # the page's room at 1366x768 with the lesson dock
    view.show()
    qtbot.waitExposed(view)
    p.set_source(_convnet_source(), "lesson source")
    p.show_lesson_runs([dict(run, head=run["head_curve"][-1][1], fine_tune=None,
                             train_seconds=8.0, cache_seconds=None)
                        for run in _lesson14_step1()])
    qtbot.wait(50)
    QApplication.processEvents()
    assert p.arrangement.stacked
    controls = p.arrangement.scroll
    qtbot.waitUntil(lambda: controls.verticalScrollBar().maximum() == 0, timeout=3000)
    label = p.data_label
    bottom = label.mapTo(controls.viewport(), label.rect().bottomLeft()).y()
    assert bottom <= controls.viewport().height()                  # the sentence is whole
    data = p.plot.getPlotItem().getViewBox().sceneBoundingRect()
    assert data.height() >= 11 * p.plot.fontMetrics().height()     # was ~7 lines
    assert view.verticalScrollBar().maximum() > 0                  # the page scrolls
    p.shutdown()


def test_the_accuracy_axis_stays_within_0_to_100_percent_however_zoomed(qtbot):
    """walker33 W33-7: wheel notches over the plot zoomed its axis out to -2500..500%."""
    from dlstudio.gui.transfer.results_view import PhaseCurveWidget

    plot = PhaseCurveWidget()
    qtbot.addWidget(plot)
    plot.add_point("head", 0, 0.5)
    view = plot.getPlotItem().getViewBox()
    for _ in range(10):
        view.scaleBy((2.0, 2.0))
    view.translateBy(y=5.0)
    low, high = view.viewRange()[1]
    assert low >= -0.02 - 1e-9 and high <= 1.02 + 1e-9
    assert view.viewRange()[0][0] >= 0.0                   # nor epochs below 0


def test_the_studios_network_is_the_variant_chosen_not_always_a(qtbot):
    """walker33 W33-8: after Compare A (sigmoid, 11%) / B (ReLU + He, 94%), "Use the
    studio's network" always took A. It takes the variant the chooser asks: the
    best-scoring until the student picks one (as Draw a digit does)."""
    from dlstudio.gui.studio import Studio
    from dlstudio.training.telemetry import Telemetry

    studio = Studio()
    studio.set_data_spec(DATA)
    studio.add_variant()
    nets = {name: studio.network_for(name) for name in ("A", "B")}
    weights = {"A": [np.zeros_like(w) for w in nets["A"].get_weights()],
               "B": [np.full_like(w, 0.5) for w in nets["B"].get_weights()]}
    studio.set_weights(weights)
    for name, accuracy in (("A", 0.11), ("B", 0.94)):
        studio.store.append(Telemetry(step=10, epoch=1, batch_loss=0.5, train_loss=0.5,
                                      train_accuracy=accuracy, learning_rate=0.01,
                                      examples_per_second=1000.0, total_steps=10,
                                      elapsed_seconds=1.0, variant=name))
    p = TransferPanel(studio)
    qtbot.addWidget(p)
    p.variant_choice.refill()
    assert not p.variant_choice.isHidden() and p.variant_choice.variant() == "B"
    assert p.use_studio_network()
    assert all(np.array_equal(a, b) for a, b in zip(p.source.get_weights(), weights["B"]))
    assert "variant B" in p.source_label.text()
    box = p.variant_choice.box
    box.activated.emit(box.findData("A"))         # the student picks A: the source follows
    assert all(np.array_equal(a, b) for a, b in zip(p.source.get_weights(), weights["A"]))
    assert "variant A" in p.source_label.text()
    p.shutdown()


def test_an_earlier_steps_runs_go_while_the_next_steps_comparison_trains(panel, qtbot):
    """walker35 (lesson 15, classroom): during step 3's minute-long comparison the panel
    went on showing step 2's B/C rows and curves, with nothing saying they were the
    previous step's. They go when the next comparison starts, and the panel says that its
    runs come when it ends; the student's own runs stay."""
    panel.show_lesson_runs(_setups())
    assert panel.lesson_runs_coming()
    assert panel.history_table.rowCount() == 0 and panel.plot.run_curves == []
    assert "comparison" in panel.status_label.text()
    assert not panel.lesson_runs_coming()           # nothing of a lesson's left to go
    panel.studio.begin_background(lambda: None)
    panel.studio.end_background()                   # it ended (or was stopped)
    assert "comparison" not in panel.status_label.text()
    assert panel.train()
    qtbot.waitUntil(lambda: panel.state == "idle", timeout=60000)
    assert not panel.lesson_runs_coming() and panel.history_table.rowCount() == 1


def test_in_classroom_mode_the_shapes_keep_one_line_beside_a_tuned_layer(qtbot, qapp,
                                                                          app_look_restored):
    """walker35 (classroom, 1920x1080, lesson 15 step 3): once the Frozen column said
    "tuned", the Output column gave way and "26 × 26 × 16" wrapped onto two lines, so the
    layer table showed 4 rows. The controls' column has room for the shapes on one line."""
    from dlstudio.gui import theme

    theme.apply(qapp, "light", classroom=True, screen_height=1080)
    studio = Studio()
    studio.set_classroom(True)
    p = TransferPanel(studio)
    qtbot.addWidget(p)
    p.resize(1137, 950)                                  # the centre beside the lessons
    p.show()
    qtbot.waitExposed(p)
    net = Network.from_spec(NetworkSpec((28, 28, 1), (
        LayerSpec("Conv2D", {"filters": 16, "kernel_size": 3, "activation": "relu"}),
        LayerSpec("MaxPooling2D", {"pool_size": 2}),
        LayerSpec("Conv2D", {"filters": 32, "kernel_size": 3, "activation": "relu"}),
        LayerSpec("MaxPooling2D", {"pool_size": 2}),
        LayerSpec("Flatten", {}),
        LayerSpec("Dense", {"units": 64, "activation": "relu"}),
        LayerSpec("Dense", {"units": 10, "activation": "softmax"}))), seed=0)
    p.set_source(net, "lesson source")
    p.reuse_spin.setValue(5)
    p.fine_layers_spin.setValue(1)
    qtbot.wait(50)
    table = p.layers
    assert not p.arrangement.stacked
    assert table.checks[2].text() == "tuned"
    heights = {table.rowHeight(r) for r in range(table.rowCount())}
    assert len(heights) == 1, [table.rowHeight(r) for r in range(table.rowCount())]
    assert table.columnWidth(3) > table.fontMetrics().horizontalAdvance("26 × 26 × 16")
    p.shutdown()


def test_a_lesson_steps_runs_scroll_into_sight_on_a_small_screen(panel, qtbot):
    """walker36 (zh, 1366x768): the Transfer page's settings fill the top of the page, and the
    table of the step's runs, which its text compares, sat below the plot with only its
    header on screen. Shown, the runs' plot and table come into sight: the page scrolls to
    them, and the table's rows end inside the view."""
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui.widgets.page_scroll import PageScrollWidget

    page = PageScrollWidget(panel)
    qtbot.addWidget(page)
    page.resize(560, 600)
    page.show()
    qtbot.waitExposed(page)
    for _ in range(20):
        QApplication.processEvents()
        qtbot.wait(10)
    bar = page.verticalScrollBar()
    assert panel.arrangement.stacked and bar.maximum() > 0 and bar.value() == 0
    panel.show_lesson_runs(_setups())
    for _ in range(20):
        QApplication.processEvents()
        qtbot.wait(10)
    assert bar.value() > 0
    table = panel.history_table
    last_row = table.visualItemRect(table.item(1, 0)).bottom()
    bottom = table.viewport().mapTo(page.viewport(), table.viewport().rect().topLeft()).y() \
        + last_row
    assert 0 < bottom <= page.viewport().height()
