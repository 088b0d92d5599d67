"""Saving files whole or not at all, and one owner per file.

``atomic_write`` writes a uniquely named temporary file beside the target, flushes it to the
disk (``fsync`` of the file and its folder) and renames it over the target, so a crash or a
full disk at any moment leaves the old file or the new one, never half of one; two writers
racing on one path each replace the file whole. Temporaries left by a killed process are
removed by the next save to the same folder. ``check_writable`` refuses an output path before
a long run rather than after it; ``OwnerLock`` keeps two windows from autosaving over each
other, and ``briefly_locked`` holds one for a read-modify-write of a file several windows
change. Reading is ``dlstudio.engine.fileio``.

The user-visible messages are structured (``message``): their English and Chinese texts are
the ``save.*`` entries of ``dlstudio/messages/catalogue/files.toml``.
"""
from __future__ import annotations

import errno
import io
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from dlstudio.engine.fileio import message_value
from dlstudio.messages import Message

#: temporaries are named ``.<target>.<pid>.<random>`` + this suffix
TEMP_SUFFIX = ".dlstmp"
#: a temporary older than this is stale even when its process id is in use again
STALE_SECONDS = 24 * 3600



class FileSaveError(OSError):
    """A file that could not be written; the previous version was kept.

    ``str()`` is the user's message alone; ``errno`` is kept (``ENOSPC`` for a full disk).
    """

    def __init__(self, text: str | Message, code: int | None = None) -> None:
        super().__init__(text)
        self.errno = code


def message(key: str, **values: Any) -> Message:
    """The message ``save.<key>`` (``files.toml``) with ``values`` (as
    ``fileio.message_value`` puts them)."""
    return Message(f"save.{key}", **{k: message_value(v) for k, v in values.items()})


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` is running (on this machine); ours always is."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def temporary_files(path: str | Path) -> list[Path]:
    """The temporaries ``atomic_write`` may have left beside ``path``."""
    path = Path(path)
    try:
        return sorted(path.parent.glob(f".{glob_escape(path.name)}.*{TEMP_SUFFIX}"))
    except OSError:
        return []


def glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def clean_stale_temporaries(path: str | Path) -> list[Path]:
    """Remove temporaries of ``path`` whose writer process is gone (killed mid-save) or
    that are older than ``STALE_SECONDS``; returns the removed paths."""
    removed = []
    now = time.time()
    for tmp in temporary_files(path):
        parts = tmp.name[len(Path(path).name) + 2:].split(".")
        try:
            pid = int(parts[0])
        except (ValueError, IndexError):
            pid = -1
        try:
            old = now - tmp.stat().st_mtime > STALE_SECONDS
            if old or pid <= 0 or not process_alive(pid):
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            pass
    return removed


def fsync_folder(folder: str | Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: str | Path, write: Callable[[Any], None] | bytes) -> None:
    """Write ``path`` whole or not at all.

    ``write`` is the content (bytes) or a function receiving a binary file object. Raises
    ``FileSaveError`` (an ``OSError``) with a clear message; the old file stays intact.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileSaveError(message("no_folder", file=path, folder=folder))
    clean_stale_temporaries(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX,
                                   dir=folder)
    except OSError as exc:
        raise _save_error(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(write, (bytes, bytearray)):
                fh.write(write)
            else:
                write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, FileSaveError):
            raise _save_error(path, exc) from None
        raise
    fsync_folder(folder)


def atomic_write_text(path: str | Path, write: Callable[[Any], None] | str,
                      newline: str | None = None) -> None:
    """``atomic_write`` for UTF-8 text: ``write`` is the text or a function receiving a text
    file object (``newline=""`` for the ``csv`` module)."""
    def to_binary(fh) -> None:
        text = io.TextIOWrapper(fh, encoding="utf-8", newline=newline)
        try:
            if isinstance(write, str):
                text.write(write)
            else:
                write(text)
            text.flush()
        finally:
            text.detach()

    atomic_write(path, to_binary)


def _save_error(path: Path, exc: OSError) -> FileSaveError:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return FileSaveError(message("disk_full", file=path), errno.ENOSPC)
    reason: Any = exc.strerror or exc
    if exc.errno == errno.ENOENT and path.parent.is_dir():
        # the folder is there, but it takes no new files (/proc): "No such file or
        # directory" misled (walker14 W14-10)
        reason = Message("save.no_new_files", folder=str(path.parent))
    return FileSaveError(message("save_failed", file=path, reason=reason), exc.errno)


def check_writable(path: str | Path) -> None:
    """Raise ``FileSaveError`` now when ``path`` could not be saved later (its folder is
    missing or not writable, or it names a folder): check before a long run, not after."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileSaveError(message("no_folder", file=path, folder=folder))
    if path.is_dir():
        raise FileSaveError(message("cannot_write", file=path,
                                    reason=Message("save.is_folder")))
    if not os.access(folder, os.W_OK):
        raise FileSaveError(message("cannot_write", file=path,
                                    reason=Message("save.folder_not_writable",
                                                   folder=str(folder))))


class OwnerLock:
    """A lock file ``<path>.lock`` naming its owner (process id and a token per lock object).

    ``acquire()`` is False while another live owner holds it (another window or process);
    a lock left by a process that has died is taken over (``taken_over`` is then True: that
    process ended without releasing it, e.g. it crashed or was killed). Used so that two
    windows never autosave over each other.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(f"{path}.lock")
        self.token = f"{os.getpid()}:{os.urandom(6).hex()}"
        self.held = False
        self.taken_over = False

    def _owner(self) -> str | None:
        try:
            return self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None

    def acquire(self) -> bool:
        if self.held:
            return True
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                owner = self._owner()
                try:
                    pid = int((owner or "").split(":")[0])
                except ValueError:
                    pid = -1
                if owner and pid > 0 and process_alive(pid):
                    return False
                try:
                    self.path.unlink()          # its owner died: take the lock over
                    self.taken_over = True
                except FileNotFoundError:
                    pass
                continue
            except OSError:
                return False
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(self.token)
            self.held = True
            return True
        return False

    def release(self) -> None:
        if self.held and self._owner() == self.token:
            try:
                self.path.unlink()
            except OSError:
                pass
        self.held = False


@contextmanager
def briefly_locked(path: str | Path, wait: float = 2.0, poll: float = 0.005) -> Iterator[bool]:
    """Hold ``OwnerLock(path)`` for a short read-modify-write of ``path`` (several windows
    re-read the file, change it and write it back, one at a time). Waits up to ``wait``
    seconds for another holder; a lock left by a dead process is taken over. Yields whether
    the lock is held: after ``wait`` (a window hung while holding it, or a folder where no
    lock file can be made) the change goes on without it rather than blocking the window."""
    lock = OwnerLock(path)
    deadline = time.monotonic() + wait
    while not lock.acquire() and time.monotonic() < deadline:
        time.sleep(poll)
    try:
        yield lock.held
    finally:
        lock.release()
