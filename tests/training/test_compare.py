"""Comparison runs: variants in lockstep on the same batches, snapshots tagged by variant."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.training import TrainSpec
from dlstudio.training.compare import Comparison, Variant

from training_helpers import build, mlp, weights_equal


def test_variants_run_in_lockstep_and_are_tagged(blobs):
    variants = [Variant("sigmoid", mlp(units=(16, 16), activation="sigmoid")),
                Variant("relu", mlp(units=(16, 16), activation="relu", init="he_normal"))]
    cmp = Comparison.from_variants(variants, blobs, TrainSpec(epochs=3, batch_size=16,
                                                              optimizer="sgd",
                                                              learning_rate=0.05))
    snaps = list(cmp.run())
    by = {name: [s for s in snaps if s.variant == name] for name in ("sigmoid", "relu")}
    assert len(by["sigmoid"]) + len(by["relu"]) == len(snaps)
    assert [s.step for s in by["sigmoid"]] == [s.step for s in by["relu"]]   # same steps
    assert [s.event for s in by["sigmoid"]] == [s.event for s in by["relu"]]
    assert by["relu"][-1].event == "finished" and by["relu"][-1].test_accuracy is not None
    # interleaved: the two variants' snapshots of one step come together
    assert snaps[0].variant == "sigmoid" and snaps[1].variant == "relu"


def test_identical_variants_stay_identical_so_batches_are_shared(blobs):
    spec = TrainSpec(epochs=2, batch_size=8, optimizer="adam", learning_rate=0.01, seed=4)
    nets = {"A": build(mlp(extra={"type": "Dropout", "rate": 0.2}), 1),
            "B": build(mlp(extra={"type": "Dropout", "rate": 0.2}), 1),
            "C": build(mlp(extra={"type": "Dropout", "rate": 0.2}), 1)}
    specs = {"A": spec, "B": spec, "C": spec.replace(learning_rate=0.02)}
    list(Comparison(nets, blobs, specs).run())
    assert weights_equal(nets["A"], nets["B"])
    assert not weights_equal(nets["A"], nets["C"])
    # and a lockstep variant equals the same network trained alone
    from dlstudio.training.trainer import Trainer

    alone = build(mlp(extra={"type": "Dropout", "rate": 0.2}), 1)
    list(Trainer(alone, blobs, spec).run())
    assert weights_equal(alone, nets["A"])


def test_a_diverging_variant_drops_out_and_the_others_continue(blobs):
    nets = {"calm": build(mlp()), "wild": build(mlp(units=(32, 32), activation="relu"))}
    specs = {"calm": TrainSpec(epochs=2, optimizer="sgd", learning_rate=0.05),
             "wild": TrainSpec(epochs=2, optimizer="sgd", learning_rate=1e5)}
    snaps = list(Comparison(nets, blobs, specs).run())
    wild = [s for s in snaps if s.variant == "wild"]
    calm = [s for s in snaps if s.variant == "calm"]
    assert wild[-1].event == "diverged" and calm[-1].event == "finished"
    assert calm[-1].step > wild[-1].step


def test_stop_and_updates_act_on_every_variant(blobs):
    nets = {"A": build(mlp()), "B": build(mlp(activation="relu"))}
    cmp = Comparison(nets, blobs, TrainSpec(epochs=50, learning_rate=0.01, optimizer="sgd"))
    gen = cmp.run()
    next(gen), next(gen)
    cmp.update(learning_rate=0.002)
    seen = []
    for snap in gen:
        seen.append(snap)
        if snap.step > 30:
            cmp.stop()
            break
    rest = list(gen)
    ends = [s for s in rest if s.event not in ("step", "epoch_end")]
    assert sorted(s.variant for s in ends) == ["A", "B"]
    assert all(s.event == "stopped" for s in ends)
    assert all(s.learning_rate == pytest.approx(0.002) for s in rest)


def test_a_spec_per_variant_is_required(blobs):
    with pytest.raises(ValueError, match="no training spec for variant"):
        Comparison({"A": build(mlp()), "B": build(mlp())}, blobs, {"A": TrainSpec()})


def test_each_variants_speed_counts_only_its_own_turns(blobs, monkeypatch):
    """Lockstep variants take turns; a variant's examples per second must not include the
    time the others spent (walker5 W5-12). A fake clock makes it exact: A's steps take
    0.1 s, B's 1 s."""
    import time as time_module

    from dlstudio.training.trainer import Trainer

    clock = {"now": 1000.0}
    monkeypatch.setattr(time_module, "perf_counter", lambda: clock["now"])
    cost = {"A": 0.1, "B": 1.0}
    advance = Trainer.advance

    def timed_advance(self, *args, **kwargs):
        clock["now"] += cost[self.variant]
        return advance(self, *args, **kwargs)

    monkeypatch.setattr(Trainer, "advance", timed_advance)
    spec = TrainSpec(epochs=2, batch_size=16, optimizer="sgd", learning_rate=0.05)
    snaps = list(Comparison({"A": build(mlp()), "B": build(mlp())}, blobs, spec).run())
    rate = {v: [s.examples_per_second for s in snaps if s.variant == v and s.event == "step"
                and s.examples_per_second][-1] for v in cost}
    assert rate["A"] == pytest.approx(16 / 0.1, rel=0.05)
    assert rate["B"] == pytest.approx(16 / 1.0, rel=0.05)
