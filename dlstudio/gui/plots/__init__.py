"""Live plot panels ("Watch") fed by the :class:`~dlstudio.gui.run_store.RunStore`.

How the main window hosts them::

    store = studio.store                     # one RunStore, appended on the GUI thread
    refresher = PlotRefresher(parent=window) # owns the one 25 Hz timer
    for key, title, cls in PANELS:
        panel = cls(store)
        tabs.addTab(panel, title)
        refresher.add(panel)
    refresher.start()

Only visible panels are refreshed, and each redraws only when the store's ``version``
changed. In the timer's idle ticks a panel without data builds the layout its next run will
most likely want (``BasePanel.prepare_ahead``), and hidden panels build their plots ahead,
one piece at a time (``BasePanel.build_ahead``), so that neither a run's first snapshot nor a
page first shown during a run needs a build.
``refresher.set_classroom(True)`` switches every panel to projector mode.
"""
from __future__ import annotations

import importlib
import time

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

#: (key, title, module, class name) of every panel, in tab order. The modules are imported
#: on first use of ``PANELS`` so that ``python -m dlstudio.gui.plots.<module>`` runs cleanly.
_PANEL_TABLE = (
    ("convergence", QT_TRANSLATE_NOOP("Plots", "Convergence"), "convergence", "ConvergencePanel"),
    ("gradients", QT_TRANSLATE_NOOP("Plots", "Gradients"), "gradients", "GradientsPanel"),
    ("activations", QT_TRANSLATE_NOOP("Plots", "Activations"), "activations", "ActivationsPanel"),
    ("weights", QT_TRANSLATE_NOOP("Plots", "Weights"), "weights", "WeightsPanel"),
    ("units", QT_TRANSLATE_NOOP("Plots", "Units"), "units", "UnitsPanel"),
    ("outcome", QT_TRANSLATE_NOOP("Plots", "Outcome"), "outcome", "OutcomePanel"),
    ("preflight", QT_TRANSLATE_NOOP("Plots", "Pre-flight check"), "preflight", "PreflightPanel"),
)
_CLASSES = {cls: module for _, _, module, cls in _PANEL_TABLE}
#: one line per tab saying what its page shows (the tab's tooltip; walker11 W11-16)
_PANEL_TIPS = {
    "convergence": QT_TRANSLATE_NOOP("Plots", "Loss and accuracy over the training steps: is "
                                              "the network learning, is it overfitting?"),
    "gradients": QT_TRANSLATE_NOOP("Plots", "The signal dL/dz backpropagation brings to each "
                                            "layer, and each step's update relative to the "
                                            "weights: vanishing or exploding gradients"),
    "activations": QT_TRANSLATE_NOOP("Plots", "What each layer outputs: its distribution, "
                                              "saturated or dead units"),
    "weights": QT_TRANSLATE_NOOP("Plots", "Each layer's weights: their distribution and how "
                                          "they change"),
    "units": QT_TRANSLATE_NOOP("Plots", "Single units of one layer, followed through "
                                        "training"),
    "outcome": QT_TRANSLATE_NOOP("Plots", "What the network predicts: decision boundary, "
                                          "confusion matrix, mistakes"),
    "preflight": QT_TRANSLATE_NOOP("Plots", "Before training: one batch forward and back "
                                            "through the untrained network, layer by layer"),
}


#: largest share of the GUI thread's time building ahead takes: a piece costing 15 ms is
#: followed by 285 ms without one (the three pages of the MNIST convnet, 36 pieces of
#: 3-60 ms, ~0.5 s in all on a quiet machine, are built within ~10-20 s once
#: ``build_ahead.AHEAD_DELAY`` has passed). At 0.2 and without the delay, the window trained
#: the convnet at 0.72 of headless and the MLP at 0.63, the GUI thread's p99 lateness
#: 25-27 ms (bench --window, quiet, issue 13); with both, 0.89 and 0.80, 2.5-3.9 ms
AHEAD_SHARE = 0.05
#: seconds between two looks for a hidden page to build while none is under way
AHEAD_LOOK_GAP = 0.5
#: largest share of the GUI thread's time preparing a page's layout before its run takes
#: (``prepare_ahead``): a piece of 10-30 ms is followed by as long without one, so that the
#: Convergence page's ~6 pieces are built within ~0.3 s of Start, before the run's first
#: snapshot on a quiet machine, while clicks and painting still get every other tick
PREPARE_SHARE = 0.5


def _t(text: str) -> str:
    return QCoreApplication.translate("Plots", text)


def _load(module: str, cls: str):
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)


def __getattr__(name: str):
    # PANELS: [(key, title, class)] in tab order. Titles are English source strings;
    # translate them with panel_title(key) (context "Plots").
    if name == "PANELS":
        return [(key, title, _load(module, cls)) for key, title, module, cls in _PANEL_TABLE]
    if name in _CLASSES:
        return _load(_CLASSES[name], name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def panel_tooltip(key: str) -> str:
    """The translated one-line description of panel ``key`` ("" when it has none)."""
    return _t(_PANEL_TIPS[key]) if key in _PANEL_TIPS else ""


def panel_title(key: str) -> str:
    """The translated tab title of panel ``key``."""
    for k, title, _, _ in _PANEL_TABLE:
        if k == key:
            return _t(title)
    raise KeyError(key)



class PlotRefresher(QObject):
    """One timer that redraws the registered panels that are visible.

    Parameters
    ----------
    hz : float
        Redraw rate (20-30 is smooth without starving the GUI thread).
    """

    def __init__(self, parent: QObject | None = None, hz: float = 25.0):
        super().__init__(parent)
        self._panels: list[QWidget] = []
        self.timer = QTimer(self)
        self.timer.setInterval(max(1, int(round(1000.0 / hz))))
        self.timer.timeout.connect(self._on_timer_timeout)
        self._next_ahead = 0.0               # see ``build_ahead``
        self._next_prepare = 0.0             # see ``prepare_ahead``
        #: a run trains now (``set_training``): hidden pages wait longer to be built ahead
        self.training = False

    def add(self, panel: QWidget) -> None:
        """Register a panel or any QObject with ``refresh()`` (e.g. a ``StatusTracker``);
        ``set_classroom`` is called when present."""
        if panel not in self._panels:
            self._panels.append(panel)
            panel.destroyed.connect(lambda *_: self._forget(panel))

    def remove(self, panel: QWidget) -> None:
        self._forget(panel)

    def _forget(self, panel) -> None:
        if panel in self._panels:
            self._panels.remove(panel)

    def panels(self) -> list[QWidget]:
        return list(self._panels)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def set_training(self, on: bool) -> None:
        """A run trains (on) or not: a hidden page's new layout is then built ahead after
        ``build_ahead.AHEAD_DELAY_TRAINING`` instead of ``AHEAD_DELAY``."""
        self.training = bool(on)

    def set_classroom(self, on: bool) -> None:
        for panel in self._panels:
            if hasattr(panel, "set_classroom"):
                panel.set_classroom(on)

    def refresh_now(self, visible_only: bool = True, force: bool = False) -> int:
        """Refresh panels immediately; returns how many redrew. ``force`` draws everything
        pending at once, past each panel's redraw budget."""
        redrawn = 0
        for panel in list(self._panels):
            if visible_only and not getattr(panel, "isVisible", lambda: True)():
                continue
            redrawn += bool(panel.refresh(force=True) if force else panel.refresh())
        return redrawn

    def draw_run_end(self) -> int:
        """A run ended (finished, stopped, diverged): the visible panels draw all of it now.
        The redraw budget spaces redraws while training runs; without this the last points
        appeared seconds after the run (and a lesson's check) had ended."""
        return self.refresh_now(visible_only=True, force=True)

    def draw_all_soon(self) -> None:
        """The user moved what the pages show (a timeline scrub): at the next tick every
        visible panel draws all of it at once (``BasePanel.draw_all_soon``)."""
        for panel in self._panels:
            if hasattr(panel, "draw_all_soon"):
                panel.draw_all_soon()

    def build_ahead(self, paced: bool = True) -> bool:
        """Let one hidden panel build a piece of its plots ahead (``BasePanel.build_ahead``)
        when the GUI thread has time: the user holds no mouse button and no menu is open,
        and (``paced``) building ahead has had less than ``AHEAD_SHARE`` of the time since
        its last piece. The timer calls it on ticks when no visible panel drew anything.
        Returns whether a piece was built."""
        start = time.perf_counter()
        if (paced and start < self._next_ahead) or _user_busy():
            return False
        for panel in list(self._panels):
            build = getattr(panel, "build_ahead", None)
            if build is not None and build(self.training):
                self._next_ahead = start + (time.perf_counter() - start) / AHEAD_SHARE
                return True
        self._next_ahead = start + AHEAD_LOOK_GAP
        return False

    def prepare_ahead(self, paced: bool = True) -> bool:
        """Let one panel without data build a piece of the layout its next run will most
        likely want (``BasePanel.prepare_ahead``), when the GUI thread has time: no mouse
        button held, no menu open, and (``paced``) preparing has had less than
        ``PREPARE_SHARE`` of the time since its last piece. The timer calls it on ticks when
        no visible panel drew anything, before ``build_ahead``. Returns whether a piece was
        built."""
        start = time.perf_counter()
        if (paced and start < self._next_prepare) or _user_busy():
            return False
        for panel in list(self._panels):
            prepare = getattr(panel, "prepare_ahead", None)
            if prepare is not None and prepare():
                self._next_prepare = start + (time.perf_counter() - start) / PREPARE_SHARE
                return True
        return False

    def _on_timer_timeout(self) -> None:
        if not self.refresh_now(visible_only=True) and not self.prepare_ahead():
            self.build_ahead()


__all__ = ["PANELS", "PlotRefresher", "panel_title", "panel_tooltip", "ConvergencePanel", "GradientsPanel",
           "ActivationsPanel", "WeightsPanel", "OutcomePanel", "PreflightPanel"]


def _user_busy() -> bool:
    """Whether the user holds a mouse button or has a menu open: no time for work ahead."""
    return QApplication.mouseButtons() != Qt.MouseButton.NoButton \
        or QApplication.activePopupWidget() is not None
