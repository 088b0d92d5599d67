"""The off-scale note: at the top edge, inside the plot, stacked, below the legend."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont

from dlstudio.gui.plots.off_scale_note import OffScaleNoteItem


def plot_widget(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.show()
    plot = widget.getPlotItem()
    plot.setXRange(0, 100, padding=0)
    plot.setYRange(0, 10, padding=0)
    return widget, plot


def test_a_note_at_the_right_edge_moves_left_to_end_inside(qtbot):
    _widget, plot = plot_widget(qtbot)
    note = OffScaleNoteItem("#d62728", QFont())
    plot.addItem(note, ignoreBounds=True)
    assert not note.isVisible()
    note.show_at(plot, "\u2191 loss rose to 3e+04: off the scale", 99.0, 0)
    assert note.isVisible() and note.toPlainText().startswith("\u2191 loss rose")
    x, y = note.pos().x(), note.pos().y()
    assert 0.0 <= x < 99.0 and y == 10.0
    note.show_at(plot, "\u2191 short", 5.0, 0)          # room for it: at its point
    assert note.pos().x() == 5.0


def test_notes_stack_downwards(qtbot):
    _widget, plot = plot_widget(qtbot)
    notes = [OffScaleNoteItem("#d62728", QFont()) for _ in range(2)]
    for row, note in enumerate(notes):
        plot.addItem(note, ignoreBounds=True)
        note.show_at(plot, "\u2191 off the scale", 10.0, row)
    assert notes[0].anchor.y() == 0.0 and notes[1].anchor.y() < 0.0


def _lines(note) -> list[str]:
    """The lines the note's text is laid out in (every paragraph's)."""
    out, block = [], note.textItem.document().begin()
    while block.isValid():
        layout, text = block.layout(), block.text()
        out += [text[line.textStart():line.textStart() + line.textLength()].replace(
            "\u2060", "") for line in (layout.lineAt(i) for i in range(layout.lineCount()))]
        block = block.next()
    return out


def test_a_wrapped_note_keeps_its_bracketed_part_on_one_line(qtbot):
    """walker18 W18-10: the zh classroom note wrapped inside "（已发散）"."""
    _widget, plot = plot_widget(qtbot)
    font = QFont()
    font.setPointSize(14)
    note = OffScaleNoteItem("#d62728", font)
    plot.addItem(note, ignoreBounds=True)
    text = "\u2191 损失爆炸到 3.7e+12：超出坐标范围（已发散）"
    note.show_text(text)
    note.wrap_to(10_000)
    one_line = note.textItem.boundingRect().width()
    note.wrap_to(one_line * 0.93)              # a little too narrow for one line
    lines = _lines(note)
    assert len(lines) == 2 and lines[1] == "（已发散）", lines
    assert note.toPlainText() == text          # what it says is unchanged
    note.wrap_to(one_line * 2)                 # room again: one line, no joiners kept
    assert _lines(note) == [text] and note.textItem.toPlainText() == text
