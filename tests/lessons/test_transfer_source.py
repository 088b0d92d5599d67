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
