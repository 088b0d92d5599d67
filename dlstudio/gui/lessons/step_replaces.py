"""What applying a lesson step would replace in the session, before it is applied.

Apply sets the step's network, data and training specs and its comparison variants, and a
training step's run takes the place of the run on screen (``apply.apply_step``). The window
asks about the student's own work that is in no file before it is lost (walker30 W30-6:
"Apply this step" replaced an edited network and an own A/B comparison without a word,
while a lesson switch asked); ``parts_replaced`` names the parts of the session that Apply
would change, as ``WorkspaceController.own_work`` names them, so that nothing is asked
about what the step leaves as it is (a network edited into exactly the step's).
"""
from __future__ import annotations

from typing import Any

from dlstudio.gui.lessons.apply import STUDIO_NAMES, plan_step, studio_runs
from dlstudio.lessons.model import Lesson, Step
from dlstudio.lessons.resolve import to_specs


def parts_replaced(studio: Any, lesson: Lesson, step: Step) -> frozenset[str]:
    """The parts of ``studio``'s session (``"network"``, ``"data"``, ``"training"``,
    ``"variants"``, ``"run"``) that applying ``step`` would change (none when the step
    cannot be resolved: applying it changes nothing and says why)."""
    try:
        runs, _ = plan_step(lesson, step)
    except Exception:
        return frozenset()
    runs = studio_runs(step, runs)
    net, data, train = to_specs(runs[0])
    parts = set()
    if net is not None and net != studio.network_spec:
        parts.add("network")
    if data != studio.data_spec:
        parts.add("data")
    if train != studio.train_spec:
        parts.add("training")
    base = net if net is not None else studio.network_spec
    wanted = []
    for run in runs[1:len(STUDIO_NAMES)]:
        v_net, _, v_train = to_specs(run)
        wanted.append((v_net if v_net is not None else base, v_train))
    added = [(v.network_spec, v.train_spec) for v in studio.variants[1:]]
    if added and added != wanted:
        parts.add("variants")
    old_run = studio.is_active() or not studio.store.is_empty()
    if old_run and (step.experiment == "train" or (
            net is not None and studio.curve_networks() != {STUDIO_NAMES[0]: net})):
        parts.add("run")            # a new run, or the old one cleared (``apply._set_up``)
    return frozenset(parts)
