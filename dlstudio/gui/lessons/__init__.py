"""The lesson panel (guided lessons in the window). ``PANELS`` lists the dock panels the main
window adds; each is built as ``cls(studio)``. Imported lazily so that
``python -m dlstudio.gui.lessons.alone`` runs the panel alone cleanly."""
from __future__ import annotations

__all__ = ["LessonPanel", "PANELS"]


def __getattr__(name: str):
    if name in ("LessonPanel", "PANELS"):
        from dlstudio.gui.lessons.panel import LessonPanel

        return LessonPanel if name == "LessonPanel" else (LessonPanel,)
    raise AttributeError(f"module 'dlstudio.gui.lessons' has no attribute {name!r}")
