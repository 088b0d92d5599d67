"""``PathEdit``: a path typed or chosen with a Browse... button (a file or a folder).

Used by parameter forms for a dataset's ``path`` (``DatasetInfo.path_kind``): a student can
type the path, paste it, or pick it in the system's file dialog. It offers the same
``value()``, ``set_value(v)`` and ``sigEdited`` as the other parameter editors.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from dlstudio.gui import file_choice
from dlstudio.gui.widgets.retranslate import RetranslateMixin


class PathEdit(RetranslateMixin, QWidget):
    """A line edit plus Browse...; ``kind`` is "file" (``patterns`` filter the dialog) or
    "folder"."""

    #: the path was edited (typing finished, or chosen in the dialog)
    sigEdited = Signal()

    def __init__(self, kind: str = "file", patterns: tuple[str, ...] = (),
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.patterns = tuple(patterns)
        self.line = QLineEdit(self)
        self.line.setClearButtonEnabled(True)
        self.line.editingFinished.connect(self.sigEdited)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self.choose)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.line, 1)
        lay.addWidget(self.browse)
        #: replaced in tests: (parent, caption, start, filter) -> chosen path or ""
        self.ask = self._ask
        self.retranslate()

    def retranslate(self) -> None:
        self.browse.setText(self.tr("Browse..."))
        self.line.setPlaceholderText(self.tr("choose a file") if self.kind == "file"
                                     else self.tr("choose a folder"))

    def value(self) -> str:
        return self.line.text().strip()

    def set_value(self, value) -> None:
        self.line.setText("" if value is None else str(value))

    def choose(self) -> None:
        """Open the file (or folder) dialog; a chosen path is set and announced."""
        if self.kind == "file":
            names = " ".join(self.patterns)
            filters = (self.tr("Data files (%1)").replace("%1", names) + ";;" if names
                       else "") + self.tr("All files (*)")
        else:
            filters = ""
        settings = file_choice.user_settings()
        start = self.value() or str(file_choice.start_folder(settings))
        chosen = self.ask(self, self.tr("Choose the data"), start, filters)
        if chosen:
            file_choice.remember_folder(settings, chosen)
            self.set_value(chosen)
            self.sigEdited.emit()

    def _ask(self, parent, caption: str, start: str, filters: str) -> str:
        if self.kind == "folder":
            return QFileDialog.getExistingDirectory(parent, caption, start)
        # the project's dialog: it never reads the files it lists (/proc/kmsg froze it)
        return file_choice.ask_open_file(parent, caption, start, filters)
