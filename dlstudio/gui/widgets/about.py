"""The About box (with the versions of everything that matters) and the shortcuts list; both
stay open beside the window and follow a live language switch. Each takes the keyboard focus
when it opens, closes with Escape or Enter, and gives the focus back to where it was: they
opened without it, so Escape and Return went to the main window, and after a close the focus
was nowhere (walker33 W33-15)."""
from __future__ import annotations

import platform
import sys
from collections.abc import Callable
from importlib import metadata

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from dlstudio.gui.lessons.strings import LESSON_KEYS
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.widgets.run_controls import SHORTCUTS, keys_text


class InfoBoxDialog(RetranslateMixin, QMessageBox):
    """A non-modal message box whose title and text are made by functions of no arguments,
    called again when the UI language changes."""

    def __init__(self, title: Callable[[], str], text: Callable[[], str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._title, self._text = title, text
        self.setModal(False)
        #: the widget that had the keyboard focus when the box opened: it gets it back
        self.focus_before: QWidget | None = None
        self.finished.connect(self._on_finished)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self._title())
        self.setText(self._text())

    def open_with_focus(self) -> None:
        """Show the box in front, with the keyboard focus on its button."""
        focus = QApplication.focusWidget()
        if focus is not None and focus.window() is not self:
            self.focus_before = focus
        self.show()
        self.raise_()
        self.activateWindow()
        button = self.defaultButton() or (self.buttons() or [None])[0]
        if button is not None:
            button.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def _on_finished(self, _result: int) -> None:
        """Give the keyboard focus back to the widget that had it (or to the main window)."""
        before = self.focus_before
        self.focus_before = None
        if before is not None and shiboken6.isValid(before) and before.isVisible():
            before.window().activateWindow()
            before.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        elif self.parentWidget() is not None:
            self.parentWidget().window().activateWindow()


def versions() -> dict[str, str]:
    """Version strings of dlstudio and the libraries it runs on."""
    import PySide6

    from dlstudio import __version__

    out = {"dlstudio": __version__, "Python": platform.python_version(),
           "Qt": qVersion(), "PySide6": PySide6.__version__}
    for pkg in ("numpy", "numba", "pyqtgraph"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "-"
    return out


def about_text() -> str:
    blurb = QCoreApplication.translate(
        "About", "A studio for learning how deep neural networks train, and why they "
                 "sometimes do not.")
    rows = "".join(f"<tr><td>{k}</td><td>&nbsp;{v}</td></tr>" for k, v in versions().items())
    return f"<h3>dlstudio</h3><p>{blurb}</p><table>{rows}</table><p><small>{sys.platform}</small></p>"


def show_about(parent: QWidget | None) -> QMessageBox:
    box = InfoBoxDialog(lambda: QCoreApplication.translate("About", "About dlstudio"),
                        about_text, parent)
    box.open_with_focus()
    return box


#: View > Next / Previous plot page (window-wide keys)
PAGE_KEYS = {"next": "Ctrl+PgDown", "previous": "Ctrl+PgUp"}
#: the arrow keys as arrows: Qt's Chinese names read "右方向", a word cut short (walker21 W21-9)
ARROWS = {"Left": "←", "Right": "→", "Up": "↑", "Down": "↓"}


def key_text(key: str) -> str:
    """A key sequence as this platform writes it ("Ctrl+Return"), arrow keys as arrows
    ("Alt+→")."""
    text = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
    for name, arrow in ARROWS.items():
        if key == name or key.endswith("+" + name):
            native = QKeySequence(name).toString(QKeySequence.SequenceFormat.NativeText)
            text = text[:len(text) - len(native)] + arrow if text.endswith(native) else text
    return text


def shortcuts_text() -> str:
    names = {
        "start": QCoreApplication.translate("About", "Start training (or resume)"),
        "pause": QCoreApplication.translate("About", "Pause / resume"),
        "step": QCoreApplication.translate("About", "Train one mini-batch"),
        "stop": QCoreApplication.translate("About", "Stop training"),
        "reset": QCoreApplication.translate("About", "Reset weights"),
    }
    extra = [
        (QCoreApplication.translate("About", "Undo / redo a network edit"),
         "Ctrl+Z / Ctrl+Shift+Z"),
        (QCoreApplication.translate("About", "Open / save workspace"), "Ctrl+O / Ctrl+S"),
        (QCoreApplication.translate("About", "Classroom mode"), "F11"),
        (QCoreApplication.translate("About", "A one-minute tour of the window"), "F1"),
        (QCoreApplication.translate("About", "Delete the selected layer"), "Del"),
        # building a network without the mouse (walker33 W33-14)
        (QCoreApplication.translate("About", "Add the layer kind chosen in the palette (as "
                                             "a double-click does)"),
         f"{key_text('Return')} / {key_text('Insert')}"),
        (QCoreApplication.translate("About", "Move the selected layer up / down"),
         f"{key_text('Alt+Up')} / {key_text('Alt+Down')}"),
        (QCoreApplication.translate("About", "Apply this lesson step"),
         key_text(LESSON_KEYS["apply"])),
        (QCoreApplication.translate("About", "Check this lesson step"),
         key_text(LESSON_KEYS["check"])),
        (QCoreApplication.translate("About", "Next / previous lesson step"),
         f"{key_text(LESSON_KEYS['next'])} / {key_text(LESSON_KEYS['previous'])}"),
        (QCoreApplication.translate("About", "Lesson layout (the lesson beside its plot)"),
         key_text(LESSON_KEYS["layout"])),
        (QCoreApplication.translate("About", "Next / previous plot page"),
         f"{key_text(PAGE_KEYS['next'])} / {key_text(PAGE_KEYS['previous'])}"),
        # one row for the key, saying where each meaning applies: two rows "Return" with two
        # meanings read as a contradiction (walker27 W27-19)
        (QCoreApplication.translate("About", "In a lesson question: lock in the chosen answer "
                                             "(arrow keys or Space choose). Elsewhere: press the focused "
                                             "button or tick the focused box (Space pauses "
                                             "instead)"),
         key_text("Return")),
    ]
    rows = [(names[n], keys_text(n, k)) for n, k in SHORTCUTS] + extra
    # the space between the columns is the cell's padding, not spaces before the text: a
    # wrapped description's next lines started left of its first (walker21 W21-9)
    body = "".join(f"<tr><td valign='top'><b>{k}</b></td>"
                   f"<td valign='top' style='padding-left:12px'>{t}</td></tr>" for t, k in rows)
    return f"<table cellspacing='0'>{body}</table>"


#: the shortcuts' table is at least this many average characters wide: the message box
#: gave it its own narrow width, and the descriptions wrapped into 2-5 lines of ~140 px
#: while the keys had room to spare (walker37 W37-28, classroom mode)
SHORTCUTS_WIDTH_CHARS = 80


def show_shortcuts(parent: QWidget | None) -> QMessageBox:
    box = InfoBoxDialog(lambda: QCoreApplication.translate("About", "Keyboard shortcuts"),
                        shortcuts_text, parent)
    label = box.findChild(QLabel, "qt_msgbox_label")
    if label is not None:        # (in the label's font: the classroom font is larger)
        label.setMinimumWidth(label.fontMetrics().averageCharWidth() * SHORTCUTS_WIDTH_CHARS)
    box.open_with_focus()
    return box
