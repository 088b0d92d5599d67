"""Test helper: the texts a student reads on a widget and its children, and the ones still
in English after a switch to Chinese."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QComboBox, QGroupBox,
                               QLabel, QTabWidget, QWidget)

TABLE = Path(__file__).resolve().parents[1] / "resources" / "translations" / "zh_CN.json"


@lru_cache(maxsize=1)
def chinese() -> dict[str, str]:
    """English -> Chinese, the table the translations are made from."""
    return json.loads(TABLE.read_text(encoding="utf-8"))


def widget_texts(root: QWidget) -> set[str]:
    """Button, label, group box and tab texts, combo entries, item-view headers and cells,
    window titles and tooltips of ``root`` and every widget inside it."""
    texts: set[str] = set()
    for w in [root] + root.findChildren(QWidget):
        texts.update((w.toolTip(), w.windowTitle()))
        if isinstance(w, (QAbstractButton, QLabel)):
            texts.add(w.text())
        if isinstance(w, QGroupBox):
            texts.add(w.title())
        if isinstance(w, QComboBox):
            texts.update(w.itemText(i) for i in range(w.count()))
        if isinstance(w, QTabWidget):
            texts.update(w.tabText(i) for i in range(w.count()))
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:       # a list model keeps its column count private: one
                columns = 1
            for col in range(columns):
                texts.add(str(model.headerData(col, Qt.Orientation.Horizontal) or ""))
                texts.add(str(model.headerData(col, Qt.Orientation.Horizontal,
                                               Qt.ItemDataRole.ToolTipRole) or ""))
                for row in range(model.rowCount(QModelIndex())):
                    texts.add(str(model.index(row, col).data() or ""))
    return {t for t in texts if t}


def still_english_text(text: str) -> bool:
    """``text`` has a Chinese translation but is the English."""
    table = chinese()
    return text in table and table[text] != text and bool(table[text].strip())


def still_english(root: QWidget) -> list[str]:
    """Texts shown by ``root`` that have a Chinese translation but are shown in English."""
    return sorted(t for t in widget_texts(root) if still_english_text(t))


def delete_closed_widgets() -> None:
    """Delete now the widgets earlier tests closed (pytest-qt's ``deleteLater``). Left
    pending, a test's language switch still reaches them and they are deleted during its
    event loop, under a plot legend whose relayout was queued (pyqtgraph: "ViewBox already
    deleted"). Call it before switching the language."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
