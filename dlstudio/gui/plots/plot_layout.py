"""The plot-building blocks of a plot panel (``PlotLayoutMixin``, mixed into
:class:`~dlstudio.gui.plots.base.BasePanel`): styled plots (``add_plot``), lines of text and
section headings that say which colour is which variant, legends in a cell of their own,
pens, and restyling all of them when the palette or classroom mode changes. The texts keep
the ``BasePanel`` translation context.

A heading can name its section (``add_heading(..., section="histograms")``): a lesson step
that brings the panel forward scrolls the page to it (``show_section``, ``select_view``).
"""
from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGraphicsItem

from dlstudio.gui.plots import axes, corner_legend, labels, legend_below, style
from dlstudio.gui.plots.view_box import MenuOnDemandViewBox

translate = QCoreApplication.translate


class PlotLayoutMixin:
    """Builds and styles the panel's plots (it uses the panel's ``graphics``, ``store``,
    ``classroom``, palette and ``mark_step_axis``)."""

    def _init_plot_layout(self) -> None:
        """The lists of what was built (called once, before the first build)."""
        self._plots: list[pg.PlotItem] = []
        self._labels: list[tuple[pg.LabelItem, str, bool]] = []
        self._side_legends: list[pg.LegendItem] = []
        #: the headings of the page's sections, by name, top to bottom (``show_section``)
        self._sections: dict[str, pg.LabelItem] = {}
        #: headings naming the moment shown: (label, words, key, step they name)
        self._step_headings: list[tuple[pg.LabelItem, Callable[[int | None], str], str,
                                        int | None]] = []

    def _clear_graphics(self) -> None:
        """Remove every plot item; the next build starts from an empty page."""
        self.graphics.clear()
        self._plots.clear()
        self._step_cursors.clear()
        self._labels.clear()
        self._side_legends.clear()
        self._sections.clear()
        self._step_headings.clear()

    def add_plot(self, row: int, col: int, title: str = "", x_label: str = "",
                 y_label: str = "", log_y: bool = False, legend: bool = False,
                 rowspan: int = 1, colspan: int = 1,
                 layout: pg.GraphicsLayout | None = None, grid: bool = True,
                 over_steps: bool = False) -> pg.PlotItem:
        """A styled plot at (row, col) of the panel's layout (or of a nested ``layout``).

        ``over_steps``: the x axis is the training step (the timeline's cursor shows there;
        ticks at whole steps only).

        ``grid`` draws grid lines (they cost about a third of a plot's paint time, so small
        multiples, heatmaps and bar charts go without).
        """
        layout = layout if layout is not None else self.graphics.ci
        plot = layout.addPlot(row=row, col=col, rowspan=rowspan, colspan=colspan,
                              axisItems=axes.spaced_axes(integer_x=over_steps),
                              viewBox=MenuOnDemandViewBox())
        labels.fit_title(plot)          # a long title shortens; it never widens the plot
        if title:
            plot.setTitle(title)
        if x_label:
            plot.setLabel("bottom", x_label)
        if y_label:
            plot.setLabel("left", y_label)
        plot.setLogMode(y=log_y)
        for side in ("left", "bottom"):
            # axes (ticks, labels, grid) are drawn from a pixmap until their range changes:
            # replaying them costs more than drawing the curves
            plot.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        for side in ("left", "bottom"):                   # "(x0.001)" confuses students
            plot.getAxis(side).enableAutoSIPrefix(False)
        if grid:
            plot.showGrid(x=True, y=True, alpha=0.25)
        for side in ("left", "bottom"):
            # grid lines for major and minor ticks only: the finest level costs a third of
            # a frame (translucent lines across every plot) and adds little
            plot.getAxis(side).setStyle(maxTickLevel=1)
        plot.setMenuEnabled(True)
        if legend:
            corner_legend.add(plot, (-6, 6), labelTextSize=f"{style.legend_size(self.classroom)}pt")
        self._plots.append(plot)
        if over_steps:
            self.mark_step_axis(plot)
        return plot

    def add_label(self, text: str, row: int, col: int, colspan: int = 1,
                  bold: bool = False, layout: pg.GraphicsLayout | None = None
                  ) -> pg.LabelItem:
        """A line of text in the layout (headings, "nothing to show here" notes)."""
        layout = layout if layout is not None else self.graphics.ci
        label = labels.FittingLabelItem("", mode="wrap")      # wraps instead of widening
        layout.addItem(label, row=row, col=col, colspan=colspan)
        self._labels.append((label, text, bold))
        label.setText(style.label_html(text, self.palette(), self.classroom, bold))
        return label

    def variant_key(self, variants: list[str]) -> str:
        """"■ A  ■ B" in the variants' colours (HTML, for a heading); "" for a single run."""
        if len(variants) < 2:
            return ""
        return "  ".join(f'<span style="color:{style.variant_color(j)}">\u25a0</span> '
                         f"{style.variant_label(v, self.store)}" for j, v in enumerate(variants))

    def add_heading(self, text: str, key: str, row: int, colspan: int = 1,
                    layout: pg.GraphicsLayout | None = None,
                    section: str | None = None) -> pg.LabelItem:
        """A section's heading; with ``key`` (from :meth:`variant_key`) it also says which
        colour is which variant, so no legend has to cover the plots. ``section`` names the
        section for ``show_section`` (headings are added top to bottom)."""
        label = self.add_label(self._heading_text(text, key), row, 0, colspan=colspan,
                               layout=layout)
        if section:
            self._sections[section] = label
        return label

    @staticmethod
    def _heading_text(text: str, key: str) -> str:
        if key:
            text = translate("BasePanel", "{heading}  (colours: {key})").format(heading=text,
                                                                              key=key)
        return text

    def add_step_heading(self, words: Callable[[int | None], str], key: str, row: int,
                         colspan: int = 1, layout: pg.GraphicsLayout | None = None,
                         section: str | None = None) -> pg.LabelItem:
        """A heading over what the page shows of one moment of the run (histograms):
        ``words(step)`` is its text for the step the timeline is scrubbed to (None: the live
        run, "now"); it follows the timeline (``follow_step_headings``). Else as
        ``add_heading``."""
        step = self.store.pinned_step
        label = self.add_heading(words(step), key, row, colspan, layout, section)
        self._step_headings.append((label, words, key, step))
        return label

    def follow_step_headings(self) -> None:
        """Let the headings of ``add_step_heading`` name the step the page shows now."""
        step = self.store.pinned_step
        for i, (label, words, key, shown) in enumerate(self._step_headings):
            if shown != step:
                self.set_label_text(label, self._heading_text(words(step), key))
                self._step_headings[i] = (label, words, key, step)

    def select_view(self, key: str) -> None:
        """Show the view ``key`` a lesson step names (its ``show.view``): on this page, the
        section of that name (``show_section``)."""
        self.show_section(key)

    def section_names(self) -> list[str]:
        """The sections ``show_section`` can scroll to, top to bottom (as now built)."""
        return list(self._sections)

    def show_section(self, section: str | None = None) -> None:
        """Scroll the page to ``section`` (a heading's ``section`` name; None or unknown:
        the page's top), now and after the plots are built anew for the next run, until the
        user scrolls: a step that brings the panel forward shows the plot it names, not the
        place an earlier step left the page at (walker12 W12-1, W12-3)."""
        def part():
            names = list(self._sections)
            if section not in names:
                return None
            i = names.index(section)
            end = self._sections[names[i + 1]] if i + 1 < len(names) else None
            return self._sections[section], end

        self.canvas.keep_in_view(part)

    def set_label_text(self, label: pg.LabelItem, text: str, bold: bool = False) -> None:
        """Change the text of ``label`` (made by ``add_label``); restyling keeps it."""
        for i, (item, _, b) in enumerate(self._labels):
            if item is label:
                self._labels[i] = (item, text, bold)
        label.setText(style.label_html(text, self.palette(), self.classroom, bold))

    def add_side_legend(self, row: int, col: int, rowspan: int = 1,
                        layout: pg.GraphicsLayout | None = None) -> pg.LegendItem:
        """A legend in its own layout cell (beside the plots, so it hides no data)."""
        layout = layout if layout is not None else self.graphics.ci
        holder = layout.addLayout(row=row, col=col, rowspan=rowspan)
        legend = pg.LegendItem()
        holder.addItem(legend, row=0, col=0)
        holder.addLabel("", row=1, col=0)          # takes the height the entries do not need
        holder.layout.setRowStretchFactor(0, 0)
        holder.layout.setRowStretchFactor(1, 1)
        for c in range(col):                       # plots widen, the legend keeps its width
            layout.layout.setColumnStretchFactor(c, 10)
        layout.layout.setColumnStretchFactor(col, 0)
        self._side_legends.append(legend)
        return legend

    def add_row_legend(self, row: int, plots: list[pg.PlotItem]) -> pg.LegendItem:
        """A legend in ``row`` of the page, under the row of ``plots`` (columns 0, 1, ...),
        in as many columns as their width holds (``legend_below.add_row``): it takes none of
        the plots' width."""
        legend = legend_below.add_row(self.graphics.ci, row, plots)
        self._side_legends.append(legend)
        return legend

    def pen(self, color, base: float = 1.6, **kw):
        """A pen in ``color``, ``base`` pixels wide (wider in classroom mode)."""
        return style.pen(color, self.classroom, base, **kw)

    def _apply_background(self) -> None:
        self.graphics.setBackground(style.theme_colors(self.palette())["background"])

    def _restyle(self) -> None:
        """Style every plot, label and side legend for the palette and the mode."""
        for plot in self._plots:
            style.style_plot(plot, self.palette(), self.classroom)
        for label, text, bold in self._labels:
            label.setText(style.label_html(text, self.palette(), self.classroom, bold))
        for legend in self._side_legends:
            style.style_legend(legend, self.palette(), self.classroom, alpha=0)

    @property
    def plots(self) -> list[pg.PlotItem]:
        """The plot items currently shown (for tests and exports)."""
        return list(self._plots)
