"""A page scrolled by a lesson step: a step that brings a panel forward shows the plot it
names (walker12 W12-1, W12-3): the page's top, or the section its ``show.view`` names, kept
in view when the plots are built anew for the step's run, until the student scrolls."""
from __future__ import annotations

import pytest

from dlstudio.gui.plots.activations import ActivationsPanel
from dlstudio.gui.plots.synthetic import deep_synthetic_run
from dlstudio.gui.run_store import RunStore


@pytest.fixture(scope="module")
def deep_run():
    return deep_synthetic_run(40, probe_every=5)


def _fill(store, snapshots):
    for snap in snapshots:
        store.append(snap)
    return store


def _settle(qtbot, panel):
    panel.refresh(force=True)
    qtbot.wait(50)                  # the layout and the scroll range follow in events


def _visible(panel, section: str) -> bool:
    """Whether the top of ``section``'s heading lies in the page's visible part."""
    bar = panel.canvas.verticalScrollBar()
    y = panel.canvas._page_y(panel._sections[section])
    return bar.value() <= y < bar.value() + panel.canvas.viewport().height() - 20


@pytest.fixture
def panel(qtbot, deep_run):
    store = _fill(RunStore(), deep_run)
    page = ActivationsPanel(store)
    qtbot.addWidget(page)
    page.resize(900, 420)           # a short window: the page scrolls
    page.show()
    qtbot.waitExposed(page)
    _settle(qtbot, page)
    assert page.canvas.verticalScrollBar().maximum() > 0
    return page


def test_a_section_is_scrolled_to_and_kept_for_the_next_run(qtbot, panel, deep_run):
    bar = panel.canvas.verticalScrollBar()
    assert panel.section_names() == ["spread", "units", "histograms", "over_time"]
    bar.triggerAction(bar.SliderAction.SliderToMaximum)     # the student scrolled down
    assert bar.value() == bar.maximum()
    panel.show_section(None)                                 # a step brings the panel forward
    assert bar.value() == 0 and _visible(panel, "spread")
    panel.select_view("histograms")                          # ... and names the histograms
    assert _visible(panel, "histograms") and bar.value() > 0
    # the step's run: a new layout, filled as the run goes, still shows the histograms
    panel.store.clear()
    _settle(qtbot, panel)
    _fill(panel.store, deep_run[:10])
    _settle(qtbot, panel)
    assert _visible(panel, "histograms")
    # once the student scrolls, the page stays where they put it
    bar.triggerAction(bar.SliderAction.SliderToMinimum)
    panel.store.clear()
    _fill(panel.store, deep_run)
    _settle(qtbot, panel)
    assert bar.value() == 0 and not panel.canvas.keeps_in_view()


def test_a_short_section_near_the_top_is_shown_with_what_is_above_it(qtbot, panel):
    bar = panel.canvas.verticalScrollBar()
    bar.triggerAction(bar.SliderAction.SliderToMaximum)
    panel.select_view("units")
    assert _visible(panel, "units")
    # scrolled no further than it takes to show the whole bar chart
    assert bar.value() <= panel.canvas._page_y(panel._sections["units"])


def test_bringing_a_panel_forward_shows_its_top(window, qtbot, deep_run):
    page = window.plot_panels["activations"]
    window.studio.show_panel("activations")
    window.resize(1000, 500)
    _fill(window.studio.store, deep_run)
    _settle(qtbot, page)
    bar = page.canvas.verticalScrollBar()
    assert bar.maximum() > 0
    bar.triggerAction(bar.SliderAction.SliderToMaximum)
    window.studio.show_panel("convergence")
    window.studio.show_panel("activations")                  # the next step names it
    assert bar.value() == 0


def test_lesson_views_of_the_activations_page_name_its_sections(panel):
    from dlstudio.lessons.loader import load_all

    named = {(lesson.id, step.index + 1): step.show.view for lesson in load_all()
             for step in lesson.steps
             if step.show.panel == "activations" and step.show.view}
    assert named, "lesson 01 step 3 names the histograms"
    for where, view in named.items():
        assert view in panel.section_names(), where


def test_a_page_deleted_right_after_a_build_is_not_scrolled_afterwards(qtbot, panel, deep_run):
    """A build on a page that keeps a section in view scrolls to it in the next turn of
    the event loop; a page deleted before that (its window closed) was still called: a
    teardown error in the suite ("Internal C++ object (PlotCanvasWidget) already deleted")."""
    import shiboken6
    from PySide6.QtWidgets import QApplication

    panel.select_view("histograms")
    assert panel.canvas.keeps_in_view()
    panel.store.clear()
    _fill(panel.store, deep_run[:10])
    panel.refresh(force=True)                  # the build asks for the scroll ...
    shiboken6.delete(panel.canvas)             # ... and the page goes before it comes
    QApplication.processEvents()               # (pytest-qt fails the test on an error)
