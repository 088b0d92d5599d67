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


# -- a dock beside the lesson text (walker27 W27-14) ---------------------------------------------
def test_tab_rows_know_the_width_a_number_of_rows_needs(qtbot):
    from PySide6.QtWidgets import QLabel

    from dlstudio.gui.widgets.tab_rows import RowTabWidget, TabRowsWidget

    tabs = RowTabWidget()
    for title in ("Convergence", "Gradients", "Activations", "Weights", "Units", "Search"):
        tabs.addTab(QLabel(title), title)
    tabs.start_row_at(tabs.widget(5))                  # a group of its own: two rows at least
    rows = TabRowsWidget(tabs)
    qtbot.addWidget(rows)
    wide = rows.least_width(2)
    assert rows.flow.rows_at(wide) == 2 and rows.flow.rows_at(wide - 1) == 3
    three = rows.least_width(3)
    assert three < wide and rows.flow.rows_at(three) == 3
    assert rows.least_width(1) == wide                  # the groups need two rows anyway


@pytest.fixture
def language(request, qtbot):
    """The window's language for the test (``request.param``), English again after it."""
    from dlstudio.gui import i18n

    if request.param != "en":
        assert i18n.set_language(request.param)
        qtbot.wait(20)
    yield request.param
    i18n.set_language("en")


@pytest.mark.parametrize("lesson, name, language, size", [
    ("11", "data", "en", (1920, 1050)), ("13", "network", "en", SCREEN),
    ("13", "network", "zh_CN", SCREEN)], indirect=["language"])
def test_a_dock_beside_the_lesson_text_leaves_the_plots_their_width(language, window, qapp,
                                                                   lesson, name, size):
    """Lesson 11 showed the Data dock, lesson 13 the Network dock, in a column left of the
    plots, beside the lesson text: at 1366 the plots got 480 px, their tabs in four rows,
    and the Network dock 370 px with its tabs behind scroll arrows ("Dia"). The plots keep
    the width of three rows of tabs; the lesson text gives up the width, the dock has its
    default width (in Chinese too, whose shorter tabs fit three rows in less than the
    middle's least width: the Network dock got 330 px). The Data dock opens a column only
    in a window wide enough for three (``TABBED_BELOW``; at 1366 see the next test)."""
    from dlstudio.gui import app as gui_app

    window.resize(*size)
    _settle(qapp)
    gui_app.after_show(window, gui_app.parse_args(["--fresh", "--lesson", lesson, "--step",
                                                   "1"]))
    _settle(qapp)
    dock, lessons = window.docks[name], window.docks["lessons"]
    assert window.dockWidgetArea(dock).name == "LeftDockWidgetArea"
    assert dock.width() >= 420
    rows = window.tab_rows
    assert rows.flow.rows_at(rows.width()) <= 3
    assert lessons.width() >= 0.3 * window.width()
    assert window.size().toTuple() == size
    if name == "network":
        from dlstudio.gui.editor.panel import NetworkEditorPanel

        editor = dock.findChild(NetworkEditorPanel)
        bar = editor.tabs.tabBar()
        assert bar.sizeHint().width() <= editor.tabs.width()      # no scroll arrows


def test_the_network_dock_beside_the_lesson_text_is_wider_on_a_wide_screen(window, qapp):
    """Walker36 W36-3: at 1920x1080 (classroom mode) lesson 13 step 1's Network dock kept
    480 px, the summary's layer names wrapped ("max_ pooling2d") and its tabs behind scroll
    arrows. On a wide screen it takes 30% of the window; the plots keep their least width
    and the lesson text the rest."""
    from dlstudio.gui import app as gui_app

    window.resize(1920, 1050)
    _settle(qapp)
    gui_app.after_show(window, gui_app.parse_args(["--fresh", "--lesson", "13", "--step",
                                                   "1"]))
    _settle(qapp)
    dock, lessons = window.docks["network"], window.docks["lessons"]
    assert window.dockWidgetArea(dock).name == "LeftDockWidgetArea"
    assert dock.width() >= 560
    assert window.tab_rows.flow.rows_at(window.tab_rows.width()) <= 3
    assert lessons.width() >= 0.3 * window.width()


def test_a_step_pointing_at_the_summary_shows_its_totals_whole(window, qapp, qtbot):
    """Lesson 13 step 1 looks at the parameter column of the summary: its "Total params"
    row was half cut at the bottom of a scrolled table in the Network dock."""
    from dlstudio.gui import specs
    from dlstudio.gui.editor.panel import NetworkEditorPanel

    window.studio.set_network_spec(specs.preset_network("mnist_convnet"))
    window.use_lesson_layout()
    _settle(qapp)
    window.studio.show_panel("network")
    editor = window.docks["network"].findChild(NetworkEditorPanel)
    editor.select_view("summary")
    table = editor.summary
    last = table.rowCount() - 1
    assert table.item(last - 2, 0).text() == "Total params"

    def whole(row: int) -> bool:
        rect = table.visualItemRect(table.item(row, 0))
        return table.viewport().rect().contains(rect)

    qtbot.waitUntil(lambda: all(whole(r) for r in range(last + 1)), timeout=5000)
    assert not table.verticalScrollBar().isVisible()


def _open_lesson_step_1(window, qapp, lesson: str) -> None:
    """Open ``lesson`` at step 1 as ``dlstudio --lesson`` does."""
    from dlstudio.gui import app as gui_app

    gui_app.after_show(window, gui_app.parse_args(["--fresh", "--lesson", lesson, "--step",
                                                   "1"]))
    _settle(qapp)


def _lesson_text_in_front_of(window, dock) -> None:
    """``dock`` is a tab beside the lessons, behind the lesson text."""
    lessons = window.docks["lessons"]
    assert dock in window.tabifiedDockWidgets(lessons)
    assert dock.visibleRegion().isEmpty() and not lessons.visibleRegion().isEmpty()


@pytest.mark.parametrize("language", ["en", "zh_CN"], indirect=True)
def test_at_1366_the_data_dock_of_lesson_11_is_a_tab_and_the_plots_keep_their_width(
        language, window, qapp):
    """Walker37 W37-5: at 1366x768 lesson 11 opened the Data dock in a third column: the
    plots kept 488 px, their tabs in three rows and the loss curves short strips. Too
    narrow for three columns, the Data dock stays a tab beside the lessons, the lesson text
    in front; the plots get the lesson layout's middle, their tabs in two rows, and the
    Data panel, opened from its tab, the lesson column's width and height."""
    _open_lesson_step_1(window, qapp, "11")
    data = window.docks["data"]
    _lesson_text_in_front_of(window, data)
    rows = window.tab_rows
    assert rows.flow.rows_at(rows.width()) <= 2
    assert window.plot_tabs.width() >= 0.55 * window.width()
    data.raise_()                                   # the student opens the Data tab
    _settle(qapp)
    assert not data.visibleRegion().isEmpty()
    assert data.width() >= 0.35 * window.width()
    assert data.height() >= 0.9 * window.centralWidget().height()
    assert window.size().toTuple() == SCREEN


def test_at_1024_the_network_dock_of_lesson_13_is_a_tab_and_the_lesson_text_stays_whole(
        window, qapp):
    """At 1024x700 lesson 13 opened the Network dock in a third column: the lesson text and
    its Check button went past the window's right edge (a horizontal scroll bar under
    them) and the dock's tabs hid behind scroll arrows. Too narrow for three columns,
    the Network dock stays a tab beside the lessons, the lesson text in front."""
    from dlstudio.gui.editor.panel import NetworkEditorPanel

    window.resize(1024, 670)
    _settle(qapp)
    _open_lesson_step_1(window, qapp, "13")
    network, lessons = window.docks["network"], window.docks["lessons"]
    _lesson_text_in_front_of(window, network)
    assert lessons.geometry().right() < window.width()
    panel = window.lesson_panel()
    assert lessons.width() >= panel.minimumSizeHint().width()
    network.raise_()                                 # the student opens the Network tab
    _settle(qapp)
    editor = network.findChild(NetworkEditorPanel)
    assert editor.tabs.tabBar().sizeHint().width() <= editor.tabs.width()
    assert window.size().toTuple() == (1024, 670)


def test_a_1024_wide_window_keeps_one_side_column_with_every_tab_whole(small_studio, qtbot,
                                                                       qapp):
    """At 1024x700 the standard layout's two side columns and the plots' least width did
    not fit: the right column (Data, Training, Compare, Lessons) got ~145 px, its text cut
    and a scroll bar under it, and the Network dock hid "Diagram" behind scroll arrows.
    Below ``ONE_COLUMN_BELOW`` the right column's docks are tabs beside the Network dock,
    every title and tab whole."""
    from PySide6.QtWidgets import QTabBar

    from dlstudio.gui.editor.panel import NetworkEditorPanel

    w = MainWindow(small_studio)
    qtbot.addWidget(w)
    w.resize(1024, 670)
    w.show()
    w.build_panels()
    _settle(qapp)
    right = [name for name, dock in w.docks.items() if not dock.isFloating()
             and w.dockWidgetArea(dock).name == "RightDockWidgetArea"]
    assert not right
    network = w.docks["network"]
    assert not network.visibleRegion().isEmpty()
    editor = network.findChild(NetworkEditorPanel)
    assert editor.tabs.tabBar().sizeHint().width() <= editor.tabs.width()
    bars = [bar for bar in w.findChildren(QTabBar) if bar.parent() is w and bar.isVisible()]
    assert bars
    for bar in bars:
        assert bar.sizeHint().width() <= bar.width() + 1, [bar.tabText(i)
                                                           for i in range(bar.count())]
    assert w.plot_tabs.width() >= 0.5 * w.width()
