"""Errors in the window: log them, show them in a dialog, and carry on.

``install_excepthook`` replaces ``sys.excepthook`` so that an exception escaping a Qt slot (which
PySide6 hands to the hook) is written to the log file with its traceback and reported in a
non-blocking dialog; the event loop keeps running. Several errors in a burst share one dialog.
"""
from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from dlstudio.gui.i18n import current_language
from dlstudio.messages import Message, message_of, render_error

log = logging.getLogger("dlstudio")


def user_data_dir() -> Path:
    """The per-user folder for the log, the autosave and settings (created on demand)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    path = Path(base) if base else Path.home() / ".dlstudio"
    if path.name.lower() != "dlstudio":
        path = path / "dlstudio"
    path.mkdir(parents=True, exist_ok=True)
    return path


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Log to ``dlstudio.log`` in the user data folder (and warnings to stderr)."""
    root = logging.getLogger()
    if any(getattr(h, "_dlstudio", False) for h in root.handlers):
        return None
    try:
        path = user_data_dir() / "dlstudio.log"
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=2, encoding="utf-8")
    except OSError:
        return None
    handler._dlstudio = True
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    return path


class ErrorReporter(QObject):
    """Receives uncaught exceptions on any thread and reports them on the GUI thread."""

    sigReported = Signal(str, str)   # summary, traceback text

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.count = 0
        self.last: tuple[str, str] | None = None
        self.dialog: QMessageBox | None = None
        self._previous_hook = None
        self.sigReported.connect(self._on_reported)

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        sys.excepthook = self.excepthook

    def uninstall(self) -> None:
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
            self._previous_hook = None

    def excepthook(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("uncaught exception:\n%s", text)
        summary = f"{exc_type.__name__}: {exc}"
        self.sigReported.emit(summary, text)   # queued when raised off the GUI thread

    def report(self, summary: str, details: str = "") -> None:
        """Show a problem to the user (GUI thread)."""
        self._on_reported(summary, details)

    def _on_reported(self, summary: str, details: str) -> None:
        self.count += 1
        self.last = (summary, details)
        if QApplication.instance() is None:
            return
        if self.dialog is not None and self.dialog.isVisible():
            if summary in self.dialog.text():   # the same problem again (e.g. preview and run)
                return
            self.dialog.setText(self.dialog.text() + "\n\n" + summary)
            self.dialog.setDetailedText(self.dialog.detailedText() + "\n" + details)
            return
        parent = QApplication.activeWindow()
        box = QMessageBox(parent if isinstance(parent, QWidget) else None)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("ErrorReporter", "Something went wrong"))
        box.setText(summary)
        box.setInformativeText(QCoreApplication.translate("ErrorReporter",
                                  "dlstudio carried on; your work is kept. The details were "
                                  "written to the log file."))
        if details:
            box.setDetailedText(details)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setModal(False)
        self.dialog = box
        box.show()


def is_expected(exc: BaseException) -> bool:
    """Whether ``exc`` is an expected problem the user can fix (bad settings, missing or
    damaged files, unknown names), not a bug: such a failure gets a plain message, not the
    error report."""
    return message_of(exc) is not None or isinstance(exc, (ValueError, OSError, LookupError))


def describe_error(exc: BaseException) -> str:
    """One message for the user. Expected problems (bad settings, missing or damaged files,
    unknown names) already explain themselves, so they are shown as they are; anything else
    is a bug and keeps its exception type for the report. An error raised with a
    ``dlstudio.messages.Message`` is shown in the window's language."""
    if message_of(exc) is not None:
        return render_error(exc, current_language())
    if is_expected(exc):
        text = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        return str(text)
    return f"{type(exc).__name__}: {exc}"


def failure_text(exc: BaseException) -> "Message | str":
    """What ``describe_error`` says, kept structured: the ``Message`` an error was raised
    with (so that text kept from it, such as a failed run's note, renders in whatever
    language is chosen later), else ``describe_error``'s text."""
    msg = message_of(exc)
    return msg if msg is not None and len(exc.args) == 1 else describe_error(exc)


def first_line(message: str) -> str:
    """The first line of an error message that says something: the first non-empty line,
    with the next one added when it names only the exception ("RuntimeError:" followed by
    the explanation on the lines below)."""
    lines = [line.strip() for line in str(message or "").splitlines() if line.strip()]
    if not lines:
        return ""
    head = lines[0]
    if head.endswith(":") and head[:-1].isidentifier() and len(lines) > 1:
        return f"{head} {lines[1]}"
    return head


def show_problem(parent: QWidget | None, title: str, text: str, hint: str = "") -> None:
    """A clear, blocking-free message box for an expected problem (a broken file...);
    ``hint``, below it, says what to try."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    if hint:
        box.setInformativeText(hint)
    box.setModal(False)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
