"""The File menu's dialogs of a window's workspace: choosing the file to open or save.

``WorkspaceDialogsMixin`` (mixed into :class:`~dlstudio.gui.workspace.WorkspaceController`)
asks which workspace file to open (after the question about unsaved changes) or to save as,
and opens, saves or exports the other files of the File menu: a network as JSON, the run's
metrics as CSV. A file that cannot be read or written is said in a dialog. The dialogs start
in the open workspace's folder (``dialog_folder``). The texts keep the
``WorkspaceController`` translation context.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from dlstudio.engine.filesave import atomic_write_text
from dlstudio.engine.spec import NetworkSpec
from dlstudio.gui import file_choice
from dlstudio.gui.errors import show_problem
from dlstudio.gui.i18n import render
from dlstudio.gui.open_files import open_elsewhere
from dlstudio.gui.workspace_file import SUFFIX

translate = QCoreApplication.translate


class WorkspaceDialogsMixin:
    """File-menu dialogs of ``WorkspaceController`` (uses its ``studio``, ``window``,
    ``settings``, ``path`` and its opening and saving)."""

    def file_filter(self) -> str:
        return translate("WorkspaceController", "dlstudio workspaces (*%1)").replace(
            "%1", SUFFIX)

    def dialog_folder(self) -> Path | None:
        """Where this window's file dialogs start: the open file's folder (None: no file;
        ``file_choice.start_folder`` then)."""
        return self.path.parent if self.path is not None else None

    def open_dialog(self) -> None:
        """File > Open workspace: ask about unsaved changes first, then choose the file."""
        answer = self.ask_replace(whole=True)
        if answer is None:
            return
        path = file_choice.get_open_path(
            self.window, translate("WorkspaceController", "Open workspace"),
            self.file_filter(), self.settings, self.dialog_folder())
        if path:
            self._open_discarding(path, answer)

    def open_replacing(self, path: str | Path) -> bool:
        """Open ``path`` as File > Open does once a file is chosen: ask about unsaved changes
        first (False: cancelled, or the file could not be read)."""
        answer = self.ask_replace(whole=True)
        return answer is not None and self._open_discarding(path, answer)

    def _open_discarding(self, path: str | Path, answer: str) -> bool:
        """``open`` after ``ask_replace`` gave ``answer``: a discard happens only once the
        file was read. Discarded first, a damaged file (or a cancelled file dialog) left the
        window emptied of its runs yet still the old file's, whose next Save overwrote that
        file with a session holding no runs and no weights (walker20 W20-5). A file another
        window has open is said first, with whether it has unsaved changes there (W35-10)."""
        if not self.may_open_here(path):
            return False
        return self.open(path, before=(lambda: self.discard_own(whole=True))
                         if answer == "discard" else None)

    def may_open_here(self, path: str | Path) -> bool:
        """Whether ``path`` may be opened in this window: asked when another window has it
        open (``gui/open_files.py``); this window's own file is opened again as before."""
        if self.path is not None and Path(path).resolve() == self.path.resolve():
            return True
        elsewhere = open_elsewhere(self.open_mark.folder, path, self.open_mark)
        return not elsewhere or bool(
            self.ask_open_elsewhere(self.window, Path(path).name, any(elsewhere)))

    def save_as_dialog(self) -> bool:
        path, _ = file_choice.get_save_path(
            self.window, translate("WorkspaceController", "Save workspace"),
            self.path.name if self.path else "workspace" + SUFFIX, self.file_filter(),
            self.settings, self.dialog_folder())
        return self.save_to(path) if path else False

    def open_network_dialog(self) -> None:
        path = file_choice.get_open_path(
            self.window, translate("WorkspaceController", "Open network"),
            translate("WorkspaceController", "Network JSON (*.json)"), self.settings,
            self.dialog_folder())
        if not path:
            return
        try:
            self.studio.set_network_spec(NetworkSpec.coerce(path))
        except Exception as exc:
            show_problem(self.window, translate("WorkspaceController",
                                                "Cannot open the network"), render(exc))

    def save_network_dialog(self) -> None:
        path, _ = file_choice.get_save_path(
            self.window, translate("WorkspaceController", "Save network"), "network.json",
            translate("WorkspaceController", "Network JSON (*.json)"), self.settings,
            self.dialog_folder())
        if path:
            try:
                self.studio.network_spec.save(path)
            except OSError as exc:
                show_problem(self.window, translate("WorkspaceController",
                                                    "Cannot save the network"), render(exc))

    def export_metrics_dialog(self) -> None:
        path, _ = file_choice.get_save_path(
            self.window, translate("WorkspaceController", "Export run metrics"),
            "metrics.csv", translate("WorkspaceController", "CSV (*.csv)"), self.settings,
            self.dialog_folder())
        if not path:
            return
        try:
            if hasattr(self.studio.store, "to_csv"):
                self.studio.store.to_csv(path)
            else:
                _history_csv(path, self.studio.history)
        except Exception as exc:
            show_problem(self.window, translate("WorkspaceController",
                                                "Cannot export the metrics"), render(exc))


def _history_csv(path: str | Path, history: list[dict]) -> None:
    import csv

    from dlstudio.messages import from_data

    keys = sorted({k for rec in history for k in rec})
    # a saved message is structured data: its English text in the table
    rows = [{k: str(from_data(v)) if isinstance(v, dict) else v for k, v in rec.items()}
            for rec in history]

    def write(fh) -> None:
        writer = csv.DictWriter(fh, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)

    atomic_write_text(path, write, newline="")
