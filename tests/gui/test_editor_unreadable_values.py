"""A network file can hold any JSON number or text where a layer wants a whole number (walker25
W25-2: ``"units": 1e400`` reads as inf). The editor shows such a spec without raising: the
layer list names the problem, and the form and its header follow the selected layer."""
from __future__ import annotations

import math

import pytest

from dlstudio.engine.layers import LAYERS
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui.editor.properties import LayerPropertiesWidget
from dlstudio.gui.editor.toggles import NetworkTogglesWidget

#: values a JSON file (or a hand-written spec) can put where a number belongs
ODD_VALUES = [math.inf, -math.inf, math.nan, 10**30, -10**30, 1e300, "abc", "12", "",
              [1, 2], {"a": 1}, True, 2.5, -1]


def _settings():
    return [(entry.name, p.name) for entry in LAYERS.entries() for p in entry.params]


@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_every_layer_setting_shows_any_value_without_raising(qtbot, value):
    panel = LayerPropertiesWidget()
    qtbot.addWidget(panel)
    for index, (kind, name) in enumerate(_settings()):
        panel.show_layer(index, LayerSpec(kind, {name: value}), ("a problem",))
        assert panel.header.text().startswith(f"<b>{index + 1}. {kind}</b>")
        panel.show_layer(index, LayerSpec(kind, {}))   # and back to a readable one


def test_a_form_after_an_unreadable_value_shows_the_next_layer(qtbot):
    panel = LayerPropertiesWidget()
    qtbot.addWidget(panel)
    panel.show_layer(1, LayerSpec("Dense", {"units": 1e400}), ("units must be whole",))
    # inf is beyond any spin box: the form shows the nearest value it has, not a stale one
    assert panel.form.editors["units"].value() == panel.form.editors["units"].maximum()
    panel.show_layer(2, LayerSpec("Dense", {"units": 10, "activation": "softmax"}))
    assert panel.form.editors["units"].value() == 10
    assert panel.header.text().startswith("<b>3. Dense</b>")


@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_the_whole_network_switches_show_any_dropout_rate(qtbot, value):
    toggles = NetworkTogglesWidget()
    qtbot.addWidget(toggles)
    spec = NetworkSpec((4,), (LayerSpec("Dense", {"units": 3}),
                              LayerSpec("Dropout", {"rate": value}),
                              LayerSpec("Dense", {"units": 2, "activation": "softmax"})))
    toggles.set_spec(spec)
    assert toggles.dropout.isChecked()


@pytest.mark.parametrize("value", [1e400, math.nan, 10**30, "abc"], ids=repr)
def test_the_editor_shows_a_network_with_unreadable_units(qtbot, small_studio, value):
    from dlstudio.gui.editor.panel import NetworkEditorPanel

    editor = NetworkEditorPanel(small_studio)
    qtbot.addWidget(editor)
    editor.show()
    small_studio.set_network_spec(NetworkSpec((2,), (
        LayerSpec("Dense", {"units": value}),
        LayerSpec("Dense", {"units": 2, "activation": "softmax"}))), record=False)
    for row in (0, 1, 0):
        editor.stack.setCurrentRow(row)
        assert editor.properties.header.text().startswith(f"<b>{row + 1}. Dense</b>")
    assert editor.properties.problem.text()


def test_a_number_beyond_the_forms_range_is_shown_as_it_is(qtbot):
    """A spec may hold numbers the engine takes beyond the range the form offers (stddev 30,
    5,000 units): the form shows them, not its range's end (stddev 30 read "10"), and goes
    back to its own range for the next layer."""
    panel = LayerPropertiesWidget()
    qtbot.addWidget(panel)
    init = {"class_name": "random_normal", "config": {"stddev": 30.0}}
    panel.show_layer(0, LayerSpec("Dense", {"units": 5000, "kernel_initializer": init}))
    assert panel.form.editors["units"].value() == 5000
    chooser = panel.form.editors["kernel_initializer"]
    assert chooser.sub.editors["stddev"].value() == 30.0
    assert chooser.value() == init
    panel.show_layer(1, LayerSpec("Dense", {"units": 1e400}))
    assert panel.form.editors["units"].value() == panel.form.editors["units"].maximum() < 5000


@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_the_training_and_compare_panels_show_any_dropout_rate(qtbot, small_studio, value):
    """Found sweeping every layer setting through the whole window (walker25 W25-2): the
    Training panel's and the Compare dock's dropout boxes raised on a rate that is no number."""
    from dlstudio.gui.training.compare import ComparePanel
    from dlstudio.gui.training.panel import TrainingPanel

    training, compare = TrainingPanel(small_studio), ComparePanel(small_studio)
    qtbot.addWidget(training)
    qtbot.addWidget(compare)
    small_studio.set_network_spec(NetworkSpec((2,), (
        LayerSpec("Dense", {"units": 3}), LayerSpec("Dropout", {"rate": value}),
        LayerSpec("Dense", {"units": 2, "activation": "softmax"}))), record=False)
    compare.refresh()
    assert training.dropout_rate.isEnabled()
