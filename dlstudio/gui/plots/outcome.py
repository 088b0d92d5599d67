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
``MAX_EVAL`` samples, in pieces of one timer tick each (a convnet's forward pass on all
of them at once would freeze the window for a noticeable moment): a piece holds as many
samples as the network predicts in about ``EVAL_PIECE_SECONDS`` (timed on ``EVAL_CHUNK``),
at least ``EVAL_CHUNK``; a small MLP does all 300 in one (30 a tick took ~15 s on a loaded
machine, each tick spaced by the redraw budget: walker11 W11-21).
Run alone: ``python -m dlstudio.gui.plots.outcome [--real]``.
"""
from __future__ import annotations

import logging
import time

import numpy as np
from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox, QWidget

from dlstudio.gui.plots import outcome_images as views
from dlstudio.gui.plots import style
from dlstudio.gui.plots.base import BasePanel
from dlstudio.gui.plots.outcome_boundary import GRID, BoundaryViewsMixin  # noqa: F401
from dlstudio.gui.plots.outcome_math import as_probabilities, confusion_matrix
from dlstudio.gui.plots.outcome_provider import NetworkProvider
from dlstudio.gui.run_store import RunStore

log = logging.getLogger(__name__)

BOUNDARY_INTERVAL = 0.5
IMAGES_INTERVAL = 2.0
MAX_POINTS = 600
MAX_EVAL = 300
EVAL_CHUNK = 30
#: the time one evaluation piece may take (0: pieces of ``EVAL_CHUNK`` samples)
EVAL_PIECE_SECONDS = 0.03


class OutcomePanel(BoundaryViewsMixin, BasePanel):
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
        self.unit_box = QSpinBox()
        self.unit_box.valueChanged.connect(self._on_option_changed)
        self.variant_box = QComboBox()
        self.variant_box.currentIndexChanged.connect(self._on_option_changed)
        self.layer_box = QComboBox()
        self.layer_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.layer_box.currentIndexChanged.connect(self._on_option_changed)
        self.sample_box = QSpinBox()
        self.sample_box.valueChanged.connect(self._on_option_changed)
        self.graphics.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self._labels_for = {}
        for widget in (self.view_box, self.unit_box, self.variant_box, self.layer_box,
                       self.sample_box):
            label = QLabel()
            self._labels_for[widget] = label
            self.controls.addWidget(label)
            self.controls.addWidget(widget)
        self.retranslate_controls()

    def retranslate_controls(self) -> None:
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
        else:
            x, y = np.asarray(x), np.asarray(y).reshape(len(x), -1)
            y = y.argmax(axis=1) if y.shape[1] > 1 else y[:, 0]
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
                self.variant_box.currentData(), self.layer_box.currentIndex(), self.classroom)

    def _build(self, key: tuple) -> None:
        mode, variants, view, _, _, _ = key
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
        except Exception as exc:  # noqa: BLE001 - a plot must never take the app down
            log.warning("outcome panel could not evaluate the model", exc_info=True)
            self.error = self.tr("Cannot evaluate the network on this data: {0}").format(exc)
        self.set_label_text(self.error_label, self.error)

    def _jobs(self, layers_changed: bool) -> list:
        """Boundaries and feature maps in one piece; the confusion matrix and mistakes as
        one prediction piece per ``EVAL_CHUNK`` samples, then one that shows them."""
        if "confusion" not in self.items:
            return [("all", 1, self._update)]
        if self._pending:
            return []                  # an evaluation is under way
        now = time.monotonic()
        if now - self._last_compute < IMAGES_INTERVAL:
            self.invalidate()          # come back on a later tick even if nothing changes
            return []
        self._last_compute = now
        self._predictions = {v: [] for v in self.items["confusion"]}
        self._eval_error, self._eval_retry = "", False
        if not self._shown_full:
            self.set_label_text(self.error_label, self.tr(
                "Evaluating the network on {0} validation images...").format(len(self.x)))
        rows = self._piece_rows()
        jobs = [(f"predict:{variant}:{start}", 1,
                 lambda v=variant, a=start: self._predict_chunk(v, a, rows))
                for variant in self.items["confusion"]
                for start in range(0, len(self.x), rows)]
        return jobs + [("confusion", 1, lambda: self._show_predictions("confusion")),
                       ("mistakes", 1, lambda: self._show_predictions("mistakes"))]

    def _piece_rows(self) -> int:
        """Samples per evaluation piece: as many as the network predicts in about
        ``EVAL_PIECE_SECONDS`` (timed on ``EVAL_CHUNK`` samples), at least ``EVAL_CHUNK``."""
        providers = [p for p in map(self._provider, self.items["confusion"]) if p is not None]
        if not providers or EVAL_PIECE_SECONDS <= 0 or len(self.x) <= EVAL_CHUNK:
            return EVAL_CHUNK
        start = time.perf_counter()
        try:
            providers[0](self.x[:EVAL_CHUNK].astype(np.float32))
        except Exception:  # noqa: BLE001 - the pieces report it
            return EVAL_CHUNK
        took = max(time.perf_counter() - start, 1e-6)
        return int(min(len(self.x), max(EVAL_CHUNK, EVAL_CHUNK * EVAL_PIECE_SECONDS / took)))

    def _predict_chunk(self, variant: str, start: int, rows: int = EVAL_CHUNK) -> None:
        provider = self._provider(variant)
        if provider is None or self._eval_error:
            return
        try:
            chunk = self.x[start:start + rows].astype(np.float32)
            self._predictions[variant].append(as_probabilities(provider(chunk)).argmax(axis=1))
            if not self._shown_full and start + rows < len(self.x):   # (the last: shown next)
                self._show_partial(variant)
        except LookupError:
            self._eval_error = self.tr("Waiting for the network...")
            self._eval_retry = True
        except Exception as exc:  # noqa: BLE001 - a plot must never take the app down
            log.warning("outcome panel could not evaluate the model", exc_info=True)
            self._eval_error = self.tr("Cannot evaluate the network on this data: {0}"
                                       ).format(exc)

    def _show_predictions(self, part: str) -> None:
        """Show the finished predictions: ``part`` "confusion" (matrices) or "mistakes"."""
        self.error = self._eval_error
        if self._eval_retry:
            # the network was not there (swapped at a run's end, say): no new snapshot
            # may come to trigger another look, so come back on a later tick (walker6 W6-8:
            # a matrix of 5 mistakes over an empty grid after the run had ended)
            self.invalidate()
        if not self.error:
            preds = {v: np.concatenate(p) for v, p in self._predictions.items()
                     if p and sum(len(c) for c in p) == len(self.x)}
            self._update_mistakes(preds, part)
            self._shown_full = self._shown_full or (part == "mistakes" and bool(preds))
        self.set_label_text(self.error_label, self.error)

    def _show_partial(self, variant: str) -> None:
        """During the first evaluation, show what the samples evaluated so far say (the
        page is useful at once instead of blank until every chunk is done)."""
        pred = np.concatenate(self._predictions[variant])
        self._update_mistakes({variant: pred}, "both", n=len(pred))
        self.set_label_text(self.error_label, self.tr(
            "Evaluated {0} of {1} validation images...").format(len(pred), len(self.x)))

    # -- images: confusion matrix and mistakes --------------------------------------------
    def _build_mistakes(self, variants: list[str], images: bool) -> None:
        sub = self.graphics.addLayout(row=1, col=0)
        self.items["confusion"] = {}
        for j, variant in enumerate(variants):
            title = self.tr("Confusion matrix (validation sample)")
            if len(variants) > 1:
                title += f" - {style.variant_label(variant, self.store)}"
            self.items["confusion"][variant] = views.build_confusion(
                self, sub, j, title, self.class_names)
        if images:
            title = self.tr("Misclassified samples (true → predicted)")
            if len(variants) > 1:
                chosen = self.variant_box.currentData() or variants[0]
                title += f" - {style.variant_label(chosen, self.store)}"
            self.items["mistakes"] = views.build_mistakes(self, self.graphics.ci, 2, 1, title)
            self.graphics.ci.layout.setRowStretchFactor(1, 3)
            self.graphics.ci.layout.setRowStretchFactor(2, 2)

    def _update_mistakes(self, predictions: dict[str, np.ndarray],
                         part: str = "both", n: int | None = None) -> None:
        """Show ``predictions`` (variant -> predicted class per sample, shape (N,)) in the
        confusion matrices and/or the grid of mistakes (``part``); with ``n``, only the
        first ``n`` samples have been predicted so far."""
        x, y = (self.x, self.y) if n is None else (self.x[:n], self.y[:n])
        chosen = self.variant_box.currentData() or self.store.variants()[0]
        for variant, items in self.items["confusion"].items():
            pred = predictions.get(variant)
            if pred is None:
                continue
            if part != "mistakes":
                c = len(self.class_names)
                matrix = confusion_matrix(np.clip(y, 0, c - 1), np.clip(pred, 0, c - 1), c)
                views.update_confusion(items, matrix, self.classroom)
            if part != "confusion" and variant == chosen and "mistakes" in self.items:
                views.update_mistakes(self.items["mistakes"], x, y, pred,
                                      self.class_names, self.palette(), self.classroom,
                                      self.tr("No mistakes in this sample"))

    # -- images: inside the network -------------------------------------------------------
    def _build_inside(self) -> None:
        self.items["inside"] = True
        self.items["filters"] = views.build_single_image(
            self, self.graphics.ci, 1, 0, self.tr("Filters of the chosen Conv2D layer "
                                                  "(blue negative, red positive)"), True)
        self.items["maps_layout"] = self.graphics.addLayout(row=2, col=0)
        self.items["maps_layout"].geometryChanged.connect(self._on_maps_resized)
        self.items["maps"] = None
        self.add_label(self.tr("Click a feature map to see it large."), 3, 0)
        # the feature maps get two thirds of the height: they are what a student reads
        # (the filters are a few 3x3 tiles); on a classroom screen each map stays legible
        self.graphics.ci.layout.setRowStretchFactor(1, 1)
        self.graphics.ci.layout.setRowStretchFactor(2, 2)

    def _map_columns(self, n_plots: int) -> int:
        """The column count that makes ``n_plots`` feature maps largest in their area now."""
        rect = self.items["maps_layout"].geometry()
        return views.map_columns(n_plots, rect.width(), rect.height(),
                                 title_height=40.0 if self.classroom else 28.0)

    def _on_maps_resized(self) -> None:
        """A resize that changes the best grid of feature maps rebuilds it on the next tick."""
        maps = self.items.get("maps")
        if maps and self.items.get("map_cols") != self._map_columns(len(maps)):
            self.items["maps"] = None
            self._last_compute = 0.0
            self.invalidate()

    def _update_inside(self) -> None:
        variant = self.variant_box.currentData() or self.store.variants()[0]
        provider = self._provider(variant)
        if provider is None or not hasattr(provider, "layer_outputs"):
            raise ValueError(self.tr("this model provider cannot show layer outputs"))
        kernels = [(name, w) for name, kind, w in provider.layer_weights() if w.ndim == 4]
        names = [name for name, _ in kernels]
        if [self.layer_box.itemText(i) for i in range(self.layer_box.count())] != names:
            self.layer_box.blockSignals(True)
            self.layer_box.clear()
            self.layer_box.addItems(names)
            self.layer_box.blockSignals(False)
        if kernels:
            views.update_filters(self.items["filters"],
                                 kernels[max(0, self.layer_box.currentIndex())][1])
        else:
            self.items["filters"]["image"].clear()
            self.items["filters"]["plot"].setTitle(self.tr("This network has no Conv2D layer"))
        sample = self.x[self.sample_box.value(): self.sample_box.value() + 1]
        outs = [(n, a) for n, kind, a in provider.layer_outputs(sample.astype(np.float32))
                if a is not None and a.ndim == 4]
        cols = self._map_columns(len(outs) + 1)
        if (self.items["maps"] is None or len(self.items["maps"]) != len(outs) + 1
                or self.items.get("map_cols") != cols):
            layout = self.items["maps_layout"]
            layout.clear()
            # the input and one plot per layer in the grid that gives each map the largest
            # side in the space there is (one row on a wide screen, wrapped in a narrow dock)
            self.items["map_cols"] = cols
            self.items["maps"] = [views.build_single_image(self, layout, 0, 0,
                                                           self.tr("input"), False)]
            for k, (name, _) in enumerate(outs, start=1):
                row, col = divmod(k, cols)
                self.items["maps"].append(views.build_single_image(self, layout, row, col,
                                                                   name, False))
            self._restyle()
        views.update_input_image(self.items["maps"][0], sample[0])
        for items, (name, out) in zip(self.items["maps"][1:], outs):
            views.update_feature_map(items, out)
            items["name"] = name

    def enlarge_map(self, index: int) -> QWidget | None:
        """Open feature map ``index`` (0: the input image) large, in its own window."""
        maps = self.items.get("maps") or []
        if not 0 <= index < len(maps) or maps[index]["image"].image is None:
            return None
        title = maps[index].get("name") or self.tr("input")
        dialog = views.EnlargedImageDialog(maps[index]["image"], title, self)
        dialog.show()
        self.enlarged = dialog
        return dialog

    def _on_scene_clicked(self, event) -> None:
        """A click on a feature map (or the input image) shows it large."""
        for k, items in enumerate(self.items.get("maps") or []):
            if items["plot"].sceneBoundingRect().contains(event.scenePos()):
                self.enlarge_map(k)
                return


def _demo_setup(panel: OutcomePanel, store: RunStore, args):
    from dlstudio.gui.plots.demo_outcome import attach_demo_model

    return attach_demo_model(panel, args)


if __name__ == "__main__":
    from dlstudio.gui.plots.demo import run_demo

    raise SystemExit(run_demo(OutcomePanel, setup=_demo_setup))
