"""Qt's file dialog speaks the window's language (walker9 W9-14: in Chinese it said
"Look in:" and "Files of type:", which the qtbase translations shipped with PySide6 have
only in Qt 5's wording)."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel

from dlstudio.gui import i18n


def _english_texts(dialog) -> list[str]:
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)
             if w.isVisibleTo(dialog)]
    return [t for t in texts if t and t.isascii()]


def test_the_file_dialog_has_no_english_label_in_chinese(qapp, qtbot):
    assert i18n.set_language("zh_CN")
    try:
        for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
            dialog = QFileDialog(None, "x")
            qtbot.addWidget(dialog)
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
            dialog.setAcceptMode(mode)
            assert dialog.labelText(QFileDialog.DialogLabel.LookIn) == "查找范围(&L)："
            assert dialog.labelText(QFileDialog.DialogLabel.FileType) == "文件类型(&T)："
            assert _english_texts(dialog) == []
    finally:
        i18n.set_language("en")
