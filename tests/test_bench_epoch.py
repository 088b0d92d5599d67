"""The full-epoch comparison's bookkeeping, on injected timings (nothing is timed here)."""
from __future__ import annotations

import pytest

from dlstudio.bench import epoch
from dlstudio.engine.presets import PRESETS


def test_schedule_alternates_and_rotates_the_order():
    calls, befores = [], []
    fake = {"dlstudio": 10.0, "pytorch-nchw": 15.0, "pytorch-cl": 12.0}

    def runner(fw, batch):
        calls.append((fw, batch))
        return fake[fw] * batch / 64

    times = epoch.measure([32, 64], 3, ["quiet", "after-load"], runner, befores.append)
    assert len(calls) == 2 * 3 * 2 * 3 == len(befores)
    assert befores[:18] == ["quiet"] * 18 and befores[18:] == ["after-load"] * 18
    firsts = [calls[i][0] for i in range(0, 18, 6)]      # first framework of each repeat
    assert firsts == ["dlstudio", "pytorch-nchw", "pytorch-cl"]
    assert times[("quiet", 64, "pytorch-cl")] == [12.0, 12.0, 12.0]


def test_summary_medians_ratios_and_share_of_the_ceiling():
    times = {("after-load", 64, "dlstudio"): [20.0, 10.0, 11.0],
             ("after-load", 64, "pytorch-nchw"): [15.0, 16.0, 99.0],
             ("after-load", 64, "pytorch-cl"): [11.0, 12.0, 13.0],
             ("quiet", 64, "dlstudio"): [8.0],
             ("quiet", 32, "dlstudio"): [9.0], ("quiet", 32, "pytorch-nchw"): [18.0]}
    rows = epoch.summarize(times, flops={64: 1e12, 32: 9e11}, peak_gflops=200.0)
    assert [(r.condition, r.batch) for r in rows] == [("quiet", 32), ("quiet", 64),
                                                      ("after-load", 64)]
    quiet32, quiet64, load64 = rows
    assert load64.seconds == {"dlstudio": 11.0, "pytorch-nchw": 16.0, "pytorch-cl": 12.0}
    assert load64.spread["dlstudio"] == (10.0, 20.0)
    assert load64.vs_nchw == pytest.approx(16 / 11) and load64.vs_cl == pytest.approx(12 / 11)
    assert load64.gflops == pytest.approx(1e12 / 11 / 1e9)
    assert load64.of_peak == pytest.approx(1e12 / 11 / 1e9 / 200)
    assert quiet32.vs_nchw == pytest.approx(2.0) and quiet32.vs_cl is None
    assert quiet64.vs_nchw is None and quiet64.gflops == pytest.approx(125.0)


def test_table_shows_every_row_and_the_ceiling():
    times = {("quiet", 64, "dlstudio"): [10.0], ("quiet", 64, "pytorch-nchw"): [15.0],
             ("quiet", 64, "pytorch-cl"): [12.0]}
    rows = epoch.summarize(times, {64: 1e12}, 200.0)
    text = epoch.format_table(rows, 1, 200.0, {64: 80.0})
    line = next(l for l in text.splitlines() if l.startswith("quiet"))
    assert "10.0" in line and "15.0" in line and "1.50x" in line and "1.20x" in line
    assert "100.0" in line and "50%" in line
    assert "200.0 GFLOPS" in text and "batch 64 80.0" in text
    missing = epoch.format_table(epoch.summarize({("quiet", 32, "dlstudio"): [5.0]}), 1)
    assert "-x" in missing


def test_gemm_shapes_and_flops_of_the_textbook_convnet():
    spec = PRESETS["mnist_convnet"]()
    shapes = epoch.gemm_shapes(spec, 64)
    # first conv: forward and weight gradient only (no gradient for the input images)
    assert shapes[:2] == [(64 * 26 * 26, 9, 32), (9, 64 * 26 * 26, 32)]
    assert (64 * 11 * 11, 288, 64) in shapes and (64 * 11 * 11, 64, 288) in shapes
    per_image = epoch.epoch_flops(spec, 64) / epoch.N_TRAIN
    forward = 2 * (26 * 26 * 9 * 32 + 11 * 11 * 288 * 64 + 3 * 3 * 576 * 64 + 576 * 64 + 64 * 10)
    first = 2 * 26 * 26 * 9 * 32
    assert per_image == pytest.approx(3 * forward - first)


def test_the_dlstudio_epoch_runs_the_user_command():
    cmd = epoch.dlstudio_command(128, "log.jsonl", "/data")
    assert cmd[1:5] == ["-m", "dlstudio", "train", "mnist_convnet"]
    for pair in (["--batch-size", "128"], ["--epochs", "1"], ["--validation-split", "0"],
                 ["--optimizer", "rmsprop"], ["--lr", "0.001"], ["--data-dir", "/data"]):
        i = cmd.index(pair[0])
        assert cmd[i:i + 2] == pair


def test_a_shortened_epoch_limits_both_sides():
    cmd = epoch.dlstudio_command(64, "log.jsonl", None, images=6000)
    i = cmd.index("--limit")
    assert cmd[i:i + 2] == ["--limit", "6000"]
    assert "--limit" not in epoch.dlstudio_command(64, "log.jsonl", None)
    spec = PRESETS["mnist_convnet"]()
    assert epoch.epoch_flops(spec, 64, 6000) == pytest.approx(epoch.epoch_flops(spec, 64) / 10)
    rows = epoch.summarize({("quiet", 64, "dlstudio"): [1.0]})
    assert epoch.format_table(rows, 1, images=6000).startswith("6,000 images of an epoch")
    assert epoch.format_table(rows, 1).startswith("one epoch")
