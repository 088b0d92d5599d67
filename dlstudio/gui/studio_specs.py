"""The specs the studio edits (network, data, training) and the undo history of network edits.

``StudioSpecs`` is a mixin of :class:`~dlstudio.gui.studio.Studio` (it uses the studio's
signals, variants, weights, pre-flight check and run). Panels and lessons replace a spec with
the ``set_...`` methods, which accept a spec, a dict or (for the network) a preset name; an
unchanged spec emits nothing. Network edits are undoable (``undo``/``redo``, the newest 200).
An edit made during a run is for the next run: the running run and the pages keep its network.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from dlstudio.engine.spec import NetworkSpec
from dlstudio.gui import input_follow, specs
from dlstudio.gui.i18n import tidy
from dlstudio.messages.numbers import dims_text
from dlstudio.training.control import live_changes
from dlstudio.training.spec import TrainSpec
from dlstudio.training.telemetry import SINGLE_RUN


class StudioSpecs:
    """The current network, data and training specs, and undo/redo of network edits (mixed
    into ``Studio``)."""

    def _init_specs(self) -> None:
        self._network_spec = specs.default_network_spec()
        self._data_spec = specs.default_data_spec()
        self._train_spec = specs.default_train_spec()
        self._undo: list[Any] = []
        self._redo: list[Any] = []

    @property
    def network_spec(self):
        return self._network_spec

    @property
    def data_spec(self):
        return self._data_spec

    @property
    def train_spec(self):
        return self._train_spec

    def set_network_spec(self, spec: Any, *, record: bool = True) -> None:
        """Replace the network spec (a ``NetworkSpec``, dict or preset name); undoable."""
        spec = NetworkSpec.coerce(spec)
        if spec == self._network_spec:
            return
        if record:
            self._undo.append(self._network_spec)
            del self._undo[:-200]
            self._redo.clear()
        self._swap_network(spec)
        self.note_lesson_settings()

    def set_data_spec(self, spec: Any, *, follow_input: bool = True) -> None:
        """Replace the data spec; the network's Input follows data of another shape when it
        took the data before (``input_follow``; an undoable network edit, said in the status
        line). ``follow_input=False``: the network was just set with these data (a workspace,
        a lesson step) and stays as it is."""
        spec = specs.coerce_data(spec)
        if spec == self._data_spec:
            return
        before = input_follow.data_shape(self._data_spec, self.dataset) if follow_input \
            else None
        self._data_spec = spec
        self.sigDataChanged.emit()
        network = input_follow.followed(self._network_spec, before,
                                        input_follow.data_shape(spec) if follow_input
                                        else None)
        if network is not None:
            self.set_network_spec(network)
            self.sigMessage.emit(tidy(QCoreApplication.translate(
                "Studio", "Input shape is now %1 to take the examples of %2; it was %3. "
                "Ctrl+Z puts it back.").replace("%1", dims_text(network.input_shape))
                .replace("%2", specs.dataset_name(spec.dataset))
                .replace("%3", dims_text(before))))
        self.note_lesson_settings()

    def set_train_spec(self, spec: Any) -> None:
        """Replace the training spec; settings that can change mid-run (learning rate,
        L1/L2, max-norm, clipping) are also sent to a running trainer."""
        spec = TrainSpec.coerce(spec)
        if spec == self._train_spec:
            self.restate_lesson_settings()
            return
        old, self._train_spec = self._train_spec, spec
        self.remember_lesson_settings(old)
        if self.is_active():
            changed = live_changes(old, spec)
            if changed:
                self.update_live(**changed)
        self._variants_follow(self._network_spec, old)
        self.sigTrainChanged.emit()

    # -- undo / redo of network edits ---------------------------------------------------------
    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> None:
        if self._undo:
            self._redo.append(self._network_spec)
            self._swap_network(self._undo.pop())

    def redo(self) -> None:
        if self._redo:
            self._undo.append(self._network_spec)
            self._swap_network(self._redo.pop())

    def _swap_network(self, spec: Any) -> None:
        old, self._network_spec = self._network_spec, spec
        # during a run the edit is for the next run: the pages keep showing the running
        # network and its weights (``network_for``); so does going back to that network
        if not self.is_active() and not self.take_back_weights(spec) \
                and spec != self._weight_specs.get(SINGLE_RUN):
            self.set_aside_weights()            # back if the network is edited back
        self._variants_follow(old, self._train_spec)
        self.clear_preflight()
        self.sigNetworkChanged.emit()
        self.sigUndoChanged.emit()
