"""Outcome: what the network has learned to do.

- 2-D data: the decision boundary (colour of the likeliest class, stronger where the network
  is confident) with the data points on top; on demand, the output map of one hidden unit.
- Images: the confusion matrix (rows: true class; shade: share of the row) and a grid of
  misclassified samples labelled "true -> predicted"; or, "inside the network", the filters
  of a chosen Conv2D layer and the feature maps of a chosen input image, layer by layer.

The panel never touches the training network. The window gives it a *provider* per variant
(:meth:`OutcomePanel.set_model_provider`, see ``outcome_provider``) and the data to show
(:meth:`OutcomePanel.set_dataset`). Boundaries are recomputed at most every
``BOUNDARY_INTERVAL`` seconds (an 80x80 grid, on the GUI thread: a few milliseconds for a
classroom network), image evaluations every ``IMAGES_INTERVAL`` seconds on at most
``MAX_EVAL`` samples, in pieces of one timer tick each (``outcome_mistakes``). The views
live beside the panel as its mixins: the boundary (``outcome_boundary``), the confusion
matrix and mistakes (``outcome_mistakes``) and the inside of the network
(``outcome_inside``).
Run alone: ``python -m dlstudio.gui.plots.outcome [--real]``.
"""
from __future__ import annotations

import logging
import time

import numpy as np
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from dlstudio.gui.plots import style
from dlstudio.gui.plots.base import BasePanel
from dlstudio.gui.plots.outcome_boundary import GRID, BoundaryViewsMixin  # noqa: F401
from dlstudio.gui.plots.outcome_inside import InsideViewsMixin
from dlstudio.gui.plots.outcome_mistakes import MistakesViewsMixin
from dlstudio.gui.plots.outcome_provider import NetworkCannotRun, NetworkProvider
from dlstudio.gui.run_store import RunStore
from dlstudio.gui.widgets.clamping_spin import ClampingSpinBox

log = logging.getLogger(__name__)

BOUNDARY_INTERVAL = 0.5
IMAGES_INTERVAL = 2.0
MAX_POINTS = 600
MAX_EVAL = 300


class OutcomePanel(BoundaryViewsMixin, MistakesViewsMixin, InsideViewsMixin, BasePanel):
    """Decision boundary (2-D data) or confusion matrix, mistakes, filters (images)."""

    #: one piece per tick: a boundary, a feature-map view or a chunk of image predictions
    items_per_tick = 1
    #: a new layout shows at once, its first evaluation follows over the next ticks
    draw_all_on_build = False

    def __init__(self, store: RunStore, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.providers: dict[str, object] = {}
        self.x: np.ndarray | None = None
        self.y: np.ndarray | None = None
        #: how many samples ``set_dataset`` was given (``x`` holds at most ``MAX_EVAL``)
        self.n_given = 0
        self.class_names: list[str] = []
        self.items: dict = {}
        self.error = ""
        self._last_compute = 0.0
        self._predictions: dict[str, list[np.ndarray]] = {}   # variant -> chunks so far
        self._eval_error = ""
        self._eval_retry = False     # the network was being swapped: evaluate again later
        self._hidden_layers: list[tuple[int, str, int]] = []   # (index, name, units)
        #: whether this layout has shown a complete evaluation yet (until then every chunk's
        #: predictions are shown as they arrive, so the page is useful at once)
        self._shown_full = False
        #: a view a lesson asked for (``select_view``) that the Show box cannot offer yet
        self._wanted_view: str | None = None

        self.view_box = QComboBox()
        self.view_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.view_box.currentIndexChanged.connect(self._on_option_changed)
        self.unit_box = ClampingSpinBox()
        self.unit_box.valueChanged.connect(self._on_option_changed)
        self.variant_box = QComboBox()
        self.variant_box.currentIndexChanged.connect(self._on_option_changed)
        self.layer_box = QComboBox()
        self.layer_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.layer_box.currentIndexChanged.connect(self._on_option_changed)
        self.sample_box = ClampingSpinBox()
        self.sample_box.valueChanged.connect(self._on_option_changed)
        self.graphics.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self._labels_for = {}
        for widget in (self.view_box, self.unit_box, self.variant_box, self.layer_box,
                       self.sample_box):
            label = QLabel()
            self._labels_for[widget] = label
            self.controls.addWidget(label)
            self.controls.addWidget(widget)
        #: above the plots: the network drawn is not the run's trained one (``set_untrained``)
        self.untrained_label = QLabel()
        self.untrained_label.setWordWrap(True)
        self.untrained_label.setContentsMargins(6, 2, 6, 2)
        self.untrained_label.setStyleSheet("font-weight: bold;")
        self.untrained_label.hide()
        self.layout().insertWidget(1, self.untrained_label)
        self._untrained = False
        self.retranslate_controls()

    def set_untrained(self, untrained: bool) -> None:
        """Say above the plots that they show the network with new random weights, not the
        run's trained one (``Studio.untrained_since_run``: edited after the run), or not."""
        self._untrained = bool(untrained)
        self.untrained_label.setVisible(self._untrained)

    def retranslate_controls(self) -> None:
        self.untrained_label.setText(self.tr(
            "The network was changed after the run and is not trained yet: these predictions "
            "come from its new random weights, not from the run. Press Start to train it."))
        for widget, text, tip in (
                (self.view_box, self.tr("Show"), self.tr("What to show about the trained network")),
                (self.unit_box, self.tr("Unit"),
                 self.tr("Which unit (neuron) of the chosen layer to map")),
                (self.variant_box, self.tr("Variant"),
                 self.tr("Which variant of the comparison to look inside")),
                (self.layer_box, self.tr("Conv layer"),
                 self.tr("The convolution layer whose filters are shown")),
                (self.sample_box, self.tr("Image #"),
                 self.tr("Which input image to send through the network"))):
            self._labels_for[widget].setText(text)
            widget.setToolTip(tip)
        self._sync_controls()     # the view list's item texts

    # -- inputs from the window -----------------------------------------------------------
    def set_model_provider(self, provider, variant: str = "") -> None:
        """Give the callable/provider that runs ``variant``'s network (None removes it)."""
        if provider is None:
            self.providers.pop(variant, None)
        else:
            self.providers[variant] = provider
        self._hidden_layers = []
        self.rebuild()

    def set_network_getter(self, get_network, variant: str = "") -> None:
        """Shortcut: a provider over ``get_network()`` (e.g. ``studio.network_for``)."""
        self.set_model_provider(NetworkProvider(get_network), variant)

    def set_dataset(self, x: np.ndarray | None, y: np.ndarray | None,
                    class_names: list[str] | None = None) -> None:
        """The samples to show: (N, 2) points or (N, H, W[, C]) images, labels (N,) ints."""
        if x is None or y is None or len(x) == 0:
            self.x = self.y = None
            self.n_given = 0
        else:
            x, y = np.asarray(x), np.asarray(y).reshape(len(x), -1)
            y = y.argmax(axis=1) if y.shape[1] > 1 else y[:, 0]
            self.n_given = len(x)
            limit = MAX_POINTS if x.ndim == 2 and x.shape[1] == 2 else MAX_EVAL
            if len(x) > limit:
                pick = np.random.default_rng(0).choice(len(x), limit, replace=False)
                x, y = x[np.sort(pick)], y[np.sort(pick)]
            self.x, self.y = x, y.astype(np.int64)
            n_classes = int(max(self.y.max(initial=0) + 1, len(class_names or [])))
            self.class_names = list(class_names or [str(i) for i in range(n_classes)])
        self._hidden_layers = []
        self._sync_controls()
        self.rebuild()

    @property
    def mode(self) -> str:
        """"boundary" (2-D points), "images", "table" (other features) or "" (no data)."""
        if self.x is None:
            return ""
        if self.x.ndim == 2 and self.x.shape[1] == 2:
            return "boundary"
        return "images" if self.x.ndim in (3, 4) else "table"

    def placeholder_text(self) -> str:
        return self.tr("Start training to see what the network has learned: the decision "
                       "boundary for 2-D data, the confusion matrix and mistakes for images.")

    # -- controls -------------------------------------------------------------------------
    def _sync_controls(self) -> None:
        mode = self.mode
        current = self._wanted_view or self.view_box.currentData()
        self.view_box.blockSignals(True)
        self.view_box.clear()
        if mode == "boundary":
            self.view_box.addItem(self.tr("Prediction"), "prediction")
            for index, name, units in self._hidden_layers:
                self.view_box.addItem(self.tr("Units of {0}").format(name), f"unit:{index}")
        elif mode == "images":
            self.view_box.addItem(self.tr("Mistakes"), "mistakes")
            self.view_box.addItem(self.tr("Inside the network"), "inside")
        else:
            self.view_box.addItem(self.tr("Mistakes"), "mistakes")
        found = self.view_box.findData(current)
        if found >= 0 and current == self._wanted_view:
            self._wanted_view = None
        self.view_box.setCurrentIndex(max(0, found))
        self.view_box.blockSignals(False)
        view = self._view()
        units = next((u for i, _, u in self._hidden_layers if i == view[1]), 1)
        self.unit_box.setRange(0, max(0, units - 1))
        variants = self.store.variants()
        if [self.variant_box.itemData(i) for i in range(self.variant_box.count())] != variants:
            self.variant_box.blockSignals(True)
            self.variant_box.clear()
            for v in variants:
                self.variant_box.addItem(style.variant_label(v, self.store), v)
            self.variant_box.blockSignals(False)
        if self.x is not None:
            self.sample_box.setRange(0, len(self.x) - 1)
        shown = {self.unit_box: view[0] == "unit",
                 self.variant_box: len(variants) > 1 and view[0] in ("mistakes", "inside"),
                 self.layer_box: view[0] == "inside",
                 self.sample_box: view[0] == "inside"}
        for widget, on in shown.items():
            widget.setVisible(on)
            self._labels_for[widget].setVisible(on)

    def select_view(self, key: str) -> None:
        """Show the view ``key`` ("prediction", "mistakes", "inside", "unit:N"); when the
        current data cannot offer it yet (e.g. images not loaded), it is chosen as soon as
        the data can."""
        self._wanted_view = key
        self._on_option_changed()

    def _on_option_changed(self, *_args) -> None:
        if self.sender() is self.view_box:   # the student chose: forget a lesson's wish
            self._wanted_view = None
        self._sync_controls()
        self._last_compute = 0.0
        self.rebuild()
        self.refresh(force=True)

    def _view(self) -> tuple[str, int]:
        """The chosen view as ``(kind, layer index)``; kind is "prediction", "unit",
        "mistakes" or "inside"."""
        data = self.view_box.currentData() or ""
        kind, _, index = data.partition(":")
        return kind, int(index) if index else -1

    def _provider(self, variant: str):
        if variant in self.providers:
            return self.providers[variant]
        if len(self.providers) == 1:
            return next(iter(self.providers.values()))
        return None

    # -- panel hooks ----------------------------------------------------------------------
    def _has_data(self) -> bool:
        return (not self.store.is_empty() and self.x is not None
                and any(self._provider(v) is not None for v in self.store.variants()))

    def _structure(self) -> tuple:
        return (self.mode, tuple(self.store.variants()), self.view_box.currentData(),
                self.variant_box.currentData(), self.layer_box.currentIndex(), self.classroom,
                self.mistakes_beside())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        # the mistakes go beside the matrix or under it: built again at the next refresh
        items = getattr(self, "items", {})
        if items.get("mode") == "images" and "mistakes" in items \
                and items.get("beside") != self.mistakes_beside():
            self.invalidate()

    def _build(self, key: tuple) -> None:
        mode, variants, view, _, _, _, _ = key
        self._sync_controls()               # the variant list may have changed
        self.items = {"mode": mode}
        self._shown_full = False
        self.error_label = self.add_label("", 0, 0, colspan=max(1, len(variants)))
        if mode == "boundary":
            self._build_boundary(list(variants), view)
        elif view == "inside":
            self._build_inside()
        else:
            self._build_mistakes(list(variants), images=(mode == "images"))
        self._last_compute = 0.0

    def _update(self) -> None:
        interval = BOUNDARY_INTERVAL if self.mode == "boundary" else IMAGES_INTERVAL
        now = time.monotonic()
        if now - self._last_compute < interval:
            self.invalidate()          # come back on a later tick even if nothing changes
            return
        self._last_compute = now
        try:
            if self.mode == "boundary":
                self._update_boundary()
            elif self.items.get("inside"):
                self._update_inside()
            self.error = ""
        except LookupError:
            self.error = self.tr("Waiting for the network...")
        except NetworkCannotRun as exc:
            self.error = exc.explained()
        except Exception as exc:  # noqa: BLE001 - a plot must never take the app down
            log.warning("outcome panel could not evaluate the model", exc_info=True)
            self.error = self.tr("Cannot evaluate the network on this data: {0}").format(exc)
        self.set_label_text(self.error_label, self.error)

    def _inputs_mismatch(self) -> str:
        """What to show instead of an evaluation when a network takes inputs of another
        shape than the data shown: for a moment a new network meets the old data (a lesson
        switch: a 2-input network was evaluated on 28x28 images, walker14 W14-13)."""
        if self.x is None:
            return ""
        have = tuple(int(s) for s in self.x.shape[1:])
        for variant in self.store.variants():
            shape_of = getattr(self._provider(variant), "input_shape", None)
            want = shape_of() if callable(shape_of) else None
            if want is not None and want != have:
                return self.tr("The network takes inputs of shape {0}, the data shown has "
                               "{1}: waiting for the two to match.").format(
                    " × ".join(map(str, want)), " × ".join(map(str, have)))
        return ""

    def _jobs(self, layers_changed: bool) -> list:
        """Boundaries and feature maps in one piece; the confusion matrix and mistakes as
        pieces of the sample (``outcome_mistakes``), then the pieces that show them.
        Nothing while the network and the data do not fit (``_inputs_mismatch``): the new
        data or network that ends it rebuilds the page."""
        mismatch = self._inputs_mismatch()
        if mismatch:
            self.error = mismatch
            self.set_label_text(self.error_label, mismatch)
            return []
        if "confusion" not in self.items:
            return [("all", 1, self._update)]
        if self.redraw_pending:
            return []                  # an evaluation is under way
        now = time.monotonic()
        if now - self._last_compute < IMAGES_INTERVAL:
            self.invalidate()          # come back on a later tick even if nothing changes
            return []
        self._last_compute = now
        return self._evaluation_jobs()


def _demo_setup(panel: OutcomePanel, store: RunStore, args):
    from dlstudio.gui.plots.demo_outcome import attach_demo_model

    return attach_demo_model(panel, args)


if __name__ == "__main__":
    from dlstudio.gui.plots.demo import run_demo

    raise SystemExit(run_demo(OutcomePanel, setup=_demo_setup))
