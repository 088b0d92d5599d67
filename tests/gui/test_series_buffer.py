"""The run store's bounded histories (``gui/series_buffer.py``): rows thinned evenly when
full with the newest always kept, and histogram counts moved onto other bins."""
from __future__ import annotations

import numpy as np

from dlstudio.gui.series_buffer import HistHistory, SeriesBuffer, rebin, widen_history


def test_a_full_buffer_keeps_evenly_spaced_rows_and_the_newest():
    buf = SeriesBuffer({"step": 1, "layer": 3}, capacity=16)
    for step in range(100):
        buf.push({"step": step, "layer": [step, 2 * step, 3 * step]})
    steps = buf.column("step")
    assert 8 <= buf.n <= 16
    assert steps[0] == 0 and steps[-1] == 99            # the first and the newest
    assert np.all(np.diff(steps[:-1]) == np.diff(steps[:-1])[0])
    np.testing.assert_array_equal(buf.column("layer", 2), 3 * steps)


def test_replacing_the_last_row_keeps_what_the_new_values_lack():
    buf = SeriesBuffer({"val": 1, "test": 1}, capacity=8)
    buf.push({"val": 0.5})
    buf.push({"test": 0.7}, replace_last=True)
    assert buf.n == 1 and buf.column("val")[0] == 0.5 and buf.column("test")[0] == 0.7


def test_rebin_moves_counts_onto_other_edges():
    counts = rebin(np.array([2.0, 2.0]), np.array([0.0, 1.0, 2.0]), np.array([0.0, 0.5, 2.0]))
    np.testing.assert_allclose(counts, [1.0, 3.0])


def test_a_history_widens_to_cover_wider_edges_and_keeps_its_mass():
    history = HistHistory(np.linspace(0.0, 1.0, 5), SeriesBuffer({"frac": 4}, capacity=8))
    history.buffer.push({"frac": [0.25, 0.25, 0.25, 0.25]})
    widen_history(history, np.linspace(0.0, 2.0, 5))
    assert history.edges[0] == 0.0 and history.edges[-1] == 2.0
    np.testing.assert_allclose(history.buffer.column("frac", 0) + history.buffer.column(
        "frac", 1), [1.0])
