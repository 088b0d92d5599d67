"""What every plot panel shares: redraw-on-change, classroom mode, export
(``plots/export.py``), the plot-building blocks (``plots/plot_layout.py``), the scrolling
canvas (``plots/canvas.py``), the timeline's cursor (``plots/step_cursors.py``), the
layout's build, now or in pieces ahead while hidden (``plots/page_builds.py``,
``plots/build_ahead.py``), the redraw's pieces waiting for the
next ticks (``plots/redraw_queue.py``), when the next redraw may come
(``plots/redraw_pacing.py``) and what the page says while it has no plots, "Drawing the
plots..." first on a page shown with plots still to build (``plots/page_placeholder.py``,
``plots/drawing_soon.py``).

A panel subclass implements

- ``_structure(self) -> tuple``: a description of the plot layout wanted now (variants,
  layers, options); when it changes, ``_build(key)`` recreates the plot items;
- ``_build(self, key)``: create plots with :meth:`add_plot` / :meth:`add_label`; it may be a
  generator whose every ``yield`` ends a piece of the build (about one plot), so that a
  hidden page can be built ahead in the GUI thread's idle time (``builds_ahead``);
- ``_update(self)``: push the store's data into the existing items (``setData``/``setImage``);
- optionally ``_has_data(self)`` (show the placeholder while it returns False);
- optionally ``_jobs(self, layers_changed)``: the redraw split into small pieces (one plot or
  one histogram each), so that a page of many plots is redrawn over a few timer ticks instead
  of in one long block of the GUI thread (see :meth:`BasePanel.refresh`).

The panel never owns a timer: :class:`dlstudio.gui.plots.PlotRefresher` calls
:meth:`BasePanel.refresh` for every visible panel 20-30 times a second, and the panel redraws
only when :attr:`RunStore.version` changed (or an option of its own did).

A panel never shows a picture of a run other than the current one (walker11 W11-5): a new
run (``RunStore.sigCleared``) puts every panel that draws runs back to its placeholder,
shown or hidden, and its plots are built anew for the new run; a hidden panel, which the
refresher skips, draws the current data completely the moment it is shown, instead of
replacing its old picture piece by piece over the redraw budget's ticks.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from dlstudio.gui.plots import ranges
from dlstudio.gui.plots.canvas import PlotCanvasWidget
from dlstudio.gui.plots.redraw_queue import RedrawQueue
from dlstudio.gui.plots.export import PanelExportMixin
from dlstudio.gui.plots.page_builds import PageBuildsMixin
from dlstudio.gui.plots.page_placeholder import PagePlaceholderMixin
from dlstudio.gui.plots.plot_layout import PlotLayoutMixin
from dlstudio.gui.plots.redraw_pacing import RedrawPacing
from dlstudio.gui.plots.step_cursors import StepCursors
from dlstudio.gui.run_store import RunStore
from dlstudio.gui.widgets.retranslate import RetranslateMixin


#: least plot heights grow by this factor in classroom mode (its fonts are larger)
CLASSROOM_HEIGHT = 1.5
#: samples per pixel that automatic downsampling keeps (see ``_tune_downsampling``)
DOWNSAMPLE_FACTOR = 2.0


class BasePanel(RetranslateMixin, PanelExportMixin, PlotLayoutMixin, PageBuildsMixin,
                PagePlaceholderMixin, QWidget):
    """A page of live plots fed by a :class:`RunStore` (subclasses name themselves ``...Panel``).

    Parameters
    ----------
    store : RunStore
        Where the telemetry history lives; read only.
    """

    #: emitted after a redraw that changed what is shown
    sigRedrawn = Signal()
    #: largest share of the GUI thread's time this panel may spend redrawing (None: no cap).
    #: The GUI thread's Python work competes with the trainer's thread for the GIL and the
    #: cores: at 0.25 the MLP trained at 12,700-23,900 examples/s in the window, at 0.10 at
    #: 16,100-26,000 (3 alternating pairs, headless ~31,000); a panel whose redraw costs
    #: 6 ms still redraws ~16 times a second
    redraw_share: float | None = 0.10
    #: most plot items (curves, images, bar sets) one refresh updates; further pieces of a
    #: redraw wait for the next ticks (None: everything at once). Each update also repaints
    #: its plot, so this bounds the longest stretch the GUI thread spends on this panel.
    items_per_tick: int | None = 12
    #: a rebuilt layout, and a panel just shown, is drawn completely in the same call (False:
    #: it fills in over ticks, for pages whose drawing is long work, e.g. evaluating a network)
    draw_all_on_build: bool = True
    #: the panel draws the store's run: a new run (the store cleared) takes its picture away
    #: at once, shown or not (False: its data is not a run's, e.g. the pre-flight check)
    draws_runs: bool = True

    def __init__(self, store: RunStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.classroom = False
        self._seen_version = -1
        self._seen_layer_version = -1
        self._draw_all_next = False          # see ``draw_all_soon``
        #: when the next redraw may come (``plots/redraw_pacing.py``)
        self.pacing = RedrawPacing()
        #: redraw pieces waiting for a later tick
        self._pending = RedrawQueue()
        #: plot items updated by the last refresh (for tests and measurements)
        self.last_items = 0
        self._init_builds()
        self._init_plot_layout()
        self._step_cursors = StepCursors()

        self.controls = QHBoxLayout()
        self.controls.setContentsMargins(4, 2, 4, 0)
        self._build_export_button()

        # a page of many plots that would be squeezed below readable sizes asks for a
        # minimum height (``set_canvas_minimum_height``) and scrolls instead
        self.canvas = PlotCanvasWidget()
        self.graphics = self.canvas.graphics
        # right-click on any plot offers the same exports (instead of pyqtgraph's dialog, whose
        # SVG export fails with Qt 6.11)
        self.graphics.scene().contextMenu = list(self.export_actions)
        self.graphics.ci.setContentsMargins(4, 4, 8, 4)
        self._init_placeholder()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.canvas)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        top = QHBoxLayout()
        top.addLayout(self.controls)
        top.addStretch(1)
        top.addWidget(self.export_button)
        top.setContentsMargins(0, 0, 4, 0)
        outer.addLayout(top)
        outer.addWidget(self.stack, 1)
        self._apply_background()
        self._show_placeholder(True)
        if self.draws_runs:
            store.sigCleared.connect(self._on_store_cleared)

    def retranslate(self) -> None:
        """The language changed: controls, the placeholder and every plot's titles and axis
        labels (the plots are rebuilt, since they took their texts when they were made)."""
        self._set_export_texts()
        self.show_placeholder_text(self._placeholder())
        self.retranslate_controls()
        self.rebuild()
        if self.isVisible():        # a hidden page when it is shown (walker21 W21-16)
            self.refresh(force=True)

    # -- to override ----------------------------------------------------------------------
    def retranslate_controls(self) -> None:
        """Set the texts of the panel's own controls in the current language (called at
        construction by panels that choose to, and on every language change)."""

    def _has_data(self) -> bool:
        return not self.store.is_empty()

    def _structure(self) -> tuple:
        return tuple(self.store.variants())

    def _build(self, key: tuple) -> Iterator[None] | None:
        raise NotImplementedError

    def _update(self) -> None:
        raise NotImplementedError

    def _jobs(self, layers_changed: bool) -> list[tuple[str, int, Callable[[], None]]]:
        """The redraw as ``(name, items, function)`` pieces, run in order over the ticks.

        ``layers_changed`` is True when per-layer data (a new probe) arrived since the last
        plan, or after a rebuild; pieces that draw only layer data can be left out otherwise.
        ``items`` counts the plot items a piece updates. Default: the whole ``_update``.
        """
        return [("all", 1, self._update)]

    # -- driving --------------------------------------------------------------------------
    def refresh(self, force: bool = False) -> bool:
        """Redraw from the store if it changed since the last redraw; return whether it did.

        A redraw is planned as small pieces (:meth:`_jobs`); one call runs pieces updating
        at most ``items_per_tick`` plot items and leaves the rest for the next calls, so a
        page of many plots never blocks the GUI thread for long. Redraws are also spaced so
        that drawing this panel takes at most ``redraw_share`` of the GUI thread's time, and
        a new redraw starts at most every ``MIN_REDRAW_GAP`` (``plots/redraw_pacing.py``); a
        skipped change is drawn at a later call. With ``redraw_share`` None neither waits.
        ``force`` (after the user changed an option) and a rebuild draw everything now; so
        does the first call after ``draw_all_soon``.
        """
        if self._drawing_soon.waiting:
            if not force:
                return False        # the page's build comes once "Drawing..." is on screen
            self._stop_drawing_soon()               # (an option changed: drawn now)
        version = self.store.version
        changed = force or version != self._seen_version
        if not changed and not self._pending:
            self._draw_all_next = False
            return False
        start = self.pacing.now()
        urgent = force or self._draw_all_next
        # a new redraw is planned once the last one's pieces are all drawn: changes that
        # come meanwhile wait for it (the pieces read the store when they run, so they draw
        # the newest data anyway); re-queuing every piece at each change kept a page
        # redrawing without a pause while snapshots came faster than its pieces
        plan = changed and (urgent or not self._pending)
        # the first picture of a run is not held back: only a redraw of plots already built
        # and drawn (not a layout prepared before the run: ``prepare_ahead``)
        drawn_before = self._structure_key is not None and not self._keep_prepared()
        if not urgent and self.pacing.holds_back(start, self.redraw_share, plan, drawn_before):
            return False
        self._draw_all_next = False
        drain = urgent or not self.items_per_tick
        built = False
        if plan:
            self._seen_version = version
            # a comparison's variants still arriving: one build once all are in
            has = self._has_data() and not (self.draws_runs and self.store.arriving())
            self._show_placeholder(not has)
            if not has:
                if not self._keep_prepared():    # (a layout prepared for the run stays)
                    self._structure_key = None
                self._pending.clear()
                self._start_preparing()           # (the run's variants may be known now)
                return True
            key = self._structure()
            if not urgent and self._prepare_on(key):
                # the run's layout, prepared since Start and not finished: a piece a tick,
                # the placeholder shown meanwhile (``prepare_ahead``)
                self._seen_version = -1
                self._show_placeholder(True)
                return True
            built = key != self._structure_key
            if built:
                self._build_all(key)
            # a new layout, or one prepared before the run, draws its first picture whole
            built = self._drew_layout() or built
            if built:
                drain = drain or self.draw_all_on_build
            layer_version = self.store.layer_version
            layers_changed = built or drain or layer_version != self._seen_layer_version
            self._seen_layer_version = layer_version
            for name, items, job in self._jobs(layers_changed):
                # a piece still waiting (a forced redraw) keeps its place in the queue
                self._pending.put(name, items, job)
        self.last_items = self._pending.run(None if drain else self.items_per_tick)
        self._place_step_cursors()
        self.follow_step_headings()
        self.pacing.count(start, built, self.redraw_share, self.graphics.paints,
                          self.graphics.paint_seconds)
        if plan and not urgent and not built:   # a rebuilt layout does not hold the next back
            self.pacing.space(start)
        self.sigRedrawn.emit()
        return True

    @property
    def redraw_seconds(self) -> float:
        """Smoothed seconds per redraw (update + paint), measured (``RedrawPacing``)."""
        return self.pacing.seconds

    @redraw_seconds.setter
    def redraw_seconds(self, seconds: float) -> None:
        self.pacing.seconds = float(seconds)

    def _on_store_cleared(self) -> None:
        """A new run (or Reset weights): the old run's picture goes now, whether the panel
        is shown or not; the next refresh with data builds the plots anew (fresh ranges),
        unless a layout prepared for the run, no data drawn, is on hand (``prepare_ahead``)."""
        if self._keep_prepared():
            self._pending.clear()
            self._seen_version = -1
            self.pacing.release()
        else:
            self.rebuild()
        self._show_placeholder(True)

    def draw_all_soon(self) -> None:
        """The user moved what the page shows (scrubbed the timeline, went back to live):
        the next refresh draws all of it at once, past the redraw budget. Spread over the
        budget's ticks, the page showed the previous position for seconds, a piece of it
        changing now and then (walker12 W12-10). A burst of moves (a drag) costs one full
        redraw per refresher tick at most."""
        self._draw_all_next = True

    def showEvent(self, event) -> None:
        """Shown (its tab chosen): draw what changed while hidden, all of it, right now; the
        refresher skipped this panel while it was hidden, and spreading the catch-up over the
        redraw budget left the older picture on screen for seconds (W11-5)."""
        super().showEvent(event)
        if self._pending or self.store.version != self._seen_version:
            self.pacing.release()
            if not self.isWindow() and self._needs_build():   # a page of the window
                self._draw_after_paint()
            else:
                self.refresh(force=self.draw_all_on_build)

    def mark_step_axis(self, plot: pg.PlotItem) -> None:
        """Declare that ``plot``'s x axis is the training step: it then shows a cursor at
        the step the timeline is scrubbed to (``RunStore.pinned_step``)."""
        self._step_cursors.add(plot)

    def step_cursors(self) -> list[pg.InfiniteLine]:
        """The timeline cursors of this panel's plots over steps."""
        return list(self._step_cursors.lines)

    def _place_step_cursors(self) -> None:
        self._step_cursors.place(self.store.pinned_step)

    def _tune_downsampling(self) -> None:
        """Long curves drawn with automatic "peak" downsampling keep ~2 buckets per pixel
        (pyqtgraph's default keeps ~5): the same envelope, a fraction of the drawing."""
        for plot in self._plots:
            for item in plot.listDataItems():
                item.opts["autoDownsampleFactor"] = DOWNSAMPLE_FACTOR

    @property
    def pending_items(self) -> int:
        """Plot items still waiting to be redrawn at the next ticks."""
        return self._pending.items

    @property
    def redraw_pending(self) -> bool:
        """Whether pieces of a redraw wait for the next ticks."""
        return bool(self._pending)

    def invalidate(self) -> None:
        """Redraw at the next refresh even if the store did not change (an option changed)."""
        self._seen_version = -1

    def rebuild(self) -> None:
        """Recreate the plots at the next refresh (layout options changed), without delay."""
        self._drop_layout()
        self._pending.clear()
        self._seen_version = -1
        self.pacing.release()

    def set_classroom(self, on: bool) -> None:
        """Projector mode: thicker lines, bigger fonts. The page shown is built again now;
        a hidden one when it is shown (``showEvent``). Every page rebuilt at once, hidden
        ones too, froze the window for seconds at each theme or mode switch (walker21
        W21-16: 15 s in a classroom session); nothing to do when the mode stays."""
        if bool(on) == self.classroom:
            return
        self.classroom = bool(on)
        self.rebuild()
        if self.isVisible():
            self.refresh(force=True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_background()
            self.rebuild()
        super().changeEvent(event)

    def readable_height(self, pixels: float) -> int:
        """``pixels``, the least readable height of a plot, grown for classroom mode's
        larger fonts."""
        return int(pixels * (CLASSROOM_HEIGHT if self.classroom else 1.0))

    def heading_height(self) -> int:
        """About the height a heading line (``add_heading``) takes, with its margins."""
        return self.readable_height(2.2 * QFontMetricsF(QApplication.font()).lineSpacing())

    def set_canvas_minimum_height(self, height: int) -> None:
        """Keep the plots at least ``height`` pixels tall; a shorter window scrolls the page
        (the mouse wheel scrolls it, Ctrl + wheel zooms a plot). 0: fit the window
        (``PlotCanvasWidget.set_minimum_height``)."""
        self.canvas.set_minimum_height(height)

    def planned_steps(self) -> float | None:
        """Where a time axis should end: the steps the run plans to take (largest over the
        variants), when known; a variant whose run has ended (finished, stopped, diverged)
        counts the steps it actually ran, so a run that collapsed at step 4 of 136 fills
        the plot instead of its left 3% (``ranges.planned_steps``)."""
        return ranges.planned_steps(self.store)
