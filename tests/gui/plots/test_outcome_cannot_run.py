"""Walker37 W37-26: an opened workspace whose network cannot run (Dense right after Conv2D)
left the Outcome page at "Evaluating the network on 300 validation images..." over an empty
confusion matrix for ever. The page says the network cannot run, and why."""
from __future__ import annotations

import pytest

from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui.panel_host import network_problem
from dlstudio.gui.plots import outcome
from dlstudio.gui.plots.outcome import OutcomePanel
from dlstudio.gui.plots.outcome_provider import NetworkCannotRun


@pytest.fixture(autouse=True)
def no_throttle(monkeypatch):
    monkeypatch.setattr(outcome, "IMAGES_INTERVAL", 0.0)


def test_an_image_page_says_the_network_cannot_run(qtbot, store, digits_run, filler):
    run, snaps = digits_run
    filler(store, snaps)
    data = run.dataset
    panel = OutcomePanel(store)
    qtbot.addWidget(panel)
    panel.set_dataset(data.x_val, data.y_val, list(data.info.class_names))

    def cannot(_x):
        raise NetworkCannotRun("layer 2 dense: needs a flat vector")

    panel.set_model_provider(cannot, "")
    panel.redraw_share = None
    for _ in range(6):                  # the evaluation's pieces, and the ticks after them
        panel.refresh()
        while panel.pending_items:
            panel.refresh()
    shown = panel.error_label.text                    # (pyqtgraph's LabelItem: its HTML)
    assert panel.error.startswith("This network cannot run (layer 2 dense: needs a flat")
    assert "Network panel" in panel.error
    assert "cannot run" in shown and "Evaluating" not in shown


def test_the_problem_is_the_first_the_network_panel_names(small_studio):
    s = small_studio
    assert network_problem(s, "A") == "" and network_problem(s, "B") == ""
    bad = NetworkSpec(input_shape=(8, 8, 1), layers=(
        LayerSpec("Conv2D", {"filters": 2, "kernel_size": 3}),
        LayerSpec("Dense", {"units": 10})))
    s.set_network_spec(bad)
    assert s.network_for("A") is None
    problem = network_problem(s, "A")
    assert problem.startswith("layer 2") and "flat" in problem.lower(), problem
