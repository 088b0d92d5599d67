"""The best trial of a search (``gui.search.best_trial``) without the panel: the pre-flight
check's caveat, in the UI language, the settings named, and applying them to a studio.
(The panel's use of them: ``test_search_best_first_step.py``.)"""
from __future__ import annotations

import pytest

from dlstudio.gui import i18n
from dlstudio.gui.search import best_trial


def _ok(trial, lr, score, first_update, epochs=2):
    return {"trial": trial, "params": {"learning_rate": lr}, "status": "ok", "score": score,
            "val_accuracy": score, "first_update": first_update, "epochs": epochs}


def test_no_caveat_without_a_best_or_a_disagreement(qapp):
    results = [_ok(0, 0.05, 0.93, 0.01), _ok(1, 0.2, 0.90, 0.04)]
    assert best_trial.caveat(results, None) == ""
    assert best_trial.caveat(results, results[0]) == ""


def test_a_higher_run_passed_over_for_its_first_step_is_named(qapp):
    results = [_ok(0, 0.85, 0.99, 0.52), _ok(1, 0.2, 0.96, 0.04)]
    said = best_trial.caveat(results, results[1])
    assert said.startswith("Trial 0 scored higher (99.0%), but the pre-flight check")
    assert "52% of their size" in said


def test_a_best_whose_first_step_explodes_says_so_in_the_ui_language(qapp):
    results = [_ok(0, 0.85, 0.99, 0.52, epochs=3)]
    said = best_trial.caveat(results, results[0])
    assert said.startswith("But the pre-flight check calls its first step exploding")
    assert "52%" in said and "after 3 epochs;" in said
    i18n.set_language("zh_CN")
    try:
        said = best_trial.caveat(results, results[0])
    finally:
        i18n.set_language("en")
    assert said.startswith("但训练前检查") and "52%" in said


def test_applying_a_trial_sets_the_studios_training_spec(qapp, user_dir):
    from dlstudio.gui.search.demo import demo_studio

    studio = demo_studio()
    network = studio.network_spec
    assert best_trial.apply_trial(studio, _ok(0, 0.0353, 0.97, 0.01)) is False
    assert studio.train_spec.learning_rate == pytest.approx(0.0353)
    assert studio.network_spec == network
    assert best_trial.settings_text({"learning_rate": 0.0353, "batch_size": 64}) == \
        "Learning rate = 0.0353, Batch size = 64"


def test_the_caveat_counts_epochs_in_words(qapp):
    """No 'epoch(s)' (walker27): 'after 1 epoch', 'after 3 epochs'."""
    for epochs, said in ((1, "after 1 epoch;"), (3, "after 3 epochs;")):
        best = _ok(0, 0.9, 0.5, 0.52, epochs=epochs)
        assert said in best_trial.caveat([best], best)
