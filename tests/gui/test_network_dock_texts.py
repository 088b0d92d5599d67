"""Every text of the Network dock is readable whole where the dock opens: beside the lesson
text (lesson 13 step 1) and in the standard layout, at 1366x768 and in classroom mode at
1920x1080, in English and Chinese (walker37 W37-15: at 1920x1080 in classroom mode the
summary's last row read "Non-trainable ...")."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QLabel, QStyle, QTableWidget

def cut_cells(table: QTableWidget) -> list[str]:
    """The cells of ``table`` whose text does not fit their cell, wrapped at word breaks
    as the table wraps it (a spanned cell has its whole span)."""
    out = []
    # the style's margins round an item's text (Fusion: 3 px each side)
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None,
                                            table) + 1)
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            item = table.item(row, column)
            if item is None or not item.text():
                continue
            rect = table.visualItemRect(item)
            font = item.data(Qt.ItemDataRole.FontRole)
            metrics = QFontMetrics(font if font is not None else table.font())
            room = rect.adjusted(0, 0, -margin, 0)
            need = metrics.boundingRect(room, int(Qt.TextFlag.TextWordWrap), item.text())
            if need.width() > room.width() or need.height() > rect.height():
                out.append(f"cell {item.text()!r}: needs {need.width()}x{need.height()}, "
                           f"has {room.width()}x{rect.height()}")
    return out


def cut_texts(root) -> list[str]:
    """Labels on one line and buttons narrower than their text, tabs behind scroll arrows
    or narrower than their title, and table cells too small for their text, in ``root``."""
    out = []
    for label in root.findChildren(QLabel):
        if label.isVisible() and label.text() and not label.wordWrap() \
                and label.width() < label.minimumSizeHint().width():
            out.append(f"label {label.text()!r}: {label.width()} px of "
                       f"{label.minimumSizeHint().width()}")
    for button in root.findChildren(QAbstractButton):
        if button.isVisible() and button.text() \
                and button.width() < button.minimumSizeHint().width():
            out.append(f"button {button.text()!r}: {button.width()} px of "
                       f"{button.minimumSizeHint().width()}")
    for table in root.findChildren(QTableWidget):
        if table.isVisible():
            out += cut_cells(table)
    return out


def cut_tabs(tabs) -> list[str]:
    bar = tabs.tabBar()
    out = [f"tab {bar.tabText(i)!r}" for i in range(bar.count())
           if bar.tabRect(i).width() < bar.fontMetrics().horizontalAdvance(bar.tabText(i))]
    if bar.sizeHint().width() > tabs.width():
        out.append(f"tabs behind scroll arrows: {bar.sizeHint().width()} > {tabs.width()}")
    return out


@pytest.mark.parametrize("size, classroom, language", [
    ((1366, 738), False, "en"), ((1366, 738), False, "zh_CN"),
    ((1920, 1050), True, "en"), ((1920, 1050), True, "zh_CN")],
    ids=["1366-en", "1366-zh", "classroom-1920-en", "classroom-1920-zh"])
def test_every_text_of_the_network_dock_is_whole(size, classroom, language, small_studio,
                                                 qapp, qtbot, app_look_restored):
    from dlstudio.gui import app as gui_app
    from dlstudio.gui import i18n, theme
    from dlstudio.gui.editor.panel import NetworkEditorPanel
    from dlstudio.gui.main_window import MainWindow

    theme.apply(qapp, "light", classroom)
    small_studio.classroom = classroom
    try:
        if language != "en":
            assert i18n.set_language(language)
        window = MainWindow(small_studio)       # as the app starts: its look and language set
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        window.build_panels()
        qtbot.wait(20)
        gui_app.after_show(window, gui_app.parse_args(["--fresh", "--lesson", "13", "--step",
                                                       "1"]))
        window.lesson_panel().apply_current()     # the convnet, its summary in front
        dock = window.docks["network"]
        editor = dock.findChild(NetworkEditorPanel)
        qtbot.waitUntil(lambda: editor.tabs.currentWidget() is editor.summary_view)
        qtbot.wait(50)
        problems = [f"as the step shows it: {p}" for p in cut_texts(dock)]
        for layout in ("beside the lesson", "standard"):
            if layout == "standard":
                window.use_standard_layout()
            qtbot.wait(50)
            assert not dock.visibleRegion().isEmpty(), layout
            for key in range(editor.tabs.count()):
                editor.tabs.setCurrentIndex(key)
                qtbot.wait(50)
                title = editor.tabs.tabText(key)
                problems += [f"{layout}, {title}: {p}" for p in cut_texts(dock)]
            problems += [f"{layout}: {p}" for p in cut_tabs(editor.tabs)]
        assert not problems, "\n".join(problems)
    finally:
        i18n.set_language("en")
        theme.apply(qapp, "light", False)


@pytest.mark.parametrize("scale, width", [(1.0, 400), (1.1, 400), (1.5, 520)],
                         ids=["1366", "classroom-1366", "classroom-1920"])
def test_the_summary_shows_every_cell_whole_after_its_dock_narrows(qtbot, scale, width):
    """The walker's "Non-trainable ..." (W37-15): the totals' labels are bold and longer
    than the layer names, and the rows kept the heights measured at the table's first,
    wider size (here as wide as the Network dock's table at 1366 and in classroom mode).
    The labels take the Output shape cells too (empty in those rows), and every row is
    measured again whenever the table changes width."""
    from PySide6.QtGui import QFont

    from dlstudio.gui import specs
    from dlstudio.gui.editor.summary import SummaryTableWidget

    table = SummaryTableWidget()
    qtbot.addWidget(table)
    font = QFont(table.font())
    font.setPointSizeF(font.pointSizeF() * scale)          # classroom mode's text
    table.setFont(font)
    table.set_rows(specs.preset_network("mnist_convnet").describe_layers())
    table.resize(900, 500)
    table.show()
    qtbot.wait(20)
    table.resize(width, 500)
    qtbot.wait(20)
    assert not cut_cells(table)
