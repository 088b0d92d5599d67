"""The training job captures only the moments the studio's timeline will keep (issue 13)."""
from __future__ import annotations

from types import SimpleNamespace

from dlstudio.data import load
from dlstudio.data.spec import DataSpec
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui.training_run import MomentKept, RunPlan, VariantPlan, training_job
from dlstudio.training import moment_budget
from dlstudio.training.control import RunControl
from dlstudio.training.spec import TrainSpec
from dlstudio.training.timeline import Timeline

SPEC = NetworkSpec((2,), (LayerSpec("Dense", {"units": 16, "activation": "tanh"}),
                          LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
TRAIN = TrainSpec(optimizer="adam", learning_rate=0.01, epochs=4, batch_size=16, seed=3)


def kept_moments(data) -> list:
    plan = RunPlan(data_spec=DataSpec(dataset="blobs"), dataset=data,
                   variants=[VariantPlan("A", SPEC, TRAIN)])
    job = SimpleNamespace(progress=lambda *args: None, control=RunControl())
    return [item.moment for item in training_job(plan, job) if isinstance(item, MomentKept)]


def test_moments_the_budget_would_drop_at_once_are_not_captured(qapp, monkeypatch):
    data = load("blobs", seed=0, n_samples=300)
    every = kept_moments(data)                   # the default budget: room for all of them
    budget = 12 * every[-1].nbytes
    given_all = Timeline(budget)
    for moment in every:
        given_all.add(moment)
    assert len(given_all.moments) < len(every) / 2
    monkeypatch.setattr(moment_budget, "DEFAULT_BUDGET_BYTES", budget)
    captured = kept_moments(data)
    studio_timeline = Timeline()                 # as the studio keeps them: default budget
    for moment in captured:
        studio_timeline.add(moment)
    assert studio_timeline.steps == given_all.steps
    assert len(captured) < len(every) / 2
