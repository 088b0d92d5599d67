"""Telemetry for the plot tests: real tiny training runs (computed once) and stores."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from dlstudio.gui.plots.realrun import tiny_run


@pytest.fixture(scope="session")
def moons_run():
    """A finished real run of the toy network on 2-D moons: (TinyRun, snapshots)."""
    run = tiny_run(1, "moons", epochs=6)
    return run, list(run.snapshots())


@pytest.fixture(scope="session")
def compare_run():
    """Two variants (tanh, relu) trained in lockstep on moons."""
    run = tiny_run(2, "moons", epochs=4)
    return run, list(run.snapshots())


@pytest.fixture(scope="session")
def digits_run():
    """A tiny convnet trained for one epoch on procedural digits."""
    run = tiny_run(1, "digits", epochs=1, n_samples=400)
    return run, list(run.snapshots())


def fill(store, snapshots):
    for s in snapshots:
        store.append(s)
    return store


@pytest.fixture
def filler():
    """The ``fill(store, snapshots)`` helper."""
    return fill


@pytest.fixture
def store(qapp):
    from dlstudio.gui.run_store import RunStore

    return RunStore()


@pytest.fixture
def moons_store(store, moons_run):
    return fill(store, moons_run[1])


@pytest.fixture
def compare_store(store, compare_run):
    return fill(store, compare_run[1])


def show_drawn(qtbot, panel, size):
    """``panel`` shown at ``size``, refreshed and painted (axes then have the size their
    labels need); returns it."""
    from PySide6.QtWidgets import QApplication

    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh(force=True)
    for _ in range(3):
        QApplication.processEvents()
    panel.refresh(force=True)
    for _ in range(2):
        panel.grab()
        QApplication.processEvents()
    return panel


@pytest.fixture
def shown():
    """The ``show_drawn(qtbot, panel, size)`` helper."""
    return show_drawn


def tabbed_pages(qtbot, keys):
    """The plot pages ``keys`` (of ``PANELS``) as tabs on one store, redrawn by a
    ``PlotRefresher`` as in the window, shown at 1400x900 with the first page current:
    (store, tabs, refresher, {key: panel})."""
    from PySide6.QtWidgets import QTabWidget

    from dlstudio.gui.plots import PANELS, PlotRefresher
    from dlstudio.gui.run_store import RunStore

    store = RunStore()
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.resize(1400, 900)
    refresher = PlotRefresher(parent=tabs)
    panels = {}
    for key, _, cls in PANELS:
        if key in keys:
            panels[key] = cls(store)
            tabs.addTab(panels[key], key)
            refresher.add(panels[key])
    tabs.show()
    qtbot.waitExposed(tabs)
    return store, tabs, refresher, panels


@pytest.fixture
def tabbed():
    """The ``tabbed_pages(qtbot, keys)`` helper."""
    return tabbed_pages


@pytest.fixture(scope="session")
def vanishing():
    """A pre-flight report of 9 sigmoid layers with a small initialization: vanishing."""
    from dlstudio.gui.plots.preflight_bars import demo_report

    return demo_report(layers=9)
