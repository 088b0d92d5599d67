"""The window's training job tells the engine that the process shares its cores with the
GUI thread (``gemm.share_cores``); a headless trainer leaves the engine as it is."""
from __future__ import annotations

from types import SimpleNamespace

from dlstudio.data import load
from dlstudio.data.spec import DataSpec
from dlstudio.engine import gemm
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui.training_run import RunPlan, VariantPlan, training_job
from dlstudio.training.control import RunControl
from dlstudio.training.spec import TrainSpec

SPEC = NetworkSpec((2,), (LayerSpec("Dense", {"units": 8, "activation": "relu"}),
                          LayerSpec("Dense", {"units": 3, "activation": "softmax"})))


def test_the_training_job_makes_the_engine_share_the_cores(qapp):
    data = load("blobs", seed=0, n_samples=60)
    plan = RunPlan(data_spec=DataSpec(dataset="blobs"), dataset=data,
                   variants=[VariantPlan("A", SPEC, TrainSpec(epochs=1, batch_size=20))])
    job = SimpleNamespace(progress=lambda *args: None, control=RunControl())
    was = gemm.helper_spin_cycles()
    gemm.share_cores(False)
    try:
        items = training_job(plan, job)
        next(items)                                  # the job has started
        assert gemm.helper_spin_cycles() == gemm.SHARED_SPIN_CYCLES
        for _ in items:
            pass
    finally:
        gemm.share_cores(was == gemm.SHARED_SPIN_CYCLES)
