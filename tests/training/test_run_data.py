"""Which data a network can take (training.run_data): the words never suggest data of a shape
no network can have (walker25 W25-16: "...or pick data with [28, -5] inputs")."""
from __future__ import annotations

import pytest

from dlstudio.messages import render
from dlstudio.training.run_data import input_shape_problem


@pytest.mark.parametrize("want", [(28, -5), (0,), (28, 28), (2.5,), (2**40,)])
def test_an_impossible_input_shape_asks_only_for_the_datas_shape(want):
    message = input_shape_problem(want, (28, 28, 1), "'mnist'")
    for lang in ("en", "zh_CN"):
        text = render(message, lang)
        assert "[28, 28, 1]" in text
        assert str(list(want)) in text            # what the network has now, said once
        assert text.count(str(list(want))) == 1
    assert "pick data" not in render(message, "en")


def test_a_possible_input_shape_also_suggests_other_data():
    text = render(input_shape_problem((2,), (28, 28, 1), "'mnist'"), "en")
    assert "set the network's input shape" in text and "or pick data with [2] inputs" in text


# -- the output layer against a loss that reads probabilities (walker38 W38-9) ----------------
from dlstudio.engine import losses  # noqa: E402
from dlstudio.engine.network import Network  # noqa: E402
from dlstudio.engine.spec import LayerSpec, NetworkSpec  # noqa: E402
from dlstudio.training.run_data import output_activation_problem  # noqa: E402


@pytest.mark.parametrize("loss, activation, fine", [
    ("sparse_categorical_crossentropy", "softmax", True),
    ("sparse_categorical_crossentropy", "relu", False),
    ("sparse_categorical_crossentropy", None, False),
    ("categorical_crossentropy", "sigmoid", False),
    ("binary_crossentropy", "sigmoid", True),
    ("binary_crossentropy", "linear", False),
    ("mse", "relu", True),
    ({"class_name": "sparse_categorical_crossentropy", "config": {"from_logits": True}},
     None, True),
    ({"class_name": "sparse_categorical_crossentropy", "config": {"from_logits": True}},
     "softmax", False),
])
def test_a_probability_loss_needs_a_probability_output(loss, activation, fine):
    problem = output_activation_problem(activation, losses.get(loss))
    assert (problem is None) == fine
    if not fine:
        for lang in ("en", "zh_CN"):
            text = render(problem, lang)
            assert (activation or "linear") in text


def test_a_trainer_refuses_relu_outputs_for_cross_entropy():
    """Walker38 W38-9: three Dense(32, relu) layers on the two-class toy trained to a loss of
    1e-7 at 61% accuracy (every output above 1 clipped to probability 1), and the window
    said nothing was left to learn. The run now refuses to start and says what to change."""
    from dlstudio.data import load
    from dlstudio.training import Trainer
    from dlstudio.training.trainer import TrainingSetupError

    dense = LayerSpec("Dense", {"units": 32, "activation": "relu"})
    net = Network.from_spec(NetworkSpec((2,), (dense, dense, dense)), seed=0)
    data = load({"dataset": "spirals", "params": {"n_samples": 60}})
    with pytest.raises(TrainingSetupError, match="softmax"):
        Trainer(net, data, {"loss": "sparse_categorical_crossentropy", "epochs": 1})
