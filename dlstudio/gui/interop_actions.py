"""File > Export network, File > Open Keras model, Run > Write TensorBoard logs.

``InteropController`` owns the three actions' behaviour for one window. Exports run on their
own :class:`~dlstudio.gui.worker.GeneratorWorker` (importing Keras or PyTorch takes seconds),
from a copy of the current network with its latest trained weights; the result is a status
line, a failure a message box naming what to install or change.
"""
from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from dlstudio.gui import file_choice

from dlstudio.gui.errors import show_problem
from dlstudio.gui.i18n import render
from dlstudio.gui.job_runner import blocking_job
from dlstudio.gui.worker import GeneratorWorker
from dlstudio.interop.exporters import TARGETS, export
from dlstudio.messages import Message

#: the QSettings key holding the TensorBoard folder ("" = off)
TENSORBOARD_KEY = "run/tensorboard_dir"


class InteropController(QObject):
    """Export, Keras import and the TensorBoard setting for one window."""

    sigMessage = Signal(str)     # a status-line sentence for the window

    def __init__(self, studio, window: QWidget, settings: QSettings | None = None):
        super().__init__(window)
        self.studio, self.window, self.settings = studio, window, settings
        self.exporter = GeneratorWorker("export", self)
        self.exporter.sigFinished.connect(self._on_exporter_finished)
        self.exporter.sigFailed.connect(self._on_exporter_failed)
        if settings is not None:
            self.studio.tensorboard_dir = str(settings.value(TENSORBOARD_KEY, "") or "") or None

    # -- export -----------------------------------------------------------------------------
    def export_dialog(self) -> None:
        variant = self.studio.variants[0].name
        names = [v.name for v in self.studio.variants]
        if len(names) > 1:              # a comparison: say which network is exported
            items = [self.variant_choice(name) for name in names]
            chosen, ok = QInputDialog.getItem(
                self.window, self.tr("Export network"),
                self.tr("Which variant's network? It goes with the weights it has now."),
                items, 0, False)
            if not ok:
                return
            variant = names[items.index(chosen)]
        filters = self.export_filters()
        path, chosen = file_choice.get_save_path(
            self.window, self.tr("Export network of variant {0}").format(variant),
            "network.onnx", ";;".join(filters), self.settings)
        if path:
            self.export_to(filters.get(chosen, "onnx"), path, variant)

    def variant_choice(self, name: str) -> str:
        """How the export's question offers variant ``name``: with whether it has trained
        weights ("B: not trained yet (new random weights)"): walker28 e_29 was offered an
        untrained B as if it were trained, and learned it only from the status line after
        saving."""
        if self.studio.shown_weights(name) is None:
            return self.tr("{0}: not trained yet (new random weights)").format(name)
        return self.tr("{0}: trained").format(name)

    def export_filters(self) -> dict[str, str]:
        """The save dialog's file types, {filter text: target name}. Each names one pattern
        in its brackets: Qt reads every word there as a pattern and puts the first into the
        file name, so a note inside them made 'network.py,.py' (walker11 W11-8)."""
        return {self.tr("ONNX model (*.onnx)"): "onnx",
                self.tr("PyTorch module, weights in a .pt file beside it (*.py)"): "pytorch",
                self.tr("Keras 3 model (*.keras)"): "keras"}

    def export_to(self, target: str, path: str | Path, variant: str | None = None) -> None:
        """Export ``variant``'s network (default: A; with its trained weights, if any) in the
        background."""
        network = self.studio.network_for(variant or self.studio.variants[0].name)
        if network is None:
            show_problem(self.window, self.tr("Cannot export the network"),
                         self.tr("The network has problems; fix them in the layer stack first."))
            return
        # (imported here: the plots' modules load after the window's first paint)
        from dlstudio.gui.plots.style import variant_label

        snapshot = copy.deepcopy(network)          # the worker never shares the view's arrays
        self._exported_weights = self.weights_moment(variant or self.studio.variants[0].name)
        self._exported_variant = (variant_label(variant or self.studio.variants[0].name,
                                                self.studio.store)
                                  if len(self.studio.variants) > 1 else None)
        self.sigMessage.emit(self.tr("Exporting to {0}...").format(TARGETS[target].display))
        self.exporter.start(blocking_job(lambda job: export(snapshot, target, path)))

    def weights_moment(self, variant: str) -> str:
        """Which weights an export of ``variant`` holds, said with the files (walker11 W11-9:
        after scrubbing the timeline back a student could not tell)."""
        studio = self.studio
        if studio.shown_weights(variant) is None:
            return self.tr("with new random weights (not trained yet)")
        if studio.scrubbed_step is not None:
            return self.tr("with the weights of step {0:,} (the moment the timeline "
                           "shows)").format(studio.scrubbed_step)
        latest = studio.store.latest(variant)
        if latest is None:
            return self.tr("with its trained weights")
        return self.tr("with its newest trained weights (step {0:,})").format(latest.step)

    def _on_exporter_finished(self, written) -> None:
        if not written:
            return
        files = ", ".join(str(p) for p in written)
        weights = getattr(self, "_exported_weights", "")
        variant = getattr(self, "_exported_variant", None)
        if variant:     # a comparison: which of its networks (walker20: B's export said not)
            self.sigMessage.emit(self.tr("Exported the network of variant {0} {1}: {2}").format(
                variant, weights, files))
        else:
            self.sigMessage.emit(self.tr("Exported the network {0}: {1}").format(weights, files))

    def _on_exporter_failed(self, message: str) -> None:
        self.sigMessage.emit("")
        show_problem(self.window, self.tr("Cannot export the network"), message)

    # -- Keras models ---------------------------------------------------------------------
    def open_keras_dialog(self) -> None:
        """File > Open Keras model: its weights replace the trained ones, so unsaved work is
        asked about first (walker7 W7-21), as File > Open does."""
        if not self.window.may_replace_session():
            return
        path = file_choice.get_open_path(
            self.window, self.tr("Open Keras model"), self.tr("Keras model (*.keras *.json)"),
            self.settings)
        if path:
            self.open_keras(path)

    def open_keras(self, path: str | Path) -> bool:
        """Open a Keras Sequential model: a ``.keras`` file (architecture and weights) or its
        JSON config (architecture); unsupported layers are listed in a message box."""
        from dlstudio.engine.network import Network, NetworkError

        try:
            net = Network.from_spec(path)
        except (NetworkError, OSError) as exc:
            show_problem(self.window, self.tr("Cannot open the Keras model"),
                         render(self.refusal(path, exc)))
            return False
        name = Path(path).name
        if Path(path).suffix.lower() == ".keras":
            # the file's trained weights are what Start trains on, as after Transfer
            # learning's Send to studio; they used to be shown only, and the window's
            # 'press Start' gave new random ones (walker11 W11-11)
            self.studio.install_trained_network(net.spec, net.get_weights(), origin=name)
            self.sigMessage.emit(self.tr(
                "Opened {0} with its trained weights ({1} layers): the pages show them, "
                "Start trains it on from them, Reset weights gives new random ones.").format(
                name, len(net.layers)))
        else:
            self.studio.set_network_spec(net.spec)
            self.sigMessage.emit(self.tr(
                "Opened {0}: {1} layers (the architecture only: Start trains it from new "
                "random weights)").format(name, len(net.layers)))
        return True

    @staticmethod
    def refusal(path: str | Path, exc: Exception):
        """What a refused Keras file is told: a file named neither .keras nor .json is not
        a Keras model, whatever its bytes tripped over first (walker20 W20-12: an ONNX
        file was refused as 'not UTF-8 text')."""
        if Path(path).suffix.lower() in (".keras", ".json"):
            return exc
        return Message("file.not_kind", file=str(path),
                       kind=Message("file.kind.keras_or_json"))

    # -- TensorBoard --------------------------------------------------------------------------
    def choose_tensorboard_dir(self, on: bool) -> None:
        """Turn TensorBoard logging on (asking for a folder) or off."""
        folder = ""
        if on:
            folder = QFileDialog.getExistingDirectory(self.window,
                                                      self.tr("Folder for TensorBoard logs"))
        self.set_tensorboard_dir(folder or None)

    def set_tensorboard_dir(self, folder: str | None) -> None:
        self.studio.tensorboard_dir = folder
        if self.settings is not None:
            self.settings.setValue(TENSORBOARD_KEY, folder or "")
        self.sigMessage.emit(self.tr("Runs are written for TensorBoard to {0}").format(folder)
                             if folder else self.tr("TensorBoard logging is off"))
