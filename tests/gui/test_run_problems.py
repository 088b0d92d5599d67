"""What keeps a run from starting: every problem of the specs and of their fit to the loaded
data at once, each line naming its variant when there are several."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from dlstudio.engine.spec import NetworkSpec
from dlstudio.gui import run_problems
from dlstudio.training.spec import TrainSpec


def _variant(name: str, network: str = "toy_2d", **train) -> SimpleNamespace:
    return SimpleNamespace(name=name, network_spec=NetworkSpec.coerce(network),
                           train_spec=TrainSpec(**train))


def _images(n_classes: int) -> SimpleNamespace:
    """Loaded data of 28x28x1 images with labels 0 .. n_classes - 1."""
    y = np.arange(12, dtype=np.int64) % n_classes
    return SimpleNamespace(x_train=np.zeros((12, 28, 28, 1), np.float32), y_train=y,
                           y_val=y[:0], y_test=y[:0])


def test_one_line_stays_a_sentence_and_several_become_a_list():
    assert run_problems.listed("the input shape differs", "") == "The input shape differs"
    assert run_problems.listed("a\nb", "c") == "• A\n• B\n• C"
    assert run_problems.listed("", "") == ""


def test_good_specs_and_no_data_yet_say_nothing(qapp):
    variants = [_variant("A"), _variant("B")]
    assert run_problems.spec_problems(variants) == ""
    assert run_problems.data_problems(variants, None, "digits") == ""


def test_spec_problems_name_the_variant_only_when_there_are_several(qapp):
    bad = _variant("B", learning_rate=-1.0)
    alone = run_problems.spec_problems([bad])
    both = run_problems.spec_problems([_variant("A"), bad])
    assert alone and not alone.startswith("B: ")
    assert both == f"B: {alone}"


def test_training_settings_are_named_as_the_training_panel_names_them(qapp):
    """Walker18 W18-6: Start said "Learning_rate: must be a number, got 'fast' ... Batch_size:
    must be at least 1" (the keys, capitalised) beside fields labelled otherwise."""
    said = run_problems.spec_problems([_variant("A", learning_rate="fast", batch_size=0)])
    assert said.splitlines()[0].startswith("Learning rate: must be a number, got 'fast'")
    assert said.splitlines()[1] == "Batch size: must be at least 1, got 0"


def test_data_problems_say_the_input_shape_what_follows_and_the_classes(qapp):
    lines = run_problems.data_problems([_variant("A")], _images(10), "digits").splitlines()
    assert len(lines) == 3, lines
    assert "[2]" in lines[0] and "[28, 28, 1]" in lines[0]
    assert "Flatten" in lines[1] and "10 classes" in lines[2]
    two = run_problems.data_problems([_variant("A"), _variant("B")], _images(2), "digits")
    assert [line[:3] for line in two.splitlines()] == ["A: ", "A: ", "B: ", "B: "]


def test_a_loss_that_cannot_use_the_labels_is_said_before_the_run(qapp):
    """walker18 W18-8: Categorical cross-entropy on class numbers was refused only by the
    trainer, after the last run's plots were cleared, in code names."""
    one_hot = _variant("A", "mlp_300_100", loss="categorical_crossentropy")
    text = run_problems.data_problems([one_hot], _images(10), "MNIST")
    assert "Sparse categorical cross-entropy" in text and "class number" in text
    assert "_" not in text                             # no code names
    regression = _variant("A", "mlp_300_100", loss="mse")
    assert "predicting numbers" in run_problems.data_problems([regression], _images(10), "MNIST")
    fine = _variant("A", "mlp_300_100", loss="sparse_categorical_crossentropy")
    assert run_problems.data_problems([fine], _images(10), "MNIST") == ""
    unknown = _variant("A", "mlp_300_100", loss="nope")    # the settings' own check says it
    assert run_problems.data_problems([unknown], _images(10), "MNIST") == ""


def test_start_with_such_a_loss_keeps_the_last_runs_curves(small_studio, qtbot):
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    s.start()
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60_000)
    before = s.store.latest()
    assert before is not None
    said = []
    s.sigError.connect(said.append)
    s.set_train_spec(s.train_spec.replace(loss="categorical_crossentropy"))
    s.start()
    assert said and "Sparse categorical cross-entropy" in said[-1]
    assert s.state == "finished" and s.store.latest() is before


def test_the_output_size_is_said_while_the_layers_need_a_flatten(qapp):
    """Walker34 W34-5: toy 2-8-8-8-2 whose Input followed MNIST to 28x28x1: Start named only
    the missing Flatten; the 2-unit output against 10 classes came at the next Start."""
    variant = _variant("A")
    variant.network_spec = variant.network_spec.with_input_shape((28, 28, 1))
    said = run_problems.data_problems([variant], _images(10), "digits")
    assert "10 classes" in said and "2 units" in said
    assert run_problems.output_problem(variant.network_spec, _images(10), "digits") is not None
    assert run_problems.output_problem(variant.network_spec, _images(2), "digits") is None
