"""The landscapes computed, per variant, and the colour scale equal settings share."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from dlstudio.gui.landscape.results import LandscapeResults
from dlstudio.training.landscape import Landscape, shared_loss_range


def _item(loss: np.ndarray, two_d: bool = True):
    grid = np.linspace(-1, 1, loss.shape[0])
    return SimpleNamespace(result=Landscape(grid, grid if two_d else None, loss, {}),
                           trajectory=None)


def test_landscapes_of_equal_settings_share_one_colour_scale():
    results = LandscapeResults()
    flat, valley, other = (_item(np.full((3, 3), 2.3)), _item(np.linspace(1, 4, 9).reshape(3, 3)),
                           _item(np.full((3, 3), 0.01)))
    results.store("A", ("random_2d", 3), flat)
    results.store("B", ("random_2d", 3), valley)
    results.store("C", ("random_2d", 5), other)           # other settings: a scale of its own
    both = shared_loss_range([flat.result, valley.result])
    assert results.shared_range("A") == pytest.approx(both)
    assert results.shared_range("B") == pytest.approx(both)
    assert results.shared_range("C") == pytest.approx(shared_loss_range([other.result]))
    assert set(results) == {"A", "B", "C"} and results["B"] == (("random_2d", 3), valley)


def test_a_line_has_no_colour_scale():
    results = LandscapeResults()
    results.store("A", ("random_1d",), _item(np.linspace(1, 2, 5), two_d=False))
    assert results.shared_range("A") is None


def test_the_data_of_a_landscape_stays_until_nothing_is_computed():
    results = LandscapeResults()
    results.note_data("A", "spirals")
    results.store("A", ("random_2d",), _item(np.full((3, 3), 1.0)))
    results.clear()                                        # a network changed
    assert not results and results.data_of("A") == "spirals"
    results.clear(data=True)                               # nothing computed any more
    assert results.data_of("A") is None and results.get("A") is None
