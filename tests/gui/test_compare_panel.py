"""Compare runs (issue 15): a variant keeps what it shares with A, so both train for the same
number of steps after A's epochs change; its label names the change by its display name."""
from __future__ import annotations

from dlstudio.engine import spec_edits as edits
from dlstudio.gui.training.compare import ComparePanel


def _labels(panel) -> list[str]:
    return [panel.list.item(i).text() for i in range(panel.list.count())]


def test_duplicated_variant_follows_a_and_trains_as_long(small_studio, qtbot):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    panel = ComparePanel(s)
    qtbot.addWidget(panel)
    panel.duplicate.click()
    assert panel.selected().name == "B"
    panel.initializer.sigEdited.emit("random_normal")
    b = s.variants[1]
    assert edits.hidden_value(b.network_spec, "kernel_initializer") == "random_normal"
    assert _labels(panel)[1] == "B: initializer: Random normal"

    s.set_train_spec(s.train_spec.replace(epochs=3))          # A: 1 -> 3 epochs
    b = s.variants[1]
    assert b.train_spec.epochs == 3                            # shared: B follows
    assert edits.hidden_value(b.network_spec, "kernel_initializer") == "random_normal"
    assert _labels(panel)[1] == "B: initializer: Random normal"

    last = {}
    s.sigTelemetry.connect(lambda snap: last.__setitem__(snap.variant, snap))
    s.start()
    qtbot.waitUntil(lambda: s.state in ("finished", "failed", "diverged"), timeout=60000)
    assert s.state == "finished"
    assert last["A"].step == last["B"].step == last["A"].total_steps == last["B"].total_steps


def test_a_setting_only_the_variant_changed_is_listed(small_studio, qtbot):
    s = small_studio
    panel = ComparePanel(s)
    qtbot.addWidget(panel)
    panel.duplicate.click()
    s.set_variant("B", train_spec=s.variants[1].train_spec.replace(epochs=7, batch_size=8))
    label = _labels(panel)[1]
    assert "epochs 7" in label and "batch size 8" in label
    s.set_train_spec(s.train_spec.replace(epochs=9))
    assert s.variants[1].train_spec.epochs == 7                # B's own choice stays


def test_selecting_a_shows_a_own_settings_not_another_rows(small_studio, qtbot):
    """Walker3 W3-7: with A selected the (read-only) editor showed B's activation and learning
    rate; it shows A's."""
    s = small_studio
    s.set_network_spec(edits.set_hidden_activation(s.network_spec, "sigmoid"))
    s.set_train_spec(s.train_spec.replace(learning_rate=0.05))
    panel = ComparePanel(s)
    qtbot.addWidget(panel)
    panel.duplicate.click()
    panel.activation.sigEdited.emit("relu")
    panel.learning_rate.setValue(0.01)
    assert panel.activation.value() == "relu"
    panel.list.setCurrentRow(0)                       # A
    assert not panel.editor_box.isEnabled()
    assert panel.activation.value() == "sigmoid"
    assert abs(panel.learning_rate.value() - 0.05) < 1e-9


def test_lesson_tags_name_the_variants_while_their_settings_hold(small_studio, qtbot):
    s = small_studio
    panel = ComparePanel(s)
    qtbot.addWidget(panel)
    s.add_variant()
    s.set_variant("B", network_spec=edits.set_hidden_activation(s.network_spec, "elu"))
    s.set_variant_tags({"A": "base", "B": "elu"})
    assert s.variant_tags() == {"A": "base", "B": "elu"}
    assert _labels(panel)[0] == "A base: the current setup"
    assert _labels(panel)[1].startswith("B elu: activation: ")
    s.set_variant("B", train_spec=s.train_spec.replace(learning_rate=0.5))
    assert s.variant_tags() == {"A": "base"}          # B changed: no longer the lesson's elu
    s.start(max_steps=1)
    assert s.store.variant_label("A") == "A base" and s.store.variant_label("B") == "B"
    qtbot.waitUntil(lambda: s.state in ("finished", "failed", "diverged"), timeout=60000)


def test_a_variant_shows_the_dropout_rate_it_has(small_studio, qtbot):
    """Walker14 W14-15: B, inheriting A's dropout 0.25, showed the box's own rate 0.20."""
    s = small_studio
    s.set_network_spec(edits.set_dropout(s.network_spec, True, 0.25))
    panel = ComparePanel(s)
    qtbot.addWidget(panel)
    panel.duplicate.click()
    assert panel.dropout.isChecked() and abs(panel.dropout_rate.value() - 0.25) < 1e-9
    assert edits.dropout_rate(s.variants[1].network_spec) == 0.25      # showing it edits nothing
    assert edits.dropout_rate(s.network_spec) == 0.25


def test_with_no_row_selected_the_greyed_editor_shows_a(small_studio, qtbot):
    """Seen with W14-15: before any row was chosen the greyed editor showed the widgets' own
    values ('Linear (none)', 'Zeros', 'SGD', 1e-07), not the setup's."""
    s = small_studio
    s.set_train_spec(s.train_spec.replace(learning_rate=0.05))
    panel = ComparePanel(s)
    qtbot.addWidget(panel)
    panel.list.setCurrentRow(-1)
    panel._show_selected()                   # noqa: SLF001 - as a selection change does
    assert not panel.editor_box.isEnabled()
    assert abs(panel.learning_rate.value() - 0.05) < 1e-9
    assert panel.optimizer.currentData() == s.train_spec.optimizer


def test_a_changed_setting_is_named_as_the_training_panel_names_it(small_studio, qtbot):
    """walker20 W20-10: the zh list read "batch size 8" (the setting's key), where the branch
    dialog and the Training panel say 批大小."""
    from dlstudio.gui import i18n

    s = small_studio
    panel = ComparePanel(s)
    qtbot.addWidget(panel)
    panel.duplicate.click()
    s.set_variant("B", train_spec=s.variants[1].train_spec.replace(batch_size=8, l2=0.001,
                                                                  clipnorm=1.0))
    assert "L2 penalty 0.001" in _labels(panel)[1]
    assert "clip gradient norm 1" in _labels(panel)[1]
    i18n.set_language("zh_CN")
    try:
        label = _labels(panel)[1]
        assert "批大小 8" in label and "L2 惩罚 0.001" in label
        assert ", " not in label and "、" in label           # the Chinese list separator
        assert label.startswith("B：")
        assert "batch" not in label and "clipnorm" not in label
    finally:
        i18n.set_language("en")


def test_a_long_entry_wraps_inside_the_list(small_studio, qtbot):
    """walker20 W20-1: at 1366x768 a branch's entry was cut at the list's edge; its end
    "(a new Start leaves it out)" showed only after scrolling sideways."""
    s = small_studio
    panel = ComparePanel(s)
    qtbot.addWidget(panel)
    panel.resize(300, 500)
    panel.show()
    panel.duplicate.click()
    s.set_variant("B", train_spec=s.variants[1].train_spec.replace(
        learning_rate=0.001, batch_size=8, l2=0.001, clipnorm=1.0))
    qtbot.waitExposed(panel)
    view = panel.list
    rect = view.visualItemRect(view.item(1))
    assert len(_labels(panel)[1]) * view.fontMetrics().averageCharWidth() > \
        view.viewport().width()                                  # a line that long ...
    assert rect.right() <= view.viewport().width()               # ... stays inside
    assert rect.height() >= 2 * view.fontMetrics().height()      # on several lines
    assert not view.horizontalScrollBar().isVisible()


def test_a_variant_with_batchnorm_on_one_layer_shows_a_partial_box(small_studio, qtbot):
    """Walker28 W28-11: one Dropout (of several hidden layers) showed "Dropout after every
    hidden Dense layer" ticked; a click on the partial box puts one after every layer."""
    from PySide6.QtCore import Qt
    from dlstudio.engine.spec import LayerSpec

    s = small_studio
    first = edits.hidden_indices(s.network_spec)[0]
    layers = list(s.network_spec.layers)
    layers.insert(first + 1, LayerSpec("Dropout", {"rate": 0.25}))
    s.set_network_spec(s.network_spec.with_layers(layers))
    assert len(edits.hidden_indices(s.network_spec)) >= 2
    panel = ComparePanel(s)
    qtbot.addWidget(panel)
    panel.duplicate.click()
    assert panel.dropout.checkState() == Qt.CheckState.PartiallyChecked
    assert panel.batchnorm.checkState() == Qt.CheckState.Unchecked
    qtbot.mouseClick(panel.dropout, Qt.MouseButton.LeftButton)
    assert edits.dropout_coverage(s.variants[1].network_spec) is True
    assert edits.dropout_coverage(s.network_spec) is edits.MIXED       # A keeps its own
