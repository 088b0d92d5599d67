"""Choices on the plot pages that are training settings.

``TelemetryChoicesMixin`` (mixed into :class:`~dlstudio.gui.main_window.MainWindow`) binds
them both ways to the training spec's ``telemetry`` (saved in workspaces; a running run
follows it): the layer and the unit the Units page follows, and the Activations page's
saturation margin. A layer chosen after a run also shows its units on each variant's trained
network at once.

The studio's signals go to bound methods of the window, never to closures over it: the
studio keeps a closure alive (and what it captured), so a window closed before its studio
would live on, with every plot page, for as long as the studio does.
"""
from __future__ import annotations

from PySide6.QtWidgets import QWidget


class TelemetryChoicesMixin:
    """The Units and Activations pages' choices, bound to ``studio.train_spec.telemetry``."""

    def connect_units_panel(self, panel: QWidget) -> None:
        """The Units panel offers the network's layers and sets the one telemetry follows,
        and the unit it follows over time (``telemetry.unit_index``, saved in workspaces)."""
        self._units_panel = panel
        self.studio.sigNetworkChanged.connect(self._offer_unit_layers)
        self.studio.sigTrainChanged.connect(self._offer_unit_layers)
        panel.sigUnitLayerChosen.connect(self._choose_unit_layer)
        panel.sigUnitChosen.connect(self._choose_unit)
        self._offer_unit_layers()

    def _offer_unit_layers(self, *_: object) -> None:
        spec = self.studio.network_spec
        telemetry = self.studio.train_spec.telemetry
        self._units_panel.set_layer_names(list(spec.layer_names()), telemetry.unit_layer)
        self._units_panel.set_unit(telemetry.unit_index)

    def _choose_unit(self, index: int) -> None:
        self.studio.set_train_spec(self.studio.train_spec.replace(
            telemetry={"unit_index": index}))

    def _choose_unit_layer(self, index) -> None:
        self.studio.set_train_spec(self.studio.train_spec.replace(
            telemetry={"unit_layer": index}))
        self._show_trained_units(index)

    def _show_trained_units(self, index) -> None:
        """A layer chosen after a finished run: the page shows its units on each variant's
        trained network now (one pass over the validation batch), not only from the next
        Start, which trains a new network from step 0 (walker22 W22-5): also after a run
        that followed another layer, after an A/B run, and after a run restored when
        dlstudio closed during it (walker23 W23-12)."""
        from dlstudio.gui.trained_network import resumed_network
        from dlstudio.gui.trained_units import trained_unit_fields
        from dlstudio.training.telemetry import SINGLE_RUN

        studio, store = self.studio, self.studio.store
        dataset = studio.dataset
        if index is None or studio.is_active() or dataset is None:
            return
        for variant in store.variants():
            if studio.shown_weights(variant) is not None:
                network = studio.network_for(variant) \
                    if studio.trained_on(variant) == dataset.spec else None
            else:           # restored after dlstudio closed during the run (W23-12)
                network = resumed_network(studio) \
                    if variant == SINGLE_RUN and studio.data_spec == dataset.spec else None
            if network is None:
                continue
            fields = trained_unit_fields(network, dataset, index, studio.train_spec.telemetry)
            last = store.latest(variant, live=True)
            if fields is not None and last is not None:
                self._units_panel.show_trained(variant, index, fields, last.step)

    def connect_saturation_margin(self, panel: QWidget) -> None:
        """The Activations panel's saturation margin is the training spec's
        ``telemetry.saturation_margin`` (saved in workspaces; a running run follows it)."""
        self._activations_panel = panel
        self.studio.sigTrainChanged.connect(self._offer_saturation_margin)
        panel.sigSaturationMarginChosen.connect(self._choose_saturation_margin)
        self._offer_saturation_margin()

    def _offer_saturation_margin(self, *_: object) -> None:
        self._activations_panel.set_saturation_margin(
            self.studio.train_spec.telemetry.saturation_margin)

    def _choose_saturation_margin(self, margin: float) -> None:
        self.studio.set_train_spec(self.studio.train_spec.replace(
            telemetry={"saturation_margin": margin}))
