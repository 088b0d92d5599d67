"""The training job's moments and weight copies reuse memory the GUI let go of, and never
change what the GUI still holds (a scrubbed moment, a slice a plot keeps, shown weights)."""
from __future__ import annotations

import gc
from types import SimpleNamespace

import numpy as np

from dlstudio.data import load
from dlstudio.data.spec import DataSpec
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui.training_run import MomentKept, RunPlan, VariantPlan, WeightsCopy, training_job
from dlstudio.training.control import RunControl
from dlstudio.training.spec import TrainSpec
from dlstudio.training.timeline import Timeline

# weights of 18 KB: groups smaller than ``copy_pool.SMALL_GROUP_BYTES`` get memory of their own
SPEC = NetworkSpec((2,), (LayerSpec("Dense", {"units": 64, "activation": "tanh"}),
                          LayerSpec("Dense", {"units": 64, "activation": "tanh"}),
                          LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
TRAIN = TrainSpec(optimizer="adam", learning_rate=0.01, epochs=4, batch_size=16, seed=3)


def state_arrays(moment) -> list[np.ndarray]:
    return list(moment.weights) + [a for slots in moment.optimizer_state["slots"].values()
                                   for a in slots.values()]


def test_held_moments_and_weight_copies_never_change_while_dropped_ones_are_reused(qapp):
    data = load("blobs", seed=0, n_samples=300)
    plan = RunPlan(data_spec=DataSpec(dataset="blobs"), dataset=data,
                   variants=[VariantPlan("A", SPEC, TRAIN)])
    job = SimpleNamespace(progress=lambda *args: None, control=RunControl())
    timeline = None                                  # thins out moments, like the studio's
    expected: dict[int, list[np.ndarray]] = {}       # each moment's values when it arrived
    scrubbed, slices, shown = [], [], []
    first_block: dict[int, int] = {}                 # step -> address of its first weights
    reused = False
    for item in training_job(plan, job):
        if isinstance(item, MomentKept):
            moment = item.moment
            if timeline is None:                     # room for ~12 moments
                timeline = Timeline(budget_bytes=12 * moment.nbytes)
            address = moment.weights[0].__array_interface__["data"][0]
            reused = reused or address in first_block.values()
            first_block[moment.step] = address
            expected[moment.step] = [a.copy() for a in state_arrays(moment)]
            timeline.add(moment)
            if moment.step % 7 == 3:
                scrubbed.append(moment)              # held whole (a scrubbed moment)
            elif moment.step % 7 == 5:
                slices.append((moment.step, moment.weights[0][:, 1:]))    # a slice of it
        elif isinstance(item, WeightsCopy):
            if not shown:
                shown.append(item.weights["A"])      # the first copy stays shown
            gc.collect()
    assert reused                                    # dropped moments' memory came back
    assert len(timeline.moments) < len(first_block)  # (the timeline did thin them out)
    for moment in scrubbed + timeline.moments:
        for now, then in zip(state_arrays(moment), expected[moment.step]):
            np.testing.assert_array_equal(now, then)
    for step, part in slices:
        np.testing.assert_array_equal(part, expected[step][0][:, 1:])
    assert not np.array_equal(shown[0][0], timeline.moments[-1].weights[0])   # it trained
    first_step = min(expected)
    np.testing.assert_array_equal(shown[0][0], expected[first_step][0])
