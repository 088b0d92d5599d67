"""Walker5 W5-7: with preprocessing chosen, the Data panel's scatter preview draws the
covariance ellipse (1 standard deviation), so whitening is seen as a tilted ellipse becoming
a circle of radius 1 (the moons themselves keep their shape)."""
from __future__ import annotations

import numpy as np

from dlstudio.data import load
from dlstudio.gui.data.preview import covariance_ellipse


def test_the_ellipse_is_one_standard_deviation_in_every_direction():
    rng = np.random.default_rng(0)
    xy = rng.normal(size=(500, 2)) @ np.array([[2.0, 0.0], [1.5, 0.5]]) + [3.0, -1.0]
    ring = covariance_ellipse(xy)
    d = ring - xy.mean(axis=0)
    # every point of the ring has Mahalanobis distance 1 (float64 throughout)
    np.testing.assert_allclose(np.einsum("ij,jk,ik->i", d, np.linalg.inv(np.cov(xy.T)), d),
                               1.0, rtol=1e-9)
    assert np.allclose(ring[0], ring[-1])                 # closed


def test_whitened_moons_show_a_unit_circle_raw_ones_no_ellipse(qtbot, small_studio):
    from dlstudio.gui.data.panel import DataPanel

    panel = DataPanel(small_studio)
    qtbot.addWidget(panel)
    panel.show()
    from dlstudio.data.spec import DataSpec

    small_studio.set_data_spec(DataSpec(dataset="moons", params={"n_samples": 300},
                                        preprocessing=({"type": "pca_whiten"},)))
    ds = load(small_studio.data_spec)
    panel._on_studio_dataset_ready(ds)
    x, y = panel.preview.ellipse.getData()
    np.testing.assert_allclose(np.hypot(x, y), 1.0, atol=1e-3)   # whitened: covariance = I
    assert "covariance" in panel.preview.plot.getPlotItem().titleLabel.text
    small_studio.set_data_spec(DataSpec(dataset="moons", params={"n_samples": 300}))
    panel._on_studio_dataset_ready(load(small_studio.data_spec))
    assert panel.preview.ellipse is None
    assert not panel.preview.plot.getPlotItem().titleLabel.isVisible()
