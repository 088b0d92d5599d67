"""Finishing a cancelled search round: only its trials that did not end train again, with the
round's settings and seeds, and its results are those of an uninterrupted round."""
from __future__ import annotations

from dlstudio.data.spec import DataSpec
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.training.search import SearchProgress, SearchRunner
from dlstudio.training.search_space import default_dimension
from dlstudio.training.spec import TrainSpec

#: what a trial's result says about its training (not its time)
TRAINED = ("trial", "params", "status", "score", "val_accuracy", "val_loss", "train_loss",
           "train_accuracy", "epochs", "first_update")


def small_round(**kwargs) -> SearchRunner:
    """Round 2 of a search on small 2-D data: 4 trials numbered from 4, seeds varying."""
    net = NetworkSpec((2,), (LayerSpec("Dense", {"units": 8, "activation": "relu"}),
                             LayerSpec("Dense", {"units": 2, "activation": "softmax"})))
    data = DataSpec(dataset="moons", params={"n_samples": 300}, validation_split=0.25)
    train = TrainSpec(optimizer="sgd", batch_size=32, seed=5)
    space = [default_dimension("learning_rate"), default_dimension("units")]
    return SearchRunner(net, data, train, space, n_runs=4, epochs=2, seed=7, vary_seed=True,
                        first_trial=4, **kwargs)


def trained(results: list[dict]) -> list[tuple]:
    return [tuple(r.get(k) for k in TRAINED) for r in sorted(results, key=lambda r: r["trial"])]


def cancelled_after(runner: SearchRunner, n_ended: int) -> list[dict]:
    """Run ``runner`` one trial after another and cancel it once ``n_ended`` trials ended."""
    ended = 0
    for event in runner.run():
        if not isinstance(event, SearchProgress):
            ended += 1
            if ended == n_ended:
                runner.cancel()
    return runner.results


def test_a_cancelled_round_finishes_with_its_missing_trials_as_if_never_interrupted():
    whole = small_round(workers=0)
    list(whole.run())
    assert all(r["status"] == "ok" for r in whole.results)

    cut = small_round(workers=0)
    results = cancelled_after(cut, 1)
    assert sorted(r["status"] for r in results) == ["cancelled"] * 3 + ["ok"]
    first = next(r for r in results if r["status"] == "ok")
    assert cut.unfinished(results) == [t for t in range(4, 8) if t != first["trial"]]

    rest = cut.finishing(results)
    assert rest.points == cut.points and rest.trials == cut.trials
    ran = rest.to_run
    assert ran == cut.unfinished(results)
    # the same seeds as the uninterrupted round's trials (vary_seed: train seed + trial)
    assert [rest.trial_seed(t) for t in ran] == [whole.trial_seed(t) for t in ran] \
        == [5 + t for t in ran]
    yielded = [e for e in rest.run() if not isinstance(e, SearchProgress)]
    assert sorted(r["trial"] for r in yielded) == ran       # the ended trial is not re-run
    assert rest.results[0] is not first and first in rest.results
    assert trained(rest.results) == trained(whole.results)
    assert [r["trial"] for r in rest.results] == [r["trial"] for r in whole.results]


def test_finishing_in_worker_processes_gives_the_same_results():
    whole = small_round(workers=0)
    list(whole.run())
    cut = small_round(workers=0)
    results = cancelled_after(cut, 2)
    rest = cut.finishing(results)
    rest.workers = 2
    list(rest.run())
    assert trained(rest.results) == trained(whole.results)


def test_cancelling_the_finishing_run_and_finishing_again_works_the_same():
    whole = small_round(workers=0)
    list(whole.run())
    cut = small_round(workers=0)
    results = cancelled_after(cut, 1)
    again = cut.finishing(results)
    results = cancelled_after(again, 1)          # one more trial ended, then cancelled
    assert len(results) == 4
    assert sorted(r["status"] for r in results) == ["cancelled"] * 2 + ["ok"] * 2
    last = again.finishing(results)
    assert len(last.unfinished(results)) == 2 and len(last.to_run) == 2
    list(last.run())
    assert trained(last.results) == trained(whole.results)


def test_a_round_with_nothing_left_runs_nothing():
    whole = small_round(workers=0)
    list(whole.run())
    done = whole.finishing(whole.results)
    done.workers = 2                # no worker processes start for nothing
    assert done.unfinished(whole.results) == [] and done.to_run == []
    assert list(done.run()) == []
    assert trained(done.results) == trained(whole.results)


def test_never_started_trials_count_as_unfinished_and_failed_ones_do_not():
    runner = small_round(workers=0)
    results = [{"trial": 4, "status": "failed"}, {"trial": 6, "status": "cancelled"},
               {"trial": 3, "status": "ok"}]       # trial 3 is another round's
    assert runner.unfinished(results) == [5, 6, 7]
    assert runner.finishing(results).to_run == [5, 6, 7]
