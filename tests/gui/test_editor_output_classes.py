"""What the output layer cannot do is shown on that layer in the layer stack: too few units
for the loaded data's classes, as soon as the data has loaded (walker34 W34-5: toy 2-8-8-8-2
then Gaussian blobs or MNIST: the 2-unit output against 3 or 10 classes came only at Start),
and an activation the loss cannot read."""
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


def test_a_relu_output_is_marked_and_start_refuses_it(small_studio, qtbot):
    """A cross-entropy loss reads the outputs as probabilities: another output activation is
    marked on the output layer and keeps Start from training (walker38 W38-9: three
    Dense(32, relu) layers on the two-class toy trained to a loss of 1e-7 at 61% accuracy,
    and the window said nothing was left to learn)."""
    s = small_studio
    editor = NetworkEditorPanel(s)
    qtbot.addWidget(editor)
    editor.show()
    last = len(s.network_spec.layers) - 1
    layers = s.network_spec.layers
    assert _row(editor, last).problem.isHidden()
    s.set_network_spec(s.network_spec.replace_layer(
        last, layers[last].with_config(activation="relu")))
    said = _row(editor, last).problem.text()
    assert not _row(editor, last).problem.isHidden()
    # named as the Loss and Activation combos name them, not by their keys
    assert "Softmax" in said and "ReLU" in said and "Sparse categorical cross-entropy" in said
    assert "_" not in said
    errors = []
    s.sigError.connect(errors.append)
    s.start()
    assert errors and "Softmax" in errors[-1]
    assert s.state not in ("running", "finished")
    # a loss that takes any output: the mark goes at once
    s.set_train_spec(s.train_spec.replace(loss="mse"))
    assert _row(editor, last).problem.isHidden()
    s.set_train_spec(s.train_spec.replace(loss="sparse_categorical_crossentropy"))
    assert not _row(editor, last).problem.isHidden()
    s.set_network_spec(s.network_spec.replace_layer(last, layers[last]))
    assert _row(editor, last).problem.isHidden()
