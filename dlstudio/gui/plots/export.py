"""Exporting a plot panel: its plots as a PNG or SVG picture, the run's metrics as CSV.

``PanelExportMixin`` is mixed into :class:`~dlstudio.gui.plots.base.BasePanel`: the "Export"
button with its menu (the same actions on the plots' right-click menu), the file dialog, and
the writers. SVG goes through Qt's own SVG painter (pyqtgraph's SVG exporter fails on the path
syntax Qt 6.11 writes). The texts keep the ``BasePanel`` translation context.
"""
from __future__ import annotations

from pathlib import Path

import pyqtgraph.exporters as pg_exporters
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QMenu, QToolButton

from dlstudio.gui import file_choice
from dlstudio.gui.plots import style

translate = QCoreApplication.translate


class PanelExportMixin:
    """The Export button and the picture and CSV exports (mixed into ``BasePanel``)."""

    def _build_export_button(self) -> None:
        self.export_button = QToolButton(self)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        self.export_actions = [
            menu.addAction("", lambda: self._ask_export("png")),
            menu.addAction("", lambda: self._ask_export("svg")),
            menu.addAction("", lambda: self._ask_export("csv"))]
        self.export_button.setMenu(menu)
        self._set_export_texts()

    def _set_export_texts(self) -> None:
        self.export_button.setText(translate("BasePanel", "Export"))
        self.export_button.setToolTip(translate(
            "BasePanel", "Save these plots as a picture (PNG or SVG), or the run's numbers as a "
            "CSV table"))
        for action, text in zip(self.export_actions, (
                translate("BasePanel", "Plots as PNG image..."),
                translate("BasePanel", "Plots as SVG drawing..."),
                translate("BasePanel", "Metrics as CSV table..."))):
            action.setText(text)

    def export_image(self, path: str | Path, width: int | None = None) -> Path:
        """Save every plot of the panel as one PNG (or SVG, by the file's suffix)."""
        path = Path(path)
        self.refresh(force=True)
        if self.stack.currentIndex() == 0:
            raise ValueError("There is nothing to export yet: start training first.")
        item = self.graphics.ci
        suffix = path.suffix.lower()
        if suffix == ".svg":
            # pyqtgraph's SVGExporter fails on the path syntax Qt 6.11 writes
            # (pyqtgraph issue #3485), so the scene is rendered through Qt's own SVG painter.
            self._export_svg(path)
            return path
        if suffix in (".png", ".jpg", ".jpeg", ".bmp"):
            exporter = pg_exporters.ImageExporter(item)
            target = int(width or max(1200, self.graphics.width()))
            exporter.parameters()["width"] = target
        else:
            raise ValueError(f"Cannot export plots to {path.name!r}: use a file name ending in "
                             ".png or .svg")
        exporter.export(str(path))
        return path

    def _export_svg(self, path: Path) -> None:
        scene = self.graphics.scene()
        source = self.graphics.ci.sceneBoundingRect()
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(source.size().toSize())
        generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
        generator.setTitle(type(self).__name__.removesuffix("Panel"))
        generator.setDescription("dlstudio plots")
        painter = QPainter()
        if not painter.begin(generator):
            raise OSError(f"Cannot write {path}: check that the folder exists and is writable")
        try:
            painter.fillRect(QRectF(0, 0, source.width(), source.height()),
                             style.theme_colors(self.palette())["background"])
            scene.render(painter, QRectF(0, 0, source.width(), source.height()), source)
        finally:
            painter.end()

    def export_csv(self, path: str | Path) -> int:
        """Save the run's metrics (all variants) as CSV; returns the number of rows."""
        return self.store.to_csv(path)

    def _ask_export(self, kind: str) -> None:
        filters = {"png": translate("BasePanel", "PNG image (*.png)"),
                   "svg": translate("BasePanel", "SVG drawing (*.svg)"),
                   "csv": translate("BasePanel", "CSV table (*.csv)")}
        name = type(self).__name__.removesuffix("Panel").lower()
        path, _ = file_choice.get_save_path(self, translate("BasePanel", "Export"),
                                            f"{name}.{kind}", filters[kind])
        if not path:
            return
        if not path.lower().endswith("." + kind):
            path += "." + kind
        if kind == "csv":
            rows = self.export_csv(path)
            said = translate("BasePanel", "Saved the run's metrics ({0:,} rows) as {1}").format(
                rows, path)
        else:
            self.export_image(path)
            said = translate("BasePanel", "Saved the plots as {0}").format(path)
        self.say_saved(said)

    def say_saved(self, text: str) -> None:
        """Say ``text`` in the status line of the window holding the panel (none for a
        panel on its own): the File menu's exports said so, the panels' said nothing
        (walker11 W11-9). The studio's window says it in the status line itself (its
        ``say``), as it says the File menu's exports since fix92: a 10 s message over the
        line went, and the line's older sentence came back as if it were the news."""
        from PySide6.QtWidgets import QMainWindow

        window = self.window()
        if not isinstance(window, QMainWindow):
            return
        say = getattr(window, "say", None)
        if callable(say):
            say(text)
        else:                       # a plain main window (a panel's demo): its status bar
            window.statusBar().showMessage(text)
