"""The benchmark runs end to end (its numbers are reported, never asserted)."""
from __future__ import annotations

from dlstudio.bench.run import run


def test_bench_runs_a_workload_without_torch():
    lines = []
    rows = run(keys=["toy"], repeats=1, target_seconds=0.02, use_torch=False, out=lines.append)
    assert [r["mode"] for r in rows] == ["train", "inference"]
    assert all(r["dlstudio"] > 0 and r["pytorch"] is None for r in rows)
    assert any("Classroom toy" in line for line in lines)
