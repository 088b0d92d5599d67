"""Learning-rate schedule chooser and a small plot of the rate over the whole run."""
from __future__ import annotations

import logging

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from dlstudio.gui.plots.scene_index import unindexed
from dlstudio.gui.plots.style import live_plot_item
from dlstudio.gui.widgets.param_form import compact, ParamFormWidget, tr_help
from dlstudio.gui.widgets.retranslate import RetranslateMixin

log = logging.getLogger(__name__)

#: parameters the schedule takes from the learning-rate field instead of its own form
_RATE_PARAMS = ("initial_learning_rate", "learning_rate")


def schedule_registry():
    try:
        from dlstudio.engine.schedules import SCHEDULES
    except ImportError:
        return None
    return SCHEDULES


class ScheduleWidget(QWidget):
    """Constant rate or a registry schedule with its parameters; value is a dict or None."""

    sigEdited = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.registry = schedule_registry()
        self.combo = compact(QComboBox(self))
        self.combo.setObjectName("schedule_combo")
        self.combo.addItem("", None)
        if self.registry is not None:
            for e in self.registry.entries():
                if e.name not in ("constant",):
                    self.combo.addItem(e.display, e.name)
        self.form = ParamFormWidget(parent=self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.combo)
        lay.addWidget(self.form)
        self.combo.activated.connect(self._on_combo_activated)
        self.form.sigChanged.connect(lambda *_: self.sigEdited.emit(self.value()))
        self._show(None, {})

    def retranslate(self) -> None:
        self.combo.setItemText(0, self.tr("constant"))
        for i in range(1, self.combo.count()):
            e = self.registry.entry(self.combo.itemData(i))
            self.combo.setItemText(i, tr_help(e.display))
            self.combo.setItemData(i, tr_help(e.help), 3)
        self.form.retranslate()

    def _params(self, name):
        if name is None or self.registry is None:
            return ()
        return tuple(p for p in self.registry.entry(name).params if p.name not in _RATE_PARAMS)

    def _show(self, name, config: dict) -> None:
        params = self._params(name)
        self.form.set_params(params, config)
        self.form.setVisible(bool(params))

    def _on_combo_activated(self, _i: int) -> None:
        self._show(self.combo.currentData(), {})
        self.sigEdited.emit(self.value())

    def value(self) -> dict | None:
        name = self.combo.currentData()
        if name is None:
            return None
        return {"name": name, **self.form.values()}

    def set_value(self, schedule: dict | None) -> None:
        blocker = QSignalBlocker(self.combo)
        name, config = None, {}
        if schedule:
            config = dict(schedule)
            name = config.pop("name", None) or config.pop("class_name", None)
            config.update(config.pop("config", {}) or {})
            if self.registry is not None and name is not None:
                try:
                    name = self.registry.resolve(name)
                except KeyError:
                    name = None
        self.combo.setCurrentIndex(max(0, self.combo.findData(name)))
        del blocker
        form_blocker = QSignalBlocker(self.form)
        if self.form.params != self._params(name):
            self._show(name, config)
        else:
            self.form.set_values(config)
        del form_blocker


class SchedulePlotWidget(RetranslateMixin, pg.PlotWidget):
    """The learning rate over every step of the planned run."""

    def __init__(self, parent: QWidget | None = None):
        from dlstudio.gui.plots.axes import spaced_axes

        super().__init__(parent, axisItems=spaced_axes(integer_x=True))
        unindexed(self)
        self.setObjectName("schedule_plot")
        self.setMinimumHeight(110)
        self.setMaximumHeight(150)
        self.hideButtons()
        self.setMenuEnabled(False)
        self.setMouseEnabled(False, False)
        self._set_colors()
        self.curve = self.plot([], [], pen=pg.mkPen("#2f6fd0", width=2))
        self.rates = np.zeros(0)
        self.retranslate()

    def _set_colors(self) -> None:
        """The theme's background, and axes and ticks in its text colour (pyqtgraph's grey
        ticks were hard to read on a projector: W11-18)."""
        self.setBackground(self.palette().base().color())
        item = live_plot_item(self)
        if item is None:
            return
        text = self.palette().text().color()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(text))
            axis.setTextPen(pg.mkPen(text))

    def retranslate(self) -> None:
        item = live_plot_item(self)
        if item is not None:        # (None once closed)
            item.setLabel("bottom", self.tr("step"))

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.PaletteChange:   # light/dark theme switched
            self._set_colors()
        super().changeEvent(event)

    def show_schedule(self, learning_rate: float, schedule: dict | None, total_steps: int,
                      steps_per_epoch: int = 1) -> None:
        steps = np.unique(np.linspace(0, max(1, total_steps), 200).astype(int))
        try:
            from dlstudio.training.learning_rate import LearningRate

            lr = LearningRate(learning_rate, schedule)
            rates = np.array([lr.at(int(s)) for s in steps])
        except Exception as exc:  # an unfinished schedule setting: show the base rate
            log.debug("cannot evaluate schedule %r: %s", schedule, exc)
            rates = np.full(len(steps), float(learning_rate))
        self.rates = rates
        self.curve.setData(steps, rates)
        top = float(np.nanmax(rates)) if len(rates) and np.isfinite(rates).any() else 1.0
        self.setYRange(0.0, max(top, 1e-12) * 1.1, padding=0)
        self.setXRange(0, max(1, int(steps[-1])), padding=0.02)
