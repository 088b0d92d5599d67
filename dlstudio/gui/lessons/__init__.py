"""The lesson panel (guided lessons in the window). ``PANELS`` lists the dock panels the main
window adds; each is built as ``cls(studio)``."""
from __future__ import annotations

from dlstudio.gui.lessons.panel import LessonPanel

PANELS = (LessonPanel,)

__all__ = ["LessonPanel", "PANELS"]
