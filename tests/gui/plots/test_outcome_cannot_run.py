"""Walker37 W37-26: an opened workspace whose network cannot run (Dense right after Conv2D)
left the Outcome page at "Evaluating the network on 300 validation images..." over an empty
confusion matrix for ever. The page says the network cannot run, and why: the first
problem the Network panel names (the page's own test: ``test_plot_outcome.py``)."""
from __future__ import annotations

from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui.panel_host import network_problem


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
