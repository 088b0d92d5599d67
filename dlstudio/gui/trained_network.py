"""Trained networks in files: opening one from a saved network (``.dlsnet``) or from a
workspace (``.dlsw``: its network with the trained weights it holds), and saving the studio's
trained network as a ``.dlsnet``.

Draw a digit's "Open model..." and Transfer's "Load a saved network..." both open through
``open_trained_network``, so a student's saved workspace works in both; File > "Save trained
network (.dlsnet)..." is ``save_trained_network_dialog``. Every refusal is a
``FileFormatError`` whose message names the file once, by its name (never the folder twice,
never a part inside the file), in the student's words.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from dlstudio.engine.fileio import Archive
from dlstudio.engine.serialize import ModelFileError, load_network, save_network
from dlstudio.gui import file_choice, specs, workspace_file
from dlstudio.messages import Message
from dlstudio.training.telemetry import SINGLE_RUN

#: the suffix of a saved network
NETWORK_SUFFIX = ".dlsnet"


def open_filter() -> str:
    """The open dialog's file types: both kinds first, then each, then any file."""
    return QCoreApplication.translate(
        "TrainedNetwork", "Trained networks (*.dlsnet *.dlsw);;Saved networks (*.dlsnet);;"
                          "Workspaces (*.dlsw);;All files (*)")


def open_trained_network(path: str | Path):
    """The trained network (an engine ``Network`` with its weights) in ``path``: a saved
    network, or a workspace's network with its trained weights.

    Raises ``FileFormatError`` (``ModelFileError`` or ``WorkspaceError``) naming the file by
    its name: not a file of either kind, damaged, or a workspace with no trained weights.
    """
    path = Path(path)
    shown = path.name
    with Archive(path, ModelFileError, shown) as archive:
        names = set(archive.names)
    if "workspace.json" in names:
        return _workspace_network(path, shown)
    if not {"meta.json", "arrays.npz"} <= names:
        raise ModelFileError(Message("model.neither_kind", file=shown))
    return load_network(path, shown).network


def _workspace_network(path: Path, shown: str):
    """The network of the workspace in ``path`` with its trained weights."""
    ws = workspace_file.read(path, shown)
    weights = ws.weights.get(SINGLE_RUN)
    if weights is None:
        key = ("model.workspace_weights_damaged" if SINGLE_RUN in ws.lost_weights
               else "model.workspace_untrained")
        raise ModelFileError(Message(key, file=shown))
    net = specs.build_network(ws.network)
    if net is None:           # a network that no longer builds: the file is inconsistent
        raise ModelFileError(Message("model.workspace_untrained", file=shown))
    net.set_weights(weights)
    return net


def trained_network(studio: Any):
    """The studio's network (the base run's) with the trained weights it shows, or None
    when it has not been trained."""
    if studio.shown_weights(SINGLE_RUN) is None:
        return None
    return studio.network_for(SINGLE_RUN)


def resumed_network(studio: Any):
    """The base run's network with the weights of the point it can continue from, for a run
    restored after dlstudio closed during it (its autosave keeps them only there: the Units
    page had nothing to measure, walker23 W23-12); None otherwise."""
    moment = studio.resume_point()
    if moment is None or studio.shown_weights(SINGLE_RUN) is not None:
        return None
    net = specs.build_network(studio.network_spec)
    if net is None:
        return None
    net.set_weights(moment.weights)
    return net


def save_trained_network(studio: Any, path: str | Path) -> Path:
    """Save the studio's trained network (spec, weights, training settings, the data it was
    trained on) to ``path`` (``.dlsnet`` added when missing); returns the path written.

    Raises ``ValueError`` (a message for the student) when nothing has been trained, and
    ``FileSaveError`` when the file cannot be written.
    """
    net = trained_network(studio)
    if net is None:
        raise ValueError(Message("model.nothing_trained"))
    path = Path(path)
    if path.suffix != NETWORK_SUFFIX:
        path = path.with_name(path.name + NETWORK_SUFFIX)
    extra = {"train_spec": studio.train_spec.to_dict()}
    data = studio.trained_on(SINGLE_RUN)
    if data is not None:     # what 'dlstudio evaluate' tests it on by default (walker36)
        extra["data_spec"] = data.to_dict()
    save_network(net, path, extra=extra)
    return path


def save_trained_network_dialog(parent: QWidget, studio: Any, settings: Any = None) -> bool:
    """File > Save trained network (.dlsnet): choose where, save, say so in the status
    line; a problem (nothing trained, a folder that cannot be written) in a dialog."""
    from dlstudio.gui.errors import show_problem
    from dlstudio.gui.i18n import render

    title = QCoreApplication.translate("TrainedNetwork", "Cannot save the trained network")
    if trained_network(studio) is None:
        show_problem(parent, title, render(Message("model.nothing_trained")))
        return False
    path, _ = file_choice.get_save_path(
        parent, QCoreApplication.translate("TrainedNetwork", "Save trained network"),
        "network" + NETWORK_SUFFIX,
        QCoreApplication.translate("TrainedNetwork", "Saved networks (*.dlsnet)"), settings)
    if not path:
        return False
    try:
        written = save_trained_network(studio, path)
    except (ValueError, OSError) as exc:
        show_problem(parent, title, render(exc))
        return False
    studio.sigMessage.emit(QCoreApplication.translate(
        "TrainedNetwork", "Saved the trained network as %1").replace("%1", str(written)))
    return True
