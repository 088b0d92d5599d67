"""A closed window and its studio are freed, plot pages and their popup menus included.

Qt keeps the functions a signal is connected to alive; a closure over the window connected
to the studio's signals (or over the studio, to its own workers' signals) made a cycle the
garbage collector cannot see, so every window lived on with its studio, its plot pages and
pyqtgraph's parentless menus (hundreds of hidden top-level widgets after a few tests)."""
from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication


def _flush() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def test_a_closed_window_and_its_studio_are_freed(qapp, qtbot, user_dir):
    from dlstudio.gui.main_window import MainWindow
    from dlstudio.gui.studio import Studio

    _flush()
    before = len(QApplication.topLevelWidgets())
    studio = Studio()
    window = MainWindow(studio)
    window.show()
    window.build_panels()
    qtbot.wait(50)
    assert len(QApplication.topLevelWidgets()) > before       # the pages' popup menus
    gone_window, gone_studio = weakref.ref(window), weakref.ref(studio)
    window.close()
    studio.shutdown()
    window.deleteLater()
    del window, studio
    qtbot.wait(1200)             # the panels' one-second fallback timer has gone
    _flush()
    assert gone_window() is None and gone_studio() is None
    assert len(QApplication.topLevelWidgets()) == before
