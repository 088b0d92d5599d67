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
