"""A plot's context menu is made when first asked for (``plots.view_box``): the pages' plots
are built while runs train (issue 13), and few menus are ever opened."""
from __future__ import annotations

from pyqtgraph.graphicsItems.ViewBox.ViewBoxMenu import ViewBoxMenu

from dlstudio.gui.plots.view_box import MenuOnDemandViewBox


def test_the_menu_is_made_at_the_first_request_and_kept(qtbot):
    view = MenuOnDemandViewBox()
    assert view.menuEnabled() and not view.has_menu()
    menu = view.getMenu(None)
    assert isinstance(menu, ViewBoxMenu) and view.getMenu(None) is menu
    assert view.getContextMenus(None) == menu.actions()
    view.setMenuEnabled(False)                      # switched off: gone, as pyqtgraph's
    assert view.getMenu(None) is None and view.getContextMenus(None) == []
    view.setMenuEnabled(True)
    assert isinstance(view.getMenu(None), ViewBoxMenu)
    assert not MenuOnDemandViewBox(enableMenu=False).menuEnabled()


def test_a_pages_plots_make_no_menu_until_one_is_opened(qtbot):
    from dlstudio.gui.plots.convergence import ConvergencePanel
    from dlstudio.gui.plots.synthetic import synthetic_run
    from dlstudio.gui.run_store import RunStore

    store = RunStore()
    panel = ConvergencePanel(store)
    qtbot.addWidget(panel)
    for snap in synthetic_run(10):
        store.append(snap)
    panel.refresh(force=True)
    views = [plot.getViewBox() for plot in panel.plots]
    assert views and all(isinstance(v, MenuOnDemandViewBox) and v.menuEnabled()
                         and not v.has_menu() for v in views)
    assert isinstance(views[0].getMenu(None), ViewBoxMenu)
