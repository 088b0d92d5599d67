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


def test_a_loss_that_shot_up_names_steps_too_large():
    """Walker29 (zh, free play): Adam at learning rate 1000 threw the loss up to 4e7 and the
    accuracy sat at 10%; the finding said "underfitting (more capacity, ...)"."""
    history = _history([2.3, 2.3, 2.3, 2.3], acc=0.1, lr=1000)
    found = underfitting(history, losses=[2.31, 2.4, 4e7, 3e5, 2.3])
    text = render(found.message, "en")
    assert "4 × 10⁷" in text and "smaller" in text and "(now 1000)" in text
    assert "capacity" not in text
    assert "学习率调小" in render(found.message, "zh")
    # the whole diagnosis reads the run's batch losses
    from dlstudio.training.diagnosis import diagnose
    kinds = {f.message.id for f in diagnose(history[-1], history, ([0, 1, 2, 3, 4],
                                                                   [2.31, 2.4, 4e7, 3e5, 2.3]))
             if f.kind == "underfitting"}
    assert kinds == {"diagnosis.loss_blown"}


def test_the_status_lines_diagnosis_sees_the_spike_in_the_epoch_losses():
    """The status line diagnoses without the batch-loss curve: an epoch's running training
    loss holds the spike."""
    found = underfitting(_history([2.3, 5e6, 2.3, 2.3], acc=0.1, lr=1000))
    assert found.message.id == "diagnosis.loss_blown"
