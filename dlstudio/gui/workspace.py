"""Workspaces: everything about a session in one file, saved, opened and autosaved.

A workspace file (``.dlsw``) is a zip holding

- ``workspace.json``: ``{"format": "dlstudio.workspace", "version": 1, "network": {...},
  "data": {...}, "train": {...}, "variants": [{"name", "network", "train", "note"}],
  "history": [scalar metrics per snapshot], "run_state": "finished", "ui": {...}}``;
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
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFileDialog, QWidget

from dlstudio.engine.spec import NetworkSpec
from dlstudio.gui import specs
from dlstudio.gui import errors
from dlstudio.gui.errors import show_problem
from dlstudio.training.spec import TrainSpec

log = logging.getLogger(__name__)

FORMAT = "dlstudio.workspace"
VERSION = 1
SUFFIX = ".dlsw"
AUTOSAVE_NAME = "autosave" + SUFFIX
AUTOSAVE_INTERVAL_MS = 60_000
CHANGE_DELAY_MS = 2_000


class WorkspaceError(ValueError):
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


def migrate(doc: dict) -> dict:
    """Upgrade a workspace document to ``VERSION``.

    Version 0 (development builds) named the specs ``network_spec``/``data_spec``/
    ``train_spec``; version 1 uses ``network``/``data``/``train``.
    """
    version = doc.get("version", 0)
    if not isinstance(version, int) or version < 0:
        raise WorkspaceError(f"unknown workspace version {version!r}")
    if version > VERSION:
        raise WorkspaceError(f"this workspace was saved by a newer dlstudio (version "
                             f"{version}); this one opens up to version {VERSION}. "
                             f"Please update dlstudio.")
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
        "history": ws.history, "run_state": ws.run_state, "ui": ws.ui,
    }


def write(path: str | Path, ws: Workspace) -> None:
    """Write ``ws`` to ``path`` atomically (a crash mid-write keeps the old file)."""
    path = Path(path)
    doc = to_document(ws)
    arrays = {f"{name}/{i}": np.asarray(a) for name, ws_weights in ws.weights.items()
              for i, a in enumerate(ws_weights)}
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("workspace.json", json.dumps(doc, indent=1, default=_json_default))
        zf.writestr("weights.npz", buf.getvalue())
    tmp.replace(path)


def _json_default(value: Any):
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot save {type(value).__name__} in a workspace")


def read(path: str | Path) -> Workspace:
    """Read a workspace file; raises ``WorkspaceError`` with a readable reason."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            doc = json.loads(zf.read("workspace.json").decode("utf-8"))
            raw = zf.read("weights.npz") if "weights.npz" in zf.namelist() else None
    except FileNotFoundError:
        raise WorkspaceError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, KeyError):
        raise WorkspaceError(f"{path.name} is not a dlstudio workspace (it should be a zip "
                             f"file holding workspace.json); it may be damaged") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WorkspaceError(f"{path.name} cannot be read: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise WorkspaceError(f"{path.name} is not a dlstudio workspace")
    doc = migrate(doc)
    try:
        ws = Workspace(
            network=NetworkSpec.coerce(doc["network"]),
            data=specs.coerce_data(doc["data"]),
            train=TrainSpec.coerce(doc["train"]),
            variants=[{"name": str(v["name"]), "network": NetworkSpec.coerce(v["network"]),
                       "train": TrainSpec.coerce(v["train"]), "note": v.get("note", "")}
                      for v in doc.get("variants", [])],
            history=list(doc.get("history", [])),
            run_state=str(doc.get("run_state", "idle")),
            ui=dict(doc.get("ui", {})))
    except (KeyError, TypeError, ValueError) as exc:
        raise WorkspaceError(f"{path.name}: a setting cannot be read ({exc})") from None
    if raw:
        try:
            with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
                grouped: dict[str, dict[int, np.ndarray]] = {}
                for key in npz.files:
                    name, _, idx = key.rpartition("/")
                    grouped.setdefault(name, {})[int(idx)] = npz[key]
            ws.weights = {n: [d[i] for i in sorted(d)] for n, d in grouped.items()}
        except (ValueError, OSError, zipfile.BadZipFile) as exc:
            log.warning("weights in %s are unreadable: %s", path, exc)
    return ws


def capture(studio) -> Workspace:
    """The studio's current state as a ``Workspace``."""
    return Workspace(
        network=studio.network_spec, data=studio.data_spec, train=studio.train_spec,
        variants=[{"name": v.name, "network": v.network_spec, "train": v.train_spec,
                   "note": v.note} for v in studio.variants[1:]],
        weights={k: list(v) for k, v in studio._weights.items()},
        history=list(studio.history),
        run_state=studio.state if studio.state in ("finished", "stopped", "diverged")
        else ("stopped" if studio.history else "idle"),
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
        studio.restore_history(ws.history)
    if ws.weights:
        studio.set_weights(ws.weights)


class WorkspaceController(QObject):
    """File-menu actions, autosave and session restore for one window."""

    def __init__(self, studio, window: QWidget, autosave_path: Path | None = None):
        super().__init__(window)
        self.studio = studio
        self.window = window
        self.path: Path | None = None
        self.autosave_path = autosave_path or (errors.user_data_dir() / AUTOSAVE_NAME)
        self._timer = QTimer(self)
        self._timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self._timer.timeout.connect(self.autosave_now)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(CHANGE_DELAY_MS)
        self._debounce.timeout.connect(self.autosave_now)
        for sig in (studio.sigNetworkChanged, studio.sigDataChanged, studio.sigTrainChanged,
                    studio.sigVariantsChanged, studio.sigRunStateChanged):
            sig.connect(self._on_studio_changed)

    # -- autosave ---------------------------------------------------------------------------
    def start_autosave(self) -> None:
        self._timer.start()

    def _on_studio_changed(self, *_: Any) -> None:
        if self._timer.isActive():
            self._debounce.start()

    def autosave_now(self) -> bool:
        try:
            write(self.autosave_path, capture(self.studio))
            return True
        except Exception:
            log.warning("autosave failed", exc_info=True)
            return False

    def restore_last_session(self) -> bool:
        if not self.autosave_path.exists():
            return False
        try:
            apply(self.studio, read(self.autosave_path))
            self.studio.sigMessage.emit(self.tr("Restored your last session."))
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
                         .replace("%1", str(exc)).replace("%2", str(broken)))
            return False

    # -- file menu -----------------------------------------------------------------------------
    def new(self) -> None:
        self.studio.reset_weights()
        self.studio.clear_variants()
        self.studio.set_network_spec(specs.default_network_spec())
        self.studio.set_data_spec(specs.default_data_spec())
        self.studio.set_train_spec(specs.default_train_spec())
        self.path = None

    def open(self, path: str | Path) -> bool:
        try:
            ws = read(path)
        except WorkspaceError as exc:
            show_problem(self.window, self.tr("Cannot open the workspace"), str(exc))
            return False
        apply(self.studio, ws)
        self.path = Path(path)
        self.studio.sigMessage.emit(self.tr("Opened %1").replace("%1", str(path)))
        return True

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
            show_problem(self.window, self.tr("Cannot save the workspace"), str(exc))
            return False
        self.path = path
        self.studio.sigMessage.emit(self.tr("Saved %1").replace("%1", str(path)))
        return True

    def _filter(self) -> str:
        return self.tr("dlstudio workspaces (*%1)").replace("%1", SUFFIX)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open workspace"), "",
                                              self._filter())
        if path:
            self.open(path)

    def save_as_dialog(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save workspace"), "",
                                              self._filter())
        return self.save_to(path) if path else False

    def open_network_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open network"), "",
                                              self.tr("Network JSON (*.json)"))
        if not path:
            return
        try:
            self.studio.set_network_spec(NetworkSpec.coerce(path))
        except Exception as exc:
            show_problem(self.window, self.tr("Cannot open the network"), str(exc))

    def save_network_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save network"),
                                              "network.json", self.tr("Network JSON (*.json)"))
        if path:
            try:
                self.studio.network_spec.save(path)
            except OSError as exc:
                show_problem(self.window, self.tr("Cannot save the network"), str(exc))

    def export_metrics_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export run metrics"),
                                              "metrics.csv", self.tr("CSV (*.csv)"))
        if not path:
            return
        try:
            if hasattr(self.studio.store, "to_csv"):
                self.studio.store.to_csv(path)
            else:
                _history_csv(path, self.studio.history)
        except Exception as exc:
            show_problem(self.window, self.tr("Cannot export the metrics"), str(exc))


def _history_csv(path: str | Path, history: list[dict]) -> None:
    import csv

    keys = sorted({k for rec in history for k in rec})
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=keys)
        writer.writeheader()
        writer.writerows(history)
