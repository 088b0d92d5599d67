"""The step debugger traces in the background worker and shows the engine's own numbers."""
from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture
def panel(small_studio, qtbot):
    from dlstudio.gui.debugger import StepDebuggerPanel

    with qtbot.waitSignal(small_studio.sigDatasetReady, timeout=60000):
        small_studio.load_dataset()
    p = StepDebuggerPanel(small_studio)
    qtbot.addWidget(p)
    yield p
    p.shutdown()


def test_step_inside_shows_the_numbers_of_loss_and_grads(panel, small_studio, qtbot):
    from dlstudio.engine.network import Network

    with qtbot.waitSignal(panel.sigTraced, timeout=60000) as blocker:
        assert panel.step_inside()
        # walker5 W5-21: a first trace can take minutes; the panel says so and shows it works
        assert not panel.busy.isHidden() and "first trace" in panel.status.text()
    trace = blocker.args[0]
    assert panel.busy.isHidden()
    x, y = panel.batch
    net = Network.from_spec(small_studio.network_spec, dtype=np.float64)
    net.set_weights(small_studio.network_for("A").get_weights())
    value, grads = net.loss_and_grads(x, y, small_studio.train_spec.loss)
    assert trace.loss == pytest.approx(value, rel=1e-10)
    np.testing.assert_allclose(trace.layers[0].grads["W"], grads[0], rtol=1e-9, atol=1e-14)
    assert panel.layer_list.count() == len(net.layers)

    panel.select(1, example=2, unit=3)
    detail = panel.current_detail()
    v = detail.values
    layer_out = net.probe(x)[1]
    assert v["z"] == pytest.approx(float(layer_out[0][2, 3]), rel=1e-12)
    assert v["a"] == pytest.approx(float(layer_out[1][2, 3]), rel=1e-12)
    text = panel.detail.toPlainText()
    assert "z = w·x + b" in text and "∂L/∂z = ∂L/∂a · tanh′(z)" in text


def test_check_this_gradient_agrees_with_backprop(panel, qtbot):
    with qtbot.waitSignal(panel.sigTraced, timeout=60000):
        panel.step_inside()
    panel.select(0, example=0, unit=1)
    panel.k_spin.setValue(2)
    with qtbot.waitSignal(panel.sigChecked, timeout=60000) as blocker:
        assert panel.check_gradient()
    checks = blocker.args[0]
    assert [(c.key, len(c.indices)) for c in checks] == [("W", 2), ("b", 1)]
    assert all(int(i) % 8 == 1 for i in checks[0].indices)        # column 1 of W (2 x 8)
    for c in checks:
        assert c.error < 1e-6
    assert "relative error" in panel.check_view.toPlainText()


def test_a_moving_run_cannot_be_stepped_into(panel, small_studio, qtbot):
    small_studio.set_train_spec(small_studio.train_spec.replace(epochs=50))
    small_studio.start()
    qtbot.waitUntil(lambda: small_studio.state == "running", timeout=60000)
    assert not panel.step_inside()
    assert not panel.step_button.isEnabled()
    small_studio.pause()
    qtbot.waitUntil(lambda: small_studio.state == "paused", timeout=60000)
    with qtbot.waitSignal(panel.sigTraced, timeout=60000):
        assert panel.step_inside()
    small_studio.stop()


def test_the_check_and_the_trace_agree_with_dropout_in_the_network(small_studio, qtbot):
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.gui.debugger import StepDebuggerPanel

    small_studio.set_network_spec(NetworkSpec((2,), (
        LayerSpec("Dense", {"units": 8, "activation": "tanh"}), LayerSpec("Dropout",
                                                                          {"rate": 0.5}),
        LayerSpec("Dense", {"units": 2, "activation": "softmax"}))))
    with qtbot.waitSignal(small_studio.sigDatasetReady, timeout=60000):
        small_studio.load_dataset()
    panel = StepDebuggerPanel(small_studio)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.sigTraced, timeout=60000) as traced:
        panel.step_inside()
    panel.select(2, example=0, unit=1)
    with qtbot.waitSignal(panel.sigChecked, timeout=60000) as checked:
        panel.check_gradient()
    trace, checks = traced.args[0], checked.args[0]
    w = checks[0]
    np.testing.assert_allclose(w.analytic, trace.layers[2].grads["W"].ravel()[w.indices],
                               rtol=1e-10)
    panel.shutdown()


def test_chinese_debugger_calls_a_unit_one_thing(qapp):
    """'Unit', 'unit' and the tooltip all say 单元 in the step debugger (not 神经元)."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from dlstudio.gui.i18n import TRANSLATIONS

    tr = QTranslator()
    assert tr.load(str(TRANSLATIONS / "dlstudio_zh_CN.qm"))
    words = [tr.translate("StepDebuggerPanel", s) for s in
             ("Unit", "unit", "How many random weights of the unit to check (at most the "
              "inputs it has; its bias is checked too)")]
    assert all("单元" in w and "神经元" not in w for w in words), words
    assert QCoreApplication.instance() is not None


def test_the_first_trace_opens_on_the_first_layer_with_weights(small_studio, qtbot):
    """Walker7 W7-10: the MNIST MLP opened on its Flatten layer ("a = x")."""
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.gui.debugger import StepDebuggerPanel

    small_studio.set_network_spec(NetworkSpec((2,), (
        LayerSpec("Flatten", {}), LayerSpec("Dense", {"units": 4, "activation": "tanh"}),
        LayerSpec("Dense", {"units": 2, "activation": "softmax"}))))
    with qtbot.waitSignal(small_studio.sigDatasetReady, timeout=60000):
        small_studio.load_dataset()
    panel = StepDebuggerPanel(small_studio)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.sigTraced, timeout=60000):
        panel.step_inside()
    assert panel.layer_list.currentRow() == 1
    panel.select(2)
    with qtbot.waitSignal(panel.sigTraced, timeout=60000):   # another batch keeps the layer
        panel.step_inside()
    assert panel.layer_list.currentRow() == 2
    panel.shutdown()


def test_a_convnet_opens_in_the_middle_of_the_image_with_its_layers_readable(small_studio,
                                                                             qtbot):
    """Walker16 W16-26 (zh classroom): the layer list was a 190-px strip that cut every
    entry ("2. max_pooling2d (MaxPooli…"), and the step opened on row 0, column 0 of the
    first convolution, a black MNIST corner where x and every gradient are 0."""
    from PySide6.QtGui import QFont

    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.gui.debugger import StepDebuggerPanel

    small_studio.set_data_spec(small_studio.data_spec.with_(dataset="digits")
                               .with_params(n_samples=200))
    small_studio.set_network_spec(NetworkSpec((28, 28, 1), (
        LayerSpec("Conv2D", {"filters": 2, "kernel_size": 3, "activation": "relu"}),
        LayerSpec("MaxPooling2D", {"pool_size": 2}), LayerSpec("Flatten", {}),
        LayerSpec("Dense", {"units": 10, "activation": "softmax"}))))
    with qtbot.waitSignal(small_studio.sigDatasetReady, timeout=60000):
        small_studio.load_dataset()
    panel = StepDebuggerPanel(small_studio)
    qtbot.addWidget(panel)
    font = QFont(panel.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)          # classroom size
    panel.setFont(font)
    panel.resize(1400, 800)
    panel.show()
    with qtbot.waitSignal(panel.sigTraced, timeout=120000):
        panel.step_inside()
    assert panel.layer_list.currentRow() == 0
    assert panel.current_detail().unit == (13, 13, 0)
    lst = panel.layer_list
    widest = max(lst.fontMetrics().horizontalAdvance(lst.item(i).text())
                 for i in range(lst.count()))
    qtbot.waitUntil(lambda: lst.viewport().width() >= widest)
    panel.unit_spin.setValue(5)                          # the student's choice ...
    with qtbot.waitSignal(panel.sigTraced, timeout=120000):
        panel.step_inside()                              # ... stays for another batch
    assert panel.unit_spin.value() == 5
    panel.shutdown()


def test_the_count_of_weights_to_check_reads_right_in_chinese(small_studio, qtbot):
    """Walker22 W22-1: in Chinese the count field read "检查这个梯度 个权重 [5]", the measure
    word before the number; it now reads "权重个数 [5]" (the number of weights)."""
    from dlstudio.gui import i18n
    from dlstudio.gui.debugger import StepDebuggerPanel

    panel = StepDebuggerPanel(small_studio)
    qtbot.addWidget(panel)
    try:
        i18n.set_language("zh_CN")
        panel.retranslate()
        assert panel.k_label.text() == "权重个数"
    finally:
        i18n.set_language("en")
        panel.shutdown()
    panel.retranslate()
    assert panel.k_label.text() == "weights"


def test_no_more_weights_can_be_asked_than_the_unit_has(panel, qtbot):
    """Walker22 W22-1: a unit of the spirals network's first layer has 2 inputs; asked for 5
    weights the table listed 3 rows (W[0,j], W[1,j], b[j]) with no word why. The count now
    stops at the unit's inputs, and comes back for a layer with more."""
    with qtbot.waitSignal(panel.sigTraced, timeout=60000):
        panel.step_inside()
    panel.select(0, example=0, unit=1)
    assert panel.k_spin.maximum() == 2 and panel.k_spin.value() == 2   # 5 asked before
    panel.select(1, example=0, unit=1)                        # 8 inputs
    assert panel.k_spin.maximum() == 8
    with qtbot.waitSignal(panel.sigChecked, timeout=60000) as blocker:
        panel.select(0, example=0, unit=1)
        assert panel.check_gradient()
    assert [(c.key, len(c.indices)) for c in blocker.args[0]] == [("W", 2), ("b", 1)]
