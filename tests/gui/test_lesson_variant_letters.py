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
