"""The status line's wording from the newest snapshots."""
from __future__ import annotations

import dataclasses

from dlstudio.gui.plots.status import StatusTracker, status_text
from dlstudio.training.telemetry import LayerTelemetry, Telemetry


def snap(step=100, variant="", loss=0.5, event="step", message="", grads=(0.1, 0.1), **kw):
    layers = tuple(LayerTelemetry(index=i, name=f"dense_{i + 1}", kind="Dense",
                                  activation="sigmoid", grad_norm=g)
                   for i, g in enumerate(grads))
    return Telemetry(step=step, epoch=2, batch_loss=loss, train_loss=loss, train_accuracy=0.8,
                     learning_rate=0.01, examples_per_second=1000.0, layers=layers,
                     event=event, message=message, variant=variant, **kw)


def test_progress_when_all_is_well(store):
    assert status_text(store) == ""
    store.append(snap(val_accuracy=0.912, event="epoch_end"))
    text = status_text(store)
    assert text.startswith("Epoch 3, step 100")
    assert "training loss 0.5" in text and "validation accuracy 91.2%" in text


def test_vanishing_gradients_are_named(store):
    store.append(snap(grads=(1e-7, 1e-1, 1e-1, 0.3)))
    text = status_text(store)
    assert text.startswith("Layer 1 gradients are 10^-") and text.endswith("vanishing")


def test_diverged_run_message_wins(store):
    store.append(snap(loss=float("nan"), event="diverged",
                      message="loss is NaN: the run diverged at step 340: lower the learning "
                              "rate"))
    assert status_text(store).startswith("Loss is NaN: the run diverged at step 340")


def test_compare_reports_the_most_severe_variant(store):
    store.append(snap(variant="A"))
    store.append(snap(variant="B", grads=(1e-8, 1.0)))
    assert status_text(store).startswith("B: Layer 1 gradients")
    store.append(snap(step=101, variant="B"))
    text = status_text(store)
    assert text.startswith("Epoch 3, step 101") and "A 80.0%, B 80.0%" in text


def test_tracker_emits_only_when_text_changes(qtbot, store):
    tracker = StatusTracker(store)
    seen = []
    tracker.sigStatusChanged.connect(seen.append)
    store.append(snap())
    assert tracker.refresh() and not tracker.refresh()
    store.append(dataclasses.replace(snap(), train_loss=0.5))   # same wording
    tracker.refresh()
    store.append(snap(step=200))
    tracker.refresh()
    assert len(seen) == 2 and "step 200" in seen[-1]
