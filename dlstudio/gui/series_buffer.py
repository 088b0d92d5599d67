"""Bounded histories for the run store: rows of floats thinned evenly when full, and
histograms over time on bins that widen with the data.

``SeriesBuffer`` keeps at most ``capacity`` rows; when full, every second row is dropped and
from then on only every second snapshot is kept (the newest one always sits in a provisional
last row), so the rows stay evenly spaced in time whatever the run length. ``HistHistory`` is
one layer's activation histograms over time on fixed edges; ``rebin`` moves counts onto other
edges and ``widen_history`` stretches a history's edges when a layer outgrows them. Used by
:class:`~dlstudio.gui.run_store.RunStore`; no Qt.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


class SeriesBuffer:
    """Rows of floats with a bounded length, thinned evenly when full.

    Parameters
    ----------
    widths : dict
        Column group name -> number of columns (1 for a scalar, n_layers for a layer series).
    capacity : int
        Maximum number of rows kept (even, >= 4).
    """

    def __init__(self, widths: dict[str, int], capacity: int, dtype=np.float64):
        self.capacity = max(4, int(capacity) // 2 * 2)
        self.widths = dict(widths)
        self._alloc = min(self.capacity, 256)
        self.data = {k: np.full((self._alloc, w), np.nan, dtype) for k, w in widths.items()}
        self.index = np.zeros(self._alloc, np.int64)   # global snapshot counter of each row
        self.n = 0                 # rows in use
        self.stride = 1            # keep snapshots whose counter is a multiple of this
        self.counter = 0           # snapshots offered so far
        self.provisional = False   # the last row is a not-yet-kept newest snapshot

    def push(self, values: dict[str, object], replace_last: bool = False) -> None:
        """Store one snapshot's values (missing groups become NaN).

        With ``replace_last`` the values update the last row instead (a second snapshot at
        the same step); NaNs then keep what the row held, so a "finished" snapshot carrying
        only test metrics does not erase the validation metrics of its step.
        """
        if replace_last and self.n:
            row = self.n - 1
            for key, arr in self.data.items():
                new = np.asarray(values.get(key, np.nan), arr.dtype)
                arr[row] = np.where(np.isnan(new), arr[row], new)
            return
        else:
            if not self.provisional:
                if self.n == self.capacity:
                    self._thin()
                if self.n == self._alloc:
                    self._grow()
                self.n += 1
            row = self.n - 1
            self.index[row] = self.counter
            self.provisional = self.counter % self.stride != 0
            self.counter += 1
        for key, arr in self.data.items():
            arr[row] = values.get(key, np.nan)

    def widen(self, widths: dict[str, int]) -> None:
        """Give column groups more columns (holding NaN in the rows so far)."""
        for key, width in widths.items():
            arr = self.data[key]
            if arr.shape[1] < width:
                wider = np.full((arr.shape[0], width), np.nan, arr.dtype)
                wider[:, : arr.shape[1]] = arr
                self.data[key] = wider
                self.widths[key] = width

    def _grow(self) -> None:
        new = min(self.capacity, self._alloc * 2)
        for key, arr in self.data.items():
            grown = np.full((new, arr.shape[1]), np.nan, arr.dtype)
            grown[: self.n] = arr[: self.n]
            self.data[key] = grown
        index = np.zeros(new, np.int64)
        index[: self.n] = self.index[: self.n]
        self.index, self._alloc = index, new

    def _thin(self) -> None:
        self.stride *= 2
        keep = np.flatnonzero(self.index[: self.n] % self.stride == 0)
        if keep.size > self.n // 2:          # never keep more than half (uneven history)
            keep = keep[:: 2]
        m = keep.size
        for arr in self.data.values():
            arr[:m] = arr[keep]
            arr[m:] = np.nan
        self.index[:m] = self.index[keep]
        self.n = m

    def column(self, key: str, col: int = 0) -> np.ndarray:
        return self.data[key][: self.n, col]


@dataclass
class HistHistory:
    """One layer's activation histograms over time, as fractions on fixed ``edges``."""

    edges: np.ndarray
    buffer: SeriesBuffer



def rebin(counts: np.ndarray, edges: np.ndarray, target_edges: np.ndarray) -> np.ndarray:
    """Redistribute histogram ``counts`` (shape (B,)) over ``target_edges`` (shape (T+1,)).

    Counts are spread uniformly within their bins (linear interpolation of the cumulative
    count); mass outside the target range is dropped.
    """
    cum = np.concatenate([[0.0], np.cumsum(np.asarray(counts, np.float64))])
    at = np.interp(target_edges, np.asarray(edges, np.float64), cum)
    return np.diff(at)


def widen_history(history: HistHistory, edges: np.ndarray) -> None:
    """Stretch ``history``'s bins (same count) to also cover ``edges``' span when that
    reaches beyond them, and spread the recorded fractions over the new bins.

    Histograms of unbounded activations follow their data (``training.probes.data_range``):
    a layer whose outputs grow gets wider bins, and the heatmap keeps every value."""
    old = history.edges
    lo, hi = min(float(edges[0]), float(old[0])), max(float(edges[-1]), float(old[-1]))
    if lo >= old[0] and hi <= old[-1]:
        return
    new = np.linspace(lo, hi, old.shape[0])
    frac = history.buffer.data["frac"]
    for row in range(history.buffer.n):
        frac[row] = rebin(np.nan_to_num(frac[row]), old, new)
    history.edges = new
