"""Messages between dlstudio's own processes, their arrays sent without a copy on the sender's side.

A training child (``gui/training_process.py``) sends the window every item of its run: the
moments of the timeline and the weight copies are a few megabytes of arrays each. Pickled
the usual way, each array is copied into the pickle, and a new pickle of megabytes is fresh
memory whose pages the system makes on first touch: a 784-300-100-10 MLP's 3.1 MB moment took
the child's training thread 3.7 ms of CPU, against 0.4 ms for its copy into reused memory
(``training.copy_pool``) plus 0.2 ms to pickle what is left (measured on the 2-core VM).

So a message is pickled with protocol 5 and its contiguous arrays *out of band*
(``pickle.PickleBuffer``; those under ``IN_BAND_BYTES`` go inside the pickle as usual): the
pickle holds only their descriptions, and the arrays' own
memory is written to the pipe afterwards, by whatever thread writes (a pipe write lets the
GIL go). The arrays must not change until they are written; a run's items are copies the
training never touches again (the contract of ``gui/training_run.py``'s items, which the
GUI thread reads while the run goes on), so they qualify as they are.

On the wire: one frame (``Connection.send_bytes``) with the number of arrays, their sizes
and the pickle, then each array's bytes as they are, and the receiver reads them straight
into new writable memory (a frame would be read into a buffer of its own and copied again:
0.2 ms instead of 0.3-1.0 ms of the receiving thread per 3.1 MB moment, measured) and
unpickles the message around them, so its arrays are as writable as ever. Where a
connection is not a file descriptor (Windows' named pipes), each array is a frame.

Several messages can go at once (``send_many`` / ``receive_many``): their heads in one frame,
then their arrays in order.

Only for pipes between dlstudio's own processes: unpickling runs code the pickle names, so
this never reads a file or anything another program wrote.
"""
from __future__ import annotations

import copyreg
import io
import os
import pickle
import struct
import sys
from typing import Any

import numpy as np

_COUNT = struct.Struct("<I")
_SIZE = struct.Struct("<Q")
#: what a frame of ``send_many`` starts with: a count of arrays no single message has, so that
#: ``receive_many`` reads a ``send`` too (and a window of an earlier version, which reads one
#: message per frame, is never sent a frame it would misread: ``training_child``)
_MANY = _COUNT.pack(0xFFFFFFFF)


class Packed:
    """A message ready to send: its pickle and the memory of its arrays (``buffers``)."""

    __slots__ = ("head", "buffers")

    def __init__(self, message: Any) -> None:
        views: list[memoryview] = []

        def out_of_band(buffer: pickle.PickleBuffer) -> bool:
            view = buffer.raw()
            if view.nbytes < IN_BAND_BYTES:
                view.release()
                return True                     # into the pickle
            views.append(view)
            return False

        data = io.BytesIO()
        _Pickler(data, protocol=5, buffer_callback=out_of_band).dump(message)
        data = data.getvalue()
        self.head = b"".join([_COUNT.pack(len(views)),
                              *(_SIZE.pack(v.nbytes) for v in views), data])
        self.buffers = views

    def send(self, conn: Any) -> None:
        """Write the message to the ``multiprocessing`` connection ``conn``, then let go of
        its arrays."""
        try:
            conn.send_bytes(self.head)
        except BaseException:
            self.release()
            raise
        self.send_buffers(conn)

    def send_buffers(self, conn: Any) -> None:
        """Write the message's arrays (after its head went), then let go of them."""
        try:
            for view in self.buffers:
                if _RAW:
                    _write_all(conn.fileno(), view)
                else:
                    conn.send_bytes(view)
        finally:
            self.release()

    def release(self) -> None:
        for view in self.buffers:
            view.release()
        self.buffers = []


def _reduce_array(obj: np.ndarray) -> Any:
    """How ``_Pickler`` pickles a plain array: as ``_array`` rebuilds it. NumPy's own
    reduction imports two modules for every array it pickles, and PySide6's import hook,
    which every import goes through in a process that loaded Qt, made that half of a
    pickle's time (a classroom toy's snapshot and moment, ~50 small arrays: 420 -> 200 us,
    measured with the hook taken out). An array under ``IN_BAND_BYTES`` goes as a copy of
    its bytes: no ``PickleBuffer`` and no call of the pickler's buffer callback for it."""
    dtype = obj.dtype
    if dtype.names is not None or dtype.hasobject:
        return obj.__reduce_ex__(5)
    c_order = obj.flags.c_contiguous
    if not (c_order or obj.flags.f_contiguous):
        return obj.__reduce_ex__(5)
    if obj.nbytes < IN_BAND_BYTES:
        # the array rebuilt on a bytearray is writable, on bytes read-only: as it was
        data = (bytearray if obj.flags.writeable else bytes)(obj if c_order else obj.T)
    else:
        data = pickle.PickleBuffer(obj)
    return _array, (data, dtype.str, obj.shape, not c_order)


class _Pickler(pickle.Pickler):
    """A pickler that pickles plain arrays by ``_reduce_array``. Looked up by the pickler's
    C code in its ``dispatch_table`` by exact type, so that no Python code runs for the
    other objects of a message (a ``reducer_override`` is called for every one of them: a
    toy's snapshot has 25 arrays among 50 such objects, and each small array also called the
    buffer callback: 136 -> ~70 us a snapshot, measured)."""

    dispatch_table = {**copyreg.dispatch_table, np.ndarray: _reduce_array}


def _array(buffer: Any, dtype: str, shape: tuple, fortran: bool) -> np.ndarray:
    """The array ``_Pickler`` pickled (writable when its memory is: a buffer received is).
    Made on the buffer itself (``numpy.frombuffer`` would put two objects the cycle
    collector tracks between them: a moment and a snapshot of the toy held ~50 arrays)."""
    return np.ndarray(shape, dtype=dtype, buffer=buffer, order="F" if fortran else "C")


def send(conn: Any, message: Any) -> None:
    """Pickle ``message`` (its arrays out of band) and write it to ``conn``."""
    Packed(message).send(conn)


def send_many(conn: Any, packed: list[Packed]) -> None:
    """Write several packed messages to ``conn`` at once: their heads in one frame, then
    their arrays (``receive_many`` reads them). A thread that writes what another one packs
    takes the GIL back after each write: one write for many small messages instead of one
    each (a classroom toy's run sends ~1,400 a second)."""
    try:
        heads = [p.head for p in packed]
        conn.send_bytes(b"".join([_MANY, _COUNT.pack(len(heads)),
                                  *(_SIZE.pack(len(h)) for h in heads), *heads]))
    except BaseException:
        for p in packed:
            p.release()
        raise
    for p in packed:
        p.send_buffers(conn)


def receive(conn: Any) -> Any:
    """The next message from ``conn`` (written by ``send``), with its arrays in new
    writable memory."""
    return _unpack(conn, memoryview(conn.recv_bytes()))


def receive_many(conn: Any) -> list:
    """The messages of the next write on ``conn``, in order: those of a ``send_many`` or the
    one of a ``send``."""
    frame = memoryview(conn.recv_bytes())
    if frame[:len(_MANY)] != _MANY:
        return [_unpack(conn, frame)]
    frame = frame[len(_MANY):]
    (count,) = _COUNT.unpack_from(frame)
    sizes = [_SIZE.unpack_from(frame, _COUNT.size + i * _SIZE.size)[0] for i in range(count)]
    start = _COUNT.size + count * _SIZE.size
    messages = []
    for size in sizes:
        messages.append(_unpack(conn, frame[start:start + size]))
        start += size
    return messages


def _unpack(conn: Any, head: memoryview) -> Any:
    """The message whose head is ``head``, its arrays read from ``conn`` now."""
    (count,) = _COUNT.unpack_from(head)
    sizes = [_SIZE.unpack_from(head, _COUNT.size + i * _SIZE.size)[0] for i in range(count)]
    buffers = []
    file = io.FileIO(conn.fileno(), "rb", closefd=False) if _RAW and sizes else None
    for size in sizes:
        buffer = bytearray(size)
        if file is not None:
            _read_into(file, buffer)
        else:
            conn.recv_bytes_into(buffer)
        buffers.append(buffer)
    start = _COUNT.size + count * _SIZE.size
    return pickle.loads(head[start:], buffers=buffers)


#: arrays smaller than this go inside the pickle: each array out of band costs a write on one
#: side and an allocation and a read on the other (a classroom toy's snapshot held 25 arrays
#: of a few hundred bytes: its histograms, statistics, weights)
IN_BAND_BYTES = 16 * 1024

#: whether arrays go as raw bytes on the connection's file descriptor
_RAW = sys.platform != "win32"


def _write_all(fd: int, view: memoryview) -> None:
    while view:
        view = view[os.write(fd, view):]


def _read_into(file: io.FileIO, buffer: bytearray) -> None:
    view = memoryview(buffer)
    while view:
        n = file.readinto(view)
        if not n:
            raise EOFError("the pipe closed in the middle of a message")
        view = view[n:]
