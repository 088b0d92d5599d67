"""dlstudio and PyTorch take turns in ``dlstudio bench`` (``bench.paired``)."""
from __future__ import annotations

import importlib.util

import pytest

from dlstudio.bench import paired
from dlstudio.bench.workloads import standard_workloads


class FakeChild:
    def __init__(self, name, log, rate):
        self.name, self.log, self.rate = name, log, rate

    def repeat(self):
        self.log.append(self.name)
        return self.rate


def test_turns_rotate_and_each_side_gets_its_own_median(monkeypatch):
    monkeypatch.setattr(paired, "SETTLE_SECONDS", 0.0)
    log = []

    def step(i):
        if i == 0:
            log.append("mine")

    monkeypatch.setattr(paired, "steps_for", lambda step, seconds: 3)
    children = [FakeChild("nchw", log, 10.0), FakeChild("nhwc", log, 20.0)]
    mine, (a, b) = paired.alternate((step, 2.0), children, repeats=3, seconds=0.01)
    # one repeat each per round, the first turn moving by one every round
    assert log == ["mine", "nchw", "nhwc", "nchw", "nhwc", "mine", "nhwc", "mine", "nchw"]
    assert (a.median, a.low, a.high) == (10.0, 10.0, 10.0)
    assert (b.median, b.low, b.high) == (20.0, 20.0, 20.0)
    assert mine.median > 0 and mine.low <= mine.median <= mine.high


def test_a_failing_child_says_why():
    toy = next(w for w in standard_workloads() if w.key == "toy")
    bad = type(toy)(**{**toy.__dict__, "key": "no_such_workload"})
    with pytest.raises(RuntimeError, match="PyTorch measurement failed:\n.+"):
        paired.PytorchChild(bad, "train", seconds=0.01)


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="PyTorch not installed")
def test_a_pytorch_child_measures_repeat_by_repeat():
    toy = next(w for w in standard_workloads() if w.key == "toy")
    with paired.PytorchChild(toy, "train", seconds=0.01) as child:
        assert child.steps >= 5
        assert child.repeat() > 0 and child.repeat() > 0
