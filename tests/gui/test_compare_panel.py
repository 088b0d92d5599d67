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
