"""Time travel in the studio: the run's timelines, scrubbing, and branching from the past.

``StudioTimeline`` is a mixin of :class:`~dlstudio.gui.studio.Studio`. The training job sends
the moments of each variant's run (``MomentKept``); the studio keeps them in one
:class:`~dlstudio.training.timeline.Timeline` per variant, within the timeline's memory budget.

- ``scrub_to(step)`` shows the run as it was: the run store answers with each variant's
  snapshot at that step (histograms, layer statistics, a cursor on plots over steps) and the
  view networks carry the weights of that moment (decision boundary, outcome panel).
  ``scrub_to(None)`` goes back to live.
- ``branch_from(step, **changes)`` restores the base variant's moment at ``step`` (weights,
  optimizer state, random generators) as a new variant with changed settings and continues it
  in the background, overlaid on the original in every plot.
"""
from __future__ import annotations

from functools import partial
from typing import Any

from dlstudio.gui.training_run import MomentKept, RunPlan, VariantPlan, training_job
from dlstudio.training.control import LIVE_SETTINGS, TELEMETRY_SETTINGS
from dlstudio.training.timeline import Timeline

#: settings a branch may change (the live settings that change training, and the batch size)
BRANCH_SETTINGS = tuple(n for n in LIVE_SETTINGS if n not in TELEMETRY_SETTINGS) \
    + ("batch_size",)


class StudioTimeline:
    """Timelines of the current run, scrubbing and branching (mixed into ``Studio``)."""

    def _init_timeline(self) -> None:
        self.timelines: dict[str, Timeline] = {}
        self.scrubbed_step: int | None = None
        self._scrubbed_weights: dict[str, list] = {}

    def _forget_timeline(self) -> None:
        self.timelines = {}
        self.scrubbed_step = None
        self._scrubbed_weights = {}
        self.sigTimelineChanged.emit()

    def _on_moment(self, item: MomentKept) -> None:
        self.timelines.setdefault(item.variant, Timeline()).add(item.moment)
        self.sigTimelineChanged.emit()

    def timeline_steps(self) -> list[int]:
        """The steps of every variant's moments, merged (what the timeline slider offers: in a
        comparison where A diverged at step 3, B's later moments can still be scrubbed)."""
        return sorted({step for tl in self.timelines.values() for step in tl.steps})

    def branchable_variants(self) -> list[str]:
        """Variants with a moment to branch from, in the studio's order."""
        return [v.name for v in self.variants if self.timelines.get(v.name)
                and self.timelines[v.name].moments]

    def scrub_to(self, step: int | None) -> None:
        """Show every panel as the run was at ``step`` (the latest moment at or before it);
        ``None`` shows the live run again."""
        moments = {} if step is None else {
            name: m for name, tl in self.timelines.items() if (m := tl.at(step)) is not None}
        self.scrubbed_step = None if step is None or not moments else int(step)
        self._scrubbed_weights = {name: m.weights for name, m in moments.items()}
        self.store.pin(self.scrubbed_step,
                       {m.telemetry.variant: m.telemetry for m in moments.values()})
        self.sigScrubbed.emit(-1 if self.scrubbed_step is None else self.scrubbed_step)
        self.sigWeightsChanged.emit()

    def shown_weights(self, variant: str) -> list | None:
        """The weights the view shows for ``variant``: the scrubbed moment's, else the
        newest."""
        return self._scrubbed_weights.get(variant, self._weights.get(variant))

    def branch_from(self, step: int, note: str = "", source: str | None = None,
                    **changes: Any) -> str:
        """Continue variant ``source`` (default: the base variant A) from its moment at
        ``step`` as a new variant with ``changes`` (live settings or ``batch_size``); returns
        the new variant's name."""
        unknown = sorted(set(changes) - set(BRANCH_SETTINGS))
        if unknown:
            raise ValueError(f"a branch can change {', '.join(BRANCH_SETTINGS)}, not "
                             f"{', '.join(unknown)}")
        origin = next((v for v in self.variants if v.name == (source or self.variants[0].name)),
                      None)
        timeline = self.timelines.get(origin.name) if origin else None
        moment = timeline.at(step) if timeline else None
        if moment is None:
            raise ValueError("there is no moment of the run to branch from yet; train first")
        spec_changes = {k: v for k, v in changes.items() if hasattr(origin.train_spec, k)}
        train_spec = origin.train_spec.replace(**spec_changes) if spec_changes \
            else origin.train_spec
        shown = ", ".join(f"{k} {v}" for k, v in changes.items())
        variant = self.add_variant(note or f"{origin.name} from step {moment.step}: {shown}")
        self.set_variant(variant.name, network_spec=origin.network_spec, train_spec=train_spec)
        plan = RunPlan(data_spec=self._data_spec, dataset=self.dataset,
                       variants=[VariantPlan(variant.name, origin.network_spec,
                                             origin.train_spec)],
                       start_from={variant.name: (moment, dict(changes))},
                       tensorboard_dir=self.tensorboard_dir)
        self.runner.cancel()
        self.scrub_to(None)
        self.runner.start(partial(training_job, plan), controlled=True)
        self._set_state("preparing")
        return variant.name
