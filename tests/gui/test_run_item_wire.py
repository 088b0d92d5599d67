"""A run's items as the window receives them from a training child (``gui/run_item_wire``):
what the sender leaves out is put back, equal to what the run yielded."""
from __future__ import annotations

import pickle

import numpy as np
import pytest

from dlstudio.gui.run_item_wire import HistoryTail, ItemReceiver, ItemSender, SentSnapshot
from dlstudio.gui.training_run import MomentKept
from dlstudio.training.telemetry import Telemetry
from dlstudio.training.timeline import Moment


def _snap(step: int, variant: str = "A") -> Telemetry:
    return Telemetry(step=step, epoch=step - 1, event="epoch_end", variant=variant,
                     batch_loss=1.0 / step, train_loss=None, train_accuracy=None,
                     learning_rate=0.1, examples_per_second=None)


def _moment(snap: Telemetry, history: list) -> MomentKept:
    return MomentKept("A", Moment(step=snap.step, epoch=snap.epoch, event=snap.event,
                                  weights=[np.full(3, snap.step, np.float32)],
                                  optimizer_state={}, trainer_state={"history": history,
                                                                     "position": snap.step},
                                  telemetry=snap))


def _items(epochs: int, history: list | None = None) -> list:
    history = [] if history is None else history
    items = []
    for step in range(1, epochs + 1):
        history.append({"epoch": step - 1, "loss": 1.0 / step})
        snap = _snap(step)
        items += [snap, _moment(snap, list(history))]
    return items


def _through(items: list, sender: ItemSender, receiver: ItemReceiver) -> tuple[list, list]:
    sent = [sender.shorten(item) for item in items]
    return sent, [receiver.restore(pickle.loads(pickle.dumps(s))) for s in sent]


def test_moments_come_back_whole_with_their_snapshot_and_history():
    items = _items(6)
    sent, received = _through(items, ItemSender(), ItemReceiver())
    for original, wire, back in zip(items, sent, received):
        if isinstance(original, Telemetry):
            assert back == original
            continue
        assert isinstance(wire.moment.telemetry, SentSnapshot)
        tail = wire.moment.trainer_state["history"]
        assert isinstance(tail, HistoryTail) and len(tail.entries) == 1   # only the new one
        assert back.moment.trainer_state == original.moment.trainer_state
        assert back.moment.step == original.moment.step
        np.testing.assert_array_equal(back.moment.weights[0], original.moment.weights[0])
    # the moment's snapshot is the snapshot item the window received (one copy)
    assert received[3].moment.telemetry is received[2]


def test_a_history_that_starts_again_goes_from_where_it_parts():
    sender, receiver = ItemSender(), ItemReceiver()
    history = []
    first = _items(5, history)
    branched = history[:2]                       # a branch from epoch 2: new entries after it
    second = []
    for step in range(3, 6):
        branched = branched + [{"epoch": step - 1, "loss": -step}]
        snap = _snap(step)
        second += [snap, _moment(snap, branched)]
    sent, received = _through(first + second, sender, receiver)
    assert sent[11].moment.trainer_state["history"].start == 2
    assert received[-1].moment.trainer_state["history"] == branched
    assert received[9].moment.trainer_state["history"] == history


def test_a_tail_that_does_not_follow_what_was_received_is_refused():
    sender = ItemSender()
    sent = [sender.shorten(item) for item in _items(3)]
    receiver = ItemReceiver()
    receiver.restore(sent[4])                   # the snapshot of the third epoch alone
    with pytest.raises(ValueError):
        receiver.restore(sent[5])               # continues two entries never received
