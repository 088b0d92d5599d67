"""Which training steps get a per-layer probe: a function of the step number alone.

A probe (activation statistics, gradients, update ratios for every layer; see ``probes.py``)
costs a forward pass on the probe batch plus a few histograms, so it cannot run after every
step of a long run. Which steps are probed used to depend on how fast the machine trained
(probes were spaced in wall-clock time), so a 30-step lesson run got one or two probes on a
slow laptop and plots stayed empty. The schedule here depends on the step only, so the same
run is probed at the same steps on every machine, and plots, lesson checks and reproductions
agree everywhere.

The default schedule:

* **dense start**: every step from 1 to ``dense_steps`` (50) is probed, so a 30-step lesson
  run draws a line with 30 points per layer;
* **then a budget per doubling**: between step ``s`` and step ``2 s`` about ``per_doubling``
  (25) steps are probed, evenly spaced by a power of two. The gap between probes grows with
  the run (2 steps around step 60, 64 steps around step 2,000, 2,048 around step 60,000), so
  probing costs a share of the steps that falls as ``per_doubling / step``, and a run of
  ``n`` steps is probed about ``dense_steps + per_doubling * log2(n / dense_steps)`` times
  (about 300 probes for 100,000 steps).

The trainer also probes at every epoch end and on a user's step-once; both are fixed by the
steps and the user's actions, never by a clock.

``steps`` replaces the schedule with an explicit list of steps to probe (reproductions of a
paper's figure, tests), e.g. ``TelemetrySpec(probe_steps=(1, 10, 100, 1000))``.

Step numbers count optimizer steps from 1: "step 5 is probed" means the probe is taken
around the 5th update (its gradients are the ones of that step, its activations are measured
right after it), and ``Telemetry.extra["probe_step"]`` reads 5.
"""
from __future__ import annotations

from typing import Iterable, Iterator

#: every step up to this one is probed by default
DENSE_STEPS = 50
#: probes per doubling of the step count after the dense start
PER_DOUBLING = 25


class ProbeSchedule:
    """Decides whether a step is probed (see the module docstring).

    Parameters
    ----------
    dense_steps : every step ``1..dense_steps`` is probed (0: none).
    per_doubling : probes per doubling of the step count after that (>= 1).
    steps : an explicit collection of steps to probe instead of the schedule.
    """

    def __init__(self, dense_steps: int = DENSE_STEPS, per_doubling: int = PER_DOUBLING,
                 steps: Iterable[int] | None = None) -> None:
        self.dense_steps = int(dense_steps)
        self.per_doubling = max(1, int(per_doubling))
        self.explicit = None if steps is None else frozenset(int(s) for s in steps)

    @classmethod
    def from_spec(cls, telemetry) -> "ProbeSchedule":
        """The schedule a ``TelemetrySpec`` asks for."""
        return cls(telemetry.probe_dense_steps, telemetry.probes_per_doubling,
                   telemetry.probe_steps)

    def gap(self, step: int) -> int:
        """Steps between two scheduled probes around ``step`` (a power of two, >= 1)."""
        if step <= self.dense_steps:
            return 1
        ratio = step // self.per_doubling
        return 1 << max(0, ratio.bit_length() - 1) if ratio >= 1 else 1

    def due(self, step: int) -> bool:
        """Whether optimizer step ``step`` (counted from 1) is probed."""
        if step < 1:
            return False
        if self.explicit is not None:
            return step in self.explicit
        return step <= self.dense_steps or step % self.gap(step) == 0

    def steps_until(self, last: int) -> Iterator[int]:
        """The probed steps from 1 to ``last`` (epoch ends and step-once not included)."""
        if self.explicit is not None:
            yield from sorted(s for s in self.explicit if 1 <= s <= last)
            return
        step = 1
        while step <= last:
            if self.due(step):
                yield step
                step += 1
            else:                          # jump to the next multiple of the gap
                g = self.gap(step)
                step += g - step % g

    def __repr__(self) -> str:
        if self.explicit is not None:
            return f"ProbeSchedule(steps={sorted(self.explicit)})"
        return f"ProbeSchedule(dense_steps={self.dense_steps}, per_doubling={self.per_doubling})"
