"""The tool tabs' layout rule (walker7 W7-9): side by side when wide; when narrow the controls
go under (or over) the plot, which keeps the whole width, and the action buttons stay in
sight beside it. Checked by widget geometry, offscreen."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from dlstudio.gui.widgets.tool_layout import (PLOT_MIN_LINES, SLACK, ToolLayoutWidget,
                                              split_evenly)

#: the centre of a 1366x768 window with the default docks, and of a wide screen
NARROW, WIDE = (520, 560), (1200, 700)


def test_split_evenly_balances_the_tallest_column():
    assert split_evenly([100, 100, 100, 100], 2) == [2]
    assert split_evenly([300, 50, 50, 50, 50], 2) == [1]
    assert split_evenly([10, 20], 1) == []
    assert split_evenly([10, 20], 5) == [1]         # never more columns than sections


def _rect(widget: QWidget, ancestor: QWidget):
    top_left = widget.mapTo(ancestor, widget.rect().topLeft())
    return top_left.x(), top_left.y(), widget.width(), widget.height()


@pytest.fixture
def layout(qtbot):
    plot = QLabel("plot")
    sections = [QLabel("a " * 30), QLabel("b"), QPushButton("go")]
    sections[0].setWordWrap(True)
    w = ToolLayoutWidget(plot, sections, controls_width=300, pinned=sections[2])
    qtbot.addWidget(w)
    return w


def test_wide_puts_controls_beside_the_plot(layout, qtbot):
    layout.resize(*WIDE)
    layout.show()
    qtbot.waitExposed(layout)
    assert not layout.stacked
    px, py, pw, ph = _rect(layout.plot, layout)
    cx, cy, cw, ch = _rect(layout.scroll, layout)
    assert cx >= px + pw and pw > WIDE[0] / 2 and ph > 0.9 * WIDE[1]
    assert layout.pinned.parentWidget() is not layout.plot_pane


def test_narrow_puts_controls_under_the_plot_and_keeps_the_buttons_in_sight(layout, qtbot):
    layout.resize(*NARROW)
    layout.show()
    qtbot.waitExposed(layout)
    assert layout.stacked
    px, py, pw, ph = _rect(layout.plot, layout)
    cx, cy, cw, ch = _rect(layout.scroll, layout)
    assert pw >= NARROW[0] - 2 and cy >= py + ph and ph >= 0.5 * NARROW[1] - 60
    bx, by, bw, bh = _rect(layout.pinned, layout)
    assert layout.pinned.isVisible() and by >= py + ph and by + bh <= cy
    # and back: wide again puts everything back in one column
    layout.resize(*WIDE)
    qtbot.waitUntil(lambda: not layout.stacked)
    assert layout.columns == 1 and layout.pinned.parentWidget() is not layout.plot_pane


def test_the_boundary_follows_the_font(layout, qtbot):
    """Classroom mode's large font needs more width for the same arrangement."""
    layout.show()
    width = layout.side_width() + PLOT_MIN_LINES * layout.fontMetrics().height() + SLACK + 10
    assert layout.wide_enough(width)
    font = layout.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    layout.setFont(font)
    assert not layout.wide_enough(width)


def _tool_panels(studio):
    from dlstudio.gui.debugger import StepDebuggerPanel
    from dlstudio.gui.landscape import LandscapePanel
    from dlstudio.gui.playground import PlaygroundPanel
    from dlstudio.gui.search import SearchPanel
    from dlstudio.gui.transfer import TransferPanel

    return {"landscape": LandscapePanel(studio), "playground": PlaygroundPanel(),
            "search": SearchPanel(studio), "transfer": TransferPanel(studio),
            "debugger": StepDebuggerPanel(studio)}


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["1366", "1920"])
def test_every_tool_tab_gives_its_plot_the_width(small_studio, qtbot, size):
    panels = _tool_panels(small_studio)
    for name, panel in panels.items():
        qtbot.addWidget(panel)
        panel.resize(*size)
        panel.show()
        qtbot.waitExposed(panel)
        arrangement = panel.arrangement
        plot_w = arrangement.plot.width()
        if size == NARROW:
            assert arrangement.stacked, name
            assert plot_w >= 0.9 * size[0], (name, plot_w)
            assert arrangement.plot.height() >= 150, name
        else:
            assert not arrangement.stacked, name
            assert plot_w >= 0.45 * size[0], (name, plot_w)
        panel.close()
    for panel in panels.values():
        if hasattr(panel, "shutdown"):
            panel.shutdown()


def test_a_language_switch_rearranges_the_columns(layout, qtbot):
    """Chinese and English texts differ in width: the columns under the plot follow."""
    from PySide6.QtCore import QCoreApplication, QEvent

    layout.resize(*NARROW)
    layout.show()
    qtbot.waitExposed(layout)
    assert layout.stacked and layout.columns == 2
    layout.sections[1].setMinimumWidth(NARROW[0] - 40)     # as a longer translation would
    QCoreApplication.sendEvent(layout, QEvent(QEvent.Type.LanguageChange))
    qtbot.waitUntil(lambda: layout.columns == 1)


def _tall_layout(qtbot, **kw):
    sections = []
    for k in range(6):
        s = QLabel(f"section {k}")
        s.setMinimumHeight(200)     # taller than any share, in two columns
        sections.append(s)
    w = ToolLayoutWidget(QLabel("plot"), sections, controls_width=300, **kw)
    qtbot.addWidget(w)
    return w


@pytest.mark.parametrize("share", [None, 0.6])
def test_stacked_controls_keep_their_share_when_the_height_grows(qtbot, share):
    """W22-8: sized at a small height (a lesson banner up, a window not yet maximised), the
    stacked controls kept that small height and every pixel gained went to the plot."""
    w = _tall_layout(qtbot, **({} if share is None else {"stacked_share": share}))
    w.resize(NARROW[0], 300)
    w.show()
    qtbot.waitExposed(w)
    assert w.stacked
    w.resize(NARROW[0], 900)
    qtbot.waitUntil(lambda: w.height() == 900)
    expected = (share or 0.4) * 900
    assert w.scroll.height() == pytest.approx(expected, abs=12)
