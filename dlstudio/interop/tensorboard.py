"""TensorBoard event files, written with nothing but the standard library and NumPy.

A course that already uses TensorBoard can open dlstudio runs beside its own
(``tensorboard --logdir DIR``). An event file is a sequence of TFRecords, each holding one
``Event`` protocol buffer:

    record  = length (uint64 LE) | masked crc32c(length) (uint32 LE) | data | masked crc32c(data)
    Event   = wall_time (1: double) | step (2: int64) | file_version (3: string)
              | summary (5: Summary)
    Summary = value (1: repeated Value);  Value = tag (1: string) | simple_value (2: float)
              | histo (5: HistogramProto)
    HistogramProto = min (1) | max (2) | num (3) | sum (4) | sum_squares (5): doubles
              | bucket_limit (6: packed doubles, right edges) | bucket (7: packed doubles)

crc32c is the Castagnoli CRC; "masked" is ((crc >> 15) | (crc << 17)) + 0xa282ead8. The few
protocol-buffer rules needed (varint keys ``field << 3 | wire type``; wire types 0 varint,
1 fixed 64-bit, 2 length-delimited, 5 fixed 32-bit) are written out below; ``read_events``
is the matching reader, used by the tests and handy for a quick look without TensorBoard.
"""
from __future__ import annotations

import os
import socket
import struct
import time
from pathlib import Path

import numpy as np

# -- crc32c ---------------------------------------------------------------------------------
_POLY = 0x82F63B78                    # Castagnoli, reversed


def _crc_table() -> list[int]:
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ _POLY if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _crc_table()


def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc(data: bytes) -> int:
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


# -- protocol buffers: just what an Event needs -------------------------------------------
def _varint(n: int) -> bytes:
    n &= (1 << 64) - 1                # negative int64 as two's complement
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _key(field: int, wire: int) -> bytes:
    return _varint(field << 3 | wire)


def _bytes_field(field: int, payload: bytes) -> bytes:
    return _key(field, 2) + _varint(len(payload)) + payload


def _double_field(field: int, value: float) -> bytes:
    return _key(field, 1) + struct.pack("<d", float(value))


def _histogram(counts: np.ndarray, edges: np.ndarray) -> bytes:
    """HistogramProto from bin counts and their edges (len(edges) == len(counts) + 1)."""
    counts = np.asarray(counts, dtype=np.float64)
    edges = np.asarray(edges, dtype=np.float64)
    centres = (edges[:-1] + edges[1:]) / 2
    used = np.nonzero(counts)[0]
    lo = float(edges[used[0]]) if used.size else 0.0
    hi = float(edges[used[-1] + 1]) if used.size else 0.0
    packed = lambda values: struct.pack(f"<{len(values)}d", *values)   # noqa: E731
    return (_double_field(1, lo) + _double_field(2, hi) + _double_field(3, counts.sum())
            + _double_field(4, float(counts @ centres))
            + _double_field(5, float(counts @ centres ** 2))
            + _bytes_field(6, packed(edges[1:])) + _bytes_field(7, packed(counts)))


def _event(step: int, wall_time: float, what: bytes) -> bytes:
    return _double_field(1, wall_time) + _key(2, 0) + _varint(int(step)) + what


class EventWriter:
    """Appends scalars and histograms to one new event file in ``logdir``."""

    def __init__(self, logdir: str | Path):
        self.logdir = Path(logdir)
        self.logdir.mkdir(parents=True, exist_ok=True)
        name = f"events.out.tfevents.{int(time.time())}.{socket.gethostname()}.{os.getpid()}"
        self.path = self.logdir / name
        k = 1
        while self.path.exists():
            self.path, k = self.logdir / f"{name}.{k}", k + 1
        self._file = open(self.path, "wb")
        self._write(_event(0, time.time(), _bytes_field(3, b"brain.Event:2")))

    def _write(self, data: bytes) -> None:
        header = struct.pack("<Q", len(data))
        self._file.write(header + struct.pack("<I", masked_crc(header)) + data
                         + struct.pack("<I", masked_crc(data)))

    def _summary(self, step: int, tag: str, value: bytes) -> None:
        v = _bytes_field(1, tag.encode("utf-8")) + value
        self._write(_event(step, time.time(), _bytes_field(5, _bytes_field(1, v))))

    def add_scalar(self, tag: str, value: float, step: int) -> None:
        self._summary(step, tag, _key(2, 5) + struct.pack("<f", float(value)))

    def add_histogram(self, tag: str, counts, edges, step: int) -> None:
        self._summary(step, tag, _bytes_field(5, _histogram(counts, edges)))

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def __enter__(self) -> "EventWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class TelemetryLogger:
    """Writes a training run's telemetry snapshots as TensorBoard scalars and histograms.

    Scalars: train/loss, train/accuracy (every snapshot), validation/loss and
    validation/accuracy (epoch ends), learning_rate. Histograms, for each probed layer:
    ``<layer>/activations``, ``<layer>/weights``, ``<layer>/gradients``.
    """

    def __init__(self, logdir: str | Path):
        self.writer = EventWriter(logdir)

    def log(self, snap) -> None:
        w, step = self.writer, snap.step
        w.add_scalar("train/loss", snap.train_loss, step)
        if snap.train_accuracy is not None:
            w.add_scalar("train/accuracy", snap.train_accuracy, step)
        w.add_scalar("learning_rate", snap.learning_rate, step)
        for name, value in (("validation/loss", snap.val_loss),
                            ("validation/accuracy", snap.val_accuracy)):
            if snap.event == "epoch_end" and value is not None:
                w.add_scalar(name, value, step)
        for layer in snap.layers:
            for suffix, hist in (("activations", layer.act_hist), ("weights", layer.weight_hist),
                                 ("gradients", layer.grad_hist)):
                if hist is not None:
                    w.add_histogram(f"{layer.name}/{suffix}", hist.counts, hist.edges, step)
        if snap.event == "epoch_end":
            w.flush()

    def close(self) -> None:
        self.writer.close()


# -- reading back -----------------------------------------------------------------------------
def _fields(data: bytes):
    """(field number, wire type, value) of one protocol-buffer message."""
    i = 0
    while i < len(data):
        key, i = _read_varint(data, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _read_varint(data, i)
        elif wire == 1:
            value, i = struct.unpack_from("<d", data, i)[0], i + 8
        elif wire == 5:
            value, i = struct.unpack_from("<f", data, i)[0], i + 4
        elif wire == 2:
            n, i = _read_varint(data, i)
            value, i = data[i:i + n], i + n
        else:
            raise ValueError(f"unsupported wire type {wire}")
        yield field, wire, value


def _read_varint(data: bytes, i: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        byte = data[i]
        result |= (byte & 0x7F) << shift
        i, shift = i + 1, shift + 7
        if not byte & 0x80:
            return result, i


def read_events(path: str | Path) -> list[dict]:
    """Every event of a file as ``{"step", "wall_time", "tag", "value" or "histogram"}``
    (the file-version event has no tag); checks each record's CRCs."""
    data, out, i = Path(path).read_bytes(), [], 0
    while i < len(data):
        header = data[i:i + 8]
        (n,) = struct.unpack("<Q", header)
        if struct.unpack_from("<I", data, i + 8)[0] != masked_crc(header):
            raise ValueError(f"{path}: damaged record header at byte {i}")
        body = data[i + 12:i + 12 + n]
        if struct.unpack_from("<I", data, i + 12 + n)[0] != masked_crc(body):
            raise ValueError(f"{path}: damaged record at byte {i}")
        i += 16 + n
        event: dict = {}
        for field, _, value in _fields(body):
            if field == 1:
                event["wall_time"] = value
            elif field == 2:
                event["step"] = value
            elif field == 3:
                event["file_version"] = value.decode()
            elif field == 5:
                for _, _, v in _fields(value):
                    for f, _, x in _fields(v):
                        if f == 1:
                            event["tag"] = x.decode("utf-8")
                        elif f == 2:
                            event["value"] = x
                        elif f == 5:
                            event["histogram"] = _read_histogram(x)
        out.append(event)
    return out


def _read_histogram(data: bytes) -> dict:
    names = {1: "min", 2: "max", 3: "num", 4: "sum", 5: "sum_squares"}
    h: dict = {}
    for field, _, value in _fields(data):
        if field in names:
            h[names[field]] = value
        elif field in (6, 7):
            h["bucket_limit" if field == 6 else "bucket"] = list(
                struct.unpack(f"<{len(value) // 8}d", value))
    return h
