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


def test_a_worker_ends_when_the_process_that_started_it_has_ended(tmp_path):
    """A window ended by the system (SIGTERM) leaves without waiting for a search's trials
    (``os._exit``): its pool's workers must end too, not train on as orphans. A middle
    process starts a worker that would sleep for ten minutes, says its pid once the worker
    is set up and leaves without a word to it; the worker is gone soon after (within a
    generous minute)."""
    import os
    import subprocess
    import sys
    import textwrap
    import time
    from pathlib import Path

    middle = tmp_path / "middle.py"
    middle.write_text(textwrap.dedent(f"""
        import multiprocessing, os, sys, time
        sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})

        def worker(ready):
            from dlstudio.training import search_worker
            search_worker.end_with_parent()
            ready.set()
            time.sleep(600)

        if __name__ == "__main__":
            ctx = multiprocessing.get_context("spawn")
            ready = ctx.Event()
            child = ctx.Process(target=worker, args=(ready,), daemon=False)
            child.start()
            ready.wait(300)         # the worker is watching its parent
            with open("worker.pid", "w") as f:
                f.write(str(child.pid))
            os._exit(0)
        """))
    # (no pipes: the worker would hold them open, and the run would wait for it)
    subprocess.run([sys.executable, str(middle)], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=400, cwd=tmp_path, check=True)
    pid = int((tmp_path / "worker.pid").read_text())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, 9)
        raise AssertionError("the worker outlived the process that started it")
