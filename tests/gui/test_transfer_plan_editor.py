"""The transfer plan being edited: the controls and the layer table bound to the source."""
from __future__ import annotations

from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui.transfer.layer_table import LayerTableWidget
from dlstudio.gui.transfer.plan_controls import PlanControlsWidget
from dlstudio.gui.transfer.plan_editor import PlanEditor

SPEC = NetworkSpec((2,), (LayerSpec("Dense", {"units": 6, "activation": "tanh"}),
                          LayerSpec("Dropout", {"rate": 0.1}),
                          LayerSpec("Dense", {"units": 5, "activation": "tanh"}),
                          LayerSpec("Dense", {"units": 3, "activation": "softmax"})))


def _editor(qtbot):
    controls, layers = PlanControlsWidget(), LayerTableWidget()
    qtbot.addWidget(controls)
    qtbot.addWidget(layers)
    controls.reuse_spin.setRange(1, 4)
    controls.reuse_spin.setValue(3)
    editor = PlanEditor(controls, layers)
    editor.set_source(SPEC, frozen=range(3))
    return editor, controls, layers


def test_the_source_fills_the_table_and_the_plan_reads_it(qtbot):
    editor, controls, layers = _editor(qtbot)
    assert layers.rowCount() == 5 and layers.frozen() == [0, 2]   # Dropout has no weights
    assert controls.fine_layers_spin.maximum() == 2               # the reused layers with weights
    plan = editor.plan()
    assert (plan.reuse, plan.frozen, plan.n_classes) == (3, (0, 2), controls.classes_spin.value())


def test_reusing_fewer_layers_keeps_the_frozen_choice_of_those_still_reused(qtbot):
    editor, controls, layers = _editor(qtbot)
    layers.checks[0].setChecked(False)
    controls.reuse_spin.setValue(4)
    assert editor.plan().frozen == (2,)
    controls.freeze_all_button.click()
    assert editor.plan().frozen == (0, 2, 3)
    controls.reuse_spin.setValue(1)
    assert editor.plan().frozen == (0,) and controls.fine_layers_spin.maximum() == 1
    controls.unfreeze_all_button.click()
    assert editor.plan().frozen == ()


def test_the_layers_fine_tuning_unfreezes_are_marked_and_a_plan_can_be_set(qtbot):
    editor, controls, layers = _editor(qtbot)
    controls.fine_layers_spin.setValue(1)
    assert layers.tuned == {2}
    editor.set_plan(2, [0], cache=False, fine_tune_layers=0, head_epochs=7)
    plan = editor.plan()
    assert (plan.reuse, plan.frozen, plan.cache_features, plan.head_epochs) == (2, (0,), False, 7)
    assert layers.tuned == set()
    editor.clear()
    assert layers.rowCount() == 0 and editor.spec is None
    controls.classes_spin.setValue(9)                   # no source: nothing to refill
    assert layers.rowCount() == 0
