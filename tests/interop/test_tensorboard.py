"""TensorBoard event files: written by dlstudio, read back by its reader and by TensorBoard's."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.cli import main
from dlstudio.interop.tensorboard import EventWriter, crc32c, read_events


def test_crc32c_matches_the_published_check_value():
    assert crc32c(b"123456789") == 0xE3069283          # the CRC-32C "check" value
    assert crc32c(b"") == 0


def test_scalars_and_histograms_round_trip(tmp_path):
    counts, edges = np.array([1, 0, 3, 2]), np.linspace(-1, 1, 5)
    with EventWriter(tmp_path) as w:
        w.add_scalar("train/loss", 0.75, 3)
        w.add_histogram("dense/weights", counts, edges, 3)
        w.add_scalar("train/loss", -2.5, 2 ** 40)        # large steps are varints too
    events = read_events(w.path)
    assert events[0]["file_version"] == "brain.Event:2"
    assert (events[1]["tag"], events[1]["step"], events[1]["value"]) == ("train/loss", 3, 0.75)
    h = events[2]["histogram"]
    assert h["bucket"] == [1, 0, 3, 2] and h["bucket_limit"] == pytest.approx(edges[1:])
    assert (h["min"], h["max"], h["num"]) == (-1.0, 1.0, 6)
    assert events[3]["step"] == 2 ** 40 and events[3]["value"] == -2.5


def test_damaged_file_is_detected(tmp_path):
    with EventWriter(tmp_path) as w:
        w.add_scalar("x", 1.0, 1)
    data = bytearray(w.path.read_bytes())
    data[-6] ^= 0xFF
    w.path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="damaged"):
        read_events(w.path)


@pytest.fixture
def toy_run(tmp_path):
    """``dlstudio train ... --tensorboard DIR`` on a small toy problem: (folder, events)."""
    logdir = tmp_path / "runs" / "toy"
    rc = main(["train", "toy_2d", "--data", "circles:n_samples=200", "--epochs", "2",
               "--batch-size", "32", "--quiet", "--tensorboard", str(logdir)])
    assert rc == 0
    (path,) = logdir.glob("events.out.tfevents.*")
    return logdir, read_events(path)


def _histogram_tags(events) -> set:
    return {e["tag"] for e in events
            if e.get("tag", "").endswith(("/activations", "/weights", "/gradients"))}


def test_train_writes_a_tensorboard_run(toy_run):
    _, events = toy_run
    tags = {e.get("tag") for e in events}
    assert {"train/loss", "train/accuracy", "learning_rate", "validation/loss"} <= tags
    hist_tags = _histogram_tags(events)
    assert any(t.endswith("/weights") for t in hist_tags) and any(
        t.endswith("/activations") for t in hist_tags)


def test_tensorboard_reads_the_run(toy_run):
    ea_module = pytest.importorskip(
        "tensorboard.backend.event_processing.event_accumulator",
        reason="TensorBoard is not installed (pip install tensorboard)")
    logdir, events = toy_run
    acc = ea_module.EventAccumulator(str(logdir), size_guidance={"scalars": 0,
                                                                 "histograms": 0})
    acc.Reload()
    assert "train/loss" in acc.Tags()["scalars"]
    losses = [e.value for e in acc.Scalars("train/loss")]
    ours = [e["value"] for e in events if e.get("tag") == "train/loss"]
    assert losses == pytest.approx(ours)
    assert _histogram_tags(events) <= set(acc.Tags()["histograms"])
