"""Keys on the start page (``widgets/start_page.py``): it is modal, so the window's own
shortcuts wait behind it."""
from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut


def test_ctrl_q_quits_with_the_start_page_open(window, qtbot):
    """Walker32: Ctrl+Q did nothing while the start page was open (the window's Quit waits
    behind a modal page); the page has its own Quit key, which closes the page and quits as
    File > Quit does. (Offscreen no window becomes active, so the key is asked for by its
    sequence and pressed through its signal.)"""
    from dlstudio.gui.widgets.start_page import open_start_page

    quits = []
    window.acts["quit"].triggered.connect(lambda *_: quits.append(True))
    page = open_start_page(window)
    qtbot.waitUntil(page.isVisible)
    keys = [s for s in page.findChildren(QShortcut)
            if s.key() == QKeySequence(QKeySequence.StandardKey.Quit)]
    assert len(keys) == 1
    keys[0].activated.emit()
    qtbot.waitUntil(lambda: bool(quits))
    assert not page.isVisible()
