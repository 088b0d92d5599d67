"""Apply a lesson step to the studio: set its network, data and training specs, its
comparison variants, and bring the step's plot panel forward.

The studio compares at most four variants (A-D) that share one data set. A step's variants
map in order onto A, B, C, D; with more than four, the window trains the ones the step's
check reads and fills up with the others in order (so the verdict is always about curves on
screen), and the run-info line names the ones left out. ``StepPlan.notes`` lists what could
not be reproduced in the window (a check reading more than four variants, or variants that
change the data other than by switching augmentation on, see ``augmentation_by_variant``),
in which case the lesson panel checks the step with a headless run instead of the live one. Each shown variant carries its lesson name into the plots' legends ("A
sigmoid"). A pre-flight step trains nothing: applying it presses the studio's "Check before
training", whose verdict the layer stack shows and the step's check reads (one run; with
variants the check runs headless).

:func:`step_settings` says what a run made by applying a step trains, so that a check reads
only a run made for its step; :func:`preflight_settings` says the same for a pre-flight
step's check before training.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from dlstudio.gui.i18n import current_language
from dlstudio.gui.training_run import RunSettings
from dlstudio.lessons.checks import runs_read
from dlstudio.lessons.model import Lesson, Step
from dlstudio.lessons.resolve import ResolvedRun, resolve_step, to_specs

STUDIO_NAMES = ("A", "B", "C", "D")


@dataclass
class StepPlan:
    """What applying a step did: lesson variant name -> studio variant name ("" for a
    single run), whether the live run can be checked, and notes for the student (a key of
    ``gui.lessons.strings``, or ``(key, values)``)."""

    mapping: dict[str, str] = field(default_factory=dict)
    live_checkable: bool = True
    notes: list = field(default_factory=list)
    planned_epochs: int | None = None
    max_steps: int | None = None
    #: lesson variants the window does not train (more than four)
    left_out: list[str] = field(default_factory=list)


def shown_runs(runs: list[ResolvedRun], check_reads: list[str]) -> list[ResolvedRun]:
    """The runs the window trains: all of them when they fit in A-D, else the ones the check
    reads first, filled up in lesson order, shown in lesson order."""
    if len(runs) <= len(STUDIO_NAMES):
        return list(runs)
    keep = set(check_reads[:len(STUDIO_NAMES)])
    for run in runs:
        if len(keep) >= len(STUDIO_NAMES):
            break
        keep.add(run.name)
    return [r for r in runs if r.name in keep]


def plan_step(lesson: Lesson, step: Step) -> tuple[list[ResolvedRun], StepPlan]:
    """Resolve ``step`` and decide how the studio can reproduce it. The runs returned are
    the ones the window trains (see ``shown_runs``)."""
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
    reads = runs_read(step.check.params, [r.name for r in runs]) if step.check else []
    shown = shown_runs(runs, reads)
    if len(shown) < len(runs):
        plan.left_out = [r.name for r in runs if r not in shown]
        if len(reads) > len(STUDIO_NAMES):
            plan.live_checkable = False
            plan.notes.append("too_many_variants")
        else:
            plan.notes.append(("left_out", {"left_out": list(plan.left_out)}))
    shown = augmentation_by_variant(shown)
    if any(r.data != shown[0].data for r in shown[1:]):
        plan.live_checkable = False
        plan.notes.append("data_differs")
    plan.mapping = {r.name: STUDIO_NAMES[i] for i, r in enumerate(shown)}
    return shown, plan


def augmentation_by_variant(runs: list[ResolvedRun]) -> list[ResolvedRun]:
    """When the runs' data differ only in augmentation (one augmentation, on for some runs,
    off for others), the same runs sharing the augmented data, each switching the augmenter on
    or off through its training spec's ``augment``: the window's variants share one data set
    but still train what the step describes. Other runs come back unchanged."""
    def rest(data: dict) -> dict:
        return {k: v for k, v in data.items() if k != "augmentation"}

    augmentations = [r.data.get("augmentation") for r in runs if r.data.get("augmentation")]
    if (not augmentations or any(a != augmentations[0] for a in augmentations)
            or any(rest(r.data) != rest(runs[0].data) for r in runs)):
        return runs
    shared = dict(runs[0].data, augmentation=augmentations[0])
    return [replace(r, data=shared, train=dict(r.train, augment=bool(r.data.get("augmentation"))))
            for r in runs]


def variant_tag(run: ResolvedRun, studio_name: str) -> str:
    """What the legends add to the studio's letter: the lesson's variant name ("sigmoid"),
    nothing when the lesson calls the variant by that letter already."""
    return "" if run.name in (studio_name, "") else run.name


def studio_runs(step: Step, runs: list[ResolvedRun]) -> list[ResolvedRun]:
    """The runs of ``step`` the studio holds as its variants A-D. A transfer step's runs are
    the Transfer panel's, which trains them itself: the studio keeps one network, the first
    run's (walker19 W19-19: Start after lesson 14 step 3 trained two identical networks named
    "A B" and "B D")."""
    return runs[:1] if step.experiment == "transfer" else runs


def step_settings(lesson: Lesson, step: Step, studio: Any) -> RunSettings | None:
    """The settings of the run that applying ``step`` starts (None for steps that train
    nothing in the window). A step that keeps the studio's network uses ``studio``'s."""
    if step.experiment != "train":
        return None
    runs, plan = plan_step(lesson, step)
    first_net, data, _ = to_specs(runs[0])
    base_net = first_net if first_net is not None else studio.network_spec
    variants = []
    for run in runs:
        net, _, train = to_specs(run)
        variants.append((plan.mapping[run.name], net if net is not None else base_net, train))
    return RunSettings(data, tuple(variants), step.run.steps)


def preflight_settings(lesson: Lesson, step: Step, studio: Any) -> tuple | None:
    """What a pre-flight step's check judges: ``(network_spec, train_spec, data_spec)`` as
    applying ``step`` sets them (None for other steps), comparable with
    ``PreflightResult.settings()``. A step that keeps the studio's network uses its."""
    if step.experiment != "preflight":
        return None
    runs, _ = plan_step(lesson, step)
    net, data, train = to_specs(runs[0])
    return (net if net is not None else studio.network_spec), train, data


def hidden_recipe(network_spec: Any) -> tuple | None:
    """The choices a lesson names a network by: the activation and the initializer every
    hidden layer shares, and whether it has batch norm (None when the layers differ)."""
    from dlstudio.engine.spec_edits import MIXED, count_type, hidden_value

    act = hidden_value(network_spec, "activation")
    init = hidden_value(network_spec, "kernel_initializer")
    if act in (None, MIXED) or init in (None, MIXED):
        return None
    return act, init, count_type(network_spec, "BatchNormalization") > 0


def next_step_trains_like(lesson: Lesson, step: Step, studio: Any, network_spec: Any) -> bool:
    """Whether the step after ``step`` trains a network with ``network_spec``'s recipe
    (``hidden_recipe``): a student's own change that is the fix the next step shows."""
    if step.index + 1 >= len(lesson.steps):
        return False
    recipe = hidden_recipe(network_spec)
    settings = step_settings(lesson, lesson.steps[step.index + 1], studio)
    return recipe is not None and settings is not None and any(
        hidden_recipe(net) == recipe for _, net, _ in settings.variants)


def apply_step(studio: Any, lesson: Lesson, step: Step, start: bool = True) -> StepPlan:
    """Configure ``studio`` for ``step`` and start its run (training steps) or its check
    before training (pre-flight steps). A step that puts another network in place without
    training it first clears the old run (its curves, notes and progress are another
    network's; a training step's run replaces them anyway). All of it is the lesson's
    demonstration (``Studio.demonstration``), not the student's own work."""
    runs, plan = plan_step(lesson, step)
    with studio.demonstration():
        _set_up(studio, runs, step, start)
        if start and step.experiment == "preflight" and not studio.check_network():
            plan.live_checkable = False     # the studio refused (and said why): run headless
    return plan


def _set_up(studio: Any, runs: list[ResolvedRun], step: Step, start: bool) -> None:
    """``apply_step`` without the pre-flight check: the specs, the variants, the panel and
    the run of a training step."""
    runs = studio_runs(step, runs)
    first = runs[0]
    net, data, train = to_specs(first)
    trains = start and step.experiment == "train"
    old_run = studio.is_active() or not studio.store.is_empty()
    if net is not None and not trains and old_run \
            and studio.curve_networks() != {STUDIO_NAMES[0]: net}:
        # the step replaces the network without training it (a check before training):
        # the old run's curves, notes, progress and verdict belong to another network
        studio.reset_weights()
    studio.clear_variants()
    if net is not None:
        studio.set_network_spec(net)
    # the step's network goes with its data; a step that keeps the student's network lets
    # its Input follow the data (``gui/input_follow.py``)
    studio.set_data_spec(data, follow_input=net is None)
    studio.set_train_spec(train)
    tags = {STUDIO_NAMES[0]: variant_tag(first, STUDIO_NAMES[0])}
    for run in runs[1:len(STUDIO_NAMES)]:
        v_net, _, v_train = to_specs(run)
        variant = studio.add_variant(note=run.label.en if run.label else run.name)
        studio.set_variant(variant.name, network_spec=v_net if v_net is not None else net,
                           train_spec=v_train)
        tags[variant.name] = variant_tag(run, variant.name)
    studio.set_variant_tags(tags if len(runs) > 1 else {})
    lang = current_language()
    studio.set_variant_labels({name: run.label.get(lang) for name, run in zip(
        [v.name for v in studio.variants], runs) if run.label is not None}
        if len(runs) > 1 else {})
    studio.show_panel(step.show.panel)
    if trains:
        studio.start(max_steps=step.run.steps, compare=len(runs) > 1)
