"""What a transfer run shows: validation accuracy per epoch by phase, and a comparison table."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem

from dlstudio.gui.plots import legend_below, ranges
from dlstudio.gui.plots.axes import PercentAxisItem, spaced_axes
from dlstudio.gui.plots.style import PALETTE, live_plot_item, pen, style_plot, theme_colors
from dlstudio.gui.seconds_text import seconds_text
from dlstudio.gui.widgets.fitting_columns import ColumnFitter
from dlstudio.gui.widgets.restyle import RestyleMixin
from dlstudio.gui.widgets.retranslate import RetranslateMixin

PHASE_COLORS = {"head": PALETTE[0], "fine_tune": PALETTE[1]}
#: legend entries, translated when shown (context ``PhaseCurveWidget``)
PHASE_LABELS = {"head": QT_TRANSLATE_NOOP("PhaseCurveWidget", "new head"),
                "fine_tune": QT_TRANSLATE_NOOP("PhaseCurveWidget", "fine-tuning"),
                # a run that reuses no layer trains the whole network: it has no "new head"
                "scratch": QT_TRANSLATE_NOOP("PhaseCurveWidget", "from scratch")}
#: the data area's least height, in lines of the widget's font, under which the legend and
#: the axis do not squeeze it (three classroom-size legend rows left no data area: W16-16;
#: at 7 lines, ~90 px at 1366x768, A at 96% and B at 97% lay on one line: walker30; the
#: page scrolls when the room is less)
MIN_DATA_LINES = 12
#: the accuracy axis's titles: the whole one when the axis is tall enough for it, else the
#: short one ("validation accurac" was cut at 1366x768: walker28 W28-4); the tooltip says
#: the whole one
Y_TITLE = QT_TRANSLATE_NOOP("PhaseCurveWidget", "validation accuracy (%)")
Y_TITLE_SHORT = QT_TRANSLATE_NOOP("PhaseCurveWidget", "accuracy (%)")


class PhaseCurveWidget(RestyleMixin, RetranslateMixin, pg.PlotWidget):
    """Validation accuracy per epoch; the fine-tuning phase continues the epoch count.
    Its axis titles and legend follow the UI language, its colours the theme. The accuracy
    axis is in percent, as the table under it, from 0 to 100% (from the 5% step under the
    lowest point when every point is high, as the Convergence plot's): an axis fitted to
    the points ran above 100% for equal points and blew 98.15-98.25% up to the plot's
    height (walker28 W28-4)."""

    def __init__(self, parent=None):
        axes = spaced_axes(integer_x=True)                  # whole epochs
        axes["left"] = PercentAxisItem("left")
        super().__init__(parent, axisItems=axes)
        self.classroom = False
        item = self.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.25)
        for axis in ("left", "bottom"):
            item.getAxis(axis).enableAutoSIPrefix(False)
        legend_below.add(item)          # under the axis: it hides no curve (W16-16)
        ranges.hold_accuracy_axis(item)     # no zoom takes it past 0-100% (W33-7)
        item.setLimits(xMin=0.0)            # nor the epochs below 0 (Ctrl + wheel: -2000)
        self.curves = {phase: item.plot([], [], pen=pen(color, base=2.0), symbol="o",
                                        symbolSize=6, symbolBrush=color,
                                        name=self.tr(PHASE_LABELS[phase]))
                       for phase, color in PHASE_COLORS.items()}
        self.data: dict[str, tuple[list, list]] = {p: ([], []) for p in PHASE_COLORS}
        #: a lesson step's runs (``show_runs``): (curve, the run's setup, phase)
        self.run_curves: list[tuple[pg.PlotDataItem, dict, str]] = []
        self.retranslate()
        self.follow_theme()
        self._range_accuracy()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Room for the legend's rows and the x axis under ``MIN_DATA_LINES`` of data."""
        hint = super().minimumSizeHint()
        item = live_plot_item(self)
        if item is None or item.legend is None:
            return hint
        legend = item.legend.effectiveSizeHint(Qt.SizeHint.PreferredSize).height()
        height = (legend + item.getAxis("bottom").height()
                  + MIN_DATA_LINES * self.fontMetrics().height())
        return QSize(hint.width(), max(hint.height(), round(height)))

    def resizeEvent(self, ev) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(ev)
        self.updateGeometry()          # a new width may give the legend other rows
        self._title_accuracy_axis()    # a new height may have room for the whole title

    def _title_accuracy_axis(self) -> None:
        """The whole title on the accuracy axis when the axis is tall enough, else the
        short one (both with the whole one as tooltip)."""
        item = live_plot_item(self)
        if item is None:
            return
        axis = item.getAxis("left")
        whole = self.tr(Y_TITLE)
        font = axis.label.font()
        room = axis.size().height() or self.height() / 2
        title = whole if QFontMetricsF(font).horizontalAdvance(whole) + 8 <= room \
            else self.tr(Y_TITLE_SHORT)
        if axis.labelText != title:
            item.setLabel("left", title)
        axis.setToolTip(whole)

    def _range_accuracy(self) -> None:
        """The accuracy axis from 0 to 100%, or from ``ranges.accuracy_floor`` of the points
        drawn when they are all high; the epochs range themselves."""
        shown = [np.asarray(ys, np.float64) for _, ys in self.data.values()]
        shown += [np.asarray(curve.getData()[1], np.float64) for curve, _, _ in self.run_curves
                  if curve.getData()[1] is not None]
        floor = ranges.accuracy_floor(shown)
        self.getPlotItem().setYRange(floor, 1.0, padding=0.02)

    def retranslate(self) -> None:
        item = live_plot_item(self)
        if item is None:           # closed: nothing to show
            return
        item.setLabel("bottom", self.tr("epoch"))
        for phase, curve in self.curves.items():
            name = self.tr(PHASE_LABELS[phase])
            curve.opts["name"] = name
            label = item.legend.getLabel(curve) if item.legend is not None else None
            if label is not None:
                label.setText(name)
        for curve, setup, phase in self.run_curves:
            name = self.run_label(setup, phase)
            curve.opts["name"] = name
            label = item.legend.getLabel(curve) if item.legend is not None else None
            if label is not None:
                label.setText(name)
        if item.legend is not None:
            item.legend.updateSize()        # renamed entries: their new width
        style_plot(item, self.palette(), self.classroom)
        self._title_accuracy_axis()         # in the new language's width
        self.updateGeometry()

    def clear_points(self) -> None:
        """Empty the plot for a new run of the panel (a lesson's runs go too)."""
        item = self.getPlotItem()
        for curve, _, _ in self.run_curves:
            item.removeItem(curve)
        if self.run_curves and item.legend is not None:
            for phase, curve in self.curves.items():
                item.legend.addItem(curve, self.tr(PHASE_LABELS[phase]))
        self.run_curves = []
        self.data = {p: ([], []) for p in PHASE_COLORS}
        for curve in self.curves.values():
            curve.setData([], [])
        # nothing drawn ranges nothing: the axes went on showing the old runs' epochs and
        # accuracies (walker26 W26-18); back to a new plot's, and the next points range it
        item.getViewBox().setRange(xRange=(0, 1), yRange=(0, 1), padding=0,
                                   disableAutoRange=False)
        item.enableAutoRange()
        self._range_accuracy()
        self.updateGeometry()

    def run_label(self, setup: dict, phase: str) -> str:
        """The legend entry of a lesson run's ``phase``: its new head says how many layers
        it reused and froze ("B: 5 layers reused, 2 frozen, new head"; B and C differing
        only there were both "new head": walker13 W13-11; a run on cached features says so,
        walker16 W16-18), fine-tuning says it is the dashed line (the legend's swatch is too
        short to show the dashes), a run reusing no layer is "A: from scratch" (W10-11)."""
        run = setup["name"]
        if phase == "head" and setup.get("cached"):   # B and C differed only there (W16-18)
            return self.tr("{run}: {reuse} layers reused, {frozen} frozen, cached features, "
                           "new head").format(run=run, reuse=setup.get("reuse", 0),
                                              frozen=setup.get("frozen", 0))
        if phase == "head":
            return self.tr("{run}: {reuse} layers reused, {frozen} frozen, new head").format(
                run=run, reuse=setup.get("reuse", 0), frozen=setup.get("frozen", 0))
        if phase == "fine_tune":
            return self.tr("{run}: fine-tuning (dashed)").format(run=run)
        label = self.tr(PHASE_LABELS[phase])
        return f"{run}: {label}"

    def show_runs(self, setups: list[dict]) -> None:
        """Draw a lesson step's runs instead of the panel's own: each run in its variant's
        colour ("B" orange...), the new head solid, fine-tuning dashed, named by
        ``run_label``."""
        self.clear_points()
        item = self.getPlotItem()
        if setups and item.legend is not None:
            for curve in self.curves.values():
                item.legend.removeItem(curve)
        for i, setup in enumerate(setups):
            name = setup["name"]
            color = PALETTE["ABCD".index(name) if name in "ABCD" and name else i % len(PALETTE)]
            for phase, points, style in (("head", setup["head_curve"], Qt.PenStyle.SolidLine),
                                         ("fine_tune", setup["fine_curve"],
                                          Qt.PenStyle.DashLine)):
                if not points:
                    continue
                xs, ys = zip(*points)
                if phase == "head" and not setup.get("reuse"):
                    phase = "scratch"
                curve = item.plot(list(xs), list(ys),
                                  pen=pen(color, self.classroom, base=2.0, style=style),
                                  symbol="o", symbolSize=10 if self.classroom else 6,
                                  symbolBrush=color, name=self.run_label(setup, phase))
                self.run_curves.append((curve, setup, phase))
        self._range_accuracy()
        self.updateGeometry()               # the legend's rows changed

    def add_point(self, phase: str, epoch: int, accuracy: float) -> None:
        """Add the end of ``epoch`` (0-based within its phase)."""
        xs, ys = self.data[phase]
        offset = len(self.data["head"][0]) if phase == "fine_tune" else 0
        xs.append(offset + epoch + 1)
        ys.append(accuracy)
        self.curves[phase].setData(xs, ys)
        self._range_accuracy()

    def restyle(self) -> None:
        """Background, axes and legend in the theme's colours (W19-10)."""
        item = live_plot_item(self)
        if item is None:           # closed: nothing to show
            return
        self.setBackground(theme_colors(self.palette())["background"])
        style_plot(item, self.palette(), self.classroom)

    def set_classroom(self, on: bool) -> None:
        self.classroom = bool(on)
        style_plot(self.getPlotItem(), self.palette(), self.classroom)
        for phase, curve in self.curves.items():
            curve.setPen(pen(PHASE_COLORS[phase], self.classroom, base=2.0))
            curve.setSymbolSize(10 if self.classroom else 6)
        self._title_accuracy_axis()         # in the new type size
        self.updateGeometry()               # the legend's text size changed


class HistoryTableWidget(RetranslateMixin, QTableWidget):
    """One row per finished transfer run, for comparing reuse / freezing / caching."""

    HEADERS = (QT_TRANSLATE_NOOP("HistoryTableWidget", "Reuse"),
               QT_TRANSLATE_NOOP("HistoryTableWidget", "Frozen"),
               QT_TRANSLATE_NOOP("HistoryTableWidget", "Cached"),
               QT_TRANSLATE_NOOP("HistoryTableWidget", "Head acc."),
               QT_TRANSLATE_NOOP("HistoryTableWidget", "Fine-tuned acc."),
               QT_TRANSLATE_NOOP("HistoryTableWidget", "Train s"),
               QT_TRANSLATE_NOOP("HistoryTableWidget", "Cache s"))

    #: rows the table always has room for (a lesson step compares up to three runs; 2.5
    #: rows showed at 1366x768: W10-11)
    SHOWN_ROWS = 3

    def __init__(self, parent=None):
        super().__init__(0, len(self.HEADERS), parent)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.entries: list[dict] = []
        # the columns share the panel's width (a sideways scroll bar hid "Cache s": W25-10)
        self.fitter = ColumnFitter(self)
        self.retranslate()

    def minimumSizeHint(self):  # noqa: N802 (Qt's name)
        """Room for the header, ``SHOWN_ROWS`` rows and a horizontal scroll bar."""
        hint = super().minimumSizeHint()
        rows = self.SHOWN_ROWS * self.verticalHeader().defaultSectionSize()
        header = self.horizontalHeader()
        height = (max(header.sizeHint().height(), header.minimumHeight()) + rows
                  + self.horizontalScrollBar().sizeHint().height() + 2 * self.frameWidth())
        hint.setHeight(max(hint.height(), height))
        return hint

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([self.tr(h) for h in self.HEADERS])
        for row, e in enumerate(self.entries):
            self._fill(row, e)
        self.fitter.fit()                  # headers never overlap, even with no rows yet

    def add_entry(self, e: dict) -> None:
        if any(entry.get("name") for entry in self.entries):   # a lesson's rows go
            self.entries = []
            self.setRowCount(0)
            self.verticalHeader().setVisible(False)
        self.entries.append(dict(e))
        row = self.rowCount()
        self.insertRow(row)
        self._fill(row, e)
        self.fitter.fit()

    def clear_entries(self) -> None:
        """No rows (a lesson's named rows included)."""
        self.show_named_entries([])

    def show_named_entries(self, entries: list[dict]) -> None:
        """Replace the rows by a lesson step's runs, each row headed by its name ("B")."""
        self.entries = [dict(e) for e in entries]
        self.setRowCount(len(self.entries))
        for row, e in enumerate(self.entries):
            self._fill(row, e)
        self.setVerticalHeaderLabels([e.get("name", "") for e in self.entries])
        self.verticalHeader().setVisible(bool(self.entries))
        self.fitter.fit()

    def _fill(self, row: int, e: dict) -> None:
        cells = [str(e["reuse"]), str(e["frozen"]), self.tr("yes") if e["cached"] else
                 self.tr("no"), _fmt(e["head"]), _fmt(e["fine_tune"]),
                 seconds_text(e["train_seconds"]), seconds_text(e["cache_seconds"])]
        for col, text in enumerate(cells):
            self.setItem(row, col, QTableWidgetItem(text))


def _fmt(value) -> str:
    """An accuracy in percent, as the lesson's verdict and the status line write it
    (walker26 W26-8: the table said 0.960 beside a verdict saying 96.0%)."""
    return "—" if value is None else f"{value:.1%}"
