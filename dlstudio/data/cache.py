"""Where data files are looked for, downloaded to and cached.

Lookup order for a downloadable dataset (first folder holding valid files wins):

1. an explicit folder (``load(..., data_dir=...)`` or a dataset's ``path`` parameter);
2. the ``DLSTUDIO_DATA`` environment variable (one folder, or several joined by ``os.pathsep``);
3. the application's data folder from its settings (``set_settings_data_dir``; the GUI calls it);
4. folders the student gave for data before (``set_remembered_data_dirs``: the window remembers
   the folder a downloadable set was loaded from, so that a later load that names no folder,
   such as a lesson step's, finds the files there too);
5. the per-user cache folder (``user_cache_dir()``: ``$XDG_CACHE_HOME/dlstudio/data`` or
   ``~/.cache/dlstudio/data`` on Linux, ``~/Library/Caches/dlstudio/data`` on macOS,
   ``%LOCALAPPDATA%\\dlstudio\\Cache\\data`` on Windows; ``DLSTUDIO_CACHE_DIR`` overrides it).

Downloads go to the first of these that is given (explicit, environment, settings, cache).
Decoded arrays are kept as ``.npy`` files under ``user_cache_dir()/arrays`` so the second load
skips decompression.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from dlstudio.messages import Message

_settings_data_dir: Path | None = None
_remembered_data_dirs: tuple[Path, ...] = ()


def set_settings_data_dir(path: str | os.PathLike | None) -> None:
    """Set (or clear with None) the data folder chosen in the application's settings."""
    global _settings_data_dir
    _settings_data_dir = None if path in (None, "") else Path(path).expanduser()


def set_remembered_data_dirs(paths) -> None:
    """Set the folders the student gave for data before (searched after the settings data
    folder; never a download target). An empty list forgets them."""
    global _remembered_data_dirs
    _remembered_data_dirs = tuple(Path(p).expanduser() for p in paths if p)


def source_text(label: str) -> Message | str:
    """A ``search_dirs`` label ("given folder", "user cache"...) as a message, so that a
    window shows it in the student's language."""
    return {"given folder": Message("data.where.given"),
            "DLSTUDIO_DATA": Message("data.where.env"),
            "settings data folder": Message("data.where.settings"),
            "remembered folder": Message("data.where.remembered"),
            "user cache": Message("data.where.cache"),
            "downloaded": Message("data.where.downloaded")}.get(label, label)


def found_in(folder: Path, label: str) -> Message:
    """Where a dataset's files were found: "/data/mnist (given folder)" in any language."""
    return Message("data.where.found", folder=str(folder), source=source_text(label))


def looked_in(explicit: str | os.PathLike | None = None) -> list[Message]:
    """Every folder ``search_dirs`` looks in, each with where it came from ("/data (given
    folder)"), for a message saying where a dataset's files were looked for (walker32
    W32-10: "not on this computer" named no folder)."""
    return [found_in(folder, label) for folder, label in search_dirs(explicit)]


def user_cache_dir() -> Path:
    """The per-user folder for downloaded data and decoded caches (not created here)."""
    override = os.environ.get("DLSTUDIO_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "dlstudio" / "Cache" / "data"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "dlstudio" / "data"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "dlstudio" / "data"


def env_data_dirs() -> list[Path]:
    value = os.environ.get("DLSTUDIO_DATA", "")
    return [Path(p).expanduser() for p in value.split(os.pathsep) if p]


def search_dirs(explicit: str | os.PathLike | None = None) -> list[tuple[Path, str]]:
    """``(folder, where it came from)`` in lookup order; missing folders are kept (the
    caller checks), duplicates dropped."""
    out: list[tuple[Path, str]] = []
    if explicit:
        out.append((Path(explicit).expanduser(), "given folder"))
    out += [(p, "DLSTUDIO_DATA") for p in env_data_dirs()]
    if _settings_data_dir is not None:
        out.append((_settings_data_dir, "settings data folder"))
    out += [(p, "remembered folder") for p in _remembered_data_dirs]
    out.append((user_cache_dir(), "user cache"))
    seen, unique = set(), []
    for path, label in out:
        key = str(path.resolve()) if path.exists() else str(path)
        if key not in seen:
            seen.add(key)
            unique.append((path, label))
    return unique


def download_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The folder new downloads are written to (the first configured place)."""
    if explicit:
        return Path(explicit).expanduser()
    env = env_data_dirs()
    if env:
        return env[0]
    if _settings_data_dir is not None:
        return _settings_data_dir
    return user_cache_dir()


def arrays_dir() -> Path:
    """Folder for decoded ``.npy`` caches."""
    return user_cache_dir() / "arrays"
