"""A lesson that names its variants with letters trains each under its own letter: lesson 17
step 2 named the fast variant "F" and the window showed it as "B F" beside a recipe "A B"
(walker5 W5-12)."""
from __future__ import annotations

from dlstudio.gui.lessons.apply import STUDIO_NAMES, plan_step
from dlstudio.lessons.loader import load_all


def test_variant_letters_are_the_letters_the_window_shows():
    wrong = []
    for lesson in load_all():
        for step in lesson.steps:
            _, plan = plan_step(lesson, step)
            for name, studio_name in plan.mapping.items():
                lettered = len(name) == 1 and name.isupper()
                if lettered and (name not in STUDIO_NAMES or name != studio_name):
                    wrong.append(f"{lesson.id} step {step.index + 1}: variant {name} "
                                 f"is shown as {studio_name}")
    assert not wrong, wrong


def test_lesson_05_step_1_trains_every_variant_it_lists():
    """Its text says which four it trains and that leaky ReLU and SELU have their own steps;
    listing those two as well added a footer note repeating that paragraph in four lines,
    leaving one answer of the question on screen (walker12 W12-9)."""
    lesson = next(ls for ls in load_all() if ls.id == "05_activations")
    runs, plan = plan_step(lesson, lesson.steps[0])
    assert len(runs) == 4 and not plan.left_out
    assert not any(key == "left_out" for key, _ in plan.notes)
