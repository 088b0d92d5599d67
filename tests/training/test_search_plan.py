"""A search round's plan as JSON (``search_plan``): the same round again, for its trials that
did not end, after a workspace was saved and reopened."""
from __future__ import annotations

import json

import pytest

from dlstudio.data.spec import DataSpec
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.training.search import SearchRunner
from dlstudio.training.search_plan import round_plan, runner_from_plan
from dlstudio.training.search_space import default_dimension
from dlstudio.training.spec import TrainSpec

DATA = DataSpec(dataset="moons", params={"n_samples": 300}, validation_split=0.25)
SPACE = [default_dimension("learning_rate"), default_dimension("units")]


def _runner() -> SearchRunner:
    net = NetworkSpec((2,), (LayerSpec("Dense", {"units": 8, "activation": "relu"}),
                             LayerSpec("Dense", {"units": 2, "activation": "softmax"})))
    return SearchRunner(net, DATA, TrainSpec(optimizer="sgd", batch_size=16, seed=3), SPACE,
                        n_runs=5, epochs=2, workers=1, seed=9, vary_seed=True, first_trial=10)


def test_a_plan_through_json_makes_the_same_round():
    runner = _runner()
    plan = json.loads(json.dumps(round_plan(runner)))
    again = runner_from_plan(plan, DATA, SPACE)
    assert again.points == runner.points and again.trials == runner.trials
    assert [again.trial_seed(t) for t in again.trials] == \
        [runner.trial_seed(t) for t in runner.trials]
    assert (again.network_spec, again.train_spec, again.epochs, again.workers) == \
        (runner.network_spec, runner.train_spec, runner.epochs, runner.workers)
    results = [{"trial": 10, "status": "ok"}, {"trial": 11, "status": "cancelled"}]
    assert again.finishing(results).to_run == [11, 12, 13, 14]


@pytest.mark.parametrize("change", [{"runs": 0}, {"seed": "1"}, {"vary_seed": 1},
                                    {"first_trial": True}, {"network": []},
                                    {"train": {"optimizer": 3}}])
def test_a_damaged_plan_is_refused(change):
    plan = dict(round_plan(_runner()), **change)
    with pytest.raises(ValueError):
        runner_from_plan(plan, DATA, SPACE)
    with pytest.raises(ValueError):
        runner_from_plan(["not", "a", "plan"], DATA, SPACE)
