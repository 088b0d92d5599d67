"""Read and write IDX files (the MNIST format), gzip-compressed or plain.

Layout: two zero bytes, a type code, the number of dimensions ``d``; then ``d`` big-endian
uint32 sizes; then the values in C order, big-endian. Type codes: 0x08 uint8, 0x09 int8,
0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64. MNIST images are ``(n, 28, 28)`` uint8
(magic 2051 = 0x00000803), labels ``(n,)`` uint8 (magic 2049 = 0x00000801).
"""
from __future__ import annotations

import gzip
import struct
import zlib
from pathlib import Path

import numpy as np

from dlstudio.data.errors import DataError
from dlstudio.engine import fileio, filesave
from dlstudio.messages import Message

_TYPES = {0x08: np.dtype("u1"), 0x09: np.dtype("i1"), 0x0B: np.dtype(">i2"),
          0x0C: np.dtype(">i4"), 0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}
_CODES = {np.dtype(v).newbyteorder("=").str: k for k, v in _TYPES.items()}


#: the largest IDX content read, after decompression (MNIST's biggest file is 47 MB)
MAX_IDX_BYTES = 2 * 2**30
#: the most classes an IDX label file may name
MAX_IDX_CLASSES = 10_000


class IdxError(DataError):
    """A file that is not a valid IDX file (names the file and what is wrong)."""


def read_bytes(path: str | Path, limit: int | None = None) -> bytes:
    """The file's IDX content, decompressed when it is gzip (detected by its magic bytes).

    Only regular files are read, and never more than ``limit`` bytes (``MAX_IDX_BYTES``)
    before or after decompression: a small ``.gz`` cannot unpack to gigabytes.
    """
    path = Path(path)
    limit = MAX_IDX_BYTES if limit is None else limit
    raw = fileio.read_bytes(path, IdxError, limit)
    if raw[:2] != b"\x1f\x8b":
        return raw
    # unpack the header first; its sizes bound the rest (a label file announcing 9 GiB is
    # refused before anything is unpacked), and never more than ``limit``
    out = bytearray()
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    cap, header_read = min(limit, 4 + 4 * 255), False
    try:
        data = raw
        while data and not inflate.eof:
            out += inflate.decompress(data, cap + 1 - len(out))
            data = inflate.unconsumed_tail
            if not header_read and (len(out) >= 4 and len(out) >= 4 + 4 * out[3]):
                header_read = True
                size = idx_header(bytes(out), str(path))[2]
                if size > limit:
                    raise IdxError(Message("data.idx.header_too_big", path=str(path),
                                           size=size, limit=limit))
                cap = size
            if len(out) > cap:
                raise IdxError(Message("data.idx.unpacks_more", path=str(path), cap=cap))
        if not inflate.eof:
            raise EOFError("the compressed data ends early")
    except (zlib.error, EOFError) as exc:
        raise IdxError(Message("data.idx.gzip_damaged", path=str(path), reason=str(exc))) \
            from None
    return bytes(out)


def idx_header(data: bytes, name: str = "<bytes>") -> tuple[np.dtype, tuple[int, ...], int]:
    """``(dtype, shape, total bytes the file should have)`` from the start of IDX data."""
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise IdxError(Message("data.idx.not_idx", path=str(name)))
    code, ndim = data[2], data[3]
    if code not in _TYPES:
        raise IdxError(Message("data.idx.value_type", path=str(name), code=code))
    header = 4 + 4 * ndim
    if ndim == 0 or len(data) < header:
        raise IdxError(Message("data.idx.header_truncated", path=str(name)))
    shape = struct.unpack(f">{ndim}I", data[4:header])
    dtype = _TYPES[code]
    total = dtype.itemsize
    for size in shape:                    # Python integers: no overflow to 0
        total *= int(size)
    return dtype, shape, header + total


def check_idx_pair(image_path: Path, images: np.ndarray, label_path: Path,
                   labels: np.ndarray) -> np.ndarray:
    """int64 labels after checking an images/labels pair: one label per image, 1-D, whole
    numbers in 0..``MAX_IDX_CLASSES``-1."""
    if labels.ndim != 1:
        raise IdxError(Message("data.idx.label_shape", path=str(label_path),
                               shape=str(labels.shape)))
    if len(labels) != len(images):
        raise IdxError(Message("data.idx.counts_differ", images=str(image_path),
                               n_images=len(images), labels=str(label_path),
                               n_labels=len(labels)))
    if labels.dtype.kind == "f" and not np.all(np.isfinite(labels) & (labels == np.round(labels))):
        raise IdxError(Message("data.idx.labels_whole", path=str(label_path)))
    if len(labels) and (labels.min() < 0 or labels.max() >= MAX_IDX_CLASSES):
        raise IdxError(Message("data.idx.labels_range", path=str(label_path),
                               last=MAX_IDX_CLASSES - 1, low=str(labels.min()),
                               high=str(labels.max())))
    return labels.astype(np.int64)


def parse_idx(data: bytes, name: str = "<bytes>") -> np.ndarray:
    """Parse IDX bytes into a native-endian array (no copy for uint8)."""
    dtype, shape, total = idx_header(data, name)
    header = 4 + 4 * len(shape)
    expected = total - header
    if len(data) - header != expected:
        raise IdxError(Message("data.idx.size_mismatch", path=str(name), shape=str(shape),
                               expected=expected, actual=len(data) - header))
    arr = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    return arr if dtype.itemsize == 1 else arr.astype(dtype.newbyteorder("="))


def read_idx(path: str | Path) -> np.ndarray:
    """Read an ``.idx``/``-ubyte`` file, gzip-compressed or not."""
    return parse_idx(read_bytes(path), str(path))


def idx_bytes(array: np.ndarray) -> bytes:
    """The IDX encoding of ``array`` (uint8, int8, int16, int32, float32 or float64)."""
    array = np.asarray(array)
    key = array.dtype.newbyteorder("=").str
    if key not in _CODES:
        raise IdxError(f"IDX cannot store {array.dtype} values")
    code = _CODES[key]
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + np.ascontiguousarray(array, dtype=_TYPES[code]).tobytes()


def write_idx(path: str | Path, array: np.ndarray, compress: bool | None = None) -> None:
    """Write ``array`` as IDX (gzip when the name ends in ``.gz`` unless told), atomically."""
    path = Path(path)
    data = idx_bytes(array)
    if compress or (compress is None and path.suffix == ".gz"):
        data = gzip.compress(data, mtime=0)
    atomic_write(path, data)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` whole or not at all (creating the folder); see ``filesave.atomic_write``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    filesave.atomic_write(path, data)
