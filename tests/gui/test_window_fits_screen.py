"""The main window stays on a 1366x768 screen whatever the pages hold: a tall page scrolls
inside the window instead of making the window taller than the screen (walker28 W28-14)."""
from __future__ import annotations

import pytest

from dlstudio.gui.main_window import MainWindow

#: a 1366x768 screen minus a task bar
SCREEN = (1366, 738)

#: the note the walker saw over the Search page (five lines at 1366)
EDITED_NOTE = [
    "The network was edited after this run: the curves are from the earlier network; "
    "press Start to train this one.",
    "Continue trains a single run on, not a comparison: its variants cannot be continued "
    "together. To train them longer, set Epochs and press Start: every variant starts again "
    "from the same initial weights and sees the same batches, so the curves so far come out "
    "the same and the comparison goes on from there."]


@pytest.fixture
def window(small_studio, qtbot, qapp):
    w = MainWindow(small_studio)
    qtbot.addWidget(w)
    w.resize(*SCREEN)
    w.show()
    w.build_panels()
    qapp.processEvents()
    return w


def _settle(qapp) -> None:
    for _ in range(5):
        qapp.processEvents()


def test_tall_notes_over_the_search_page_leave_the_window_on_the_screen(window, qapp, qtbot):
    """W28-14: the run note over the Search page and the Search page's own note about other
    data (after the MNIST preset replaced the spirals) made the window 1366x891: the status
    bar, the timeline and the dock tabs went below the screen, and stayed there."""
    from dlstudio.data.spec import DataSpec

    search = window.tool_tabs["search"]
    window.plot_tabs.setCurrentWidget(search)
    _settle(qapp)
    window.run_note.show_note("Worth a look:", EDITED_NOTE, error=False)
    search.other_data_note.show_for(DataSpec(dataset="spirals"), DataSpec(dataset="mnist"))
    _settle(qapp)
    assert search.other_data_note.isVisible()
    assert window.size().toTuple() == SCREEN
    assert window.minimumSizeHint().height() <= SCREEN[1]
    # what does not fit scrolls: the page keeps the room its parts need, the timeline stays
    # in the window under it
    central = window.centralWidget()
    timeline = window.timeline_bar
    assert timeline.isVisible()
    assert timeline.mapTo(central, timeline.rect().bottomLeft()).y() < central.height()
    qtbot.waitUntil(lambda: search.height() >= search.minimumSizeHint().height(), timeout=5000)
    assert window.page_scroll.verticalScrollBar().isVisible()
    assert window.size().toTuple() == SCREEN


@pytest.mark.parametrize("key", ["search", "transfer", "landscape", "playground", "debugger",
                                 "draw"])
def test_no_page_makes_the_window_taller_than_the_screen(window, qapp, key):
    """Every tool page, under the tallest run note the window shows."""
    window.plot_tabs.setCurrentWidget(window.tool_tabs[key])
    window.run_note.show_note("Worth a look:", EDITED_NOTE * 2, error=False)
    _settle(qapp)
    assert window.size().toTuple() == SCREEN, key
    assert window.minimumSizeHint().height() <= SCREEN[1], key
