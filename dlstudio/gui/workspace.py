"""Workspaces: everything about a session in one file, saved, opened and autosaved.

A workspace file (``.dlsw``) is a zip holding

- ``workspace.json``: ``{"format": "dlstudio.workspace", "version": 1, "network": {...},
  "data": {...}, "train": {...}, "variants": [{"name", "network", "train", "note"}],
  "history": [scalar metrics per snapshot], "run_state": "finished",
  "run_networks": {"<variant>": network the history's run trained}, "ui": {...}}``
  (``run_networks`` may be missing: files written before it was kept);
- ``weights.npz``: trained weights, arrays named ``"<variant>/<index>"`` in
  ``Network.get_weights()`` order.

``read``/``write`` are plain functions (no widgets) and ``migrate`` upgrades older versions.
``WorkspaceController`` adds the File-menu dialogs, the autosave (periodic and shortly after
every change, to the per-user folder) and restoring the last session. A broken file is
reported in a dialog and never crashes the app.
"""
from __future__ import annotations

import io
import json
import logging
import os
import weakref
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from dlstudio.engine.fileio import FLOAT_DTYPES, Archive, FileFormatError
from dlstudio.engine.filesave import (OwnerLock, atomic_write, atomic_write_text,
                                      process_alive)
from dlstudio.engine.spec import NetworkSpec
from dlstudio.gui import specs
from dlstudio.gui import errors, file_choice
from dlstudio.gui.errors import show_problem
from dlstudio.gui.i18n import render
from dlstudio.messages import Message, error_text
from dlstudio.training.spec import TrainSpec
from dlstudio.training.telemetry import SINGLE_RUN

log = logging.getLogger(__name__)

FORMAT = "dlstudio.workspace"
VERSION = 1
SUFFIX = ".dlsw"
#: the last session, kept when a window starts without restoring it
PREVIOUS_NAME = "previous-session" + SUFFIX
AUTOSAVE_NAME = "autosave" + SUFFIX
AUTOSAVE_INTERVAL_MS = 60_000
CHANGE_DELAY_MS = 2_000


class WorkspaceError(FileFormatError):
    """A workspace file that cannot be read; the message says why, for a user."""


@dataclass
class Workspace:
    """The content of a workspace file (specs as objects, weights as lists of arrays)."""

    network: Any
    data: Any
    train: Any
    variants: list[dict] = field(default_factory=list)    # name, network, train, note
    weights: dict[str, list] = field(default_factory=dict)
    history: list[dict] = field(default_factory=list)
    run_state: str = "idle"
    ui: dict = field(default_factory=dict)
    #: the network each variant's history was trained with (may differ from ``network``
    #: after an edit made after the run; then that run's weights are not saved)
    run_networks: dict[str, Any] = field(default_factory=dict)
    #: parts of the file that were damaged and left out (set by ``read``; not saved)
    problems: list = field(default_factory=list)
    #: variants whose saved weights were damaged and left out (set by ``read``)
    lost_weights: list[str] = field(default_factory=list)


def migrate(doc: dict) -> dict:
    """Upgrade a workspace document to ``VERSION``.

    Version 0 (development builds) named the specs ``network_spec``/``data_spec``/
    ``train_spec``; version 1 uses ``network``/``data``/``train``.
    """
    version = doc.get("version", 0)
    if not isinstance(version, int) or version < 0:
        raise WorkspaceError(Message("workspace.unknown_version", version=version))
    if version > VERSION:
        raise WorkspaceError(Message("workspace.newer", version=version, supported=VERSION))
    doc = dict(doc)
    if version == 0:
        for old, new in (("network_spec", "network"), ("data_spec", "data"),
                         ("train_spec", "train")):
            if old in doc:
                doc[new] = doc.pop(old)
        version = 1
    doc["version"] = version
    return doc


def to_document(ws: Workspace) -> dict:
    return {
        "format": FORMAT, "version": VERSION,
        "network": ws.network.to_dict(), "data": ws.data.to_dict(), "train": ws.train.to_dict(),
        "variants": [{"name": v["name"], "network": v["network"].to_dict(),
                      "train": v["train"].to_dict(), "note": v.get("note", "")}
                     for v in ws.variants],
        "history": ws.history, "run_state": ws.run_state,
        "run_networks": {name: net.to_dict() for name, net in ws.run_networks.items()},
        "ui": ws.ui,
    }


def write(path: str | Path, ws: Workspace) -> None:
    """Write ``ws`` to ``path`` atomically (a crash mid-write keeps the old file).

    Raises ``FileSaveError`` (an ``OSError`` with a message for the user, e.g. a full disk).
    """
    doc = to_document(ws)
    arrays = {f"{name}/{i}": np.asarray(a) for name, ws_weights in ws.weights.items()
              for i, a in enumerate(ws_weights)}
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    text = json.dumps(doc, indent=1, default=_json_default)

    def content(fh) -> None:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("workspace.json", text)
            zf.writestr("weights.npz", buf.getvalue())

    atomic_write(path, content)


def _json_default(value: Any):
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot save {type(value).__name__} in a workspace")


def read(path: str | Path) -> Workspace:
    """Read a workspace file; raises ``WorkspaceError`` with a readable reason.

    A file whose settings cannot be read at all is refused. Parts that are damaged while the
    rest is good (a variant, the weights of one variant, the history) are left out, and each
    is described in ``Workspace.problems`` so the window can tell the user.
    """
    path = Path(path)
    with Archive(path, WorkspaceError) as zf:
        if "workspace.json" not in zf.names:
            raise WorkspaceError(Message("workspace.not_workspace_inside", name=path.name))
        doc = zf.json("workspace.json")
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise WorkspaceError(Message("workspace.not_workspace", name=path.name))
        doc = migrate(doc)
        problems: list = []
        raw: dict[str, np.ndarray] = {}
        lost = False
        if "weights.npz" in zf.names:
            try:
                raw = zf.arrays("weights.npz", dtypes=FLOAT_DTYPES)
            except WorkspaceError as exc:
                # the reason names the whole file, which did open: say what is damaged
                log.info("weights.npz of %s not read: %s", path, error_text(exc))
                problems.append(Message("workspace.weights_unreadable"))
                lost = True
    try:
        network = _spec_part(doc, "network", NetworkSpec.coerce)
        data = _spec_part(doc, "data", specs.coerce_data, allow_name=True)
        train = _spec_part(doc, "train", TrainSpec.coerce)
    except Exception as exc:      # noqa: BLE001 - any failure of a spec is a damaged file
        raise WorkspaceError(Message("workspace.setting_unreadable", name=path.name,
                                     reason=error_text(exc))) from None
    ws = Workspace(network=network, data=data, train=train, problems=problems)
    variants = doc.get("variants", [])
    for i, v in enumerate(variants if isinstance(variants, list) else []):
        try:
            ws.variants.append({"name": str(v["name"]),
                                "network": _spec_part(v, "network", NetworkSpec.coerce),
                                "train": _spec_part(v, "train", TrainSpec.coerce),
                                "note": str(v.get("note", ""))})
        except Exception as exc:  # noqa: BLE001 - skip this variant, keep the rest
            name = v.get("name") if isinstance(v, dict) else None
            problems.append(Message("workspace.variant_left_out",
                                    name=name if isinstance(name, str) else i + 2,
                                    reason=error_text(exc)))
    if not isinstance(variants, list):
        problems.append(Message("workspace.variants_not_list"))
    history = doc.get("history", [])
    if isinstance(history, list) and all(isinstance(h, dict) for h in history):
        ws.history = history
    else:
        problems.append(Message("workspace.history_damaged"))
    ws.run_state = str(doc.get("run_state", "idle"))
    ws.ui = doc.get("ui") if isinstance(doc.get("ui"), dict) else {}
    ws.run_networks = _run_networks(doc.get("run_networks"))
    ws.weights = _checked_weights(ws, raw, problems)
    if lost:
        ws.lost_weights = [SINGLE_RUN] + [v["name"] for v in ws.variants]
    return ws


def _run_networks(value: Any) -> dict[str, Any]:
    """The ``run_networks`` part: the ones that can be read (it only adds a note)."""
    out = {}
    for name, spec in (value.items() if isinstance(value, dict) else ()):
        if not isinstance(spec, dict):
            continue
        try:
            out[str(name)] = NetworkSpec.coerce(spec)
        except Exception:  # noqa: BLE001 - an unreadable one is simply not known
            log.info("run network %s not read", name, exc_info=True)
    return out


def _spec_part(doc: dict, key: str, coerce, allow_name: bool = False):
    """A spec stored in ``doc[key]``: a JSON object (or, for data, a dataset name); never a
    path, so a workspace cannot make the app read some other file."""
    value = doc[key]
    if not (isinstance(value, dict) or (allow_name and isinstance(value, str))):
        raise WorkspaceError(Message("workspace.not_object", key=key, kind=type(value).__name__))
    return coerce(value)


def _checked_weights(ws: Workspace, raw: dict[str, np.ndarray],
                     problems: list) -> dict[str, list]:
    """Group the ``"<variant>/<index>"`` arrays and keep each variant's weights only when they
    fit its network (count and shapes) and are finite."""
    grouped: dict[str, dict[int, np.ndarray]] = {}
    for key, array in raw.items():
        name, _, idx = key.rpartition("/")
        if idx.isdigit():
            grouped.setdefault(name, {})[int(idx)] = array
    network_specs = {"A": ws.network, **{v["name"]: v["network"] for v in ws.variants}}
    out = {}
    for name, found in grouped.items():
        arrays = [found[i] for i in sorted(found)]
        net = specs.build_network(network_specs[name]) if name in network_specs else None
        shapes = [w.shape for w in net.get_weights()] if net is not None else None
        if shapes is None:
            problems.append(Message("workspace.weights_no_network", name=name))
        elif [a.shape for a in arrays] != shapes or sorted(found) != list(range(len(found))):
            problems.append(Message("workspace.weights_misfit", name=name))
            ws.lost_weights.append(name)
        elif not all(np.isfinite(a).all() for a in arrays):
            problems.append(Message("workspace.weights_not_finite", name=name))
            ws.lost_weights.append(name)
        else:
            out[name] = arrays
    return out


def capture(studio) -> Workspace:
    """The studio's current state as a ``Workspace``."""
    history = studio.history
    return Workspace(
        network=studio.network_spec, data=studio.data_spec, train=studio.train_spec,
        variants=[{"name": v.name, "network": v.network_spec, "train": v.train_spec,
                   "note": v.note} for v in studio.variants[1:]],
        weights={k: list(v) for k, v in studio.weights_of_current_networks().items()},
        history=history,
        run_networks=studio.curve_networks() if history else {},
        run_state=studio.state if studio.state in ("finished", "stopped", "diverged")
        else ("stopped" if history else "idle"),
        ui={"classroom": studio.classroom, "theme": studio.theme})


def apply(studio, ws: Workspace) -> None:
    """Load ``ws`` into the studio (stops any run)."""
    studio.reset_weights()
    studio.set_network_spec(ws.network, record=False)
    studio.set_data_spec(ws.data)
    studio.set_train_spec(ws.train)
    studio.clear_variants()
    for v in ws.variants:
        variant = studio.add_variant(v.get("note", ""))
        studio.set_variant(variant.name, network_spec=v["network"], train_spec=v["train"])
    if ws.history:
        studio.restore_history(ws.history, ws.run_networks,
                               weights_lost=SINGLE_RUN in ws.lost_weights)
    if ws.weights:
        studio.set_weights(ws.weights)


class WorkspaceController(QObject):
    """File-menu actions, autosave and session restore for one window.

    ``path`` is the workspace file the session was opened from or saved to (None: no file);
    ``modified`` says whether the session has changes that are in no file (any change of the
    specs, variants, weights or run since the file was opened or saved, or since New). Both
    are kept in the autosave, so they hold across a restart. New, Open and opening a lesson
    ask ``may_replace`` first.
    """

    #: ``path`` or ``modified`` changed (the window's title follows)
    sigFileStateChanged = Signal()

    def __init__(self, studio, window: QWidget, autosave_path: Path | None = None,
                 settings: Any = None):
        super().__init__(window)
        self.studio = studio
        self.window = window
        self.settings = settings if settings is not None else getattr(window, "settings", None)
        self.path: Path | None = None
        self._modified = False
        self._applying = False          # loading a workspace: its changes are the file's
        #: replaced in tests: (parent, file name) -> QMessageBox.StandardButton
        self.ask_save_changes = file_choice.ask_save_changes
        self.autosave_path = autosave_path or (errors.user_data_dir() / AUTOSAVE_NAME)
        # one window owns the shared autosave; another window (or process) autosaves to its
        # own file instead, so that two windows never overwrite each other's session
        self._lock = OwnerLock(self.autosave_path)
        self.owns_session = self._lock.acquire()
        weakref.finalize(self, self._lock.release)
        if not self.owns_session:
            self.autosave_path = self.autosave_path.with_name(
                f"{self.autosave_path.stem}-{os.getpid()}-{id(self):x}{SUFFIX}")
        self._timer = QTimer(self)
        self._timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self._timer.timeout.connect(self.autosave_now)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(CHANGE_DELAY_MS)
        self._debounce.timeout.connect(self.autosave_now)
        for sig in (studio.sigNetworkChanged, studio.sigDataChanged, studio.sigTrainChanged,
                    studio.sigVariantsChanged, studio.sigRunStateChanged,
                    studio.store.sigCleared):
            sig.connect(self._on_studio_changed)
        #: the trained weights as the file holds them (a timeline scrub changes no weights)
        self._clean_weights = studio.all_weights()
        studio.sigWeightsChanged.connect(self._on_studio_weights)

    # -- the file and its changes ---------------------------------------------------------------
    @property
    def modified(self) -> bool:
        """Whether the session has changes that are in no file."""
        return self._modified

    def _set_file_state(self, path: Path | None, modified: bool) -> None:
        if not modified:
            self._clean_weights = self.studio.all_weights()
        if (path, modified) != (self.path, self._modified):
            self.path, self._modified = path, modified
            self.sigFileStateChanged.emit()

    def _load(self, ws: Workspace) -> None:
        """Put ``ws`` into the studio; the changes this makes are not the student's."""
        self._applying = True
        try:
            apply(self.studio, ws)
        finally:
            self._applying = False

    def may_replace(self) -> bool:
        """Whether the session may be replaced (New, Open, a lesson): True when it has no
        changes that are in no file, or once the student saved them or chose to discard
        them; False when they cancelled (or the save failed): nothing changes then."""
        if not self._modified:
            return True
        answer = self.ask_save_changes(self.window, self.path.name if self.path else "")
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # -- autosave ---------------------------------------------------------------------------
    def start_autosave(self) -> None:
        self._timer.start()

    def _on_studio_weights(self) -> None:
        """New trained weights (a run, an imported model, reset) are a change; showing a
        moment of the timeline is not."""
        now = self.studio.all_weights()
        if now.keys() != self._clean_weights.keys() or any(
                now[k] is not self._clean_weights[k] for k in now):
            self._on_studio_changed()

    def _on_studio_changed(self, *_: Any) -> None:
        if not self._applying and not self._modified:
            self._set_file_state(self.path, True)
        if self._timer.isActive():
            self._debounce.start()

    def autosave_now(self) -> bool:
        try:
            session = capture(self.studio)
            # the file the session belongs to and whether it has changes that file lacks
            session.ui.update({"file": str(self.path) if self.path else "",
                               "modified": self._modified})
            write(self.autosave_path, session)
            return True
        except Exception:
            log.warning("autosave failed", exc_info=True)
            return False

    def close(self) -> None:
        """Save the session one last time and let another window own the autosave."""
        self._timer.stop()
        self._debounce.stop()
        self.autosave_now()
        if not self.owns_session:
            try:
                self.autosave_path.unlink()     # a second window's session is not restored
            except OSError:
                pass
        self._lock.release()

    def orphaned_sessions(self) -> list[Path]:
        """Autosaves of other windows whose process has ended without closing them (a
        crash): their work can still be recovered. Newest first."""
        found = []
        for path in self.autosave_path.parent.glob(f"{self.autosave_path.stem}-*{SUFFIX}"):
            pid = path.stem[len(self.autosave_path.stem) + 1:].split("-")[0]
            if pid.isdigit() and not process_alive(int(pid)) and path != self.autosave_path:
                found.append(path)
        return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)

    def offer_recovery(self) -> QMessageBox | None:
        """Ask (without blocking) whether to open the newest orphaned session; the answer
        opens it or discards it. Returns the question box (None when there is none)."""
        orphans = self.orphaned_sessions()
        if not orphans:
            return None
        path = orphans[0]
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Recover a session?"),
                          self.tr("Another dlstudio window ended without closing (%1). Open "
                                  "its autosaved session?").replace("%1", path.name),
                          QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Discard,
                          self.window)
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Open:
                if not self.open(path):
                    return
                # save elsewhere; the orphan is not a user file, its work is in none
                self._set_file_state(None, True)
            try:
                path.unlink()
            except OSError:
                pass

        box.buttonClicked.connect(answered)
        box.show()
        return box

    def keep_previous_session(self) -> Path | None:
        """Keep the last session's autosave as ``previous-session.dlsw`` beside it when this
        window starts without it (a workspace file, ``--fresh`` or a preset was given): its
        first autosave would otherwise overwrite a session that may be in no file. Returns
        where it was kept (None: nothing to keep, or another window owns the session)."""
        if not self.owns_session or not self.autosave_path.exists():
            return None
        kept = self.autosave_path.with_name(PREVIOUS_NAME)
        try:
            self.autosave_path.replace(kept)
        except OSError:
            log.warning("could not keep the previous session", exc_info=True)
            return None
        self.studio.sigMessage.emit(self.tr(
            "Your last session was kept as %1 (File > Open workspace).").replace(
                "%1", str(kept)))
        return kept

    def restore_last_session(self) -> bool:
        if not self.owns_session:
            self.studio.sigMessage.emit(self.tr(
                "Another dlstudio window is using your last session; this window starts "
                "fresh and autosaves separately."))
            return False
        self.offer_recovery()
        if not self.autosave_path.exists():
            return False
        try:
            ws = read(self.autosave_path)
            self._load(ws)
            file = ws.ui.get("file")
            # an autosave from before the file was kept: its changes may be in no file
            self._set_file_state(Path(file) if isinstance(file, str) and file else None,
                                 bool(ws.ui.get("modified", True)))
            self._say_opened(self.studio.curves_note(), self.tr("Restored your last session."))
            self._report_problems(ws)
            return True
        except Exception as exc:
            broken = self.autosave_path.with_suffix(".broken" + SUFFIX)
            try:
                self.autosave_path.replace(broken)
            except OSError:
                pass
            show_problem(self.window, self.tr("Last session not restored"),
                         self.tr("The autosaved session could not be opened (%1). It was "
                                 "kept as %2; you start with a fresh workspace.")
                         .replace("%1", render(exc)).replace("%2", str(broken)))
            return False

    # -- file menu -----------------------------------------------------------------------------
    def new(self) -> bool:
        """Start a new workspace (after ``may_replace``); False when the student cancelled."""
        if not self.may_replace():
            return False
        self._applying = True
        try:
            self.studio.reset_weights()
            self.studio.clear_variants()
            self.studio.set_network_spec(specs.default_network_spec())
            self.studio.set_data_spec(specs.default_data_spec())
            self.studio.set_train_spec(specs.default_train_spec())
        finally:
            self._applying = False
        self._set_file_state(None, False)
        return True

    def open(self, path: str | Path) -> bool:
        """Open the workspace file ``path`` in place of the session (the caller asked
        ``may_replace`` first); a file that cannot be read leaves the session as it was."""
        try:
            ws = read(path)
        except WorkspaceError as exc:
            show_problem(self.window, self.tr("Cannot open the workspace"), render(exc))
            return False
        self._load(ws)
        self._set_file_state(Path(path), False)
        file_choice.remember_folder(self.settings, path)
        note = self.studio.curves_note()
        self._say_opened(note, (self.tr("Opened %1.") if note else self.tr("Opened %1"))
                         .replace("%1", str(path)))
        self._report_problems(ws)
        return True

    def _say_opened(self, note: str, text: str) -> None:
        """The status line after opening: ``text``, with the studio's ``curves_note`` first
        when there is one (the curves' trained weights are not the network's)."""
        self.studio.sigMessage.emit(f"{note} {text}" if note else text)

    def _report_problems(self, ws: Workspace) -> None:
        """Tell the user which damaged parts of an opened workspace were left out."""
        if ws.problems:
            show_problem(self.window, self.tr("Parts of the workspace were not opened"),
                         self.tr("The rest of the workspace was opened. Left out:")
                         + "\n- " + "\n- ".join(render(p) for p in ws.problems))

    def save(self) -> bool:
        if self.path is None:
            return self.save_as_dialog()
        return self.save_to(self.path)

    def save_to(self, path: str | Path) -> bool:
        path = Path(path)
        if path.suffix != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        try:
            write(path, capture(self.studio))
        except Exception as exc:
            show_problem(self.window, self.tr("Cannot save the workspace"), render(exc))
            return False
        self._set_file_state(path, False)
        file_choice.remember_folder(self.settings, path)
        self.studio.sigMessage.emit(self.tr("Saved %1").replace("%1", str(path)))
        return True

    def _filter(self) -> str:
        return self.tr("dlstudio workspaces (*%1)").replace("%1", SUFFIX)

    def open_dialog(self) -> None:
        """File > Open workspace: ask about unsaved changes first, then choose the file."""
        if not self.may_replace():
            return
        path = file_choice.get_open_path(self.window, self.tr("Open workspace"),
                                         self._filter(), self.settings, self._folder())
        if path:
            self.open(path)

    def save_as_dialog(self) -> bool:
        path, _ = file_choice.get_save_path(
            self.window, self.tr("Save workspace"),
            self.path.name if self.path else "workspace" + SUFFIX, self._filter(),
            self.settings, self._folder())
        return self.save_to(path) if path else False

    def _folder(self) -> Path | None:
        """Where this window's file dialogs start: the open file's folder (None: no file;
        ``file_choice.start_folder`` then)."""
        return self.path.parent if self.path is not None else None

    def open_network_dialog(self) -> None:
        path = file_choice.get_open_path(self.window, self.tr("Open network"),
                                         self.tr("Network JSON (*.json)"), self.settings,
                                         self._folder())
        if not path:
            return
        try:
            self.studio.set_network_spec(NetworkSpec.coerce(path))
        except Exception as exc:
            show_problem(self.window, self.tr("Cannot open the network"), render(exc))

    def save_network_dialog(self) -> None:
        path, _ = file_choice.get_save_path(self.window, self.tr("Save network"),
                                            "network.json", self.tr("Network JSON (*.json)"),
                                            self.settings, self._folder())
        if path:
            try:
                self.studio.network_spec.save(path)
            except OSError as exc:
                show_problem(self.window, self.tr("Cannot save the network"), render(exc))

    def export_metrics_dialog(self) -> None:
        path, _ = file_choice.get_save_path(self.window, self.tr("Export run metrics"),
                                            "metrics.csv", self.tr("CSV (*.csv)"),
                                            self.settings, self._folder())
        if not path:
            return
        try:
            if hasattr(self.studio.store, "to_csv"):
                self.studio.store.to_csv(path)
            else:
                _history_csv(path, self.studio.history)
        except Exception as exc:
            show_problem(self.window, self.tr("Cannot export the metrics"), render(exc))


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
