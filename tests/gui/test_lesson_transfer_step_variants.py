"""A transfer step's runs are the Transfer panel's: applying one leaves the studio with one
network and no lesson names on its letters (walker19 W19-19: after lesson 14 step 3, Start
trained two identical networks named "A B" and "B D")."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


@pytest.mark.parametrize("index", [0, 2])
def test_a_transfer_step_leaves_the_studio_one_network(small_studio, index):
    from dlstudio.gui.lessons.apply import apply_step
    from dlstudio.lessons.loader import find_lesson

    lesson = find_lesson("14_transfer_learning")
    step = lesson.steps[index]
    assert step.experiment == "transfer" and len(step.variants) > 1
    s = small_studio
    s.add_variant()
    s.set_variant_tags({"A": "old", "B": "older"})
    apply_step(s, lesson, step, start=False)
    assert [v.name for v in s.variants] == ["A"]
    assert s.variant_tags() == {}


def test_a_training_step_still_maps_its_variants(small_studio):
    from dlstudio.gui.lessons.apply import apply_step
    from dlstudio.lessons.loader import find_lesson

    lesson = find_lesson("05_activations")
    apply_step(small_studio, lesson, lesson.steps[0], start=False)
    assert [v.name for v in small_studio.variants] == ["A", "B", "C", "D"]
    assert small_studio.variant_tags()["A"] == "sigmoid"
