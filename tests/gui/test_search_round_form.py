"""The search round's size: four labelled spin boxes."""
from __future__ import annotations

from dlstudio.gui.search.round_form import RoundFormWidget
from dlstudio.training.search import default_workers


def test_the_form_starts_at_a_small_round_with_the_machines_processes(qtbot):
    form = RoundFormWidget()
    qtbot.addWidget(form)
    assert (form.runs_spin.value(), form.epochs_spin.value()) == (12, 3)
    assert form.workers_spin.value() == default_workers() and form.seed_spin.value() == 0
    assert [label.text() for label in form.labels] == [
        "Runs", "Epochs per run", "Processes", "Sampling seed"]
    assert form.workers_spin.toolTip()
