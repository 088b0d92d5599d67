"""Run one panel alone in a window (``python -m dlstudio.gui.editor`` and friends)."""
from __future__ import annotations

import sys
from typing import Callable

from PySide6.QtWidgets import QApplication, QWidget


def run_panel(make: Callable[[object], QWidget], title: str, size=(520, 900)) -> int:
    """Show ``make(studio)`` on its own with a fresh ``Studio``; returns the exit code."""
    from dlstudio.gui import i18n, theme
    from dlstudio.gui.studio import Studio

    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme.apply(app)
    from dlstudio.gui.widgets import wheel_guard

    wheel_guard.install(app)
    i18n.set_language(i18n.system_language())
    studio = Studio()
    panel = make(studio)
    panel.setWindowTitle(title)
    panel.resize(*size)
    panel.show()
    studio.load_dataset()
    code = app.exec()
    studio.shutdown()
    return code
