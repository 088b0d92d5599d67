"""Walker5 W5-7: with preprocessing chosen, the Data panel's scatter preview draws the
covariance ellipse (1 standard deviation), so whitening is seen as a tilted ellipse becoming
a circle of radius 1 (the moons themselves keep their shape)."""
from __future__ import annotations

import numpy as np
import pytest

from dlstudio.data import load
from dlstudio.gui.data.preview import covariance_ellipse


def test_the_ellipse_is_one_standard_deviation_in_every_direction():
    rng = np.random.default_rng(0)
    xy = rng.normal(size=(500, 2)) @ np.array([[2.0, 0.0], [1.5, 0.5]]) + [3.0, -1.0]
    ring = covariance_ellipse(xy)
    d = ring - xy.mean(axis=0)
    # every point of the ring has Mahalanobis distance 1 (float64 throughout)
    np.testing.assert_allclose(np.einsum("ij,jk,ik->i", d, np.linalg.inv(np.cov(xy.T, ddof=0)), d),
                               1.0, rtol=1e-9)
    assert np.allclose(ring[0], ring[-1])                 # closed


def test_whitened_moons_show_a_unit_circle(qtbot, small_studio):
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
    assert "σx 1.00 · σy 1.00 · r = 0.00" in panel.preview.plot.getPlotItem().titleLabel.text


def test_raw_moons_show_their_tilted_ellipse_and_its_numbers(qtbot, small_studio):
    """Walker10 W10-8: lesson 11 step 1 asks to look at the raw cloud's spread and
    correlation; the ellipse and σx, σy, r are drawn without preprocessing too."""
    from dlstudio.data.spec import DataSpec
    from dlstudio.gui.data.panel import DataPanel
    from dlstudio.gui.data.preview import spread_numbers

    panel = DataPanel(small_studio)
    qtbot.addWidget(panel)
    panel.show()
    small_studio.set_data_spec(DataSpec(dataset="moons", params={"n_samples": 300}))
    ds = load(small_studio.data_spec)
    panel._on_studio_dataset_ready(ds)
    assert panel.preview.ellipse is not None
    sx, sy, r = spread_numbers(ds.x_train)
    x = ds.x_train.astype(np.float64)
    assert r == pytest.approx(np.corrcoef(x.T)[0, 1], abs=1e-9) and r < -0.3
    assert sx == pytest.approx(np.std(x[:, 0]), rel=1e-9) and sx > 1.5 * sy
    title = panel.preview.plot.getPlotItem().titleLabel
    assert f"σx {sx:.2f} · σy {sy:.2f} · r = −{abs(r):.2f}" in title.text
    assert title.maximumHeight() > 30                     # two lines, none cut off


def test_the_spread_title_follows_the_language(qtbot):
    """Both lines of the title are translated (the first was lost to the catalogue once,
    written inside an f-string that lupdate does not read)."""
    from dlstudio.gui import i18n
    from dlstudio.gui.data.preview import DataPreviewWidget

    rng = np.random.default_rng(0)
    xy = rng.normal(size=(200, 2))
    preview = DataPreviewWidget()
    qtbot.addWidget(preview)
    i18n.set_language("zh_CN")
    try:
        preview.show_points(xy, np.zeros(200, int))
        preview._draw_spread(xy)
        assert "虚线" in preview.plot.getPlotItem().titleLabel.text
    finally:
        i18n.set_language("en")


def test_the_preview_is_readable_in_classroom_mode(qtbot, small_studio):
    """Walker10 W10-16: on a projector lesson 11's preview had ~14-px ticks and a 9-pt
    caption in a 200-px plot; classroom mode gives it the classroom font and more height."""
    from dlstudio.gui.data.panel import PREVIEW_HEIGHT, PREVIEW_HEIGHT_CLASSROOM, DataPanel
    from dlstudio.gui.plots import style

    panel = DataPanel(small_studio)
    qtbot.addWidget(panel)
    panel.show()
    panel._on_studio_dataset_ready(load(small_studio.data_spec))
    assert panel.preview.minimumHeight() == PREVIEW_HEIGHT
    small_studio.set_classroom(True)
    tick = panel.preview.plot.getPlotItem().getAxis("left").style["tickFont"]
    assert tick.pointSize() == style.font_size(True)
    assert panel.preview.minimumHeight() == PREVIEW_HEIGHT_CLASSROOM > PREVIEW_HEIGHT
    assert f"{style.font_size(True)}pt" in panel.preview.plot.getPlotItem().titleLabel.opts["size"]


@pytest.mark.parametrize("switch", [False, True])
def test_the_spread_caption_is_in_the_themes_text_colour(qtbot, switch, app_look_restored):
    """Walker19 W19-16 (zh classroom, dark theme, lesson 11 step 3): the caption the step
    reads numbers from ("σx 0.81 · σy 0.46 · r = −0.45") was black on the near-black plot.
    It takes the theme's text colour, whether the preview was made in the dark theme or
    the theme switched after."""
    from types import SimpleNamespace

    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication

    from dlstudio.gui import theme
    from dlstudio.gui.data.preview import DataPreviewWidget

    rng = np.random.default_rng(0)
    xy = rng.normal(size=(200, 2))
    data = SimpleNamespace(x_train=xy, y_train=np.zeros(200, int), info=SimpleNamespace())
    if not switch:
        theme.apply(QApplication.instance(), "dark")
    try:
        preview = DataPreviewWidget()
        qtbot.addWidget(preview)
        preview.show_dataset(data, spread=True)
        if switch:
            theme.apply(QApplication.instance(), "dark")
            QApplication.processEvents()
        title = preview.plot.getPlotItem().titleLabel
        assert "σx" in title.text
        assert QColor(title.opts["color"]).lightness() > 150
        assert preview.plot.backgroundBrush().color().lightness() < 100
    finally:
        theme.apply(QApplication.instance(), "light")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_spread_caption_wraps_in_a_narrow_plot(qtbot, language):
    """fix84: in classroom mode at 1366x768 the Data panel's caption "虚线：离散程度，1 个标准差
    （协方…" was cut off at the right; it wraps to the plot's width, whole, in both languages."""
    from dlstudio.gui import i18n
    from dlstudio.gui.data.preview import DataPreviewWidget

    rng = np.random.default_rng(0)
    xy = rng.normal(size=(200, 2))
    preview = DataPreviewWidget()
    qtbot.addWidget(preview)
    preview.resize(330, 360)
    preview.show()
    qtbot.waitExposed(preview)
    i18n.set_language(language)
    try:
        preview.set_classroom(True)
        preview.show_points(xy, np.zeros(200, int))
        preview._draw_spread(xy)
        title = preview.plot.getPlotItem().titleLabel
        one_line = title.item.boundingRect().height()
        assert title.item.boundingRect().width() <= preview.plot.width()
        assert title.itemRect().width() <= preview.plot.getPlotItem().vb.width()
        assert title.mapRectToScene(title.itemRect()).right() <= preview.plot.width()
        whole = preview.tr("dashed: spread, 1 std. dev. (covariance)")
        assert whole in title.text
        preview.resize(900, 360)                    # wide: back on one line each
        qtbot.waitUntil(lambda: title.item.boundingRect().height() < one_line)
        assert title.maximumHeight() >= title.item.boundingRect().height()
    finally:
        i18n.set_language("en")
