"""One discipline for reading dlstudio's own files.

Every loader of a project file (models ``.dlsnet``, checkpoints ``.dlsckpt``, workspaces
``.dlsw``, network JSON) goes through these functions, so that a damaged, hostile or odd file
always ends as the caller's own error class with a message naming the *user's* file:

* only regular files are read (never ``/dev/zero`` or a FIFO, which would never end);
* every read has a size limit: text files, each zip member and the total of an archive
  (a 1 MB zip cannot unpack to gigabytes);
* damaged deflate data, encrypted members, unknown compression methods and JSON nested too
  deeply are all reported, never raised as ``zlib.error``/``RuntimeError``/``RecursionError``;
* arrays come from ``.npz`` members read by hand: the ``.npy`` header's dtype must be one the
  caller allows (never objects, so nothing is unpickled) and its shape must match the bytes
  present, so a forged header cannot ask for a terabyte.

Saving is ``dlstudio.engine.filesave``.

The user-visible messages are structured (``message``): their English and Chinese texts are
the ``file.*`` entries of ``dlstudio/messages/catalogue/files.toml``.
"""
from __future__ import annotations

import io
import json
import os
import stat
import zipfile
import zlib
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from dlstudio.messages import Message, error_text

#: limits (bytes) for one text/JSON file, one archive member and a whole archive
MAX_TEXT_BYTES = 32 * 2**20
MAX_MEMBER_BYTES = 2 * 2**30
MAX_TOTAL_BYTES = 4 * 2**30
#: a member above ``BOMB_MIN_BYTES`` that unpacks to more than ``BOMB_RATIO`` times its packed
#: size is a zip bomb (trained weights barely compress; a 1 MB file holding 1 GiB of zeros
#: does)
BOMB_MIN_BYTES = 16 * 2**20
BOMB_RATIO = 100
#: JSON deeper than this is refused (a spec is ~5 levels deep)
MAX_JSON_DEPTH = 64
#: dtypes of weights and optimizer state; other arrays may also be integers or booleans
FLOAT_DTYPES = ("float32", "float64")
NUMERIC_DTYPES = FLOAT_DTYPES + ("int8", "int16", "int32", "int64", "uint8", "uint16",
                                 "uint32", "uint64", "bool")



class FileFormatError(ValueError):
    """A project file that cannot be read; the message names the file and the problem.

    The project's format errors (``ModelFileError``, ``CheckpointError``, ``WorkspaceError``)
    derive from it, so one ``except FileFormatError`` catches them all.
    """


def message_value(value: Any) -> Any:
    """A value to put in a file message: a path as its text, an exception as what it says
    (a message it carries stays a message), anything else as it is."""
    if isinstance(value, BaseException):
        return error_text(value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return value


def message(key: str, **values: Any) -> Message:
    """The message ``file.<key>`` (``files.toml``) with ``values`` (see ``message_value``)."""
    return Message(f"file.{key}", **{k: message_value(v) for k, v in values.items()})


def whole_file() -> Message:
    """"the file", in the reader's language: the ``member`` of a plain file's message."""
    return Message("file.the_file")


# -- plain files -------------------------------------------------------------------------------
def check_regular_file(path: str | Path, error: type[Exception] = FileFormatError,
                       shown: Any = None) -> int:
    """The size of ``path`` after checking that it is a regular file (symlinks followed)."""
    shown = path if shown is None else shown
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise error(message("missing", file=shown)) from None
    except (OSError, ValueError) as exc:
        raise error(message("unreadable", file=shown,
                            reason=getattr(exc, "strerror", None) or exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise error(message("not_regular", file=shown))
    return st.st_size


def read_bytes(path: str | Path, error: type[Exception] = FileFormatError,
               limit: int = MAX_TEXT_BYTES, shown: Any = None) -> bytes:
    """The content of a regular file of at most ``limit`` bytes."""
    shown = path if shown is None else shown
    size = check_regular_file(path, error, shown)
    if size > limit:
        raise error(message("too_big", file=shown, what=Message("file.it"), size=size,
                            limit=limit))
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise error(message("unreadable", file=shown, reason=exc.strerror or exc)) from None
    if len(data) > limit:
        raise error(message("too_big", file=shown, what=Message("file.it"), size=len(data),
                            limit=limit))
    return data


def read_text(path: str | Path, error: type[Exception] = FileFormatError,
              limit: int = MAX_TEXT_BYTES, shown: Any = None) -> str:
    """A UTF-8 text file of at most ``limit`` bytes."""
    shown = path if shown is None else shown
    data = read_bytes(path, error, limit, shown)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise error(message("not_utf8", file=shown, member=whole_file())) from None


def json_depth(value: Any) -> int:
    """How deeply lists and dicts nest in ``value`` (iterative: no recursion limit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            if depth > MAX_JSON_DEPTH:
                return depth
            stack.extend((v, depth + 1) for v in item)
    return deepest


def parse_json(text: str | bytes, error: type[Exception] = FileFormatError, shown: Any = "",
               member: Any = None) -> Any:
    """``json.loads`` with every failure (bad UTF-8, syntax, depth) as ``error``; ``member``
    names the part of an archive the text came from (None: a plain file)."""
    member = whole_file() if member is None else member
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise error(message("not_utf8", file=shown, member=member)) from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise error(message("deep_json", file=shown, member=member,
                            limit=MAX_JSON_DEPTH)) from None
    except json.JSONDecodeError as exc:
        # where, in our own words; the parser's English reason stays out of the message
        raise error(message("bad_json", file=shown, member=member, line=exc.lineno)) from None
    except ValueError:        # e.g. an integer of thousands of digits
        raise error(message("json_value", file=shown, member=member)) from None
    if json_depth(value) > MAX_JSON_DEPTH:
        raise error(message("deep_json", file=shown, member=member, limit=MAX_JSON_DEPTH))
    return value


# -- archives ----------------------------------------------------------------------------------
#: how every zip archive dlstudio writes begins (a local file header)
ZIP_START = b"PK\x03\x04"


def starts_like_zip(source: str | Path | bytes) -> bool:
    """Whether ``source`` (a path or bytes) begins like a zip archive: one that then
    cannot be opened was cut short (its directory sits at the end), not a foreign file."""
    if isinstance(source, bytes):
        return source.startswith(ZIP_START)
    try:
        with open(source, "rb") as fh:
            return fh.read(len(ZIP_START)) == ZIP_START
    except OSError:
        return False


class Archive:
    """A zip archive opened for reading under the size limits; use as a context manager.

    ``source`` is a path or the archive's bytes (a model inside a checkpoint); ``shown`` is
    the name used in messages (the user's file); ``error`` the caller's error class.
    """

    def __init__(self, source: str | Path | bytes, error: type[Exception] = FileFormatError,
                 shown: Any = None, total_limit: int = MAX_TOTAL_BYTES,
                 kind: Message | None = None) -> None:
        self.error = error
        self.shown = shown if shown is not None else source
        self._left = total_limit
        if isinstance(source, bytes):
            fileobj: Any = io.BytesIO(source)
        else:
            if check_regular_file(source, error, self.shown) == 0:
                raise error(message("empty", file=self.shown))
            fileobj = source
        try:
            self._zip = zipfile.ZipFile(fileobj)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError,
                NotImplementedError, RuntimeError):
            # ``kind``: what the user asked to open, when it is not one of dlstudio's files
            if kind is None and starts_like_zip(source):
                raise error(message("cut_short", file=self.shown)) from None
            raise error(message("not_zip", file=self.shown) if kind is None else
                        message("not_kind", file=self.shown, kind=kind)) from None
        except OSError as exc:
            raise error(message("unreadable", file=self.shown,
                                reason=exc.strerror or exc)) from None

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    @property
    def names(self) -> list[str]:
        return self._zip.namelist()

    def _fail(self, key: str, **values: Any) -> Exception:
        return self.error(message(key, file=self.shown, **values))

    def read(self, member: str, limit: int = MAX_MEMBER_BYTES) -> bytes:
        """A member's bytes, refusing more than ``limit`` (or the archive's total left)."""
        try:
            info = self._zip.getinfo(member)
        except KeyError:
            raise self._fail("member_missing", member=member) from None
        limit = min(limit, self._left)
        if info.file_size > limit:
            raise self._fail("too_big", what=member, size=info.file_size, limit=limit)
        if (info.file_size > BOMB_MIN_BYTES
                and info.file_size > BOMB_RATIO * max(info.compress_size, 1)):
            raise self._fail("bomb", member=member, size=info.file_size,
                             packed=info.compress_size)
        try:
            with self._zip.open(info) as fh:
                data = fh.read(limit + 1)
        except NotImplementedError as exc:     # (a RuntimeError: test it first)
            raise self._fail("method", member=member, reason=exc) from None
        except RuntimeError as exc:
            if "encrypt" in str(exc) or "password" in str(exc):
                raise self._fail("encrypted", member=member) from None
            raise self._fail("member_damaged", member=member, reason=exc) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise self._fail("member_damaged", member=member, reason=exc) from None
        if len(data) > limit:
            raise self._fail("too_big", what=member, size=len(data), limit=limit)
        self._left -= len(data)
        return data

    def json(self, member: str, limit: int = MAX_TEXT_BYTES, label: Any = None) -> Any:
        """The JSON value of ``member``; ``label`` is what its messages call it (a
        ``Message`` such as "the settings part"; default: the member's name)."""
        return parse_json(self.read(member, limit), self.error, self.shown,
                          member if label is None else label)

    def npz_arrays(self, dtypes: Iterable[str] = NUMERIC_DTYPES,
                   finite: bool = False) -> dict[str, np.ndarray]:
        """Every member of this archive read as an ``.npy`` array (this archive is an
        ``.npz``), keyed by name without ``.npy``, each checked by ``read_npy``."""
        out = {}
        for name in self.names:
            key = name.removesuffix(".npy")
            out[key] = read_npy(self.read(name), self.error, self.shown, key, dtypes, finite)
        return out

    def arrays(self, member: str, dtypes: Iterable[str] = NUMERIC_DTYPES,
               finite: bool = False) -> dict[str, np.ndarray]:
        """The arrays of an ``.npz`` member (see ``npz_arrays``)."""
        with Archive(self.read(member), self.error, self.shown,
                     total_limit=self._left) as inner:
            out = inner.npz_arrays(dtypes, finite)
            self._left = inner._left
        return out


def read_npy(data: bytes, error: type[Exception] = FileFormatError, shown: Any = "",
             member: str = "array", dtypes: Iterable[str] = NUMERIC_DTYPES,
             finite: bool = False) -> np.ndarray:
    """An array from ``.npy`` bytes, checked: allowed dtype, shape matching the bytes,
    and (``finite=True``) no NaN or infinity. Never unpickles."""
    fmt = np.lib.format
    fh = io.BytesIO(data)
    try:
        version = fmt.read_magic(fh)
        if version == (1, 0):
            shape, fortran, dtype = fmt.read_array_header_1_0(fh)
        elif version in ((2, 0), (3, 0)):
            shape, fortran, dtype = fmt.read_array_header_2_0(fh)
        else:
            raise ValueError(f"unknown .npy version {version}")
    except (ValueError, TypeError, SyntaxError, EOFError, OverflowError,
            RecursionError, MemoryError) as exc:
        raise error(message("bad_npy", file=shown, member=member, reason=exc)) from None
    allowed = tuple(dtypes)
    if dtype.hasobject or dtype.name not in allowed:
        raise error(message("bad_dtype", file=shown, member=member, dtype=dtype.str,
                            allowed=", ".join(allowed)))
    offset = fh.tell()
    count = 1
    for n in shape:
        count *= int(n)
    if count * dtype.itemsize != len(data) - offset:
        raise error(message("bad_npy", file=shown, member=member,
                            reason=f"the header announces shape {tuple(shape)} but "
                                   f"{len(data) - offset} bytes follow"))
    array = np.frombuffer(data, dtype=dtype, count=count, offset=offset)
    array = (array.reshape(tuple(shape)[::-1]).T if fortran
             else array.reshape(tuple(shape))).copy()
    if finite and array.dtype.kind == "f" and not np.isfinite(array).all():
        raise error(message("not_finite", file=shown, member=member))
    return array
