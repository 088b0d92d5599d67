"""Apply a lesson step to the studio: set its network, data and training specs, its
comparison variants, and bring the step's plot panel forward.

The studio compares at most four variants (A-D) that share one data set. A step's variants
map in order onto A, B, C, D; ``StepPlan.notes`` lists what could not be reproduced in the
window (more than four variants, or variants that change the data), in which case the lesson
panel checks the step with a headless run instead of the live one. A pre-flight step trains
nothing: applying it presses the studio's "Check before training", whose verdict the layer
stack shows and the step's check reads (one run; with variants the check runs headless).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dlstudio.lessons.model import Lesson, Step
from dlstudio.lessons.resolve import ResolvedRun, resolve_step, to_specs

STUDIO_NAMES = ("A", "B", "C", "D")


@dataclass
class StepPlan:
    """What applying a step did: lesson variant name -> studio variant name ("" for a
    single run), whether the live run can be checked, and notes for the student."""

    mapping: dict[str, str] = field(default_factory=dict)
    live_checkable: bool = True
    notes: list[str] = field(default_factory=list)
    planned_epochs: int | None = None
    max_steps: int | None = None


def plan_step(lesson: Lesson, step: Step) -> tuple[list[ResolvedRun], StepPlan]:
    """Resolve ``step`` and decide how the studio can reproduce it."""
    runs = resolve_step(lesson, step)
    plan = StepPlan(planned_epochs=runs[0].train.get("epochs"), max_steps=step.run.steps)
    if step.experiment == "preflight":
        plan.mapping = {runs[0].name: STUDIO_NAMES[0]}
        plan.live_checkable = len(runs) == 1
        return runs, plan
    if step.experiment != "train" or step.experiment_config.get("landscape"):
        # (the landscape around the trained weights is measured by the headless run)
        plan.live_checkable = False
        plan.notes.append("headless")
        return runs, plan
    if len(runs) == 1:
        plan.mapping = {runs[0].name: STUDIO_NAMES[0]}
        return runs, plan
    if len(runs) > len(STUDIO_NAMES):
        plan.live_checkable = False
        plan.notes.append("too_many_variants")
    if any(r.data != runs[0].data for r in runs[1:]):
        plan.live_checkable = False
        plan.notes.append("data_differs")
    plan.mapping = {r.name: STUDIO_NAMES[i] for i, r in enumerate(runs[:len(STUDIO_NAMES)])}
    return runs, plan


def apply_step(studio: Any, lesson: Lesson, step: Step, start: bool = True) -> StepPlan:
    """Configure ``studio`` for ``step`` and start its run (training steps) or its check
    before training (pre-flight steps)."""
    runs, plan = plan_step(lesson, step)
    first = runs[0]
    net, data, train = to_specs(first)
    studio.clear_variants()
    if net is not None:
        studio.set_network_spec(net)
    studio.set_data_spec(data)
    studio.set_train_spec(train)
    for run in runs[1:len(STUDIO_NAMES)]:
        v_net, _, v_train = to_specs(run)
        variant = studio.add_variant(note=run.label.en if run.label else run.name)
        studio.set_variant(variant.name, network_spec=v_net if v_net is not None else net,
                           train_spec=v_train)
    studio.show_panel(step.show.panel)
    if start and step.experiment == "train":
        studio.start(max_steps=step.run.steps, compare=len(runs) > 1)
    elif start and step.experiment == "preflight" and not studio.check_network():
        plan.live_checkable = False         # the studio refused (and said why): run headless
    return plan
