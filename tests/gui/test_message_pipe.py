"""Messages with their arrays out of band between two ends of a pipe (gui/message_pipe.py)."""
import multiprocessing
import threading

import numpy as np
import pytest

from dlstudio.gui import message_pipe


@pytest.fixture
def pipe():
    receiving, sending = multiprocessing.Pipe(duplex=False)
    yield sending, receiving
    sending.close()
    receiving.close()


def _sent(pipe, message):
    """``message`` after a trip through the pipe (written on another thread: a message larger
    than the pipe holds blocks its writer until it is read)."""
    sending, receiving = pipe
    writer = threading.Thread(target=message_pipe.send, args=(sending, message))
    writer.start()
    out = message_pipe.receive(receiving)
    writer.join()
    return out


def test_arrays_and_everything_else_arrive_equal_and_writable(pipe):
    rng = np.random.default_rng(3)
    weights = [rng.standard_normal((784, 300)).astype(np.float32),
               np.asfortranarray(rng.standard_normal((30, 7))),
               np.arange(12, dtype=np.int64)[::2],            # not contiguous: in the pickle
               np.zeros((0, 5), np.float32), np.float64(2.5)]
    message = ("item", {"step": 7, "name": "dense_1", "weights": weights, "none": None})
    out = _sent(pipe, message)
    assert out[0] == "item" and out[1]["step"] == 7 and out[1]["none"] is None
    for got, sent in zip(out[1]["weights"], weights):
        assert type(got) is type(sent)
        np.testing.assert_array_equal(got, sent)
        if isinstance(got, np.ndarray):
            assert got.dtype == sent.dtype and got.shape == sent.shape
            assert got.flags.writeable
    assert out[1]["weights"][1].flags.f_contiguous


def test_the_arrays_are_not_copied_into_the_pickle():
    """The sender's side holds the arrays' own memory; the pickle only describes them."""
    big = np.ones((1000, 1000), np.float32)            # 4 MB
    packed = message_pipe.Packed(("item", [big, big[:10]]))
    assert len(packed.head) < 2000
    assert len(packed.buffers) == 2
    assert all(np.shares_memory(np.frombuffer(view, np.uint8), big.view(np.uint8))
               for view in packed.buffers)


def test_small_arrays_go_inside_the_pickle_and_arrive_as_they_were(pipe):
    """An array out of band costs a write and a read of its own: a toy's snapshot holds
    dozens of a few hundred bytes. Writable ones arrive writable, a read-only one
    read-only (as out of band)."""
    small = [np.arange(40, dtype=np.float32), np.ones((8, 8)),
             np.asfortranarray(np.arange(12.0).reshape(3, 4)), np.zeros((0, 3))]
    locked = np.arange(40.0)
    locked.flags.writeable = False
    packed = message_pipe.Packed(("item", [*small, locked]))
    assert packed.buffers == []
    out = _sent(pipe, ("item", [*small, locked]))
    for got, sent in zip(out[1], [*small, locked]):
        np.testing.assert_array_equal(got, sent)
        assert got.dtype == sent.dtype
        assert got.flags.writeable == sent.flags.writeable
        assert got.flags.f_contiguous == sent.flags.f_contiguous


def test_a_message_after_another_arrives_whole(pipe):
    first = _sent(pipe, ("a", np.arange(5.0)))
    second = _sent(pipe, ("b", [np.arange(3), "text"]))
    assert first[0] == "a" and second[0] == "b"
    np.testing.assert_array_equal(second[1][0], np.arange(3))


def test_sending_lets_go_of_the_arrays(pipe):
    sending, receiving = pipe
    packed = message_pipe.Packed(("x", np.arange(10_000.0)))
    assert len(packed.buffers) == 1
    writer = threading.Thread(target=packed.send, args=(sending,))
    writer.start()
    message_pipe.receive(receiving)
    writer.join()
    assert packed.buffers == []


def test_a_pipe_closed_in_the_middle_of_a_message_is_an_end_of_file(pipe):
    """The sender died after a message's description, before all of its arrays."""
    sending, receiving = pipe
    packed = message_pipe.Packed(("item", np.arange(10_000.0)))
    sending.send_bytes(packed.head)
    sending.close()
    with pytest.raises(EOFError):
        message_pipe.receive(receiving)


def test_arrays_are_pickled_without_an_import_each(monkeypatch):
    """NumPy's own reduction imports two modules per array, each through PySide6's import
    hook in a process that loaded Qt: an array costs no import here (only the rebuilding
    function's module, once per message)."""
    import builtins

    imports = []
    real = builtins.__import__

    def counting(name, *args, **kwargs):
        imports.append(name)
        return real(name, *args, **kwargs)

    arrays = [np.arange(float(n)) for n in range(1, 40)]
    monkeypatch.setattr(builtins, "__import__", counting)
    message_pipe.Packed(("item", arrays))
    monkeypatch.setattr(builtins, "__import__", real)
    assert len(imports) <= 2


def test_a_received_array_holds_no_object_the_cycle_collector_tracks(pipe):
    """A toy's run sends ~50 arrays per epoch end: each tracked object between an array and
    its memory lengthened the window's cycle collections (issue 13)."""
    import gc

    out = _sent(pipe, ("item", [np.arange(10.0), np.ones((300, 300)), np.ones((3, 4)).T]))
    for array in out[1]:
        base = array
        while base is not None:
            assert not gc.is_tracked(base)
            base = getattr(base, "base", None)


def test_messages_sent_together_arrive_in_order_with_their_arrays(pipe):
    """``send_many``: one write for many messages (the training child's sender)."""
    sending, receiving = pipe
    messages = [("item", i, np.full(10_000 if i % 2 else 5, float(i))) for i in range(7)]
    packed = [message_pipe.Packed(m) for m in messages]
    writer = threading.Thread(target=message_pipe.send_many, args=(sending, packed))
    writer.start()
    out = message_pipe.receive_many(receiving)
    writer.join()
    assert [m[1] for m in out] == list(range(7))
    for got, sent in zip(out, messages):
        np.testing.assert_array_equal(got[2], sent[2])
        assert got[2].flags.writeable
    assert all(p.buffers == [] for p in packed)


def test_receive_many_reads_a_single_message_too(pipe):
    sending, receiving = pipe
    writer = threading.Thread(target=message_pipe.send,
                              args=(sending, ("ready",)))
    writer.start()
    assert message_pipe.receive_many(receiving) == [("ready",)]
    writer.join()
