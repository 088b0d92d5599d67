"""Which units stopped responding (``plots.stopped_units``): the stopped-units bars' data."""
from __future__ import annotations

import pytest

from dlstudio.gui.plots.multiples import LayerSlot
from dlstudio.gui.plots.stopped_units import problem_kind, stopped_percentages, unit_problem
from dlstudio.gui.plots.synthetic import synthetic_run

#: the synthetic network's layers: 0, 1 and 3 have an activation, 2 is batch normalization
SIGMOID_LAYER, NORM_LAYER = 0, 2


@pytest.fixture
def pair_store(store, filler):
    """A sigmoid variant "A" and a ReLU variant "B", in lockstep."""
    return filler(store, synthetic_run(12, variants={"A": "sigmoid", "B": "relu"}))


def test_sigmoid_units_saturate_relu_units_die_and_normalization_has_neither(pair_store):
    kind, share = unit_problem(pair_store, "A", SIGMOID_LAYER)
    assert kind == "saturated" and 0.0 <= share <= 1.0
    kind, share = unit_problem(pair_store, "B", SIGMOID_LAYER)
    assert kind == "dead" and 0.0 < share <= 0.6
    assert unit_problem(pair_store, "A", NORM_LAYER) is None
    assert unit_problem(pair_store, "A", 99) is None                 # no such layer
    assert unit_problem(pair_store, "C", SIGMOID_LAYER) is None      # no such variant


def test_percentages_per_layer_with_zero_where_a_variant_lacks_it(pair_store):
    slots = [LayerSlot("dense_1", 0, {"A": 0, "B": 0}), LayerSlot("only_b", 1, {"B": 1}),
             LayerSlot("batch_normalization_1", 2, {"A": 2, "B": 2})]
    a = stopped_percentages(pair_store, "A", slots)
    assert a == [pytest.approx(100 * unit_problem(pair_store, "A", 0)[1]), 0.0, 0.0]
    b = stopped_percentages(pair_store, "B", slots)
    assert b[1] == pytest.approx(100 * unit_problem(pair_store, "B", 1)[1]) and b[2] == 0.0


def test_the_word_under_a_group_is_its_first_variants_problem(pair_store):
    assert problem_kind(pair_store, LayerSlot("dense_1", 0, {"A": 0, "B": 0})) == "saturated"
    assert problem_kind(pair_store, LayerSlot("dense_1", 0, {"B": 0, "A": 0})) == "dead"
    assert problem_kind(pair_store, LayerSlot("batch_normalization_1", 2, {"A": 2})) is None


def test_a_wider_margin_counts_at_least_as_many_saturated_units(store, filler, moons_run):
    """The recorded tanh run carries a saturation curve: the margin picks a point of it."""
    filler(store, moons_run[1])
    narrow = unit_problem(store, "", 0, 0.005)
    wide = unit_problem(store, "", 0, 0.25)
    assert narrow[0] == wide[0] == "saturated" and wide[1] >= narrow[1]
