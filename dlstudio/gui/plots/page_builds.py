"""When a plot page's layout is built (``PageBuildsMixin``, mixed into
:class:`~dlstudio.gui.plots.base.BasePanel`): at once, when a refresh finds data wanting a
layout the page has not built; or ahead, a piece at a time in the GUI thread's idle time,
while the page is hidden (``build_ahead``; the pieces and their timing:
``plots/build_ahead.py``). The mixin uses the panel's store, ``_structure``, ``_build``,
``_has_data`` and layout (``plots/plot_layout.py``).
"""
from __future__ import annotations

from PySide6.QtCore import QTimer

from dlstudio.gui.plots.build_ahead import BuildAhead


class PageBuildsMixin:
    """Builds the page's plots for a layout key (``_structure``): now, or ahead in pieces."""

    #: the panel builds its plots ahead while hidden (``build_ahead``); its ``_build`` is a
    #: generator, each ``yield`` ending a short piece (about one plot)
    builds_ahead: bool = False

    def _init_builds(self) -> None:
        """No layout built yet (called once, before the first build)."""
        self._structure_key: tuple | None = None
        #: a build under way, in pieces, and when a hidden page may start one
        #: (``build_ahead``)
        self._ahead = BuildAhead()

    def _build_all(self, key: tuple) -> None:
        """Build the plots of layout ``key`` now: what a build ahead (``build_ahead``) of
        the same layout has not built yet, or all of it."""
        if self._ahead.key != key:
            self._start_build(key)
        self._ahead.run_rest()
        self._finish_build(key)

    def _start_build(self, key: tuple) -> None:
        """Empty the page and start building layout ``key`` (``_ahead``: the pieces left)."""
        self._clear_graphics()
        self._pending.clear()
        self._structure_key = None
        self._ahead.start(key, self._build(key))

    def _finish_build(self, key: tuple) -> None:
        """The plots of layout ``key`` are all built: style them and lay them out."""
        self._ahead.done()
        self._structure_key = key
        self._restyle()
        self._tune_downsampling()
        # lay the new plots out now, by their stretch factors: until the layout's own
        # pass (a posted event, late on a busy machine) the first paint showed, e.g.,
        # the learning-rate plot over half the Convergence page (walker12 W12-8)
        self.graphics.ci.layout.activate()
        self._build_paint = self.graphics.paints + 1
        if self.canvas.keeps_in_view():      # where the new layout puts it
            QTimer.singleShot(0, self.canvas.follow_kept)

    def build_ahead(self, training: bool = False) -> bool:
        """Hidden, with data whose plots are not built: build the next piece of them (about
        one plot, a ``yield`` of ``_build``), so that the page needs no build when it is
        shown; returns whether it built anything. Nothing is drawn into the plots: the
        refresh when the page is shown draws the data, as after any time hidden; a page
        shown before its build ahead is done builds the rest at once.

        The first visit of the Gradients page during a run built its 29 plots after the
        click, 0.3-0.6 s of the GUI thread, seconds on a loaded machine, while the tab bar
        already named it over the old page (walker16 W16-20). ``PlotRefresher`` calls this
        in the GUI thread's idle time for panels with ``builds_ahead``; ``training``: a run
        trains now (a new layout then waits longer: ``build_ahead.AHEAD_DELAY_TRAINING``)."""
        if not self.builds_ahead or self.isVisible():
            return False
        if self._ahead.key is None:
            version = self.store.version
            if version == self._ahead.checked:
                return False
            if not self._has_data() or (self.draws_runs and self.store.arriving()):
                self._ahead.checked = version
                return False
            key = self._structure()
            if key == self._structure_key:
                self._ahead.checked = version
                return False
            # a layout to build: not before it has stood ``build_ahead.AHEAD_DELAY`` (looked
            # at again then, the version left unchecked)
            if not self._ahead.due(key, training):
                return False
            self._ahead.checked = version
            self._start_build(key)
        if self._ahead.next_piece():
            self._finish_build(self._ahead.key)
            self._show_placeholder(False)
        return True

    @property
    def built_key(self) -> tuple | None:
        """The layout the page's plots are built for (None: none built; see ``_structure``)."""
        return self._structure_key

    def _needs_build(self) -> bool:
        """Whether the data on hand want plots the page has not built yet."""
        return self._has_data() and not (self.draws_runs and self.store.arriving()) \
            and self._structure() != self._structure_key
