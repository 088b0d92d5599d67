"""A search does not offer as its best a run whose first step the pre-flight check calls
exploding (walker13 W13-12: the studio applied the search's winner, learning rate 0.85, and
at once warned that one step would change a layer's weights by 52%)."""
import pytest

from dlstudio.training.search import best_result, first_step_too_large, sort_results


def _trial(trial, score, first_update, status="ok"):
    return {"trial": trial, "params": {"learning_rate": 0.1 * (trial + 1)}, "status": status,
            "score": score, "first_update": first_update}


def test_a_higher_score_with_an_exploding_first_step_is_not_the_best():
    results = [_trial(0, 0.93, 0.12), _trial(1, 0.99, 0.52), _trial(2, None, None, "diverged"),
               _trial(3, 0.95, 0.2)]
    assert first_step_too_large(results[1]) and not first_step_too_large(results[3])
    assert best_result(results)["trial"] == 3
    # best first: the runs that scored calmly, then the exploding one, then the rest
    assert [r["trial"] for r in sort_results(results)] == [3, 0, 1, 2]


def test_when_every_run_explodes_the_best_score_is_still_the_best():
    results = [_trial(0, 0.9, 0.6), _trial(1, 0.97, float("inf")), _trial(2, None, None, "failed")]
    assert best_result(results)["trial"] == 1 and first_step_too_large(results[1])
    assert best_result([_trial(0, None, None, "failed")]) is None
    # older results (from before the figure was kept) count as calm
    assert not first_step_too_large({"score": 0.9})


def test_a_trial_reports_the_preflight_checks_first_step_figure():
    from dlstudio.data import load
    from dlstudio.training.preflight import largest_update, network_at_init, preflight_training
    from dlstudio.training.search import SearchRunner
    from dlstudio.training.search_space import Dimension

    from tests.training.test_search import moons_setup

    net, data, train = moons_setup()
    runner = SearchRunner(net, data, train, [Dimension("learning_rate", 3.0, 6.0, "log")],
                          n_runs=1, epochs=1, workers=0)
    list(runner.run())
    (result,) = runner.results
    lr = result["params"]["learning_rate"]
    spec = train.replace(learning_rate=lr, epochs=1)
    expected = largest_update(preflight_training(network_at_init(net, spec), load(data), spec))
    # the same float32 computation on the same weights and batch in one process
    assert result["first_update"] == pytest.approx(expected, rel=1e-5)
    assert first_step_too_large(result)       # SGD at lr >= 3 on this net: > 50% per step
