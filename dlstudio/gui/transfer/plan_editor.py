"""``PlanEditor``: the transfer plan being edited, bound to the plan controls and the layer
table.

The source's layers fill the table (the reused ones, the frozen ones among them, the new
head); changing how many layers are reused keeps the frozen choice of the layers still
reused; the fine-tuning count reaches at most the reused layers with weights, and the table
marks the layers fine-tuning will unfreeze. ``plan()`` reads the ``TransferPlan`` the
controls show.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject, Slot

from dlstudio.gui.transfer.layer_table import LayerTableWidget
from dlstudio.gui.transfer.plan_controls import PlanControlsWidget
from dlstudio.training import transfer


class PlanEditor(QObject):
    """The plan of ``controls`` (a ``PlanControlsWidget``) and ``layers`` (a
    ``LayerTableWidget``) for the source network's spec (``set_source``)."""

    def __init__(self, controls: PlanControlsWidget, layers: LayerTableWidget,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.controls, self.layers = controls, layers
        #: the source network's spec (None: no source)
        self.spec: Any = None
        self._frozen: set[int] = set()
        controls.reuse_spin.valueChanged.connect(self._on_reuse_changed)
        controls.classes_spin.valueChanged.connect(self.refresh)
        controls.freeze_all_button.clicked.connect(self._on_freeze_all_clicked)
        controls.unfreeze_all_button.clicked.connect(self._on_unfreeze_all_clicked)
        controls.fine_layers_spin.valueChanged.connect(self.show_fine_tuned)
        layers.sigFrozenChanged.connect(self._on_layers_frozen_changed)

    def set_source(self, spec: Any, frozen: Iterable[int]) -> None:
        """The source's ``spec``, with the layers ``frozen`` (indices) frozen."""
        self.spec = spec
        self._frozen = set(frozen)
        self.refresh()

    def clear(self) -> None:
        """No source: an empty table, and the controls' plan at its first values (a lesson
        step's plan went with its source; the plan sentence kept saying it under the next
        lesson: walker36 W36-10)."""
        self.spec = None
        self.layers.clear_layers()
        self.controls.reset()

    def plan(self) -> transfer.TransferPlan:
        """The plan the controls and the table show."""
        c = self.controls
        return transfer.TransferPlan(
            n_classes=c.classes_spin.value(), reuse=c.reuse_spin.value(),
            frozen=tuple(self.layers.frozen()), cache_features=c.cache_check.isChecked(),
            fine_tune_layers=c.fine_layers_spin.value(),
            fine_tune_epochs=c.fine_epochs_spin.value(),
            lr_factor=c.lr_factor_spin.value(), head_epochs=c.head_epochs_spin.value())

    def set_plan(self, reuse: int, frozen: Iterable[int], cache: bool,
                 fine_tune_layers: int = 0, fine_tune_epochs: int | None = None,
                 lr_factor: float | None = None, head_epochs: int | None = None) -> None:
        """Set the controls to a plan (see ``TransferPanel.set_plan``)."""
        c = self.controls
        if head_epochs is not None:
            c.head_epochs_spin.setValue(int(head_epochs))
        c.reuse_spin.setValue(min(int(reuse), c.reuse_spin.maximum()))
        self.layers.set_frozen(frozen)
        self._frozen = set(self.layers.frozen())
        c.cache_check.setChecked(bool(cache))
        c.fine_layers_spin.setValue(int(fine_tune_layers))
        if fine_tune_epochs is not None:
            c.fine_epochs_spin.setValue(int(fine_tune_epochs))
        if lr_factor is not None:
            c.lr_factor_spin.setValue(float(lr_factor))

    @Slot()
    def refresh(self) -> None:
        """Fill the table from the source for the reuse and classes the controls show."""
        if self.spec is None:
            return
        c = self.controls
        reuse = c.reuse_spin.value()
        rows = self.spec.describe_layers()
        self.layers.set_layers(rows, reuse, self._frozen, c.classes_spin.value())
        weighted = sum(1 for r in rows[:reuse] if r.n_params > 0)
        c.fine_layers_spin.setMaximum(weighted)
        self.show_fine_tuned()

    @Slot()
    def show_fine_tuned(self) -> None:
        """Mark in the layer table the layers the fine-tuning phase will unfreeze."""
        if self.spec is None:
            return
        c = self.controls
        self.layers.set_fine_tuned(transfer.fine_tuned_layers(
            self.spec, c.fine_layers_spin.value(), c.reuse_spin.value()))

    @Slot(int)
    def _on_reuse_changed(self, value: int) -> None:
        self._frozen = {i for i in self._frozen if i < value}
        self.refresh()

    @Slot()
    def _on_layers_frozen_changed(self) -> None:
        self._frozen = set(self.layers.frozen())

    @Slot()
    def _on_freeze_all_clicked(self) -> None:
        self.layers.set_frozen(range(self.controls.reuse_spin.value()))

    @Slot()
    def _on_unfreeze_all_clicked(self) -> None:
        self.layers.set_frozen([])
