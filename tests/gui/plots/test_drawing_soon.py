"""A page shown with plots still to build says "Drawing the plots..." first (W33-2).

Built inside the click that showed it, the first visit of a page after a comparison left the
previous page's plots on screen under the new tab for 1.5-3 s; the words are painted first,
under a busy pointer, and the page builds once they are on the screen.
"""
from __future__ import annotations

import pytest

from dlstudio.gui.plots.synthetic import deep_synthetic_run


@pytest.fixture(autouse=True)
def no_busy_pointer_left(qapp):
    """Start without a busy pointer: the pointer stack is the application's, and an earlier
    test may have left one set (a page closed while it waited to say "Drawing the plots..."
    left it before fix87)."""
    from PySide6.QtWidgets import QApplication

    while QApplication.overrideCursor() is not None:
        QApplication.restoreOverrideCursor()


def test_the_page_is_called_back_once_the_words_are_painted(qtbot):
    from PySide6.QtWidgets import QApplication, QLabel

    from dlstudio.gui.plots.drawing_soon import DrawingSoon, drawing_text

    label = QLabel()
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    calls = []
    soon = DrawingSoon(label, label.setText, lambda: (calls.append(label.text()), soon.stop()))

    soon.start()

    assert soon.waiting and label.text() == drawing_text() and not calls
    assert QApplication.overrideCursor() is not None
    qtbot.waitUntil(lambda: not soon.waiting)
    assert calls == [drawing_text()] and QApplication.overrideCursor() is None
    qtbot.wait(200)                             # (the latest call, no paint, comes to nothing)
    assert len(calls) == 1


def test_a_page_shown_before_its_plots_are_built_says_it_draws_them_first(
        qtbot, tabbed, monkeypatch):
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    store, tabs, refresher, panels = tabbed(qtbot, ("convergence", "gradients"))
    for s in deep_synthetic_run(60, probe_every=5):
        store.append(s)
        refresher.refresh_now()
    grads = panels["gradients"]
    painted, seen = [], []

    class Painted(QObject):
        def eventFilter(self, watched, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                painted.append(grads.placeholder.text())
            return False

    spy = Painted(grads)
    grads.placeholder.installEventFilter(spy)
    build = grads._build

    def noted(key):
        seen.append((list(painted), QApplication.overrideCursor() is not None))
        return build(key)

    monkeypatch.setattr(grads, "_build", noted)
    tabs.setCurrentWidget(grads)
    assert grads.drawing_soon and "Drawing" in grads.placeholder.text() and not seen
    assert not grads.refresh()                  # (the refresher's tick waits for it too)
    qtbot.waitUntil(lambda: not grads.drawing_soon)
    assert seen and any("Drawing" in text for text in seen[0][0]) and seen[0][1], seen
    assert grads.built_key is not None and grads.hist_curves      # built and drawn, then
    assert grads.stack.currentWidget() is grads.canvas and QApplication.overrideCursor() is None
    assert "Drawing" not in grads.placeholder.text()
    painted.clear()
    tabs.setCurrentIndex(0)
    tabs.setCurrentWidget(grads)                # built: shown at once, nothing said
    assert not any("Drawing" in text for text in painted)


def _page_waiting(qtbot):
    """A shown placeholder whose wait has started (not owned by qtbot: the test deletes it),
    and the list its builds are noted in."""
    from PySide6.QtWidgets import QLabel

    from dlstudio.gui.plots.drawing_soon import DrawingSoon

    label = QLabel()
    label.show()
    qtbot.waitExposed(label)
    calls = []
    soon = DrawingSoon(label, label.setText, lambda: (calls.append(1), soon.stop()))
    soon.start()
    return label, calls


def test_a_page_deleted_while_it_waits_puts_the_pointer_back(qtbot):
    """fix82's latent bug: a page closed (deleted) within ``DRAW_AFTER_PAINT_LATEST_MS`` of
    being shown never got its callback, and the busy pointer stayed for the session."""
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui.plots.drawing_soon import DRAW_AFTER_PAINT_LATEST_MS

    label, calls = _page_waiting(qtbot)
    assert QApplication.overrideCursor() is not None

    label.deleteLater()
    qtbot.wait(DRAW_AFTER_PAINT_LATEST_MS + 100)

    assert QApplication.overrideCursor() is None and not calls


def test_a_wait_stopped_twice_puts_back_only_its_own_pointer(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLabel

    from dlstudio.gui.plots.drawing_soon import DrawingSoon

    label = QLabel()
    qtbot.addWidget(label)
    QApplication.setOverrideCursor(Qt.CursorShape.CrossCursor)     # someone else's
    try:
        soon = DrawingSoon(label, label.setText, lambda: None)
        soon.start()
        soon.stop()
        soon.stop()
        assert QApplication.overrideCursor() is not None
        assert QApplication.overrideCursor().shape() == Qt.CursorShape.CrossCursor
    finally:
        QApplication.restoreOverrideCursor()


def test_a_page_shown_twice_while_it_waits_leaves_no_pointer(qtbot):
    """Started again before its paint came (shown, hidden and shown again within
    ``DRAW_AFTER_PAINT_LATEST_MS``), the wait set a second busy pointer and restored one."""
    from PySide6.QtWidgets import QApplication, QLabel

    from dlstudio.gui.plots.drawing_soon import DrawingSoon

    label = QLabel()
    qtbot.addWidget(label)
    soon = DrawingSoon(label, label.setText, lambda: None)
    soon.start()
    soon.start()
    soon.stop()
    assert QApplication.overrideCursor() is None


def test_a_page_deleted_right_after_its_words_were_painted_is_not_built(qtbot):
    """The call after the paint waits for the next turn of the event loop; a page deleted
    before it (its parent deleted at once rather than by deleteLater) was still built
    after its C++ side had gone ("already deleted"): the wait's timer has the wait as its
    context (the same for every ``QTimer.singleShot`` in dlstudio.gui)."""
    import shiboken6
    from PySide6.QtGui import QPaintEvent
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui.plots.drawing_soon import DRAW_AFTER_PAINT_LATEST_MS

    label, calls = _page_waiting(qtbot)
    # painted (sent, as a paint may not come at once offscreen): the build is due at the
    # next turn of the event loop
    QApplication.sendEvent(label, QPaintEvent(label.rect()))

    shiboken6.delete(label)             # the page and its wait go before that turn
    qtbot.wait(DRAW_AFTER_PAINT_LATEST_MS + 100)

    assert not calls
