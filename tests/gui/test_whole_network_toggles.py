"""Every whole-network edit a lesson asks for gives the same network as the window's switch
for it: both go through ``dlstudio.engine.spec_edits``, and this keeps it so."""
from __future__ import annotations

import pytest

from dlstudio.engine.activations import ACTIVATIONS
from dlstudio.engine.initializers import INITIALIZERS
from dlstudio.engine.spec import NetworkSpec
from dlstudio.gui.editor.toggles import NetworkTogglesWidget
from dlstudio.lessons.loader import load_all
from dlstudio.lessons.resolve import apply_network_change
from dlstudio.engine import spec_edits


def _toggle_of(edit: dict):
    """The window action for a lesson edit: ``action(widget)``, or None when the window has
    no switch for it."""
    op = edit["op"]
    if op == "set" and edit["layers"] == "hidden" and edit["key"] in ("activation",
                                                                       "kernel_initializer"):
        def run(t):
            chooser, button = ((t.activation, t.apply_activation) if edit["key"] == "activation"
                               else (t.initializer, t.apply_initializer))
            chooser.set_value(edit["value"])
            button.click()
        return run
    if op == "add_batchnorm" and set(edit) == {"op"}:
        return lambda t: t.batchnorm.setChecked(True)
    if op == "add_dropout" and set(edit) == {"op", "rate"}:
        def run(t):
            t.dropout_rate.setValue(edit["rate"])
            t.dropout.setChecked(True)
        return run
    return None


def _lesson_networks_and_edits():
    """Each lesson's setup network, and every edit found in any lesson step or variant."""
    bases, found = [], []
    for lesson in load_all():
        base = apply_network_change(None, lesson.setup.network)
        if base is not None:
            bases.append((lesson.id, NetworkSpec.from_dict(base)))
        changes = [s.changes for s in lesson.steps]
        changes += [v.changes for s in lesson.steps for v in s.variants]
        for change in changes:
            for edit in change.network.edits:
                if edit not in found:
                    found.append(edit)
    return bases, found


BASES, EDITS = _lesson_networks_and_edits()
TOGGLED = [e for e in EDITS if _toggle_of(e) is not None]


def _canonical(spec: NetworkSpec) -> list[dict]:
    """Layer dicts with activations and initializers written out in full (a lesson writes
    ``{class_name = "random_normal", config = {mean = 0.0, stddev = 1.0}}`` where the window
    leaves the default mean out)."""
    out = []
    for ls in spec.layers:
        d = ls.to_dict()
        for key, registry in (("activation", ACTIVATIONS), ("kernel_initializer", INITIALIZERS)):
            if d.get(key) is not None:
                name, config = registry.split_identifier(d[key])
                d[key] = (name, {**registry.entry(name).defaults(), **config})
        out.append(d)
    return out


def test_the_lessons_use_every_window_switch():
    ops = {(e["op"], e.get("key")) for e in TOGGLED}
    assert ops == {("set", "activation"), ("set", "kernel_initializer"),
                   ("add_batchnorm", None), ("add_dropout", None)}


@pytest.mark.parametrize("edit", TOGGLED, ids=lambda e: "-".join(str(v) for v in e.values()))
def test_lesson_edit_equals_the_window_switch(qtbot, edit):
    toggles = NetworkTogglesWidget()
    qtbot.addWidget(toggles)
    emitted = []
    toggles.sigSpecEdited.connect(emitted.append)
    for lesson_id, base in BASES:
        expected = spec_edits.apply_edit(base, edit)
        toggles.set_spec(base)
        emitted.clear()
        _toggle_of(edit)(toggles)
        got = emitted[-1] if emitted else base
        assert _canonical(got) == _canonical(expected), lesson_id


def test_the_whole_network_tab_fits_a_narrow_dock(qtbot, small_studio):
    """Walker3 W3-23: at 1366x768 the Network dock is ~330 px wide; the Whole network tab
    needs no horizontal scroll bar and shows its buttons' whole text."""
    from dlstudio.gui.editor.panel import NetworkEditorPanel

    panel = NetworkEditorPanel(small_studio)
    qtbot.addWidget(panel)
    panel.resize(330, 700)
    panel.show()
    panel.tabs.setCurrentIndex(1)
    qtbot.waitExposed(panel)
    qtbot.wait(50)
    scroll = panel.tabs.currentWidget()
    assert scroll.widget() is panel.toggles
    assert not scroll.horizontalScrollBar().isVisible()
    for button in (panel.toggles.apply_activation, panel.toggles.apply_initializer):
        assert button.width() >= button.sizeHint().width()


def test_a_network_without_a_hidden_layer_says_so_and_greys_the_switches(qtbot):
    """Walker30 (lesson 1, softmax regression): the switches of a network of one Dense layer
    showed Activation "Linear (none)" and live batch-norm and dropout boxes, with nothing to
    change."""
    from dlstudio.engine.spec import LayerSpec

    toggles = NetworkTogglesWidget()
    qtbot.addWidget(toggles)
    toggles.show()
    single = NetworkSpec((2,), (LayerSpec("Dense", {"units": 3, "activation": "softmax"}),))
    toggles.set_spec(single)
    assert toggles.no_hidden_note.isVisible() and "no hidden layer" in \
        toggles.no_hidden_note.text()
    for w in (toggles.activation, toggles.initializer, toggles.batchnorm, toggles.dropout,
              toggles.dropout_rate, toggles.apply_activation, toggles.apply_initializer):
        assert not w.isEnabled(), w.objectName()
    hidden = NetworkSpec((2,), (LayerSpec("Dense", {"units": 8, "activation": "relu"}),
                                LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
    toggles.set_spec(hidden)
    assert not toggles.no_hidden_note.isVisible()
    assert toggles.batchnorm.isEnabled() and toggles.dropout.isEnabled() \
        and toggles.activation.isEnabled()


def test_a_partial_box_says_how_far_it_holds(qtbot):
    """Walker29 (zh classroom): with one BatchNormalization and one Dropout of five hidden
    layers the boxes showed a grey square and nothing said "1 of 5"."""
    from dlstudio.engine.spec import LayerSpec

    hidden = [LayerSpec("Dense", {"units": 8, "activation": "relu"}) for _ in range(5)]
    spec = NetworkSpec((2,), (hidden[0], LayerSpec("BatchNormalization", {}),
                              LayerSpec("Dropout", {"rate": 0.2}), *hidden[1:],
                              LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
    toggles = NetworkTogglesWidget()
    qtbot.addWidget(toggles)
    toggles.set_spec(spec)
    assert toggles.batchnorm.text().endswith("(now 1 of 5)")
    assert toggles.dropout.text().endswith("(now 1 of 5), rate")
    toggles.set_spec(spec_edits.set_batchnorm(spec, True))
    assert "now" not in toggles.batchnorm.text()
