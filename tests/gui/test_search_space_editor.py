"""The search's range table ("What to search") shows its columns whole (walker31 W31-6)."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from dlstudio.gui import i18n
from dlstudio.gui.search.demo import demo_studio
from dlstudio.gui.search.panel import SearchPanel
from dlstudio.gui.search.view import RANGE_ROWS_IN_SIGHT
from dlstudio.gui.widgets.page_scroll import PageScrollWidget
from dlstudio.gui.widgets.sci_spin import SciSpinBox
from tests.gui.font_lines import in_lines

pytest.importorskip("pytestqt")


def _settle(qtbot, widget) -> None:
    """Shown, and laid out until no widget's size changes any more (a table's least rows,
    set once the page has its height, make the page taller: a few rounds of layout)."""
    qtbot.waitExposed(widget)
    sizes = None
    for _ in range(40):
        QApplication.processEvents()
        qtbot.wait(10)
        now = [w.size().toTuple() for w in [widget, *widget.findChildren(QWidget)]]
        if now == sizes:
            return
        sizes = now


@contextmanager
def _shown_panel(qtbot, width: int, height: int, lang: str = "en"):
    """A Search page of ``width`` x ``height`` in ``lang``, shown and settled; ``height`` is
    measured with DejaVu Sans and counts as many lines of the font in use (``in_lines``).
    The panel is in the window's scrolling page (``PageScrollWidget``), as in the window:
    its settings are read whole and the page scrolls (walker33 W33-3); ``panel.page``."""
    panel = SearchPanel(demo_studio())
    panel.page = page = PageScrollWidget(panel)
    qtbot.addWidget(page)
    i18n.set_language(lang)
    try:
        page.resize(width, in_lines(panel, height))
        page.show()
        _settle(qtbot, page)
        yield panel
    finally:
        i18n.set_language("en")
        panel.shutdown()


def _third_row_end(panel) -> int:
    """Where the range table's third row ends in the controls' scrolling view (pixels)."""
    return _row_end(panel, 2)


def _row_end(panel, row: int) -> int:
    """Where the range table's row ``row`` (from 0) ends in the controls' scrolling view
    (pixels)."""
    editor, viewport = panel.editor, panel.arrangement.scroll.viewport()
    return editor.viewport().mapTo(
        viewport, editor.visualRect(editor.model().index(row, 0)).bottomLeft()).y()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_scale_column_is_not_cut_at_the_tables_right_edge(qtbot, lang):
    """walker31 W31-6: at 1366x768 the Scale combo boxes' arrows were cut at the table's
    right edge (EN and zh): the table asked for the width its columns had before it was
    shown, a few pixels less than they took once shown, and scrolled sideways; and its
    range boxes asked for the width of "-1000000000", their limits, so that the range table
    was wider than the column of controls."""
    # the centre at 1366x768 with both docks open
    with _shown_panel(qtbot, 515, 640, lang) as panel:
        editor = panel.editor
        header = editor.horizontalHeader()
        assert header.length() <= editor.viewport().width()
        assert not editor.horizontalScrollBar().isVisible()
        assert not editor.verticalScrollBar().isVisible()      # every row shown
        assert panel.space_box.minimumSizeHint().width() \
            <= panel.arrangement.scroll.viewport().width()
        # the range boxes ask for the room of their three digits, not of their limits
        small = SciSpinBox(digits=3)
        small.setFont(editor.lows["learning_rate"].font())
        small.setRange(-1.0, 1.0)
        assert editor.lows["learning_rate"].sizeHint().width() == small.sizeHint().width()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_other_data_note_leaves_the_range_table_rows_in_sight(qtbot, lang):
    """walker31 W31-7 (zh, 1366x768): with the "Other data" note above the results, the
    range table ("What to search") was squeezed to its header and one row."""
    # the centre at 1366x768 with both docks open
    with _shown_panel(qtbot, 520, 604, lang) as panel:
        panel.so_far.data = panel.studio.data_spec.with_(dataset="mnist")
        for k in range(12):
            panel.so_far.add({"trial": k, "status": "ok", "message": "", "seconds": 9.5,
                              "val_accuracy": 0.9, "val_loss": 0.3, "score": 0.9,
                              "params": {"learning_rate": 10.0 ** (-4 + k / 3)}})
        panel.so_far.round = 1
        panel.show_results()
        _settle(qtbot, panel)
        assert panel.other_data_note.isVisible()
        assert _third_row_end(panel) <= panel.arrangement.scroll.viewport().height()
        # the results table keeps a few rows, the scatter its least height
        assert panel.table.height() >= panel.table.minimumSizeHint().height()
        assert panel.scatter.height() >= panel.scatter.minimumHeight()


def test_a_short_page_leaves_the_range_table_rows_in_sight(qtbot):
    """The same squeeze without the note: a run stopped at step 1 puts "Worth a look: the
    run was stopped ..." above the page, which is then about 75 pixels shorter, and the
    range table kept its header and one row (fix63, 1366x768). The page keeps the rows it
    promises (``RANGE_ROWS_IN_SIGHT``) in sight: with DejaVu Sans a third one fits too, with
    Noto Sans CJK's taller lines not (fix71)."""
    with _shown_panel(qtbot, 520, 530) as panel:
        assert _row_end(panel, RANGE_ROWS_IN_SIGHT - 1) \
            <= panel.arrangement.scroll.viewport().height()
        assert panel.table.height() >= panel.table.minimumSizeHint().height()
        panel.page.resize(520, in_lines(panel, 760))   # room again: the results keep 4 rows
        _settle(qtbot, panel.page)
        assert panel.table.min_rows == 4


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_settings_are_read_whole_and_only_the_page_scrolls(qtbot, lang, monkeypatch):
    """walker33 W33-3 (zh, 1366x768): the settings were a ~120-pixel scrolling view inside
    the scrolling page; "Batch size" (a range row) and "Runs" were never in sight together.
    Now the settings keep their whole height, the page alone scrolls, and a round's start
    scrolls it to the bar, the scatter and the results below them."""
    with _shown_panel(qtbot, 520, 580, lang) as panel:
        arrangement, page = panel.arrangement, panel.page
        assert arrangement.stacked
        assert arrangement.scroll.verticalScrollBar().maximum() == 0     # no inner scroller
        controls = arrangement.scroll.viewport()
        for widget in (panel.editor.lows["batch_size"], panel.runs_spin, panel.epochs_spin):
            bottom = widget.mapTo(controls, widget.rect().bottomLeft()).y()
            assert 0 <= bottom <= controls.height()
        # the whole range table in sight in its own view: no scrolling table either
        assert not panel.editor.verticalScrollBar().isVisible()
        assert page.verticalScrollBar().maximum() > 0     # the page is what scrolls
        monkeypatch.setattr(panel.worker, "start", lambda *args, **kwargs: None)
        assert panel.start()
        top = arrangement.plot_pane.mapTo(page.widget(), arrangement.plot_pane.rect().topLeft())
        assert page.verticalScrollBar().value() == min(top.y(),
                                                       page.verticalScrollBar().maximum())
        assert page.verticalScrollBar().value() > 0


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_lesson_step_that_opens_the_page_and_starts_sees_the_scatter(qtbot, lang,
                                                                        monkeypatch):
    """walker35 (classroom, 1920x1080): a lesson step's Apply brought the Search page
    forward and started its round at once, before the page was laid out at its new height;
    the scroll to the scatter was clamped to the old page's range and the page stayed at
    its top: the settings in sight, only the scatter's top strip below them, its y label
    cut and no x axis. The scatter must end in sight, whole, once the page has settled."""
    from PySide6.QtWidgets import QLabel, QStackedWidget

    stack = QStackedWidget()
    stack.addWidget(QLabel("another page"))
    panel = SearchPanel(demo_studio())
    stack.addWidget(panel)
    page = PageScrollWidget(stack)
    qtbot.addWidget(page)
    i18n.set_language(lang)
    try:
        page.resize(520, in_lines(panel, 580))
        page.show()
        _settle(qtbot, page)
        assert page.verticalScrollBar().maximum() == 0     # the other page fits
        monkeypatch.setattr(panel.worker, "start", lambda *args, **kwargs: None)
        stack.setCurrentWidget(panel)                      # the lesson's show_panel ...
        assert panel.start()                               # ... then its search
        _settle(qtbot, page)
        view = page.viewport()
        scatter = panel.scatter
        top = scatter.mapTo(view, scatter.rect().topLeft()).y()
        bottom = scatter.mapTo(view, scatter.rect().bottomLeft()).y()
        assert page.verticalScrollBar().value() > 0
        assert 0 <= top and bottom <= view.height()
    finally:
        i18n.set_language("en")
        panel.shutdown()
