"""What the step debugger computes (``tracing.py``): the batch, the weights a check
compares, the unit a layer opens on."""
from __future__ import annotations

import numpy as np


def test_the_check_picks_weights_with_gradients_it_can_check(qapp):
    """Walker7 W7-10: most weights of an MNIST network's first layer see border pixels that
    are always 0; random ones were all "too small to check"."""
    from types import SimpleNamespace

    from dlstudio.gui.debugger.tracing import unit_weights

    rows, n_out = 784, 3
    grads = np.zeros((rows, n_out))
    live = np.array([100, 300, 301, 405, 406, 407, 500])
    grads[live, 1] = 1e-3
    grads[42, 1] = 1e-12                       # below the resolution
    layer = SimpleNamespace(name="dense", params={"W": np.ones((rows, n_out)),
                                                  "b": np.zeros(n_out)},
                            grads={"W": grads})
    got = unit_weights(layer, (1,), 5, np.random.default_rng(0), smallest=1e-8)
    picked = got[("dense", "W")] // n_out
    assert len(picked) == 5 and set(picked) <= set(live)
    assert all(int(i) % n_out == 1 for i in got[("dense", "W")])
    assert list(got[("dense", "b")]) == [1]
    # fewer checkable than asked: the largest gradients, the live ones first
    got = unit_weights(layer, (1,), 9, np.random.default_rng(0), smallest=1e-8)
    picked = set(got[("dense", "W")] // n_out)
    assert set(live) <= picked and 42 in picked and len(picked) == 9


def test_default_unit_is_the_centre_of_a_feature_map():
    from dlstudio.gui.debugger.tracing import default_unit

    assert default_unit((10,)) == 0
    assert np.unravel_index(default_unit((26, 26, 32)), (26, 26, 32)) == (13, 13, 0)


def test_a_batch_is_drawn_by_its_seed_in_the_order_of_the_data_and_at_most_max_batch():
    from dlstudio.gui.debugger.tracing import MAX_BATCH, pick_batch

    x = np.arange(200, dtype=np.float32).reshape(100, 2)
    y = np.arange(100)
    bx, by = pick_batch(x, y, 32, seed=0)
    assert len(by) == 32 and list(by) == sorted(by) and (bx[:, 0] == 2 * by).all()
    assert (pick_batch(x, y, 32, seed=0)[1] == by).all()             # the same batch again
    assert not (pick_batch(x, y, 32, seed=1)[1] == by).all()         # "Another batch"
    assert len(pick_batch(x, y, 1000, seed=0)[1]) == min(MAX_BATCH, 100)
