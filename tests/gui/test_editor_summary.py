"""Walker17 W17-13: in the Network dock at 1366x768 the Summary table's Layer column wrapped
"max_pooling2d_1 (MaxPooling2D)" onto three lines and cut its header to "ayer (type": a
layer with its type's default name is named alone; a name of one's own keeps its type."""
from __future__ import annotations

from dlstudio.gui.editor.summary import SummaryTableWidget, layer_cell


def test_a_default_name_stands_for_its_type():
    assert layer_cell("max_pooling2d_1", "MaxPooling2D") == "max_pooling2d_1"
    assert layer_cell("conv2d", "Conv2D") == "conv2d"
    assert layer_cell("batch_normalization_2", "BatchNormalization") == "batch_normalization_2"
    assert layer_cell("features", "Dense") == "features (Dense)"
    assert layer_cell("dense_x", "Dense") == "dense_x (Dense)"


def test_the_table_shows_the_type_only_for_names_of_ones_own(qtbot):
    from dlstudio.engine.spec import NetworkSpec

    spec = NetworkSpec.from_dict({"input_shape": [28, 28, 1], "layers": [
        {"type": "Conv2D", "filters": 4, "kernel_size": 3, "activation": "relu"},
        {"type": "MaxPooling2D", "pool_size": 2},
        {"type": "Flatten"}, {"type": "Dense", "units": 10, "activation": "softmax"}]})
    table = SummaryTableWidget()
    qtbot.addWidget(table)
    table.set_rows(spec.describe_layers())
    assert table.horizontalHeaderItem(0).text() == "Layer"
    assert table.item(1, 0).text().replace("\u200b", "") == "max_pooling2d"
    assert table.item(1, 0).toolTip() == "max_pooling2d (MaxPooling2D)"
    named = spec.replace_layer(3, spec.layers[3].with_config(name="scores"))
    table.set_rows(named.describe_layers())
    assert table.horizontalHeaderItem(0).text() == "Layer (type)"
    assert table.item(3, 0).text() == "scores (Dense)"
