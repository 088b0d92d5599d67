"""The lines a page's curves draw, as arrays: what labels on a plot keep clear of.

A legend, a note or a tag on a plot goes where the curves leave room
(``label_placement``), so it needs the curves' points. A page keeps its curves as one dict a
variant, ``{key: pg.PlotDataItem}``; ``data_lines`` reads the lines of some keys in data
units, ``view_lines`` in the view's units (log10 on a log axis) with whether each line goes
on to the axis' end.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
import pyqtgraph as pg

Items = Iterable[dict[str, pg.PlotDataItem]]


def data_lines(items: Items, keys: tuple[str, ...]) -> list[tuple[np.ndarray, np.ndarray]]:
    """The drawn lines (x, y) of the items ``keys`` of every variant's ``items``, in data
    units (items without points left out)."""
    return [(np.asarray(item.xData, np.float64), np.asarray(item.yData, np.float64))
            for variant_items in items for key in keys
            if (item := variant_items.get(key)) is not None and item.xData is not None
            and len(item.xData)]


def view_lines(items: Items, keys: tuple[str, ...], log_y: bool,
               going_on: Collection[str]) -> list[tuple[np.ndarray, np.ndarray, bool]]:
    """The lines ``(x, y, goes_on)`` of the items ``keys`` of every variant's ``items`` in
    view units: y as log10 on a log axis (``log_y``; NaN where not positive); ``goes_on``
    for the keys in ``going_on`` (lines that go on to the axis' end)."""
    lines = []
    for variant_items in items:
        for key in keys:
            item = variant_items.get(key)
            if item is None or item.xData is None or not len(item.xData):
                continue
            y = np.asarray(item.yData, np.float64)
            if log_y:
                with np.errstate(divide="ignore", invalid="ignore"):
                    y = np.where(y > 0, np.log10(np.where(y > 0, y, 1.0)), np.nan)
            lines.append((item.xData, y, key in going_on))
    return lines
