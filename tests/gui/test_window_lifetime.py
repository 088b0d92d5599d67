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


def _live_pages() -> list[str]:
    from dlstudio.gui.plots import PANELS

    return [key for key, _, _ in PANELS if key not in ("outcome", "preflight")]


def test_every_plot_page_that_drew_a_run_is_freed(qapp, qtbot):
    """The same for each plot page on its own once it drew a run (its legends, histograms,
    menus) and was built anew, closed and deleted as pytest-qt does: a lambda over the
    gradients page and its legend, connected to that legend's signal, kept every rebuilt
    page alive (Qt held the lambda, the lambda the legend and the page), and with hundreds of menus left the suite collected after every test (its
    time doubled)."""
    from dlstudio.gui.plots import PANELS, PlotRefresher
    from dlstudio.gui.plots.synthetic import deep_synthetic_run
    from dlstudio.gui.run_store import RunStore

    _flush()
    before = len(QApplication.topLevelWidgets())
    store, refresher = RunStore(), PlotRefresher()
    for snap in deep_synthetic_run(40, probe_every=5):
        store.append(snap)
    gone = {}
    for key, _, cls in PANELS:
        if key not in _live_pages():
            continue
        panel = cls(store)
        panel.resize(1400, 900)
        panel.show()
        qtbot.waitExposed(panel)
        refresher.add(panel)
        refresher.refresh_now()
        refresher.draw_run_end()
        qtbot.wait(20)                        # deferred layout work (the legends' fits)
        refresher.set_classroom(True)         # the page built anew, in larger type
        refresher.refresh_now(force=True)
        qtbot.wait(20)
        refresher.set_classroom(False)
        gone[key] = weakref.ref(panel)
        panel.close()
        panel.deleteLater()                   # as pytest-qt does with a test's widgets
        del panel
    qtbot.wait(1200)             # the panels' one-second fallback timer has gone
    _flush()
    assert [key for key, ref in gone.items() if ref() is not None] == []
    assert len(QApplication.topLevelWidgets()) == before
