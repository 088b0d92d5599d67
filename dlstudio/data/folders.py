"""The user's own images: one sub-folder per class of PNG / JPEG / BMP files.

::

    my_data/            or     my_data/train/cats/...  my_data/test/cats/...
      cats/ a.png b.jpg
      dogs/ c.bmp

Every image is converted to the requested channels (1: grayscale, 3: RGB) and resized to the
requested height x width (bilinear), then scaled to [0, 1]. A file that cannot be read is
skipped and listed in the report with the reason; loading never stops on a bad file.
"""
from __future__ import annotations

import stat
from pathlib import Path
from typing import Callable

import numpy as np

from dlstudio.messages import Message, counted

from dlstudio.data.errors import DataError

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp")


def _class_dirs(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def _regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def read_image(path: Path, height: int, width: int, channels: int) -> np.ndarray:
    """(height, width, channels) float32 in [0, 1]; raises OSError/ValueError if unreadable."""
    from PIL import Image

    with Image.open(path) as im:
        im.load()
        im = im.convert("L" if channels == 1 else "RGB")
        if im.size != (width, height):
            im = im.resize((width, height), Image.Resampling.BILINEAR)
        a = np.asarray(im, dtype=np.float32) / np.float32(255.0)
    return a.reshape(height, width, channels)


def image_problem(exc: Exception) -> Message:
    """Why an image file could not be read, in the catalogue's words for the two common
    cases (not an image at all, a file cut short); the decoder's own text otherwise."""
    from PIL import UnidentifiedImageError

    if isinstance(exc, UnidentifiedImageError):
        return Message("data.skip.not_an_image")
    if isinstance(exc, OSError) and "truncated" in str(exc):
        return Message("data.skip.image_cut_short")
    return Message("data.skip.unreadable_image", reason=str(exc))


def read_class_folders(root: Path, class_names: list[str] | None, height: int, width: int,
                       channels: int, progress: Callable | None = None
                       ) -> tuple[np.ndarray, np.ndarray, list[str], list]:
    """Read ``root/<class>/*``; returns x (N, H, W, C), y (N,), class names, report."""
    dirs = _class_dirs(root)
    names = class_names if class_names is not None else [d.name for d in dirs]
    files = []
    report = []
    position = {name: i for i, name in enumerate(names)}
    for d in dirs:
        if d.name not in names:
            report.append((str(d), Message("data.skip.not_a_class", names=str(names))))
            continue
        for f in sorted(d.rglob("*")):
            if f.is_dir() or f.name.startswith("."):
                continue
            if f.suffix.lower() not in IMAGE_SUFFIXES:
                report.append((str(f), Message("data.skip.not_image", suffix=f.suffix
                                               or Message("data.skip.no_suffix"))))
                continue
            if not _regular_file(f):       # a pipe or device (even behind a symlink) would hang
                report.append((str(f), Message("data.skip.not_regular")))
                continue
            files.append((f, position[d.name]))
    x = np.zeros((len(files), height, width, channels), dtype=np.float32)
    y = np.zeros(len(files), dtype=np.int64)
    keep = np.zeros(len(files), dtype=bool)
    for i, (f, label) in enumerate(files):
        if progress and i % 64 == 0:
            progress(i, len(files), Message("data.progress.reading_images", folder=root.name))
        try:
            x[i] = read_image(f, height, width, channels)
            y[i] = label
            keep[i] = True
        except Exception as exc:  # noqa: BLE001 - any decoder failure is reported, not raised
            report.append((str(f), image_problem(exc)))
    return x[keep], y[keep], names, report


def load_image_folder(path: str | Path, height: int = 28, width: int = 28, channels: int = 1,
                      progress: Callable | None = None) -> dict:
    """Read a class-per-folder image collection (with optional ``train/`` and ``test/``).

    Returns a dict with ``x_train, y_train, x_test, y_test`` (test None when absent),
    ``class_names`` and ``report`` (list of (path, reason)).
    """
    root = Path(path).expanduser()
    if root.exists() and not root.is_dir():
        raise DataError(Message("data.folder.not_folder", path=str(root)))
    if not root.is_dir():
        raise FileNotFoundError(Message("data.folder.missing", path=str(root)))
    train, test = root / "train", root / "test"
    split = train.is_dir() and test.is_dir() and _class_dirs(train)
    src = train if split else root
    if not _class_dirs(src):
        raise ValueError(Message("data.folder.no_subfolders", path=str(src)))
    x, y, names, report = read_class_folders(src, None, height, width, channels, progress)
    x_test = y_test = None
    if split:
        x_test, y_test, _, rep = read_class_folders(test, names, height, width, channels)
        report += rep
    if len(x) == 0:
        raise ValueError(Message("data.folder.nothing_readable", path=str(src),
                                 skipped=counted("data.folder.files_skipped", len(report)),
                                 example_file=report[0][0],
                                 reason=report[0][1]) if report else
                         Message("data.folder.no_images", path=str(src)))
    return {"x_train": x, "y_train": y, "x_test": x_test, "y_test": y_test,
            "class_names": names, "report": report}
