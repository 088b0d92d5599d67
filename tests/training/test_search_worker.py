"""A search trial reports its progress at every epoch's end and on its way through an epoch
(walker22 W22-7: a long MNIST epoch left the search's bar at 0 % for two minutes)."""
from __future__ import annotations

from types import SimpleNamespace

from dlstudio.training.search import SearchProgress
from dlstudio.training.search_worker import PROGRESS_STEP, progress_report


def snap(event="step", epoch=0, fraction=0.0, val_accuracy=None, val_loss=None):
    return SimpleNamespace(event=event, epoch=epoch, epoch_fraction=fraction,
                           val_accuracy=val_accuracy, val_loss=val_loss)


def test_a_periodic_snapshot_further_into_the_epoch_is_reported():
    report = progress_report(snap(epoch=1, fraction=0.3), trial=4, epochs=3, reported=0.0)
    assert report == {"trial": 4, "epoch": 1, "epochs": 3, "val_accuracy": None,
                      "val_loss": None, "fraction": 0.3}
    event = SearchProgress(**report)
    assert not event.epoch_ended and event.epoch + event.fraction == 1.3


def test_a_snapshot_not_further_than_the_last_report_is_not():
    assert progress_report(snap(fraction=0.3), 4, 3, reported=0.3) is None
    assert progress_report(snap(fraction=0.3 + PROGRESS_STEP / 2), 4, 3, reported=0.3) is None
    assert progress_report(snap(fraction=0.0), 4, 3, reported=0.0) is None    # step 0


def test_an_epochs_end_is_reported_with_its_metrics():
    report = progress_report(snap("epoch_end", epoch=0, fraction=1.0, val_accuracy=0.9,
                                  val_loss=0.3), 4, 3, reported=0.98)
    assert report["fraction"] == 1.0 and report["val_accuracy"] == 0.9
    assert SearchProgress(**report).epoch_ended
    # the run's last snapshot repeats the metrics: not a new epoch
    assert progress_report(snap("finished", epoch=2, fraction=1.0, val_accuracy=0.9,
                                val_loss=0.3), 4, 3, reported=0.0) is None
