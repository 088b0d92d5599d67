"""Application-wide helpers kept once per application (the wheel guard, the Space key's
router): installing one twice would filter every event twice."""
from __future__ import annotations

from typing import Callable, TypeVar

from PySide6.QtWidgets import QApplication

T = TypeVar("T")


def install_once(app: QApplication, attribute: str, make: Callable[[QApplication], T]) -> T:
    """The helper kept on ``app`` as ``attribute``; ``make(app)`` builds (and installs) it
    the first time."""
    helper = getattr(app, attribute, None)
    if helper is None:
        helper = make(app)
        setattr(app, attribute, helper)
    return helper
