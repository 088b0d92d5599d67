"""The network editor: building a network through the UI, inline problems, properties bound
both ways, whole-network switches, presets, and the pure spec operations."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.engine import spec_edits as edits
from dlstudio.gui.editor import operations as ops
from dlstudio.gui.editor.panel import NetworkEditorPanel
from dlstudio.gui.widgets.registry_chooser import RegistryChooserWidget


@pytest.fixture
def editor(small_studio, qtbot):
    panel = NetworkEditorPanel(small_studio)
    qtbot.addWidget(panel)
    panel.resize(450, 900)
    panel.show()
    return panel


def _palette_item(panel, layer_type):
    pal = panel.palette_view
    return next(pal.item(i) for i in range(pal.count())
                if pal.item(i).data(Qt.ItemDataRole.UserRole) == layer_type)


def test_build_a_network_through_the_ui(editor, small_studio, qtbot):
    s = small_studio
    s.set_network_spec(NetworkSpec((2,), ()), record=False)
    assert editor.stack.count() == 0
    editor.input_shape.setText("2")
    editor.input_shape.editingFinished.emit()
    for kind in ("Dense", "Dense"):
        editor.palette_view.itemDoubleClicked.emit(_palette_item(editor, kind))
    assert [ls.type for ls in s.network_spec.layers] == ["Dense", "Dense"]
    assert editor.stack.count() == 2
    # select the last layer and set it up as the output through the property form
    editor.stack.setCurrentRow(1)
    units = editor.properties.form.editors["units"]
    units.setValue(2)
    act = editor.properties.form.editors["activation"]
    assert isinstance(act, RegistryChooserWidget)
    act.combo.setCurrentIndex(act.combo.findData("softmax"))
    act.combo.activated.emit(act.combo.currentIndex())
    assert s.network_spec.layers[1].config["units"] == 2
    assert s.network_spec.layers[1].config["activation"] == "softmax"
    assert s.network_spec.validate() == []
    # the summary and the diagram follow the spec
    assert editor.summary.rowCount() == 2 + 3
    assert len(editor.diagram.blocks()) == 3
    # undo goes back one edit at a time
    s.undo()
    assert "activation" not in s.network_spec.layers[1].config or \
        s.network_spec.layers[1].config["activation"] != "softmax"


def test_a_layers_units_cannot_be_emptied_in_the_form(editor, small_studio):
    """walker23 W23-9: 0 in a Dense layer's units turned the field into "-" (not set) and
    the layer into "Dense.__init__() missing 1 required positional argument: 'units'"."""
    editor.stack.setCurrentRow(0)
    units = editor.properties.form.editors["units"]
    assert units.minimum() == 1 and units.specialValueText() == ""
    units.setValue(0)                              # clamped: 0 units is not a layer
    assert units.value() == 1
    assert small_studio.network_spec.validate() == []


def test_model_changes_update_the_property_form_without_echo(editor, small_studio, qtbot):
    s = small_studio
    editor.stack.setCurrentRow(0)
    edits = []
    editor.properties.sigLayerEdited.connect(lambda *a: edits.append(a))
    s.set_network_spec(s.network_spec.replace_layer(0, s.network_spec.layers[0]
                                                    .with_config(units=13)))
    assert editor.properties.form.editors["units"].value() == 13
    assert edits == []


def test_invalid_layer_shows_the_problem_inline(editor, small_studio):
    s = small_studio
    # a convolution on 2-D points cannot work: the row and the property panel say why
    s.set_network_spec(s.network_spec.insert_layer(0, LayerSpec("Conv2D", {
        "filters": 4, "kernel_size": 3})))
    row = editor.stack.itemWidget(editor.stack.item(0))
    assert row.problem.isVisible() or not row.problem.isHidden()
    assert row.problem.text().startswith("⚠")
    editor.stack.setCurrentRow(0)
    assert editor.properties.problem.text()
    assert editor.summary.item(0, 0).toolTip()


def test_bad_input_shape_text_is_explained(editor, small_studio):
    before = small_studio.network_spec
    editor.input_shape.setText("twenty")
    editor.input_shape.editingFinished.emit()
    assert small_studio.network_spec == before
    assert "input shape" in editor.network_problem.text().lower()
    # walker23 W23-8: the refused text does not stay on screen as if it were the shape
    shape = ", ".join(map(str, before.input_shape))
    assert editor.input_shape.text() == shape
    assert "“twenty” is not; the network keeps " + shape in editor.network_problem.text()


def test_the_input_shape_field_shows_the_shape_in_use_after_an_edit(editor, small_studio):
    """W23-8: "2, x" reads as 2 (x separates, as in 28x28x1) and stayed on screen as typed."""
    before = small_studio.network_spec
    assert before.input_shape == (2,)
    editor.input_shape.setText("2, x")
    editor.input_shape.editingFinished.emit()
    assert small_studio.network_spec == before and editor.input_shape.text() == "2"


def test_duplicate_delete_and_move(editor, small_studio):
    s = small_studio
    n = len(s.network_spec.layers)
    editor.stack.setCurrentRow(0)
    editor.stack.duplicate_selected()
    assert len(s.network_spec.layers) == n + 1
    editor.stack.move(0, 2)
    assert len(s.network_spec.layers) == n + 1
    editor.stack.setCurrentRow(1)
    editor.stack.delete_selected()
    assert len(s.network_spec.layers) == n


def test_the_editor_adds_no_layer_beyond_the_most_a_network_may_have(editor, small_studio,
                                                                       monkeypatch, qtbot):
    """A network of more than MAX_LAYERS could be saved but not opened again (W18-7)."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from dlstudio.engine import spec as network_spec

    s = small_studio
    n = len(s.network_spec.layers)
    monkeypatch.setattr(network_spec, "MAX_LAYERS", n + 1)
    editor.stack.setCurrentRow(0)
    editor.stack.duplicate_selected()
    assert len(s.network_spec.layers) == n + 1
    editor.stack.duplicate_selected()
    editor.stack.insert_type("Dense")
    assert len(s.network_spec.layers) == n + 1          # refused, with a message
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    assert any(f"at most {n + 1}" in box.text() for box in boxes)
    for box in boxes:
        box.close()


def test_whole_network_switches(editor, small_studio):
    s = small_studio
    t = editor.toggles
    t.batchnorm.setChecked(True)
    hidden = len(edits.hidden_indices(s.network_spec))
    assert edits.count_type(s.network_spec, "BatchNormalization") == hidden
    t.dropout_rate.setValue(0.3)
    t.dropout.setChecked(True)
    assert edits.count_type(s.network_spec, "Dropout") == hidden
    assert all(ls.config["rate"] == 0.3 for ls in s.network_spec.layers if ls.type == "Dropout")
    t.activation.set_value("relu")
    t.apply_activation.click()
    assert edits.hidden_value(s.network_spec, "activation") == "relu"
    assert s.network_spec.layers[-1].config["activation"] == "softmax"
    t.initializer.set_value("he_normal")
    t.apply_initializer.click()
    assert edits.hidden_value(s.network_spec, "kernel_initializer") == "he_normal"
    t.batchnorm.setChecked(False)
    t.dropout.setChecked(False)
    assert edits.count_type(s.network_spec, "BatchNormalization") == 0
    assert edits.count_type(s.network_spec, "Dropout") == 0
    assert s.network_spec.validate() == []


def test_whole_network_tab_stays_and_shows_the_common_values(editor, small_studio):
    s, t = small_studio, editor.toggles
    editor.stack.setCurrentRow(0)               # the user picks a layer: Layer settings
    assert editor.tabs.currentIndex() == 0
    editor.tabs.setCurrentIndex(1)
    # the preset leaves kernel_initializer out: the box shows its default, not the first item
    assert all("kernel_initializer" not in s.network_spec.layers[i].config
               for i in edits.hidden_indices(s.network_spec))
    assert t.initializer.value() == "glorot_uniform"
    for chooser, button, value in ((t.activation, t.apply_activation, "elu"),
                                   (t.initializer, t.apply_initializer, "he_uniform"),
                                   (t.activation, t.apply_activation, "tanh")):
        chooser.set_value(value)
        button.click()
        assert editor.tabs.currentIndex() == 1   # each click keeps the Whole network tab
    t.batchnorm.setChecked(True)
    t.dropout.setChecked(True)
    assert editor.tabs.currentIndex() == 1
    assert t.activation.value() == "tanh" and t.initializer.value() == "he_uniform"
    # layers that disagree show "(mixed)", and Set waits for a choice
    first = edits.hidden_indices(s.network_spec)[0]
    s.set_network_spec(s.network_spec.replace_layer(
        first, s.network_spec.layers[first].with_config(kernel_initializer="zeros")))
    assert t.initializer.is_mixed() and t.initializer.combo.placeholderText() == "(mixed)"
    assert not t.apply_initializer.isEnabled() and t.apply_activation.isEnabled()
    t.initializer.combo.setCurrentIndex(t.initializer.combo.findData("lecun_normal"))
    t.initializer.combo.activated.emit(t.initializer.combo.currentIndex())
    assert t.apply_initializer.isEnabled()
    t.apply_initializer.click()
    assert edits.hidden_value(s.network_spec, "kernel_initializer") == "lecun_normal"
    assert editor.tabs.currentIndex() == 1


def test_switches_tick_only_what_holds_for_every_hidden_layer(editor, small_studio, qtbot):
    """walker27 W27-1: one batch norm after the first hidden layer and one dropout on the
    inputs ticked both boxes; walker28 W28-11: mixed activations drew a blank box."""
    s, t = small_studio, editor.toggles
    assert len(edits.hidden_indices(s.network_spec)) >= 2
    first = edits.hidden_indices(s.network_spec)[0]
    layers = list(s.network_spec.layers)
    other = "relu" if layers[first].get("activation") == "tanh" else "tanh"
    layers[first] = layers[first].with_config(activation=other)
    layers.insert(first + 1, LayerSpec("BatchNormalization"))
    layers.insert(0, LayerSpec("Dropout", {"rate": 0.25}))
    s.set_network_spec(s.network_spec.with_layers(layers))
    for box in (t.batchnorm, t.dropout):
        assert box.checkState() == Qt.CheckState.PartiallyChecked
    assert t.activation.is_mixed() and t.activation.combo.shown_text() == "(mixed)"
    qtbot.mouseClick(t.batchnorm, Qt.MouseButton.LeftButton)     # partial -> on everywhere
    assert edits.batchnorm_coverage(s.network_spec) is True
    assert t.batchnorm.checkState() == Qt.CheckState.Checked
    qtbot.mouseClick(t.dropout, Qt.MouseButton.LeftButton)
    assert edits.dropout_coverage(s.network_spec) is True
    qtbot.mouseClick(t.batchnorm, Qt.MouseButton.LeftButton)     # and off again
    assert edits.count_type(s.network_spec, "BatchNormalization") == 0
    assert t.batchnorm.checkState() == Qt.CheckState.Unchecked


def test_preset_choice_loads_network_and_its_data(editor, small_studio):
    combo = editor.preset
    asked = []
    combo.ask = lambda name: asked.append(name) or "use"
    i = combo.findData("mnist_convnet")
    combo.setCurrentIndex(i)
    combo.activated.emit(i)
    assert asked == ["mnist_convnet"]        # small_studio's training settings were edited
    assert small_studio.network_spec.input_shape == (28, 28, 1)
    assert small_studio.data_spec.dataset == "mnist"
    assert editor.stack.count() == len(small_studio.network_spec.layers)


def test_a_preset_after_a_lesson_drops_its_variants_and_names_it_in_the_question(
        editor, small_studio):
    """Walker23 W23-14: after lesson 10 step 4 a teacher picked the 784-300-100-10 MLP; the
    question said "You have changed the training settings" (the lesson had), and the
    lesson's "B: dropout 0.5" stayed, so Start trained A + B. A variant the student made
    stays beside a preset."""
    s, combo = small_studio, editor.preset
    s.lesson_place = {"lesson": "10_regularization", "step": 3}
    with s.demonstration():
        s.set_train_spec(s.train_spec.replace(l2=0.001))
        s.add_variant("dropout 0.5")
    assert s.variants_from_lesson
    question = combo.question_text("mlp_300_100")
    assert "Lesson 12 step 4 changed the training settings" in question
    assert "comparison variants (B) go with it" in question
    messages = []
    s.sigMessage.connect(messages.append)
    combo.ask = lambda name: "use"
    assert combo.choose("mlp_300_100")
    assert [v.name for v in s.variants] == ["A"]
    assert any("comparison variants (B) were removed" in m for m in messages)
    # the student's own variant and settings: theirs in the question, and the variant stays
    s.add_variant("mine")
    s.set_train_spec(s.train_spec.replace(learning_rate=0.3))
    question = combo.question_text("toy_2d")
    assert "You have changed the training settings" in question and "variants" not in question
    assert combo.choose("toy_2d")
    assert [v.name for v in s.variants] == ["A", "B"]


def test_a_restored_session_still_knows_what_the_lesson_made(editor, small_studio, qtbot,
                                                             tmp_path):
    """Walker23 W23-14 after a restart: in the session restored from the autosave the preset
    kept lesson 10's "B: dropout 0.5" and said "You have changed the training settings".
    The workspace keeps what a lesson step made and the student left alone."""
    from dlstudio.gui import workspace_file
    from dlstudio.gui.studio import Studio

    s = small_studio
    s.lesson_place = {"lesson": "10_regularization", "step": 3}
    with s.demonstration():
        s.set_train_spec(s.train_spec.replace(l2=0.001))
        s.add_variant("dropout 0.5")
    path = tmp_path / "session.dlsw"
    workspace_file.write(path, workspace_file.capture(s))
    restored = Studio()
    try:
        workspace_file.apply(restored, workspace_file.read(path))
        assert restored.variants_from_lesson
        assert restored.lesson_training_source() == "Lesson 12 step 4"
        assert [v.name for v in restored.variants] == ["A", "B"]
        assert restored.drop_lesson_variants() == ["B"]
        # a session the student changed after the lesson restores as theirs
        s.add_variant("mine")
        s.set_train_spec(s.train_spec.replace(learning_rate=0.3))
        workspace_file.write(path, workspace_file.capture(s))
        workspace_file.apply(restored, workspace_file.read(path))
        assert not restored.variants_from_lesson and restored.lesson_training_source() == ""
    finally:
        restored.shutdown()
    # a damaged entry is ignored
    restored_ws = workspace_file.capture(s)
    restored_ws.ui["lesson_made"] = {"variants": "yes", "train": ["x", True]}
    s.restore_lesson_made(restored_ws.ui["lesson_made"])
    assert not s.variants_from_lesson and s.lesson_training_source() == ""


def test_the_preset_question_names_data_and_optimizer_as_the_docks_do(editor):
    """walker7 W7-17: display names ("Two spirals", "Adam"), never registry names."""
    from dlstudio.gui import specs

    sentence = editor.preset.settings_sentence("toy_2d")
    assert specs.dataset_name("spirals") in sentence and "spirals." not in sentence
    assert specs.optimizer_name("adam") in sentence and "adam," not in sentence


def test_a_preset_brings_its_training_settings_and_the_box_shows_it(editor, small_studio):
    """After a divergence demo at lr 50 the deep sigmoid preset trains at its own settings;
    the box names the preset in use, then "(modified)" after an edit."""
    from dlstudio.gui import specs

    s, combo = small_studio, editor.preset
    combo.ask = lambda name: "use"
    assert combo.currentData() == "toy_2d"                   # the studio starts on toy_2d
    s.set_train_spec(s.train_spec.replace(learning_rate=50.0, epochs=2000))
    combo.activated.emit(combo.findData("deep_sigmoid_mlp"))
    assert s.train_spec == specs.preset_train_spec("deep_sigmoid_mlp")
    assert s.train_spec.learning_rate == 0.1 and s.train_spec.epochs == 5
    assert combo.currentData() == "deep_sigmoid_mlp"
    s.set_network_spec(s.network_spec.remove_layer(1))
    assert combo.currentData() is None and "(modified)" in combo.currentText()
    assert "sigmoid" in combo.currentText().lower()
    s.undo()
    assert combo.currentData() == "deep_sigmoid_mlp"
    # unchanged settings: no question; edited ones: "keep mine" keeps them, cancel keeps all
    combo.ask = lambda name: pytest.fail("nothing was edited, nothing to ask")
    combo.activated.emit(combo.findData("elu_he_mlp"))
    assert s.train_spec == specs.preset_train_spec("elu_he_mlp")
    s.set_train_spec(s.train_spec.replace(learning_rate=0.3))
    combo.ask = lambda name: "keep"
    combo.activated.emit(combo.findData("small_vgg"))
    assert combo.currentData() == "small_vgg" and s.train_spec.learning_rate == 0.3
    combo.ask = lambda name: "cancel"
    combo.activated.emit(combo.findData("toy_2d"))
    assert combo.currentData() == "small_vgg"


def test_a_preset_after_only_other_data_asks_nothing(qapp, qtbot):
    """Walker34 W34-8: a fresh session (the toy preset's own settings), data MNIST chosen,
    then the convnet preset: "You have changed the training settings" though only the data
    was. Other data than the preset's are replaced either way; settings of the same dataset
    that the student changed are asked about as data settings."""
    from dlstudio.gui import specs
    from dlstudio.gui.studio import Studio

    s = Studio()
    try:
        panel = NetworkEditorPanel(s)
        qtbot.addWidget(panel)
        combo = panel.preset
        combo.ask = lambda name: pytest.fail("the training settings were the preset's own")
        s.set_data_spec(s.data_spec.with_(dataset="mnist", params={}))
        assert combo.choose("mnist_convnet")
        assert s.train_spec == specs.preset_train_spec("mnist_convnet")
        s.set_data_spec(s.data_spec.with_(dataset="sine", params={}))
        assert combo.choose("toy_2d")
        assert s.data_spec.dataset == "spirals"
        s.set_data_spec(s.data_spec.with_params(n_samples=300))       # the same dataset
        question = combo.question_text("toy_2d")
        assert "You have changed the data settings" in question
        assert "training settings" not in question.split("\n\n")[-1]
    finally:
        s.shutdown()


def test_move_a_layer_without_drag_and_drop(editor, small_studio, qtbot):
    """Move up / Move down: buttons under the list, Alt+Up / Alt+Down, the context menu (W5-16)."""
    from PySide6.QtGui import QKeySequence

    s = small_studio
    s.set_network_spec(NetworkSpec((2,), (
        LayerSpec("Dense", {"units": 8, "name": "a"}), LayerSpec("Dropout", {"rate": 0.1}),
        LayerSpec("Dense", {"units": 2, "activation": "softmax", "name": "out"}))))
    stack = editor.stack
    stack.setCurrentRow(1)
    assert editor.move_up_button.isEnabled() and editor.move_down_button.isEnabled()
    assert "Alt+Up" in editor.move_up_button.toolTip()
    editor.move_up_button.click()
    assert [ls.type for ls in s.network_spec.layers] == ["Dropout", "Dense", "Dense"]
    assert stack.currentRow() == 0            # the selection follows the moved layer
    assert not editor.move_up_button.isEnabled()          # already at the top
    assert stack.move_down_action.shortcut() == QKeySequence("Alt+Down")
    stack.move_down_action.trigger()
    stack.move_down_action.trigger()
    assert [ls.type for ls in s.network_spec.layers] == ["Dense", "Dense", "Dropout"]
    assert stack.currentRow() == 2 and not editor.move_down_button.isEnabled()
    stack.move_selected(1)                    # at the bottom: nothing happens
    assert [ls.type for ls in s.network_spec.layers] == ["Dense", "Dense", "Dropout"]
    s.undo()
    assert [ls.type for ls in s.network_spec.layers] == ["Dense", "Dropout", "Dense"]


def test_double_clicked_flatten_goes_before_the_dense_layer_that_needs_it(editor, small_studio):
    s = small_studio
    s.set_network_spec(NetworkSpec((28, 28, 1), (
        LayerSpec("Dense", {"units": 8, "activation": "relu"}),
        LayerSpec("Dense", {"units": 10, "activation": "softmax"}))))
    editor.stack.setCurrentRow(0)             # the layer whose hint says "add a Flatten before it"
    editor.palette_view.itemDoubleClicked.emit(_palette_item(editor, "Flatten"))
    assert [ls.type for ls in s.network_spec.layers] == ["Flatten", "Dense", "Dense"]
    assert s.network_spec.validate() == []
    # any other kind still goes after the selection
    editor.stack.setCurrentRow(1)
    editor.palette_view.itemDoubleClicked.emit(_palette_item(editor, "Dropout"))
    assert [ls.type for ls in s.network_spec.layers] == ["Flatten", "Dense", "Dropout", "Dense"]


def test_flatten_then_dense_built_by_hand_stay_in_that_order(editor, small_studio):
    """Walker14 W14-9: on an empty stack, Flatten then Dense (the natural order for an image
    network) put the Dense above the Flatten: a last Flatten counted as "the output layer"."""
    s = small_studio
    s.set_network_spec(NetworkSpec((28, 28, 1), ()))
    for kind in ("Flatten", "Dense"):
        editor.palette_view.itemDoubleClicked.emit(_palette_item(editor, kind))
    assert [ls.type for ls in s.network_spec.layers] == ["Flatten", "Dense"]
    assert s.network_spec.validate() == []
    # the softmax output added last; then another hidden layer lands before it (W11-10)
    s.set_network_spec(s.network_spec.insert_layer(
        2, LayerSpec("Dense", {"units": 10, "activation": "softmax"})))
    editor.stack.setCurrentRow(2)
    editor.palette_view.itemDoubleClicked.emit(_palette_item(editor, "Dropout"))
    assert [ls.type for ls in s.network_spec.layers] == ["Flatten", "Dense", "Dropout", "Dense"]


def test_only_a_softmax_or_sigmoid_output_takes_new_layers_before_it():
    def net(*layers):
        return NetworkSpec((8, 8, 1), tuple(LayerSpec(t, c) for t, c in layers))

    conv = ("Conv2D", {"filters": 2, "kernel_size": 3})
    flat, pool = ("Flatten", {}), ("MaxPooling2D", {"pool_size": 2})
    for spec in (net(flat), net(conv), net(conv, pool), net(conv, flat)):
        n = len(spec.layers)
        assert ops.output_head(spec) is None
        assert ops.default_insert_index(spec, n - 1, "Dense") == n
        assert ops.default_insert_index(spec, None, "Dense") == n
    assert ops.default_insert_index(net(), None, "Flatten") == 0
    sigmoid = net(flat, ("Dense", {"units": 1, "activation": "sigmoid"}))
    assert ops.output_head(sigmoid) == 1 and ops.default_insert_index(sigmoid, 1) == 1
    # a softmax Activation layer after a linear Dense: the two are the head
    split = net(flat, ("Dense", {"units": 10}), ("Activation", {"activation": "softmax"}))
    assert ops.output_head(split) == 1
    assert ops.default_insert_index(split, 2, "Dense") == 1
    assert ops.default_insert_index(split, 0, "Dense") == 1


def test_palette_operations():
    spec = NetworkSpec((2,), (LayerSpec("Dense", {"units": 8, "activation": "tanh"}),
                              LayerSpec("Dense", {"units": 2, "activation": "softmax"})))
    assert ops.default_insert_index(spec, None) == 1
    assert ops.default_insert_index(spec, 0) == 1
    # a selected output layer gets new layers before it, not after the softmax (W11-10)
    assert ops.default_insert_index(spec, 1) == 1
    assert ops.default_insert_index(spec, 1, "Dropout") == 1
    # a Flatten goes before a Dense layer only when that layer gets images
    assert ops.default_insert_index(spec, 0, "Flatten") == 1
    assert ops.default_insert_index(spec.with_input_shape((4, 4, 1)), 0, "Flatten") == 0
    image_spec = NetworkSpec((4, 4, 1), (LayerSpec("Conv2D", {"filters": 2, "kernel_size": 3}),
                                         LayerSpec("Dense", {"units": 2})))
    assert ops.default_insert_index(image_spec, 1, "Flatten") == 1
    assert ops.default_insert_index(image_spec, 0, "Flatten") == 1
    assert ops.move_target(spec, 0, -1) is None and ops.move_target(spec, 0, 1) == 1
    assert ops.move_target(spec, 1, 1) is None
    dup = ops.duplicate_layer(spec.replace_layer(0, spec.layers[0].with_config(name="a")), 0)
    assert "name" not in dup.layers[1].config


def _drop(widget, mime, row):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    rect = widget.visualItemRect(widget.item(row))
    pos = QPointF(rect.center().x(), rect.top() + 2)      # upper half: insert before `row`
    event = QDropEvent(pos, Qt.DropAction.MoveAction | Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)


def test_drag_from_palette_and_reorder_by_drag(editor, small_studio):
    from PySide6.QtCore import QByteArray, QMimeData

    from dlstudio.gui.editor.layer_stack import MIME_LAYER_ROW
    from dlstudio.gui.editor.palette import MIME_LAYER_TYPE

    s = small_studio
    before = [ls.type for ls in s.network_spec.layers]
    mime = QMimeData()
    mime.setData(MIME_LAYER_TYPE, QByteArray(b"Dropout"))
    _drop(editor.stack, mime, 1)
    assert [ls.type for ls in s.network_spec.layers] == before[:1] + ["Dropout"] + before[1:]
    mime = QMimeData()
    mime.setData(MIME_LAYER_ROW, QByteArray(b"1"))        # move the Dropout above layer 1
    _drop(editor.stack, mime, 0)
    assert s.network_spec.layers[0].type == "Dropout"
    s.undo()
    s.undo()
    assert [ls.type for ls in s.network_spec.layers] == before


def test_one_edit_checks_the_spec_once(editor, small_studio, monkeypatch):
    from dlstudio.engine import validation

    calls = []
    real = validation.check
    monkeypatch.setattr(validation, "check", lambda spec: calls.append(spec) or real(spec))
    editor.toggles.batchnorm.setChecked(True)       # refresh: stack, summary, diagram, problems
    assert len(calls) == 1 and calls[0] is small_studio.network_spec


def test_the_box_names_the_preset_a_network_is_an_edit_of_or_says_custom(editor, small_studio):
    """A restored MNIST batch-norm network read "2-D toy network (modified)" (the last preset
    applied); "(modified)" now names the preset it is an edit of, else "(custom network)"."""
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.gui import specs

    s, combo = small_studio, editor.preset
    assert combo.currentData() == "toy_2d"
    mlp = specs.preset_network("mlp_300_100")
    with_bn = NetworkSpec(mlp.input_shape, mlp.layers[:2] + (LayerSpec("BatchNormalization"),)
                          + mlp.layers[2:])
    s.set_network_spec(with_bn)
    assert combo.currentData() is None and "(modified)" in combo.currentText()
    assert "300" in combo.currentText() and "toy" not in combo.currentText().lower()
    s.set_network_spec(NetworkSpec((5,), (LayerSpec("Dense", {"units": 3}),)))
    assert combo.currentText() == "5-3 MLP (custom)"           # an MLP is named by its sizes
    s.set_network_spec(NetworkSpec((8, 8, 1), (LayerSpec("Conv2D", {"filters": 2,
                                                                  "kernel_size": 3}),
                                               LayerSpec("Flatten"),
                                               LayerSpec("Dense", {"units": 3}))))
    assert combo.currentText() == "(custom network)"


def test_an_mlp_with_other_sizes_is_not_named_after_the_sizes_of_a_preset(editor, small_studio):
    """Walker5 W5-17: Flatten-8-8-10 on MNIST read "784-300-100-10 MLP (modified)"."""
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.gui import specs

    s, combo = small_studio, editor.preset
    mlp = specs.preset_network("mlp_300_100")
    dense = [i for i, layer in enumerate(mlp.layers) if layer.type == "Dense"]
    layers = list(mlp.layers)
    for i in dense[:2]:
        layers[i] = LayerSpec("Dense", {**layers[i].config, "units": 8})
    s.set_network_spec(NetworkSpec(mlp.input_shape, tuple(layers)))
    assert combo.currentData() is None and combo.currentText() == "784-8-8-10 MLP (custom)"
    # the same sizes with an extra side layer still read as that preset, modified
    layers = list(mlp.layers)
    layers.insert(dense[0] + 1, LayerSpec("Dropout", {"rate": 0.2}))
    s.set_network_spec(NetworkSpec(mlp.input_shape, tuple(layers)))
    assert combo.currentText() == "784-300-100-10 MLP (modified)"


def test_a_convnet_with_another_conv_depth_is_no_edit_of_the_textbook_one(editor,
                                                                         small_studio):
    """Walker8 W8-10: a hand-built 1-conv MNIST network read "Textbook MNIST convnet
    (modified)" (the textbook one has three Conv2D layers)."""
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.gui import specs

    s, combo = small_studio, editor.preset
    textbook = specs.preset_network("mnist_convnet")
    one_conv = NetworkSpec(textbook.input_shape, (
        LayerSpec("Conv2D", {"filters": 16, "kernel_size": 3, "activation": "relu"}),
        LayerSpec("MaxPooling2D", {"pool_size": 2}), LayerSpec("Flatten", {}),
        LayerSpec("Dense", {"units": 64, "activation": "tanh"}),
        LayerSpec("Dense", {"units": 10, "activation": "softmax"})))
    s.set_network_spec(one_conv)
    assert combo.currentText() == "Convnet with 1 convolution layer (custom)"
    layers = list(textbook.layers)                   # the textbook one with a wider layer
    first = next(i for i, layer in enumerate(layers) if layer.type == "Conv2D")
    layers[first] = LayerSpec("Conv2D", {**layers[first].config, "filters": 48})
    s.set_network_spec(NetworkSpec(textbook.input_shape, tuple(layers)))
    assert combo.currentText() == "Textbook MNIST convnet (modified)"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("theme_name, classroom", [("light", False), ("dark", False),
                                                   ("light", True)])
def test_move_buttons_do_not_widen_the_network_dock(small_studio, qtbot, qapp, lang,
                                                    theme_name, classroom):
    """Walker6 W6-29: beside the check button, Up/Down widened the dock (plot titles were
    cut at 1920 classroom). On their own row they add no width, in the app's own style
    sheets (with them, and only with them, the row was 3 px too wide)."""
    from dlstudio.gui import i18n, theme

    theme.apply(qapp, theme_name, classroom)
    i18n.set_language(lang)
    try:
        panel = NetworkEditorPanel(small_studio)
        qtbot.addWidget(panel)
        panel.resize(450, 900)
        panel.show()
        qtbot.wait(10)
        with_buttons = panel.minimumSizeHint().width()
        panel.move_up_button.hide()
        panel.move_down_button.hide()
        qtbot.wait(10)
        assert with_buttons <= panel.minimumSizeHint().width()
    finally:
        i18n.set_language("en")
        theme.apply(qapp, "light", False)


def test_the_layer_list_marks_frozen_layers(editor, small_studio):
    """Walker9 W9-26: a network sent from Transfer learning had frozen layers, and nothing in
    the layer list showed it."""
    net = small_studio.network_spec
    layers = list(net.layers)
    layers[0] = layers[0].with_config(trainable=False)
    small_studio.set_network_spec(NetworkSpec(net.input_shape, tuple(layers)))
    stack = editor.stack
    titles = [stack.itemWidget(stack.item(i)).title.text() for i in range(stack.count())]
    assert "frozen" in titles[0]
    assert not any("frozen" in t for t in titles[1:])


def test_a_selected_rows_problem_stays_readable(editor, small_studio, qtbot):
    """W11-1: dark red problem text on the selection's blue (contrast ~2:1), unreadable on a
    projector; the text now sits on a chip of the list's background."""
    from collections import Counter

    from PySide6.QtGui import QColor

    from dlstudio.gui import theme

    s = small_studio
    s.set_network_spec(s.network_spec.insert_layer(0, LayerSpec("Conv2D", {
        "filters": 4, "kernel_size": 3})))
    editor.stack.setCurrentRow(0)
    row = editor.stack.itemWidget(editor.stack.item(0))
    qtbot.waitUntil(lambda: row.problem.isVisible())
    top_left = row.problem.mapTo(editor.stack.viewport(), row.problem.rect().topLeft())
    image = editor.stack.viewport().grab(row.problem.rect().translated(top_left)).toImage()
    pixels = Counter(image.pixel(x, y) for x in range(0, image.width(), 2)
                     for y in range(0, image.height(), 2))
    background = QColor.fromRgb(pixels.most_common(1)[0][0])

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + \
            0.0722 * channel(c.blueF())

    text = QColor(theme.error_color())
    lo, hi = sorted((luminance(text), luminance(background)))
    assert (hi + 0.05) / (lo + 0.05) >= 4.5, background.name()


def test_a_network_with_other_hidden_activations_is_no_edit_of_a_preset(editor, small_studio):
    """Walker12 W12-13: lesson 02's ten ReLU/He layers read "Deep sigmoid MLP (vanishing
    gradients) (modified)" once lesson 03 had applied that preset (the same layer sizes but
    one). A preset whose hidden activations the network does not use is no name for it."""
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.gui import specs

    s, combo = small_studio, editor.preset
    combo.ask = lambda name: "use"
    combo.activated.emit(combo.findData("deep_sigmoid_mlp"))
    sigmoid = specs.preset_network("deep_sigmoid_mlp")
    relu = tuple(LayerSpec("Dense", {"units": 64, "activation": "relu",
                                     "kernel_initializer": "he_normal"}) for _ in range(10))
    s.set_network_spec(NetworkSpec(sigmoid.input_shape, (LayerSpec("Flatten"),) + relu + (
        LayerSpec("Dense", {"units": 10, "activation": "softmax"}),)))
    assert combo.currentData() is None
    assert combo.currentText() == "784-64×10-10 MLP (custom)"
    # one sigmoid layer left: still an edit of the sigmoid preset
    s.set_network_spec(s.network_spec.replace_layer(1, sigmoid.layers[1]))
    assert combo.currentText() == "Deep sigmoid MLP (vanishing gradients) (modified)"


def test_the_activation_list_has_one_entry_for_no_activation(qtbot):
    """Walker14 W14-12: a Dense layer's Activation listed "(none)" and "Linear (none)",
    two entries meaning the same. "Linear (none)" now stands for no activation; lists
    whose registry has no such member keep "(none)"."""
    from dlstudio.engine.activations import ACTIVATIONS
    from dlstudio.engine.regularizers import REGULARIZERS

    act = RegistryChooserWidget(ACTIVATIONS, allow_none=True)
    qtbot.addWidget(act)
    texts = [act.combo.itemText(i) for i in range(act.combo.count())]
    assert "(none)" not in texts and sum("none" in t.lower() for t in texts) == 1
    act.set_value(None)
    assert act.combo.currentData() == "linear" and act.value() is None
    act.set_value("relu")
    assert act.value() == "relu"
    act.combo.setCurrentIndex(act.combo.findData("linear"))
    assert act.value() is None                   # as "(none)" gave: the spec is unchanged
    reg = RegistryChooserWidget(REGULARIZERS, allow_none=True)
    qtbot.addWidget(reg)
    assert reg.combo.itemText(0) == "(none)" and reg.combo.itemData(0) is None


def test_a_preset_name_too_long_for_the_box_ends_with_an_ellipsis(editor, small_studio, qtbot):
    """Walker14 W14-7: in a narrow Network dock the preset box read "Convnet with 2
    convolution layers (c", cut with no sign that text was missing."""
    box = editor.preset
    box.setItemText(0, "Convnet with 2 convolution layers (custom)")
    box.setCurrentIndex(0)
    box.resize(160, box.height())
    shown = box.shown_text()
    assert shown.endswith("…") and len(shown) < len(box.currentText())
    box.resize(box.fontMetrics().horizontalAdvance(box.currentText()) + 120, box.height())
    assert box.shown_text() == box.currentText()
    image = box.grab()                          # drawn without error
    assert not image.isNull()


def test_the_palette_stays_put_when_the_network_problem_comes_and_goes(editor, small_studio,
                                                                         qtbot):
    """W16-21: the line saying the network has no layers stood above the palette; adding the
    first layer took it away, the palette moved up a row under the mouse and the next
    double-click added the layer of the row below."""
    editor.resize(420, 700)
    editor.show()
    qtbot.waitExposed(editor)
    full = small_studio.network_spec
    small_studio.set_network_spec(NetworkSpec(full.input_shape, ()))
    qtbot.waitUntil(lambda: editor.network_problem.isVisible())
    qtbot.wait(20)
    top_with_problem = editor.palette_view.mapTo(editor, editor.palette_view.rect().topLeft())
    small_studio.set_network_spec(full)
    qtbot.waitUntil(lambda: not editor.network_problem.isVisible())
    qtbot.wait(20)
    top_without = editor.palette_view.mapTo(editor, editor.palette_view.rect().topLeft())
    assert top_with_problem == top_without
