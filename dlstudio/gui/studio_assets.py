"""The studio's trained networks and loaded data, for the outcome plots and previews.

``StudioAssets`` is a mixin of :class:`~dlstudio.gui.studio.Studio` (it uses the studio's
specs and signals): GUI-thread copies of each variant's network carrying the newest weights the
worker sent (the run's, ``_take_run_weights``, or installed ones), and the dataset of the
current data spec, loaded in the background by ``loader`` (a
:class:`~dlstudio.gui.worker.GeneratorWorker`).
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Slot

from dlstudio.gui import specs
from dlstudio.gui.job_runner import blocking_job
from dlstudio.gui.worker import GeneratorWorker
from dlstudio.training.telemetry import SINGLE_RUN

log = logging.getLogger(__name__)


class StudioAssets:
    """Networks with trained weights and the loaded dataset (mixed into ``Studio``)."""

    def _init_assets(self) -> None:
        #: loads the current data spec's dataset in the background (``load_dataset``)
        self.loader = GeneratorWorker("data-loading", self)
        self._connect_loader()
        self._weights: dict[str, list] = {}
        #: (network spec, weights) Start trains on from (``install_trained_network``)
        self._start_from: tuple[Any, list] | None = None
        #: the file those weights came from ("" for Transfer learning's Send to studio)
        self.start_from_origin = ""
        self._weight_specs: dict[str, Any] = {}
        self._weight_data: dict[str, Any] = {}
        self._view_nets: dict[str, Any] = {}
        #: trained weights an edit of the network set aside (``set_aside_weights``)
        self._set_aside: tuple[dict, dict, dict] | None = None
        self._dataset: Any = None
        self._dataset_key: Any = None
        self._loading_key: Any = None
        self._dataset_failure: tuple | None = None     # (data spec, message) of a failed load

    def set_aside_weights(self) -> None:
        """Forget the trained weights, as an edit of the network does, but keep them aside:
        ``take_back_weights`` returns them when the network is edited back to the one they
        were trained for (W17-23: "28, 28" typed for "28, 28, 1" and corrected at once, or
        undone, lost five epochs of MNIST). A new run, new weights or Reset forget them."""
        aside = (self._weights, self._weight_specs, self._weight_data) if self._weights \
            else self._set_aside
        self._forget_weights()
        self._set_aside = aside

    def take_back_weights(self, spec: Any) -> bool:
        """Put back the weights set aside when ``spec`` is the network they were trained
        for and no weights came since; whether they came back."""
        aside = self._set_aside
        if aside is None or self._weights or aside[1].get(SINGLE_RUN) != spec:
            return False
        self._weights, self._weight_specs, self._weight_data = (dict(x) for x in aside)
        self._set_aside = None
        self._view_nets = {}
        self.sigWeightsChanged.emit()
        return True

    def _forget_weights(self) -> None:
        self._set_aside = None
        self._weights = {}
        #: the network spec each variant's weights belong to (the run's: an edit during a
        #: run leaves the variant's spec different until the next run)
        self._weight_specs: dict[str, Any] = {}
        #: the data spec each variant's weights were trained on (``trained_on``)
        self._weight_data: dict[str, Any] = {}
        self._view_nets = {}

    def trained_on(self, variant: str = "A"):
        """The data spec ``variant``'s trained weights were trained on: the run's data, kept
        with its weights (the Data dock may show other data since), or the data spec that
        was current when the weights were installed (a workspace). None when ``variant``
        has no trained weights."""
        if self.shown_weights(variant) is None:
            return None
        return self._weight_data.get(variant, self._data_spec)

    def network_for(self, variant: str = "A"):
        """A GUI-thread copy of ``variant``'s network with its latest trained weights.

        Built from the spec on first use (fresh weights when nothing has trained yet); safe to
        call ``predict``/``forward`` on while the worker trains its own copy.
        """
        spec = next((v.network_spec for v in self.variants if v.name == variant), None)
        if spec is None:
            return None
        if self.shown_weights(variant) is not None:      # the trained network, as it was
            spec = self._weight_specs.get(variant) or spec
        # _view_nets: variant -> (network, the weights list last installed in it or None)
        net, installed = self._view_nets.get(variant, (None, None))
        if net is None or net.spec != spec:
            net = specs.build_network(spec, seed=int(getattr(self._train_spec, "seed", 0) or 0))
            if net is None:
                return None
            self._view_nets[variant], installed = (net, None), None
        weights = self.shown_weights(variant)
        if weights is not None and weights is not installed:
            try:
                net.set_weights(weights)
                self._view_nets[variant] = (net, weights)
            except ValueError:
                log.debug("weights do not fit the current spec", exc_info=True)
        return net

    @property
    def network(self):
        """The current network (variant A) with its latest trained weights, or None."""
        return self.network_for("A")

    def weights(self, variant: str = "A") -> list | None:
        return self._weights.get(variant)

    def all_weights(self) -> dict[str, list]:
        """The latest trained weights of every variant that has them (a copy of the dict)."""
        return dict(self._weights)

    def weights_of_current_networks(self) -> dict[str, list]:
        """The trained weights of the variants whose network is still the one they were
        trained for (what a saved workspace can pair with its networks)."""
        current = {v.name: v.network_spec for v in self.variants}
        return {name: w for name, w in self._weights.items()
                if self._weight_specs.get(name, current.get(name)) == current.get(name)}

    def _take_run_weights(self, weights: dict[str, list]) -> None:
        """Keep the run's newest weights with the network spec they belong to (the run's,
        which differs from the variant's after an edit during the run)."""
        trained = self.run_networks()
        current = {v.name: v.network_spec for v in self.variants}
        self._set_aside = None
        self._weights = {**self._weights, **weights}
        self._weight_specs.update({name: trained.get(name, current.get(name))
                                   for name in weights})
        self._weight_data.update({name: self._run_data or self._data_spec for name in weights})

    def set_weights(self, weights: dict[str, list]) -> None:
        """Install trained weights (e.g. from a workspace file) for the view networks."""
        self._set_aside = None
        self._weights = dict(weights)
        self.run_is_demonstration = self.demonstrating
        current = {v.name: v.network_spec for v in self.variants}
        self._weight_specs = {name: current.get(name) for name in self._weights}
        self._weight_data = {name: self._data_spec for name in self._weights}
        self._view_nets = {}
        self.sigWeightsChanged.emit()

    def install_trained_network(self, network_spec: Any, weights: list,
                                origin: str = "") -> None:
        """Make ``network_spec`` the studio's network with trained ``weights`` (Transfer
        learning's Send to studio, File > Open Keras model): the pages show them, and Start
        trains the network on from them instead of new random weights: the next Start while
        the network stays this one (Reset weights forgets them; Continue trains that run
        on). Its frozen layers keep their trained features (W9-26). ``origin``: the file the
        network came from ("" for Transfer learning), named by ``curves_note``."""
        self.set_network_spec(network_spec)
        # kept before set_weights says so: the pages' notes read it (curves_note)
        self._start_from = (self.network_spec, list(weights))
        self.start_from_origin = origin
        self.set_weights({"A": list(weights)})

    def start_from_shown_weights(self, origin: str = "") -> None:
        """Let the next Start train the current network on from variant A's trained
        weights (``install_trained_network``; a workspace saved after it, when opened)."""
        weights = self._weights.get("A")
        if weights is not None:
            self._start_from = (self.network_spec, list(weights))
            self.start_from_origin = origin

    def weights_to_start_from(self, network_spec: Any) -> list | None:
        """The trained weights Start gives a network of ``network_spec``
        (``install_trained_network``); None: it starts from new random weights."""
        kept = self._start_from
        return kept[1] if kept is not None and kept[0] == network_spec else None

    @property
    def dataset(self):
        """The loaded dataset for the current data spec, or None until it has loaded."""
        return self._dataset if self._dataset_key == self._data_spec else None

    @property
    def dataset_error(self) -> str:
        """Why the current data spec could not be loaded (its last load failed), or ""."""
        key, message = self._dataset_failure or (None, "")
        return message if key == self._data_spec else ""

    def load_dataset(self) -> None:
        """Load the current data spec on a background thread; ``sigDatasetReady`` follows.

        Asking for another data spec while one loads abandons the first load."""
        key = self._data_spec
        if self._dataset_key == key or self._loading_key == key:
            return
        self._loading_key = key
        self._dataset_failure = None
        self.sigDatasetLoading.emit(True)
        self.loader.start(blocking_job(lambda job: (key, specs.load_dataset(key, job.progress))))

    def _connect_loader(self) -> None:
        """Wire ``self.loader`` (a ``GeneratorWorker`` made by the studio) to the studio."""
        self.loader.sigProgress.connect(self.sigDatasetProgress)
        self.loader.sigFinished.connect(self._on_loader_finished)
        self.loader.sigFailed.connect(self._on_loader_failed)

    @Slot(object)
    def _on_loader_finished(self, loaded: tuple) -> None:
        self._store_dataset(*loaded)

    @Slot(str)
    def _on_loader_failed(self, message: str) -> None:
        self._on_load_failed(self._loading_key, message)

    @Slot(object, object)
    def _store_dataset(self, key: Any, dataset: Any) -> None:
        if self._loading_key == key:
            self._loading_key = None
            self.sigDatasetLoading.emit(False)
        if key == self._data_spec:
            self._dataset, self._dataset_key = dataset, key
            self.sigDatasetReady.emit(dataset)

    @Slot(object, str)
    def _on_load_failed(self, key: Any, message: str) -> None:
        if self._loading_key == key:
            self._loading_key = None
            self.sigDatasetLoading.emit(False)
        if key == self._data_spec:
            # said in the Data dock's preview and the status line, never as a dialog: the
            # file may be one restored from the last session that the student no longer uses
            self._dataset_failure = (key, message)
            self.sigDatasetFailed.emit(message)

