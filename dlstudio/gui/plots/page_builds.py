"""When a plot page's layout is built (``PageBuildsMixin``, mixed into
:class:`~dlstudio.gui.plots.base.BasePanel`): at once, when a refresh finds data wanting a
layout the page has not built; or ahead, a piece at a time in the GUI thread's idle time,
while the page is hidden (``build_ahead``; the pieces and their timing:
``plots/build_ahead.py``); or before a run, while the page has no data (``prepare_ahead``).
The mixin uses the panel's store, ``_structure``, ``_build``, ``_has_data`` and layout
(``plots/plot_layout.py``).

A page that ``prepares_ahead`` builds, while it has no data, the layout its next run will
most likely want (``_expected_structure``): at the window's start, and between Start and the
run's first snapshot. That snapshot then finds its plots built and only draws into them: the
Convergence page's build at a run's first snapshot took the GUI thread 0.19 s on a quiet
machine (0.5-0.8 s loaded), and for a short run that one stall was the GUI thread's p99
lateness (``dlstudio bench --window``). A layout prepared and not drawn yet stays for the
next run (a new run clears the store); one a run drew into is built anew for the next run
(fresh ranges, zoom and marks); a wrong guess is built when the data come, as without it.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer

from dlstudio.gui.plots.build_ahead import BuildAhead


class PageBuildsMixin:
    """Builds the page's plots for a layout key (``_structure``): now, or ahead in pieces."""

    #: the panel builds its plots ahead while hidden (``build_ahead``); its ``_build`` is a
    #: generator, each ``yield`` ending a short piece (about one plot)
    builds_ahead: bool = False
    #: the panel builds, while it has no data, the layout its next run will most likely
    #: want (``prepare_ahead``, ``_expected_structure``); its ``_build`` is a generator
    prepares_ahead: bool = False

    def _init_builds(self) -> None:
        """No layout built yet (called once, before the first build)."""
        self._structure_key: tuple | None = None
        #: a build under way, in pieces, and when a hidden page may start one
        #: (``build_ahead``)
        self._ahead = BuildAhead()
        #: the layout built, or under way, has drawn no data: it was prepared for the next
        #: run (``prepare_ahead``), which keeps it; its first redraw is a new layout's
        self._undrawn = False
        #: the last layout built (``_expected_structure`` may guess the next run's from it)
        self.last_built_key: tuple | None = None

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
        self._undrawn = False
        self._ahead.start(key, self._build(key))

    def _finish_build(self, key: tuple) -> None:
        """The plots of layout ``key`` are all built: style them and lay them out."""
        self._ahead.done()
        self._structure_key = self.last_built_key = key
        self._restyle()
        self._tune_downsampling()
        # lay the new plots out now, by their stretch factors: until the layout's own
        # pass (a posted event, late on a busy machine) the first paint showed, e.g.,
        # the learning-rate plot over half the Convergence page (walker12 W12-8)
        self.graphics.ci.layout.activate()
        self.pacing.built(self.graphics.paints)
        if self.canvas.keeps_in_view():      # where the new layout puts it
            # (the canvas as context: a page deleted meanwhile, e.g. its window closed, is
            # not called: a teardown error in the suite)
            QTimer.singleShot(0, self.canvas, self.canvas.follow_kept)

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

    def _drop_layout(self) -> None:
        """The layout built is wrong now (an option, the palette or the language changed):
        the next refresh with data builds one anew; a build under way would build the old
        layout, and a prepared one is not kept."""
        self._structure_key = None
        self._undrawn = False
        self._ahead.drop()

    def _expected_structure(self) -> tuple | None:
        """The layout (a ``_structure`` key) the next run's first snapshot will most likely
        want, or None (no guess: nothing is prepared)."""
        return None

    def prepare_ahead(self) -> bool:
        """Without data (no run yet, or a new run's first snapshot still to come), build
        the next piece of the layout the run will most likely want (``_expected_structure``;
        about one plot, a ``yield`` of ``_build``), shown or hidden; returns whether it built
        anything. The page keeps its placeholder: the run's first snapshot draws into the
        plots, a refresh that wants another layout builds that one at once (``_build_all``),
        and a prepared layout's pieces left are run then. ``PlotRefresher.prepare_ahead``
        calls this in the GUI thread's idle time."""
        if not self.prepares_ahead or self._has_data():
            return False
        key = self._expected_structure()
        if key is None or (key == self._structure_key and self._ahead.key is None):
            return False
        if self._ahead.key != key:
            self._start_build(key)
            self._undrawn = True
        if self._ahead.next_piece():
            self._finish_build(key)
        return True

    def _start_preparing(self) -> None:
        """A refresh found no data (a new run starting; its variants are known by then):
        start the build of the run's likely layout now, no piece of it yet (they follow on
        idle ticks), unless it is built or under way; a first snapshot coming before an idle
        tick then goes on with it a piece at a time (``_prepare_on``) instead of building
        the page whole. (Not when the store is cleared: a store cleared and filled again at
        once, a run continued from a moment, is drawn whole at the next refresh.)"""
        key = self._expected_structure() if self.prepares_ahead else None
        if key is not None and key != self._ahead.key and key != self._structure_key:
            self._start_build(key)
            self._undrawn = True

    def _prepare_on(self, key: tuple) -> bool:
        """Data want layout ``key``, being prepared (``prepare_ahead``): run its next piece;
        whether pieces are left (the page waits for them; False: built now, or not being
        prepared)."""
        if not (self._undrawn and self._ahead.key == key):
            return False
        if self._ahead.next_piece():
            self._finish_build(key)
            return False
        return True

    def _keep_prepared(self) -> bool:
        """Whether the layout built, or under way, has drawn no data (``prepare_ahead``):
        a new run keeps it (its first snapshot builds another one if it wants another)."""
        return self._undrawn

    def _drew_layout(self) -> bool:
        """A redraw draws data into the layout: whether it had drawn none yet (a prepared
        layout's first picture, which is drawn whole, as a new layout's is)."""
        undrawn, self._undrawn = self._undrawn, False
        return undrawn
