"""The benchmark runs end to end (its numbers are reported, never asserted)."""
from __future__ import annotations

from dlstudio.bench.run import run


def test_bench_runs_a_workload_without_torch():
    lines = []
    rows = run(keys=["toy"], repeats=1, target_seconds=0.02, use_torch=False, out=lines.append)
    assert [r["mode"] for r in rows] == ["train", "inference"]
    assert all(r["dlstudio"] > 0 and r["pytorch"] is None for r in rows)
    assert any("Classroom toy" in line for line in lines)


def test_convnet_inference_is_also_timed_on_a_thousand_images(monkeypatch):
    from dlstudio.bench import ours, run as run_module

    seen = []

    def fake(w, images=None):
        seen.append(images)
        return (lambda i: None), 1.0

    monkeypatch.setattr(ours, "inference_step", fake)
    monkeypatch.setattr(ours, "train_step", lambda w: fake(w))
    rows = run_module.run(keys=["convnet_b64"], repeats=1, target_seconds=0.01, use_torch=False,
                          out=lambda line: None)
    assert [r["mode"] for r in rows] == ["train", "inference", "infer 1000"]
    assert rows[-1]["images"] == run_module.LARGE_INFERENCE and run_module.LARGE_INFERENCE in seen

