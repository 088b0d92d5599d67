"""The underfitting finding names the learning rate when the loss has not moved (walker4
W4-3: lesson 08's eta = 0.0005 run was told to add capacity or fix the initialization)."""
from __future__ import annotations

from dlstudio.messages import render
from dlstudio.training.diagnosis import underfitting
from dlstudio.training.telemetry import Telemetry


def _history(losses, acc=0.12, lr=0.0005):
    return [Telemetry(step=i, epoch=i, batch_loss=l, train_loss=l, train_accuracy=acc,
                      learning_rate=lr, examples_per_second=0.0,
                      event="epoch_end" if i else "step")
            for i, l in enumerate(losses)]


def test_a_loss_that_did_not_move_names_the_learning_rate():
    found = underfitting(_history([2.31, 2.305, 2.302, 2.30]))
    text = render(found.message, "en")
    assert "larger learning rate (now 0.0005)" in text and "capacity" not in text
    assert "学习率" in render(found.message, "zh")


def test_a_loss_that_fell_but_stalled_keeps_the_general_advice():
    found = underfitting(_history([2.3, 1.9, 1.9, 1.9]))
    assert "capacity" in render(found.message, "en")
