"""Units: one chosen layer, unit by unit.

Pooled statistics hide single units: a layer can look 30% dead because the same third of its
units never fire, or because every unit is off a third of the time. Choose a layer above the
plots (it becomes ``TelemetrySpec.unit_layer`` and is followed from the next Start; chosen
after a finished run, the trained network's units show at once: ``show_trained``), then:

- **Unit map**: for every unit, the share of the probe batch's outputs on the live side
  (ReLU family: above 0; sigmoid/tanh: not saturated). A dead (or fully saturated) unit is a
  short red bar at 0; bars near 1 are units that pass gradient for every example.
- **One unit over time**: the mean output of the unit chosen in ``unit_box`` (or by clicking
  its bars in the map; ``TelemetrySpec.unit_index``, the first by default) at every probe,
  so its drift during training shows. Every unit's history is recorded, so another unit can
  be followed after the run too; the title names the unit (walker17 W17-22).

In a comparison each variant gets its own colour, named in a legend under the x axis (a
corner legend sat on A's line). Run alone: ``python -m dlstudio.gui.plots.units``.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from dlstudio.gui.plots import legend_below, ranges, style
from dlstudio.gui.plots.base import BasePanel
from dlstudio.gui.run_store import RunStore
from dlstudio.gui.widgets.clamping_spin import ClampingSpinBox


class UnitsPanel(BasePanel):
    """Per-unit statistics of the layer chosen in ``layer_box``."""

    #: the user chose a layer to follow (0-based index) or None
    sigUnitLayerChosen = Signal(object)
    #: the user chose the unit (0-based index) whose output the lower plot follows
    sigUnitChosen = Signal(int)
    #: its placeholder says how units get recorded (a layer chosen before Start), run or not
    says_run_starting = False

    def __init__(self, store: RunStore, parent: QWidget | None = None):
        super().__init__(store, parent)
        self._layer_names: list[str] = []          # the layers offered (set_layer_names)
        self.layer_box = QComboBox()
        self.layer_box.setObjectName("unit_layer_box")
        self.layer_box.activated.connect(self._on_layer_box_activated)
        self.follow_label = QLabel()
        self.unit_label = QLabel()
        self.unit_box = ClampingSpinBox()
        self.unit_box.setObjectName("unit_box")
        self.unit_box.setRange(0, 9999)
        self.unit_box.valueChanged.connect(self._on_unit_box_changed)
        self.controls.addWidget(self.follow_label)
        self.controls.addWidget(self.layer_box)
        self.controls.addWidget(self.unit_label)
        self.controls.addWidget(self.unit_box)
        self.bars: dict[str, pg.BarGraphItem] = {}
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.map_plot: pg.PlotItem | None = None
        self.time_plot: pg.PlotItem | None = None
        self.unit_mark: pg.LinearRegionItem | None = None
        self.graphics.scene().sigMouseClicked.connect(self._on_scene_clicked)
        #: variant -> (layer, unit fields, step): a layer measured on the trained network
        #: after its run, shown where the run recorded none (show_trained; walker22 W22-5)
        self._trained: dict[str, tuple[int, dict, int]] = {}
        store.sigCleared.connect(self._forget_trained)
        self.set_layer_names([])
        self.retranslate_controls()

    def retranslate_controls(self) -> None:
        self.follow_label.setText(self.tr("Follow the units of"))
        self.layer_box.setItemText(0, self.tr("(no layer)"))
        self.unit_label.setText(self.tr("Unit over time"))
        tip = self.tr("The unit whose mean output the lower plot follows over time (or click "
                      "its bar in the unit map). Every unit is recorded: you can switch "
                      "during or after a run.")
        self.unit_label.setToolTip(tip)
        self.unit_box.setToolTip(tip)

    def placeholder_text(self) -> str:
        # the units are recorded only for the layer chosen while the network trains: after a
        # run that followed none, say so instead of "start training" (walker6 W6-27); once a
        # layer is chosen, not "choose a layer" (walker19 W19-12)
        box = getattr(self, "layer_box", None)      # (the base class asks before it exists)
        chosen = box.currentData() if box is not None else None
        if chosen is not None and chosen < len(self._layer_names):
            return self.tr("The units of %1 are recorded while the network trains, from the "
                           "next Start on: this page then shows which of them are dead or "
                           "saturated and how one unit's output changes.").replace(
                               "%1", self._layer_names[chosen])
        return self.tr("Choose a layer above. Its units are recorded while the network trains, "
                       "from the next Start on: this page then shows which of them are dead or "
                       "saturated and how one unit's output changes.")

    # -- the choice of layer ------------------------------------------------------------------
    def set_layer_names(self, names: list[str], chosen: int | None = None) -> None:
        """Offer the network's layers (chosen: the index followed now, or None)."""
        self.layer_box.blockSignals(True)
        self.layer_box.clear()
        self.layer_box.addItem(self.tr("(no layer)"), None)
        for i, name in enumerate(names):
            self.layer_box.addItem(f"{i + 1}. {name}", i)
        index = self.layer_box.findData(chosen) if chosen is not None else 0
        self.layer_box.setCurrentIndex(max(0, index))
        self.layer_box.blockSignals(False)
        self._layer_names = list(names)
        self.show_placeholder_text(self._placeholder())

    def _on_layer_box_activated(self, _index: int) -> None:
        self._forget_trained()
        self.show_placeholder_text(self._placeholder())
        self.sigUnitLayerChosen.emit(self.layer_box.currentData())

    def show_trained(self, variant: str, layer: int, fields: dict, step: int) -> None:
        """Show ``layer``'s units of ``variant`` as measured on its trained network after the
        run (``fields``: ``unit_mean``, ``unit_active``; ``step``: the run's last), where the
        run recorded none; forgotten on another choice of layer or a new run (W22-5)."""
        self._trained[variant] = (int(layer), dict(fields), int(step))
        self.refresh(force=True)

    def _forget_trained(self) -> None:
        if self._trained:
            self._trained = {}
            self.refresh(force=True)

    def _field(self, variant: str, layer: int, name: str):
        """The newest ``name`` (``unit_mean``/``unit_active``) of ``variant``'s ``layer``: the
        run's record, else the trained network's measurement."""
        value = self.store.latest_layer_field(variant, layer, name)
        trained = self._trained.get(variant)
        if value is None and trained is not None and trained[0] == layer:
            value = trained[1].get(name)
        return value

    def _history(self, variant: str, layer: int) -> tuple[np.ndarray, np.ndarray] | None:
        history = self.store.unit_history(variant, layer)
        trained = self._trained.get(variant)
        if history is None and trained is not None and trained[0] == layer \
                and trained[1].get("unit_mean") is not None:
            means = np.asarray(trained[1]["unit_mean"], np.float64)
            history = np.array([float(trained[2])]), means[None, :]
        return history

    # -- the choice of unit -------------------------------------------------------------------
    def set_unit(self, index: int) -> None:
        """Follow unit ``index`` (as the training spec says); does not emit
        ``sigUnitChosen``."""
        if int(index) == self.unit_box.value():
            return
        self.unit_box.blockSignals(True)
        self.unit_box.setValue(int(index))
        self.unit_box.blockSignals(False)
        self._unit_changed()

    def unit(self, variant: str) -> int | None:
        """The unit of ``variant``'s followed layer the lower plot shows (the chosen one, or
        the layer's last if it has fewer), or None without data."""
        sizes = self._unit_counts()
        size = sizes.get(variant, 0)
        return min(self.unit_box.value(), size - 1) if size else None

    def _on_unit_box_changed(self, value: int) -> None:
        self._unit_changed()
        self.sigUnitChosen.emit(int(value))

    def _unit_changed(self) -> None:
        self.refresh(force=True)

    def _on_scene_clicked(self, event) -> None:
        """A click on the unit map's bars follows that unit below."""
        plot = self.map_plot
        if plot is None or not self.bars or event.button() != Qt.MouseButton.LeftButton:
            return
        if not plot.vb.sceneBoundingRect().contains(event.scenePos()):
            return
        x = plot.vb.mapSceneToView(event.scenePos()).x()
        size = max(self._unit_counts().values(), default=0)
        unit = int(round(x))
        if 0 <= unit < size:
            self.unit_box.setValue(unit)

    def _unit_counts(self) -> dict[str, int]:
        """Variant -> the number of units of its followed layer."""
        out = {}
        for variant, layer in self.followed().items():
            means = self._field(variant, layer, "unit_mean")
            out[variant] = int(np.size(means))
        return out

    # -- data -----------------------------------------------------------------------------------
    def followed(self) -> dict[str, int]:
        """Variant -> index of the layer measured on its trained network after the run
        (``show_trained``: chosen since, it comes first; the page showed the recorded layer
        under a box naming the new one, walker23 W23-12), else of the layer whose units its
        newest telemetry describes."""
        out = {}
        for variant in self.store.variants():
            names = self._layers_of(variant)
            trained = self._trained.get(variant)
            if trained is not None and trained[0] < len(names):
                out[variant] = trained[0]
                continue
            for i in range(len(self.store.layer_names(variant))):
                if self.store.latest_layer_field(variant, i, "unit_mean") is not None:
                    out[variant] = i
                    break
        return out

    def _layers_of(self, variant: str) -> list[str]:
        """The layer names of ``variant``'s run, or, when its curves came back without them
        (a run restored after dlstudio closed during it: W23-12), the layers offered."""
        return list(self.store.layer_names(variant)) or list(self._layer_names)

    def _has_data(self) -> bool:
        return bool(self.followed())

    def _structure(self) -> tuple:
        return (tuple(sorted(self.followed().items())), self.classroom,
                self._shown_unit(), self._trained_step())

    def _trained_step(self) -> int | None:
        """The run's last step when the page shows units measured on the trained network
        (``show_trained``), else None."""
        for variant, layer in self.followed().items():
            trained = self._trained.get(variant)
            if trained is not None and trained[0] == layer and \
                    self.store.latest_layer_field(variant, layer, "unit_mean") is None:
                return trained[2]
        return None

    def _shown_unit(self) -> int | None:
        """The unit the lower plot shows (the same in every variant but a smaller layer's)."""
        units = [u for u in (self.unit(v) for v in self.followed()) if u is not None]
        return max(units) if units else None

    def _build(self, key: tuple) -> None:
        followed = dict(key[0])
        self.bars, self.curves, self._brushes = {}, {}, {}
        names = [self._layers_of(v)[i] for v, i in followed.items()]
        shown = ", ".join(dict.fromkeys(names))
        unit = key[2] if key[2] is not None else 0
        after_run = key[3]
        if after_run is None:
            map_title = self.tr("Unit map of %1: share of outputs on the live side "
                                "(0 = dead or saturated)").replace("%1", shown)
            time_title = self.tr("Unit %1 of %2 over time: its mean output")
        else:                           # measured on the trained network (W22-5)
            map_title = self.tr("Unit map of %1 in the trained network (step %2): share of "
                                "outputs on the live side (0 = dead or saturated)").replace(
                                    "%1", shown).replace("%2", str(after_run))
            time_title = self.tr("Unit %1 of %2 after the run: its mean output (followed "
                                 "over time from the next Start)")
        self.map_plot = self.add_plot(
            0, 0, map_title,
            self.tr("unit (click one to follow it below)"), self.tr("share"), grid=False)
        self.map_plot.setYRange(0, 1.05, padding=0)
        # the followed unit's column, shaded behind its bars
        self.unit_mark = pg.LinearRegionItem((unit - 0.45, unit + 0.45), movable=False,
                                             brush=pg.mkBrush(128, 128, 128, 45),
                                             pen=pg.mkPen(None))
        self.unit_mark.setZValue(-10)
        self.map_plot.addItem(self.unit_mark)
        self.time_plot = self.add_plot(
            1, 0, time_title.replace("%1", str(unit)).replace("%2", shown),
            self.tr("step"), self.tr("mean output"), over_steps=True)
        n = len(followed)
        if n > 1:                           # under the axis: a corner sat on A's line
            legend_below.add(self.time_plot,
                             labelTextSize=f"{style.legend_size(self.classroom)}pt")
        for j, variant in enumerate(followed):
            color = style.variant_color(j) if n > 1 else style.layer_color(
                followed[variant], len(self._layers_of(variant)))
            bars = pg.BarGraphItem(x=[], height=[], width=0.8 / n, brush=style.brush(color, 200),
                                   pen=pg.mkPen(None))
            self.map_plot.addItem(bars)
            # a dead unit (never on the live side) is drawn in the "exploding" red
            self._brushes[variant] = (style.brush(color, 200), style.brush("#e15759", 230))
            self.bars[variant] = bars
            self.curves[variant] = self.time_plot.plot(
                pen=self.pen(color, 1.8),
                name=style.variant_label(variant, self.store) if n > 1 else None)
        layout = self.graphics.ci.layout
        layout.setRowStretchFactor(0, 3)
        layout.setRowStretchFactor(1, 2)

    def _update(self) -> None:
        for _, _, job in self._jobs(True):
            job()

    def _jobs(self, layers_changed: bool) -> list:
        if not layers_changed:
            return []
        return [("map", len(self.bars), self._set_map), ("time", len(self.curves),
                                                         self._set_time)]

    def _set_map(self) -> None:
        followed = self.followed()
        n = max(1, len(self.bars))
        for j, (variant, bars) in enumerate(self.bars.items()):
            layer = followed.get(variant)
            active = (self._field(variant, layer, "unit_active")
                      if layer is not None else None)
            if active is None:
                bars.setOpts(x=[], height=[])
                continue
            active = np.asarray(active, np.float64)
            x = np.arange(active.size) + (j - (n - 1) / 2) * 0.8 / n
            live, dead = self._brushes[variant]
            bars.setOpts(x=x, height=np.maximum(active, 0.02), width=0.8 / n,
                         brushes=[dead if v <= 0 else live for v in active])
        sizes = [len(b.opts.get("x", [])) for b in self.bars.values()]
        if self.map_plot is not None and sizes and max(sizes):
            self.map_plot.setXRange(-0.7, max(sizes) - 0.3, padding=0)

    def _set_time(self) -> None:
        followed = self.followed()
        for variant, curve in self.curves.items():
            layer = followed.get(variant)
            if layer is None:
                continue
            history = self._history(variant, layer)
            unit = self.unit(variant)
            if history is None or unit is None:
                continue
            x, y = history[0], history[1][:, unit]
            keep = np.isfinite(y)
            x, y = x[keep], y[keep]
            style.set_series(curve, x, y, classroom=self.classroom)
        if self.time_plot is not None:
            curves = list(self.curves.values())
            ranges.apply(self.time_plot, [c.xData for c in curves],
                         [c.yData for c in curves], planned_x=self.planned_steps())


if __name__ == "__main__":
    from dlstudio.gui.plots.demo import run_demo

    raise SystemExit(run_demo(UnitsPanel))
