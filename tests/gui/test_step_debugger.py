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


def test_every_rule_renders_its_equations(qapp):
    from dlstudio.engine.network import Network
    from dlstudio.engine.trace import trace_batch
    from dlstudio.engine.trace_units import unit_detail
    from dlstudio.gui.debugger.equations import unit_html
    from tests.engine.test_trace import LOSS, SPEC

    rng = np.random.default_rng(0)
    trace = trace_batch(Network.from_spec(SPEC, seed=1, dtype=np.float64),
                        rng.standard_normal((2, 6, 6, 2)), np.array([0, 2]), LOSS)
    expected = {"Conv2D": "z = w·x + b", "BatchNormalization": "x̂ = (x − μ)",
                "MaxPooling2D": "y = max(", "AveragePooling2D": "y = mean(",
                "Flatten": "a = x =", "Dense": "∂L/∂b = Σ ∂L/∂z"}
    for t in trace.layers:
        unit = tuple(0 for _ in t.a.shape[1:])
        text = unit_html(unit_detail(trace, t.index, 1, unit))
        assert expected[t.kind] in text, t.kind
    # the softmax output (walker23 W23-13): not "softmax(-1.112)" of one number, and ∂L/∂z
    # from the loss without a "∂L/∂a = 0" line above it
    out = unit_html(unit_detail(trace, len(trace.layers) - 1, 1, (0,)))
    assert "a = exp(z) / Σₖ exp(zₖ) = " in out and "softmax(" not in out
    assert "∂L/∂z = (p − y) / N = (" in out and "∂L/∂a =" not in out
    assert ") / 2 = " in out                                 # N, the batch of 2


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


def test_too_small_gradients_are_explained_not_flagged(qapp):
    """A vanishing gradient (~1e-11, below the finite difference's resolution) reads
    "too small to check", not a relative error of 1."""
    from dlstudio.engine.gradcheck import ParamCheck, rounding_noise, smallest_checkable
    from dlstudio.gui.debugger.equations import check_html

    noise = rounding_noise(2.32)
    tiny = ParamCheck("dense", "W", np.array([298, 306]), np.array([3.7e-11, 1.1e-12]),
                      np.array([2.2e-10, 0.0]), np.zeros(2, bool), noise)
    big = ParamCheck("dense_9", "b", np.array([0]), np.array([0.16]),
                     np.array([0.16 * (1 + 1e-9)]), np.zeros(1, bool), noise)
    html_text = check_html([tiny, big])
    assert html_text.count("too small to check †") == 2
    from dlstudio.messages.numbers import math_number

    assert f"|g| &lt; {math_number(f'{smallest_checkable(noise):.1e}')}" in html_text
    # powers of ten as the equations above the table write them (walker24 W24-1)
    assert "e+00" not in html_text and "10⁻⁹" in html_text and "e-0" not in html_text
    assert "ε = 10⁻⁶" in html_text


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


def test_the_check_picks_weights_with_gradients_it_can_check(qapp):
    """Walker7 W7-10: most weights of an MNIST network's first layer see border pixels that
    are always 0; random ones were all "too small to check"."""
    from types import SimpleNamespace

    from dlstudio.gui.debugger.panel import unit_weights

    rows, n_out = 784, 3
    grads = np.zeros((rows, n_out))
    live = np.array([100, 300, 301, 405, 406, 407, 500])
    grads[live, 1] = 1e-3
    grads[42, 1] = 1e-12                       # below the resolution
    layer = SimpleNamespace(name="dense", params={"W": np.ones((rows, n_out)),
                                                  "b": np.zeros(n_out)},
                            grads={"W": grads})
    got = unit_weights(layer, (1,), 5, np.random.default_rng(0), smallest=1e-8)
    picked = got[("dense", "W")] // n_out
    assert len(picked) == 5 and set(picked) <= set(live)
    assert all(int(i) % n_out == 1 for i in got[("dense", "W")])
    assert list(got[("dense", "b")]) == [1]
    # fewer checkable than asked: the largest gradients, the live ones first
    got = unit_weights(layer, (1,), 9, np.random.default_rng(0), smallest=1e-8)
    picked = set(got[("dense", "W")] // n_out)
    assert set(live) <= picked and 42 in picked and len(picked) == 9


def test_default_unit_is_the_centre_of_a_feature_map():
    from dlstudio.gui.debugger.panel import default_unit

    assert default_unit((10,)) == 0
    assert np.unravel_index(default_unit((26, 26, 32)), (26, 26, 32)) == (13, 13, 0)


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


def test_tiny_and_huge_numbers_read_as_powers_of_ten():
    """walker23 W23-2: "∂L/∂wᵢ = [8.745e-04, ...]" beside lessons that write 10⁻⁴."""
    from dlstudio.gui.debugger.equations import num, vec

    assert num(8.745e-4) == "8.745 × 10⁻⁴" and num(-2.5e6) == "−2.500 × 10⁶"
    assert num(0.01659) == "0.01659" and num(0) == "0" and num(-0.4139) == "−0.4139"
    assert vec([8.745e-4, 0.5]) == "[8.745 × 10⁻⁴, 0.5]"


def test_a_negative_term_is_subtracted_not_added():
    """walker28 e_11: 'z = ... = 0.1316 + −0.009999'."""
    from dlstudio.gui.debugger.equations import minus, plus

    assert plus(-0.009999) == "− 0.009999" and plus(0.5) == "+ 0.5"
    assert minus(-0.25) == "+ 0.25" and minus(0.25) == "− 0.25"
