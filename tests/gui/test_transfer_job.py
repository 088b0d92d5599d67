"""The worker job of a transfer run (gui/transfer/transfer_job.py): it sends only the events
the panel plots and returns the run's summary."""
from __future__ import annotations

from types import SimpleNamespace

from dlstudio.data.spec import DataSpec
from dlstudio.engine.network import Network
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui.transfer.transfer_job import SENT_EVENTS, transfer_job
from dlstudio.training import transfer
from dlstudio.training.control import RunControl
from dlstudio.training.spec import TrainSpec


def test_transfer_job_sends_plotted_events_and_returns_a_summary():
    source = Network.from_spec(NetworkSpec((2,), (
        LayerSpec("Dense", {"units": 8, "activation": "tanh"}),
        LayerSpec("Dense", {"units": 4, "activation": "softmax"}))), seed=0)
    data = DataSpec(dataset="blobs", params={"n_samples": 120, "n_classes": 3},
                    validation_split=0.2, test_split=0.0, seed=1)
    job = SimpleNamespace(control=RunControl())
    gen = transfer_job(source, transfer.TransferPlan(n_classes=3), TrainSpec(epochs=2), None,
                       data, job)
    events = []
    try:
        while True:
            events.append(next(gen).event)
    except StopIteration as end:
        summary = end.value
    assert events and set(events) <= set(SENT_EVENTS)
    assert events.count("epoch_end") == 2
    assert summary["network"].output_shape[-1] == 3 and not summary["stopped"]
    assert "head" in summary["val_accuracy"] and summary["seconds"] >= 0.0
