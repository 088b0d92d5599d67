"""Hyperparameter search: log-scale sampling, coarse-to-fine zoom, parallel trials."""
import math

import numpy as np
import pytest

from dlstudio.training.search_space import (HYPERPARAMETERS, Dimension, apply_params,
                                            default_dimension, sample_points, zoom)
from dlstudio.training.search import sort_results


# -- sampling ----------------------------------------------------------------------------
def test_learning_rate_is_log_uniform():
    dim = Dimension("learning_rate", 1e-4, 1.0, "log")
    values = dim.sample(np.random.default_rng(0), 20000)
    r = np.log10(values)
    assert r.min() >= -4 and r.max() <= 0
    # each decade gets about a quarter of the samples, unlike a uniform draw of lr
    counts = np.histogram(r, bins=4, range=(-4, 0))[0] / len(r)
    np.testing.assert_allclose(counts, 0.25, atol=0.02)
    assert np.mean(values > 0.1) == pytest.approx(0.25, abs=0.02)
    # and log10(lr) looks uniform: mean -2, variance 16/12
    assert r.mean() == pytest.approx(-2.0, abs=0.05)
    assert r.var() == pytest.approx(16 / 12, rel=0.05)


def test_linear_dimension_is_uniform_in_value():
    dim = Dimension("dropout", 0.0, 0.6)
    values = dim.sample(np.random.default_rng(1), 20000)
    assert values.min() >= 0 and values.max() <= 0.6
    assert values.mean() == pytest.approx(0.3, abs=0.01)


def test_momentum_is_sampled_as_one_minus_a_power_of_ten():
    dim = default_dimension("momentum")          # 0.9 .. 0.999 via 1 - beta = 10^r
    assert dim.scale == "log1m"
    values = dim.sample(np.random.default_rng(2), 20000)
    r = np.log10(1.0 - values)
    assert r.min() >= -3 - 1e-9 and r.max() <= -1 + 1e-9
    counts = np.histogram(r, bins=2, range=(-3, -1))[0] / len(r)
    np.testing.assert_allclose(counts, 0.5, atol=0.02)   # 0.9-0.99 as often as 0.99-0.999


def test_integer_dimension_rounds_inside_range():
    dim = default_dimension("units")
    values = dim.sample(np.random.default_rng(3), 500)
    assert np.all(values == np.rint(values))
    assert values.min() >= 16 and values.max() <= 256
    # log scale: as many below 64 (two octaves) as above
    assert np.mean(values < 64) == pytest.approx(0.5, abs=0.07)


def test_sample_points_are_dicts_and_reproducible():
    space = [default_dimension("learning_rate"), default_dimension("batch_size")]
    a = sample_points(space, 5, seed=7)
    b = sample_points(space, 5, seed=7)
    c = sample_points(space, 5, seed=8)
    assert a == b and a != c
    assert all(set(p) == {"learning_rate", "batch_size"} for p in a)
    assert all(isinstance(p["batch_size"], int) for p in a)


@pytest.mark.parametrize("kwargs,match", [
    ({"low": 0.0, "high": 1.0, "scale": "log"}, "above 0"),
    ({"low": 0.9, "high": 1.0, "scale": "log1m"}, "below 1"),
    ({"low": 2.0, "high": 1.0}, "low to high"),
    ({"low": 0.1, "high": 1.0, "scale": "cubic"}, "scale must be"),
])
def test_bad_dimensions_explain_the_fix(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Dimension("x", **kwargs)


def test_dimension_round_trips_through_dict():
    dim = default_dimension("beta_1")
    assert Dimension.from_dict(dim.to_dict()) == dim


def test_every_registered_hyperparameter_samples_inside_its_range():
    rng = np.random.default_rng(0)
    for name in HYPERPARAMETERS:
        dim = HYPERPARAMETERS[name]
        v = dim.sample(rng, 200)
        assert v.min() >= dim.low and v.max() <= dim.high, name
        assert HYPERPARAMETERS.entry(name).meta["target"] in ("train", "optimizer", "network")


# -- zoom --------------------------------------------------------------------------------
def fake_results(space, n, best_lr, seed=0):
    """Results whose score peaks at lr = best_lr (log distance) and ignores the rest."""
    out = []
    for i, p in enumerate(sample_points(space, n, seed=seed)):
        score = 1.0 - abs(math.log10(p["learning_rate"]) - math.log10(best_lr)) / 4
        out.append({"trial": i, "params": p, "score": score, "status": "ok"})
    out.append({"trial": n, "params": sample_points(space, 1, seed=99)[0], "score": None,
                "status": "diverged"})
    return out


def test_zoom_narrows_ranges_around_the_best():
    space = [default_dimension("learning_rate"), default_dimension("dropout")]
    results = fake_results(space, 40, best_lr=3e-3)
    lr, drop = zoom(space, results)
    lo, hi = lr.r_range
    assert hi - lo < 0.6 * 4                 # much narrower than the 4 decades searched
    assert lo <= math.log10(3e-3) <= hi      # and still containing the optimum
    assert lr.scale == "log" and 1e-4 <= lr.low and lr.high <= 1.0
    # dropout does not affect the score: its range may stay wide but never grows
    assert 0.0 <= drop.low and drop.high <= 0.6
    # a second zoom narrows further
    results2 = fake_results([lr, drop], 40, best_lr=3e-3, seed=1)
    lr2 = zoom([lr, drop], results2)[0]
    assert (lr2.r_range[1] - lr2.r_range[0]) < (hi - lo)


def test_zoom_follows_the_trials_the_panel_offers_not_the_set_aside_ones():
    """lesson42: trials whose first step the pre-flight calls too large (× in the Search
    panel, never offered as best) still steered the zoomed range by their raw score."""
    space = [default_dimension("learning_rate")]

    def trial(n, lr, score, first_update=1e-3):
        return {"trial": n, "params": {"learning_rate": lr}, "score": score,
                "first_update": first_update}

    offered = [trial(i, lr, 0.8 + 0.01 * i) for i, lr in enumerate((1e-3, 2e-3, 3e-3))]
    aside = [trial(10 + i, lr, 0.99, first_update=5.0) for i, lr in enumerate((0.5, 0.8))]
    rest = [trial(20 + i, 1e-4 * (i + 1), 0.1) for i in range(7)]
    (lr,) = zoom(space, offered + aside + rest)
    assert lr.high < 0.1 and lr.low <= 1e-3      # around the offered best, not 0.5-0.8
    # with too few others scored, the set-aside ones still count
    (alone,) = zoom(space, aside)
    assert alone.high >= 0.8


def test_zoom_does_not_depend_on_the_order_the_trials_finished_in():
    """walker36: lesson 15's coarse round has two trials tied for third place (η 0.034 and
    0.0035, 206 of 240 each); the Search panel's results, in the order its workers finished
    them, zoomed to 0.0009-0.8, the headless run to 0.0085-0.79. A tie ranks by trial."""
    space = [default_dimension("learning_rate")]
    scores = {2: (0.198, 210), 5: (0.149, 208), 0: (0.034, 206), 7: (0.0035, 206),
              3: (0.021, 205), 1: (0.0016, 146), 9: (0.0001, 129)}
    results = [{"trial": n, "params": {"learning_rate": lr}, "score": k / 240}
               for n, (lr, k) in scores.items()]
    ranges = {(round(d.low, 6), round(d.high, 6))
              for order in (results, results[::-1], sorted(results, key=lambda r: -r["trial"]))
              for d in zoom(space, order)}
    assert len(ranges) == 1, ranges
    ((low, high),) = ranges
    assert 0.0085 * 0.99 < low < 0.0085 * 1.01 and high > 0.7      # trial 0 (η 0.034) kept


def test_zoom_without_successful_runs_explains():
    space = [default_dimension("learning_rate")]
    with pytest.raises(ValueError, match="no successful run"):
        zoom(space, [{"trial": 0, "params": {"learning_rate": 0.1}, "score": None}])


def test_sort_results_best_first_failed_last():
    rs = [{"trial": 0, "score": 0.5}, {"trial": 1, "score": None}, {"trial": 2, "score": 0.9},
          {"trial": 3, "score": 0.7}]
    assert [r["trial"] for r in sort_results(rs)] == [2, 3, 0, 1]


# -- writing a point into the specs --------------------------------------------------------
def test_apply_params_writes_train_optimizer_and_network_settings():
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.training.spec import TrainSpec

    net = NetworkSpec((2,), (LayerSpec("Dense", {"units": 8, "activation": "relu"}),
                             LayerSpec("Dropout", {"rate": 0.2}),
                             LayerSpec("Dense", {"units": 8, "activation": "relu"}),
                             LayerSpec("Dense", {"units": 2, "activation": "softmax"})))
    train = TrainSpec(optimizer="sgd")
    net2, train2 = apply_params(net, train, {"learning_rate": 0.05, "momentum": 0.95,
                                             "batch_size": 64, "units": 32, "dropout": 0.4})
    assert train2.learning_rate == 0.05 and train2.batch_size == 64
    assert train2.optimizer_config["momentum"] == 0.95
    assert [ls.config.get("units") for ls in net2.layers] == [32, None, 32, 2]
    assert net2.layers[1].config["rate"] == 0.4
    assert net.layers[0].config["units"] == 8 and train.learning_rate == 0.001  # untouched


def test_apply_params_explains_when_a_setting_has_nowhere_to_go():
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.training.spec import TrainSpec

    net = NetworkSpec((2,), (LayerSpec("Dense", {"units": 2, "activation": "softmax"}),))
    with pytest.raises(ValueError, match="no Dropout layer"):
        apply_params(net, TrainSpec(), {"dropout": 0.3})
    with pytest.raises(ValueError, match="no hidden Dense"):
        apply_params(net, TrainSpec(), {"units": 30})


# -- real searches ---------------------------------------------------------------------------
def moons_setup():
    from dlstudio.data.spec import DataSpec
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.training.spec import TrainSpec

    net = NetworkSpec((2,), (LayerSpec("Dense", {"units": 16, "activation": "relu"}),
                             LayerSpec("Dense", {"units": 2, "activation": "softmax"})))
    data = DataSpec(dataset="moons", params={"n_samples": 600}, validation_split=0.25)
    return net, data, TrainSpec(optimizer="sgd", batch_size=32)


def test_small_search_runs_in_two_processes_and_sorts_results():
    from dlstudio.training.search import SearchProgress, SearchRunner

    net, data, train = moons_setup()
    space = [default_dimension("learning_rate"), default_dimension("units")]
    runner = SearchRunner(net, data, train, space, n_runs=6, epochs=4, workers=2, seed=0)
    events = list(runner.run())
    results = runner.results
    assert len(results) == 6 and sorted(r["trial"] for r in results) == list(range(6))
    assert all(r["status"] == "ok" for r in results), [r["message"] for r in results]
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    assert all(r["score"] == r["val_accuracy"] for r in results)
    assert all(r["epochs"] == 3 for r in results)      # 0-based index of the last epoch
    # every trial reports its epochs as it goes (and perhaps its way through them)
    progress = [e for e in events if isinstance(e, SearchProgress) and e.epoch_ended]
    assert len(progress) == 6 * 4
    # the learning rate matters: the best run beats the worst clearly
    assert results[0]["score"] > results[-1]["score"] + 0.1
    # the parameters reported are the sampled ones
    assert {r["trial"]: r["params"] for r in results} == dict(enumerate(runner.points))


def test_pool_and_inline_runs_agree():
    from dlstudio.training.search import run_search

    net, data, train = moons_setup()
    space = [default_dimension("learning_rate")]
    a = run_search(net, data, train, space, n_runs=2, epochs=2, workers=0, seed=3)
    b = run_search(net, data, train, space, n_runs=2, epochs=2, workers=2, seed=3)
    assert [(r["trial"], r["params"], r["score"]) for r in a] == \
        [(r["trial"], r["params"], r["score"]) for r in b]


def test_workers_use_one_thread_each():
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from dlstudio.training import search_worker as worker

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=ctx, initializer=worker.init_worker,
                             initargs=(ctx.Event(), ctx.Queue())) as pool:
        numba_threads, blas_threads = pool.submit(worker.thread_counts).result(timeout=120)
    assert numba_threads == 1 and blas_threads == 1


def test_cancel_stops_the_search_quickly():
    from dlstudio.training.search import SearchProgress, SearchRunner

    net, data, train = moons_setup()
    space = [default_dimension("learning_rate")]
    runner = SearchRunner(net, data, train.replace(batch_size=1), space, n_runs=8,
                          epochs=200, workers=2)
    cancelled = False
    for event in runner.run():            # 8 runs x 200 epochs at batch 1: minutes, uncancelled
        if isinstance(event, SearchProgress) and not cancelled:
            cancelled = True
            runner.cancel()
    assert cancelled
    assert len(runner.results) == 8
    assert all(r["status"] == "cancelled" for r in runner.results)


def test_zoomed_runner_continues_numbering_and_narrows():
    from dlstudio.training.search import SearchRunner

    net, data, train = moons_setup()
    space = [default_dimension("learning_rate")]
    runner = SearchRunner(net, data, train, space, n_runs=8, epochs=2, workers=0)
    list(runner.run())
    finer = runner.zoomed(n_runs=4)
    assert finer.first_trial == 8 and len(finer.points) == 4
    lo, hi = finer.space[0].r_range
    assert hi - lo < 4
    best_r = np.log10(runner.results[0]["params"]["learning_rate"])
    assert lo <= best_r <= hi


def test_a_failing_trial_is_reported_not_raised():
    from dlstudio.training.search import SearchRunner

    net, data, train = moons_setup()
    runner = SearchRunner(net, data.with_(dataset="moons", params={"n_samples": 600,
                                                                   "noise": -1.0}),
                          train, [default_dimension("learning_rate")], n_runs=2, epochs=1,
                          workers=0)
    list(runner.run())
    assert [r["status"] for r in runner.results] == ["failed", "failed"]
    assert runner.results[0]["message"]


def test_diverging_trials_are_marked_and_sorted_last():
    from dlstudio.training.search import SearchRunner

    net, data, train = moons_setup()
    space = [Dimension("learning_rate", 1e-2, 1e4, "log")]
    runner = SearchRunner(net, data, train, space, n_runs=6, epochs=2, workers=0, seed=1)
    list(runner.run())
    statuses = [r["status"] for r in runner.results]
    assert "diverged" in statuses and "ok" in statuses, statuses
    first_bad = statuses.index("diverged")
    assert all(s != "ok" for s in statuses[first_bad:])
    bad = runner.results[first_bad]
    assert bad["score"] is None and "learning rate" in bad["message"].lower()


def test_search_space_problems_render_in_chinese():
    """What the search panel shows for a bad range or a setting with nowhere to go is a
    message in the window's language (it was English inside the Chinese window)."""
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.messages import message_of, render
    from dlstudio.training.spec import TrainSpec

    with pytest.raises(ValueError) as bad:
        Dimension("units", 16.2, 16.8, "linear", integer=True)
    assert "holds no whole number" in str(bad.value)
    assert "没有整数" in render(message_of(bad.value), "zh")
    with pytest.raises(ValueError) as bad:
        Dimension("learning_rate", 0.0, 1.0, "log")
    assert "对数尺度" in render(message_of(bad.value), "zh")
    net = NetworkSpec((2,), (LayerSpec("Dense", {"units": 2, "activation": "softmax"}),))
    with pytest.raises(ValueError) as bad:
        apply_params(net, TrainSpec(optimizer="adam"), {"momentum": 0.9})
    assert "is not a setting of the" in str(bad.value)
    assert "不是" in render(message_of(bad.value), "zh")


def test_hyperparameter_labels_are_the_registry_names_in_both_languages():
    """A lesson's verdict names what was searched as the Search panel does ("学习率", not
    "learning_rate" inside the Chinese sentence): the catalogue's names agree with the
    registry's display names and their window translations."""
    import json
    from pathlib import Path

    from dlstudio.messages import render
    from dlstudio.training.search_space import hyperparameter_label

    table = json.loads((Path(__file__).resolve().parents[2] / "resources" / "translations"
                        / "zh_CN.json").read_text(encoding="utf-8"))
    for entry in HYPERPARAMETERS.entries():
        label = hyperparameter_label(entry.name)
        assert render(label, "en").lower() == entry.display.lower()
        assert render(label, "zh") == table[entry.display]
    assert hyperparameter_label("no_such") == "no_such"


# -- worker processes that cannot start (walker5 W5-10) ---------------------------------------
class _BrokenPool:
    """Stands in for ProcessPoolExecutor: every worker dies at start (a launcher without
    its __main__ guard), or submitting raises (the processes cannot be created at all)."""

    def __init__(self, *args, raise_on_submit=False, **kwargs):
        self.raise_on_submit = raise_on_submit

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def submit(self, fn, *args):
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        if self.raise_on_submit:
            raise RuntimeError("\n        An attempt has been made to start a new process")
        fut = Future()
        fut.set_exception(BrokenProcessPool("A process in the process pool was terminated"))
        return fut


@pytest.mark.parametrize("raise_on_submit", [False, True])
def test_trials_run_here_when_the_worker_processes_cannot_start(monkeypatch, raise_on_submit):
    import dlstudio.training.search as search

    monkeypatch.setattr(search, "ProcessPoolExecutor",
                        lambda *a, **k: _BrokenPool(raise_on_submit=raise_on_submit))
    net, data, train = moons_setup()
    runner = search.SearchRunner(net, data, train, [default_dimension("learning_rate")],
                                 n_runs=2, epochs=1, workers=2, seed=0)
    list(runner.run())
    assert sorted(r["trial"] for r in runner.results) == [0, 1]
    assert all(r["status"] == "ok" for r in runner.results), runner.results


def test_a_worker_that_dies_after_others_finished_is_reported_in_words():
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from dlstudio.messages import Message
    from dlstudio.training.search import _result_of

    fut = Future()
    fut.set_exception(BrokenProcessPool("A process in the process pool was terminated"))
    result = _result_of(fut, {"trial": 3, "params": {"learning_rate": 0.1}})
    assert result["status"] == "failed" and isinstance(result["message"], Message)
    assert result["message"].startswith("the worker process running this trial stopped")
    assert "stopped" not in result["message"].render("zh")


def test_a_bad_range_names_the_setting_and_writes_its_numbers_plainly():
    """walker26 W26-4: "learning_rate：范围必须从低到高，当前为 [5.0, 0.001]" named the
    setting by its identifier and wrote 5 as 5.0."""
    from dlstudio.messages import render_error

    with pytest.raises(ValueError) as raised:
        Dimension("learning_rate", 5.0, 0.001, "log")
    assert render_error(raised.value, "zh") == "学习率：范围必须从低到高，当前为 [5, 0.001]"
    assert render_error(raised.value, "en") == \
        "learning rate: the range must go from low to high, got [5, 0.001]"
    with pytest.raises(ValueError) as raised:
        Dimension("l2", 0.0, 1e-05, "log")
    assert render_error(raised.value, "en").startswith(
        "L2 penalty: a log scale needs a range above 0, got low=0;")
