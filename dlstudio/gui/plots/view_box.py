"""A plot's view box whose context menu is made when first asked for (``MenuOnDemandViewBox``).

pyqtgraph makes every view box's context menu (View All, the axis options: two forms of
widgets per plot) when the plot is made, a third of the plot's making: ~4 ms each here, so
~0.1 s of the Gradients page's 29 plots, built while a run trains, when each millisecond the
GUI thread holds the GIL is one the training thread waits for (issue 13). Few plots' menus are
ever opened; this view box makes its menu at the first right click (or any other request for
it) and behaves the same from then on.
"""
from __future__ import annotations

import pyqtgraph as pg
from pyqtgraph.graphicsItems.ViewBox.ViewBoxMenu import ViewBoxMenu


class MenuOnDemandViewBox(pg.ViewBox):
    """A ``pg.ViewBox`` whose menu (enabled, as by default) is made on first use."""

    def __init__(self, *args, **kwargs) -> None:
        enabled = kwargs.pop("enableMenu", True)
        super().__init__(*args, enableMenu=False, **kwargs)     # (it would make the menu)
        self.state["enableMenu"] = enabled

    def _applyMenuEnabled(self) -> None:  # noqa: N802 (pyqtgraph's name)
        if not self.menuEnabled() and self.menu is not None:
            self.menu.setParent(None)
            self.menu = None

    def has_menu(self) -> bool:
        """Whether the menu has been made (it is made on first use)."""
        return self.menu is not None

    def _made_menu(self) -> ViewBoxMenu | None:
        if self.menuEnabled() and self.menu is None:
            self.menu = ViewBoxMenu(self)
            self.updateViewLists()
        return self.menu

    def getMenu(self, ev):  # noqa: N802
        return self._made_menu()

    def getContextMenus(self, event):  # noqa: N802
        menu = self._made_menu()
        return menu.actions() if menu is not None else []
