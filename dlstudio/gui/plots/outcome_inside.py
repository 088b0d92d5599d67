"""The "inside the network" part of the outcome panel: the filters of a chosen Conv2D layer
and the feature maps of a chosen input image, layer by layer (a click shows one large).

A mixin of :class:`~dlstudio.gui.plots.outcome.OutcomePanel` (it uses the panel's providers,
data, controls and plot helpers).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QWidget

from dlstudio.gui.plots import outcome_images as views


class InsideViewsMixin:
    """Filters and feature maps of one variant's network for one input image."""

    def _build_inside(self) -> None:
        self.items["inside"] = True
        self.items["filters"] = views.build_single_image(
            self, self.graphics.ci, 1, 0, self.tr("Filters of the chosen Conv2D layer "
                                                  "(blue negative, red positive)"), True)
        # the filter mosaic's shape follows its plot's (``filter_columns``): redrawn on resize
        self.items["filters"]["plot"].vb.sigResized.connect(self._on_filters_resized)
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

    def _on_filters_resized(self, *_args) -> None:
        """A resize that changes the best shape of the filter mosaic redraws it."""
        items = self.items.get("filters")
        shown = items["image"].image if items else None
        if shown is None:
            return
        vb = items["plot"].vb
        n = items.get("count", 0)
        if n and views.filter_columns(n, vb.width(), vb.height()) != items.get("cols"):
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
