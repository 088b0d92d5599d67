"""The output layer's size against the loaded data's classes is shown on that layer in the
layer stack as soon as the data has loaded (walker34 W34-5: toy 2-8-8-8-2 then Gaussian
blobs or MNIST: the 2-unit output against 3 or 10 classes came only at Start)."""
from __future__ import annotations

from dlstudio.gui.editor.panel import NetworkEditorPanel


def _row(editor, index):
    return editor.stack.itemWidget(editor.stack.item(index))


def test_too_few_output_units_show_on_the_output_layer(small_studio, qtbot):
    s = small_studio
    editor = NetworkEditorPanel(s)
    qtbot.addWidget(editor)
    editor.show()
    with qtbot.waitSignal(s.sigDatasetReady, timeout=60000):
        s.set_data_spec(s.data_spec.with_(dataset="blobs"))
        s.load_dataset()
    last = len(s.network_spec.layers) - 1
    assert "3 classes" in _row(editor, last).problem.text()
    assert not _row(editor, last).problem.isHidden()
    assert _row(editor, 0).problem.isHidden()
    editor.stack.setCurrentRow(last)
    assert "3 classes" in editor.properties.problem.text()
    # three output units: the note goes
    layers = s.network_spec.layers
    s.set_network_spec(s.network_spec.replace_layer(last, layers[last].with_config(units=3)))
    assert _row(editor, last).problem.isHidden()
    # other data (not loaded yet): nothing said about classes not known
    s.set_network_spec(s.network_spec.replace_layer(last, layers[last]))
    s.set_data_spec(s.data_spec.with_(dataset="spirals"))
    assert _row(editor, last).problem.isHidden()
