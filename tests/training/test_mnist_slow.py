"""End to end on the real MNIST files: the textbook convnet learns as the book says.

The textbook run: Conv32-Pool-Conv64-Pool-Conv64-Flatten-Dense64-Dense10, RMSprop 0.001,
batch 64, 5 epochs on all 60,000 training images, >= 99.0% on the 10,000 test images (the book
reports 99.1%). It took ~2 minutes on a quiet 2-core machine (measured: 116 s, 99.15%), so CI
runs it whole, with telemetry probing at its default interval. ``python -m
dlstudio.bench.mnist --epochs 5 --torch`` times the same run in PyTorch.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# ../shared/data/mnist beside the checkout (as in CI), overridable
MNIST = Path(os.environ.get("DLSTUDIO_MNIST",
                            Path(__file__).resolve().parents[3] / "shared" / "data" / "mnist"))


@pytest.fixture(scope="module")
def mnist():
    if not (MNIST / "train-images-idx3-ubyte.gz").exists():
        pytest.skip(f"MNIST IDX files not found in {MNIST} (set DLSTUDIO_MNIST)")
    from dlstudio.bench.mnist import load_mnist

    return load_mnist(str(MNIST))


@pytest.mark.slow
def test_textbook_convnet_reaches_99_percent_in_5_epochs_on_full_mnist(mnist):
    from dlstudio.bench.mnist import run_dlstudio

    assert len(mnist.x_train) == 60000 and len(mnist.x_test) == 10000
    result = run_dlstudio(mnist, epochs=5, telemetry=True)
    print(f"\n5 epochs: test accuracy {result['test_accuracy']:.4f}, "
          f"{result['wall_seconds']:.0f} s, probes {result['probe_seconds']:.1f} s")
    assert result["test_accuracy"] >= 0.99
    accuracies = [h["accuracy"] for h in result["history"]]
    assert accuracies == sorted(accuracies)          # training accuracy rises every epoch
    # probing costs what the step-based schedule allows, the same on every machine (counted,
    # never timed): the schedule's steps, the start (step 0) and at most the five epoch ends
    from dlstudio.training.probe_schedule import ProbeSchedule

    scheduled = len(list(ProbeSchedule().steps_until(result["steps"])))
    assert scheduled + 1 <= result["probes"] <= scheduled + 1 + 5
    assert result["probes"] < 0.05 * result["steps"]
