"""Plot scenes keep no spatial index: ``unindexed(view)``.

Qt's default scene index (a BSP tree) files an item under the leaves its bounding rectangle
covers when the item is indexed, and takes it out of the leaves the rectangle covers *when it
is removed*. pyqtgraph's axes draw their grid over the plot area and take its rectangle into
their own without telling Qt (no ``prepareGeometryChange``): when the plot area shrinks or
moves (a title grows to two lines, the layout changes), the axis stays filed in leaves it no
longer covers. Once the plot is removed and deleted (a page is built anew for every run), the
next paint walks those leaves and reads the deleted items: the lesson walk's segfaults in
``QGraphicsView::paintEvent`` (in the index's tree walk). Before the freed memory is reused
the read goes unnoticed and writes a flag into it, so the crash comes later, anywhere. A
scene whose rectangle grows rebuilds its index, which hides the fault on a page's first
build; on the Weights page an all-NaN curve made that rectangle NaN, which never compares
equal, so the index was rebuilt at every change: 49770c9 (walker15 W15-5), which drew no
points instead, took that away and made the crash likely.

Without an index the scene keeps a plain list, from which an item is removed by its address:
nothing can be left behind. A plot page has a few hundred items and is redrawn whole at every
refresh; the index saved nothing there.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsScene


def unindexed(view: pg.GraphicsView) -> pg.GraphicsView:
    """Turn off the spatial index of ``view``'s scene (see the module); returns ``view``."""
    view.scene().setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
    return view
