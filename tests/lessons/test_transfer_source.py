"""runner.transfer_source: the source network a transfer step reuses, for the window's
Transfer panel."""
from __future__ import annotations

import pytest

from dlstudio.lessons.loader import find_lesson
from dlstudio.lessons.runner import transfer_source


def test_other_steps_have_no_source():
    lesson = find_lesson("15_hyperparameter_search")
    assert transfer_source(lesson, lesson.steps[0]) is None


@pytest.mark.slow
def test_a_transfer_step_gives_its_trained_source_and_the_layers_reused():
    lesson = find_lesson("14_transfer_learning")
    net, reuse = transfer_source(lesson, lesson.steps[0])
    assert reuse == 5 and len(net.layers) > reuse
    again, _ = transfer_source(lesson, lesson.steps[0])
    assert again is net          # cached: trained once


def test_transfer_setups_split_each_run_into_its_phases():
    """What the Transfer panel shows of a transfer step's runs (walker5 W5-9)."""
    from dlstudio.lessons.checks import RunRecord
    from dlstudio.lessons.experiments import transfer_setups
    from dlstudio.training.telemetry import Telemetry

    step = find_lesson("14_transfer_learning").steps[2]                     # B frozen; D then fine-tuned
    epochs = step.run.epochs

    def ends(n, seconds_per_epoch, first=0):
        return tuple(Telemetry(step=e, epoch=e, batch_loss=1.0, train_loss=1.0,
                               train_accuracy=None, learning_rate=0.002,
                               examples_per_second=1.0, val_accuracy=0.5 + e / 100,
                               event="epoch_end",
                               elapsed_seconds=(e - first + 1) * seconds_per_epoch)
                     for e in range(first, first + n))

    records = {"B": RunRecord("B", ends(epochs, 1.0)),
               "D": RunRecord("D", ends(epochs, 1.0) + ends(5, 0.5, first=epochs))}
    b, d = transfer_setups(step, records)
    assert (b["name"], b["reuse"], b["frozen"], b["cached"]) == ("B", 5, 5, False)
    assert b["fine_tune"] is None and len(b["head_curve"]) == epochs
    assert b["train_seconds"] == pytest.approx(epochs * 1.0)
    assert [x for x, _ in d["fine_curve"]] == list(range(epochs + 1, epochs + 6))
    assert d["head"] == pytest.approx(0.5 + (epochs - 1) / 100)
    assert d["fine_tune"] == pytest.approx(0.5 + (epochs + 4) / 100)
    assert d["train_seconds"] == pytest.approx(epochs * 1.0 + 5 * 0.5)


def test_a_cached_runs_caching_seconds_reach_the_panels_table():
    """Walker10 W10-11, 14/2: C (cached features) showed "Cache s —" although the step is
    about what caching costs and saves; the record's ``cache_seconds`` is passed on."""
    from dlstudio.lessons.checks import RunRecord
    from dlstudio.lessons.experiments import transfer_setups

    step = find_lesson("14_transfer_learning").steps[1]                     # B frozen; C cached
    records = {"B": RunRecord("B", ()), "C": RunRecord("C", (), {"cache_seconds": 0.75})}
    b, c = transfer_setups(step, records)
    assert b["cache_seconds"] is None
    assert c["cached"] and c["cache_seconds"] == pytest.approx(0.75)


@pytest.mark.slow
def test_the_source_networks_training_is_reported_and_a_stop_ends_the_step():
    """A transfer step's pretraining, most of its two minutes, is heard by ``progress``,
    and ``StepStopped`` raised there ends the step instead of failing its check (W26-6)."""
    from dlstudio.lessons.experiments import SOURCE_RUN, source_network
    from dlstudio.lessons.resolve import resolve_step
    from dlstudio.lessons.runner import run_step
    from dlstudio.lessons.train_run import StepStopped

    lesson = find_lesson("14_transfer_learning")
    step = lesson.steps[0]
    heard = []

    def stop_at_once(name, snap):
        heard.append(name)
        raise StepStopped()

    run = next(r for r in resolve_step(lesson, step) if r.name == "B")
    with pytest.raises(StepStopped):
        source_network(run, {**step.experiment_config, "source_epochs": 1}, {}, stop_at_once)
    assert heard == [SOURCE_RUN]
    with pytest.raises(StepStopped):
        run_step(lesson, step, stop_at_once)
    assert heard == [SOURCE_RUN, "A"]
