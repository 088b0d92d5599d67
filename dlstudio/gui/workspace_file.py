"""The workspace file: everything about a session in one ``.dlsw`` file.

A workspace file is a zip holding

- ``workspace.json``: ``{"format": "dlstudio.workspace", "version": 1, "network": {...},
  "data": {...}, "train": {...}, "variants": [{"name", "network", "train", "note",
  "branch" (optional: [origin variant, step] of a "Branch from here" variant)}],
  "history": [scalar metrics per snapshot], "run_state": "finished",
  "run_networks": {"<variant>": network the history's run trained}, "ui": {"classroom",
  "theme", "language", "lesson", "lesson_made" (optional: what a lesson step made and the
  student left alone, ``Studio.lesson_made``)}, "tags": {"<variant>": short name},
  "run_tags": {...}}``
  (which of the view settings an opened file changes: ``gui/workspace_view.py``; ``tags``:
  the variants' short names in the studio, ``run_tags``: in the saved run's legends)
  (``run_networks`` may be missing: files written before it was kept), ``"resume"``
  while the run may be continued (``gui/workspace_resume.py``), and ``"start_from_weights":
  true`` when Start trains the network on from variant A's saved weights (they were sent by
  Transfer learning's Send to studio; missing in older files: Start gives new weights),
  and ``"search"``: the hyperparameter search's finished trials (``gui/workspace_search.py``);
- ``weights.npz``: trained weights, arrays named ``"<variant>/<index>"`` in
  ``Network.get_weights()`` order;
- ``resume.npz``: the arrays of the ``"resume"`` part (the run's newest moment).

``read``/``write`` are plain functions (no widgets), ``migrate`` upgrades older versions, and
``capture``/``apply`` turn the studio's state into a ``Workspace`` and back. A file that
cannot be read raises ``WorkspaceError``; damaged parts of a readable file are left out and
listed in ``Workspace.problems``. The window's File menu, autosave and session restore are
``gui/workspace.py`` (``WorkspaceController``).
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

from dlstudio.engine.fileio import FLOAT_DTYPES, Archive, FileFormatError
from dlstudio.engine.filesave import atomic_write
from dlstudio.engine.spec import NetworkSpec
from dlstudio.gui import i18n, specs, workspace_resume, workspace_search
from dlstudio.gui.workspace_values import unusable_settings
from dlstudio.messages import Message, error_text
from dlstudio.training.spec import TrainSpec
from dlstudio.training.telemetry import SINGLE_RUN

log = logging.getLogger(__name__)

FORMAT = "dlstudio.workspace"
VERSION = 1
SUFFIX = ".dlsw"


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
    #: ``(moment, data spec)`` the base run can continue from (None: nothing to continue)
    resume: tuple | None = None
    #: Start trains the network on from the weights of A (sent by Transfer learning)
    start_from_weights: bool = False
    #: the hyperparameter search's finished trials (``workspace_search.SearchRecord``)
    search: Any = None
    #: short names of the variants, by letter ("sigmoid" for A), as a lesson step named
    #: them (``Studio.variant_tags``), and as the saved run's legends named them
    #: (``Studio.curve_tags``); missing in older files
    tags: dict[str, str] = field(default_factory=dict)
    run_tags: dict[str, str] = field(default_factory=dict)
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
                      "train": v["train"].to_dict(), "note": v.get("note", ""),
                      **({"branch": list(v["branch"])} if v.get("branch") else {})}
                     for v in ws.variants],
        "history": ws.history, "run_state": ws.run_state,
        "run_networks": {name: net.to_dict() for name, net in ws.run_networks.items()},
        "ui": ws.ui, "start_from_weights": ws.start_from_weights,
        "tags": dict(ws.tags), "run_tags": dict(ws.run_tags),
    }


def write(path: str | Path, ws: Workspace) -> None:
    """Write ``ws`` to ``path`` atomically (a crash mid-write keeps the old file).

    Raises ``FileSaveError`` (an ``OSError`` with a message for the user, e.g. a full disk).
    """
    doc = to_document(ws)
    resume = workspace_resume.resume_parts(ws.resume)
    if resume is not None:
        doc[workspace_resume.KEY] = resume[0]
    search = workspace_search.search_part(ws.search)
    if search is not None:
        doc[workspace_search.KEY] = search
    arrays = {f"{name}/{i}": np.asarray(a) for name, ws_weights in ws.weights.items()
              for i, a in enumerate(ws_weights)}
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    text = json.dumps(doc, indent=1, default=_json_default)

    def content(fh) -> None:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("workspace.json", text)
            zf.writestr("weights.npz", buf.getvalue())
            if resume is not None:
                zf.writestr(workspace_resume.MEMBER, resume[1],
                            compress_type=workspace_resume.COMPRESS)

    atomic_write(path, content)


def _json_default(value: Any):
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot save {type(value).__name__} in a workspace")


def read(path: str | Path, shown: Any = None) -> Workspace:
    """Read a workspace file; raises ``WorkspaceError`` with a readable reason (naming the
    file as ``shown``, by default its path).

    A file whose settings cannot be read at all is refused. Parts that are damaged while the
    rest is good (a variant, the weights of one variant, the history) are left out, and each
    is described in ``Workspace.problems`` so the window can tell the user.
    """
    path = Path(path)
    with Archive(path, WorkspaceError, shown) as zf:
        if "workspace.json" not in zf.names:
            raise WorkspaceError(Message("workspace.not_workspace_inside", name=path.name))
        doc = zf.json("workspace.json", label=Message("file.part.workspace_settings"))
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
        resume_arrays = None
        if workspace_resume.KEY in doc:
            try:
                resume_arrays = zf.arrays(workspace_resume.MEMBER)
            except WorkspaceError as exc:
                log.info("the run position of %s not read: %s", path, error_text(exc))
    try:
        network = _spec_part(doc, "network", NetworkSpec.coerce)
        data = _spec_part(doc, "data", specs.coerce_data, allow_name=True)
        train = _spec_part(doc, "train", TrainSpec.coerce)
    except Exception as exc:      # noqa: BLE001 - any failure of a spec is a damaged file
        raise WorkspaceError(Message("workspace.setting_unreadable", name=path.name,
                                     reason=error_text(exc))) from None
    unusable = unusable_settings(network, train)
    if unusable:
        raise WorkspaceError(Message("workspace.settings_unusable", name=path.name,
                                     problems=unusable))
    ws = Workspace(network=network, data=data, train=train, problems=problems)
    variants = doc.get("variants", [])
    for i, v in enumerate(variants if isinstance(variants, list) else []):
        try:
            variant = {"name": str(v["name"]),
                       "network": _spec_part(v, "network", NetworkSpec.coerce),
                       "train": _spec_part(v, "train", TrainSpec.coerce),
                       "note": str(v.get("note", ""))}
            branch = _branch(v.get("branch"))
            if branch is not None:
                variant["branch"] = branch
            unusable = unusable_settings(variant["network"], variant["train"])
            if unusable:
                raise WorkspaceError(Message("workspace.variant_settings_unusable",
                                             problems=unusable))
            ws.variants.append(variant)
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
    ws.tags, ws.run_tags = _tags(doc.get("tags")), _tags(doc.get("run_tags"))
    ws.weights = _checked_weights(ws, raw, problems)
    if lost:
        ws.lost_weights = [SINGLE_RUN] + [v["name"] for v in ws.variants]
    if workspace_resume.KEY in doc:
        ws.resume = _resume(doc[workspace_resume.KEY], resume_arrays, problems)
    ws.start_from_weights = doc.get("start_from_weights") is True and SINGLE_RUN in ws.weights
    if workspace_search.KEY in doc:
        try:
            ws.search = workspace_search.read_search(doc[workspace_search.KEY])
        except Exception as exc:  # noqa: BLE001 - any damage: the rest of the file is good
            log.info("the search results were left out: %s", exc)
            problems.append(Message("workspace.search_left_out"))
    return ws


def _tags(part: Any) -> dict[str, str]:
    """A ``"tags"``/``"run_tags"`` part: the text names by variant letter (anything else in
    it is left out: a name is only a label)."""
    if not isinstance(part, dict):
        return {}
    return {k: v for k, v in part.items() if isinstance(k, str) and isinstance(v, str) and v}


def _resume(part: Any, arrays: dict | None, problems: list) -> tuple | None:
    """The ``"resume"`` part (None, and a problem said, when it is damaged: the run can
    then only be trained again)."""
    try:
        if arrays is None:
            raise ValueError(f"{workspace_resume.MEMBER} is missing or damaged")
        return workspace_resume.read_resume(part, arrays)
    except Exception as exc:  # noqa: BLE001 - any damage: the rest of the file is good
        log.info("the run position was left out: %s", exc)
        problems.append(Message("workspace.resume_left_out"))
        return None


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


def _branch(value) -> tuple[str, int] | None:
    """A saved variant's ``(origin, step)`` when it is a branch of the run ("Branch from
    here"); None when it is not, or the entry is damaged (it opens as a variant)."""
    if (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)
            and isinstance(value[1], int) and not isinstance(value[1], bool) and value[1] >= 0):
        return value[0], value[1]
    return None


def capture(studio) -> Workspace:
    """The studio's current state as a ``Workspace``."""
    history = studio.history
    weights = {k: list(v) for k, v in studio.weights_of_current_networks().items()}
    sent = studio.weights_to_start_from(studio.network_spec)
    return Workspace(
        network=studio.network_spec, data=studio.data_spec, train=studio.train_spec,
        variants=[{"name": v.name, "network": v.network_spec, "train": v.train_spec,
                   "note": v.note, "branch": studio.branch_origin(v.name)}
                  for v in studio.variants[1:]],
        weights=weights, history=history,
        start_from_weights=sent is not None and _same_arrays(sent, weights.get(SINGLE_RUN)),
        run_networks=studio.curve_networks() if history else {},
        tags=studio.variant_tags(), run_tags=studio.curve_tags() if history else {},
        resume=studio.run_checkpoint() if history else None,
        search=studio.search_record,
        run_state=studio.state if studio.state in ("finished", "stopped", "diverged")
        else ("stopped" if history else "idle"),
        ui={"classroom": studio.classroom, "theme": studio.theme,
            "language": i18n.current_language(),
            **({"lesson": studio.lesson_place} if studio.lesson_place else {}),
            **({"lesson_made": made} if (made := studio.lesson_made()) else {})})


def _same_arrays(a: list, b: list | None) -> bool:
    return b is not None and len(a) == len(b) and all(
        x is y or (x.shape == y.shape and np.array_equal(x, y)) for x, y in zip(a, b))


def apply(studio, ws: Workspace) -> None:
    """Load ``ws`` into the studio (stops any run)."""
    studio.reset_weights()
    studio.set_network_spec(ws.network, record=False)
    studio.set_data_spec(ws.data, follow_input=False)       # the network as it was saved
    studio.set_train_spec(ws.train)
    studio.clear_variants()
    for v in ws.variants:
        variant = studio.add_variant(v.get("note", ""))
        studio.set_variant(variant.name, network_spec=v["network"], train_spec=v["train"])
        if v.get("branch"):
            # it stays a branch of the run: a new Start leaves it out, as before the save
            # (walker20 W20-6: it came back as a variant that Start trained from step 0)
            studio.mark_branch(variant.name, *v["branch"])
    studio.set_variant_tags(ws.tags)
    studio.restore_lesson_made(ws.ui.get("lesson_made"))     # after the variants it marks
    if ws.history:
        studio.restore_history(ws.history, ws.run_networks,
                               weights_lost=SINGLE_RUN in ws.lost_weights, tags=ws.run_tags)
    if ws.weights:
        studio.set_weights(ws.weights)
        if ws.start_from_weights:       # saved after Send to studio
            studio.start_from_shown_weights()
    if ws.resume is not None and ws.history:
        studio.keep_resume_point(*ws.resume)
    studio.restore_lesson_run(ws.ui.get("lesson_made"))  # after the run and its weights
    studio.restore_search(ws.search)
    studio.restore_lesson_place(ws.ui.get("lesson"))     # after the run it may judge
