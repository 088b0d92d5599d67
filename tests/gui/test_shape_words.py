"""Output shapes never show Keras' "None" (walker4 W4-13): the layer list names the batch
dimension in words ("batch × 26 × 26 × 32", in the UI language); the summary and transfer
tables show one example's shape ("26 × 26 × 32", no room for "batch" in every row of a narrow
dock) under a header tooltip explaining the batch dimension. The engine's Keras-style summary
text keeps "(None, 26, 26, 32)"."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui import i18n

from tests.widget_texts import delete_closed_widgets

SPEC = NetworkSpec((28, 28, 1), (LayerSpec("Conv2D", {"filters": 32, "kernel_size": 3}),
                                 LayerSpec("Flatten"),
                                 LayerSpec("Dense", {"units": 10, "activation": "softmax"})))


def test_layer_list_and_summary_say_batch_in_the_ui_language(qtbot):
    from dlstudio.gui.editor.layer_stack import LayerStackWidget
    from dlstudio.gui.editor.summary import SummaryTableWidget

    stack, table = LayerStackWidget(), SummaryTableWidget()
    for w in (stack, table):
        qtbot.addWidget(w)
    rows = SPEC.describe_layers()
    stack.set_spec(SPEC, rows)
    table.set_rows(rows)
    first = stack.itemWidget(stack.item(0)).title
    assert "batch × 26 × 26 × 32" in first.text() and "None" not in first.text()
    assert "None" in first.toolTip()                 # the tooltip links it to Keras' None
    assert table.item(0, 1).text() == "26 × 26 × 32"
    english_tip = table.horizontalHeaderItem(1).toolTip()
    assert "batch × 26 × 26 × 32" in english_tip and "None" in english_tip
    delete_closed_widgets()
    try:
        assert i18n.set_language("zh_CN")
        qtbot.wait(20)
        first = stack.itemWidget(stack.item(0)).title
        assert "批量 × 26 × 26 × 32" in first.text()
        assert table.item(2, 1).text() == "10"
        assert not first.toolTip().startswith("Output shape")
        assert table.horizontalHeaderItem(1).toolTip() != english_tip
    finally:
        i18n.set_language("en")


def test_transfer_table_shows_example_shapes(qtbot):
    from dlstudio.engine.network import Network
    from dlstudio.gui.transfer.layer_table import LayerTableWidget

    table = LayerTableWidget()
    qtbot.addWidget(table)
    net = Network.from_spec(SPEC, seed=0)
    table.set_layers(net.spec.describe_layers(), 2, {0}, 5)
    assert table.item(0, 3).text() == "26 × 26 × 32"
    assert table.item(3, 3).text() == "5"                   # the new head
    assert "None" in table.horizontalHeaderItem(3).toolTip()
    delete_closed_widgets()
    try:
        assert i18n.set_language("zh_CN")
        qtbot.wait(20)
        assert table.item(3, 1).text() == "新的输出头"
        assert table.frozen() == [0]                         # rebuilt, same choices
    finally:
        i18n.set_language("en")


def test_engine_summary_keeps_the_keras_text():
    from dlstudio.engine.network import Network

    assert "(None, 26, 26, 32)" in Network.from_spec(SPEC, seed=0).summary()
