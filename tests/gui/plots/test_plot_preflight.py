"""The Pre-flight check panel: one bar per layer with weights, drawn from the last check's
report and coloured by each layer's judgement; an empty state that says how to run it; the
panel comes forward when the check runs."""
from __future__ import annotations

import dataclasses

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor

from dlstudio.gui.plots.preflight_bars import demo_report, preflight_bars
from dlstudio.gui.preflight_check import VERDICT_COLORS, PreflightResult
from dlstudio.training.diagnosis import UPDATE_LIMIT
from dlstudio.training.preflight import LayerCheck, PreflightReport
from dlstudio.training.preflight_verdicts import SMALL_UPDATE
from tests.gui.plots.preflight_pages import make


def report_of(layers, verdicts=(), ref=None) -> PreflightReport:
    return PreflightReport(layers=tuple(layers), verdicts=tuple(verdicts), notes=(), loss=2.3,
                           learning_rate=0.1, optimizer="sgd", batch_size=8,
                           reference_layer=ref)


def colours(bars) -> list[str]:
    return [QColor(b.color()).name() for b in bars.opts["brushes"]]


def test_one_bar_per_weighted_layer_with_the_reports_values(qtbot, vanishing):
    panel = make(qtbot, vanishing)
    assert panel.stack.currentWidget() is not panel.placeholder
    weighted = [c for c in vanishing.layers if c.signal_rms is not None]
    assert len(weighted) == 10 and len(panel.bars) == 10
    assert set(panel.bar_items) == {"signal", "pass", "std", "update"}
    signal = panel.bar_items["signal"].opts
    assert len(signal["x"]) == 10
    # log axes: bars rise from the bottom to log10 of the value (float64 throughout)
    np.testing.assert_allclose(10 ** np.asarray(signal["y1"]),
                               [c.signal_ratio for c in weighted], rtol=1e-9)
    np.testing.assert_allclose(10 ** np.asarray(panel.bar_items["std"].opts["y1"]),
                               [c.pre_std for c in weighted], rtol=1e-9)
    np.testing.assert_allclose(10 ** np.asarray(panel.bar_items["update"].opts["y1"]),
                               [c.update_ratio for c in weighted], rtol=1e-9)
    passes = panel.bar_items["pass"].opts["height"]
    np.testing.assert_allclose(passes[:9], [c.pass_through for c in weighted[:9]], rtol=1e-9)
    assert passes[9] == 0                       # the softmax output has no pass-through
    # the reference layer (the last hidden one) is at 1, the first far below it
    assert signal["y1"][8] == pytest.approx(0.0, abs=1e-9) and signal["y1"][0] < -6
    assert panel.plot_items["signal"].getAxis("left").labelText == "relative to layer 9"
    assert len([i for i in panel.plot_items["signal"].items
                if isinstance(i, pg.LinearRegionItem)]) == 2       # vanishing, exploding
    heading = panel.heading.text
    assert "vanishing" in heading and "layer 1 (dense)" in heading


def test_colours_follow_judgements(qtbot):
    words = ["healthy", "vanishing", "exploding", "dead units", "saturated"]
    layers = [LayerCheck(0, "flatten", "Flatten", None)]
    bands = {"vanishing": 1e-3, "exploding": 1e3}      # signal bars stand in their band
    for i, word in enumerate(words, start=1):
        ratio = bands.get(word, 0.1 * i)
        layers.append(LayerCheck(i, f"dense_{i}", "Dense", "relu", act_std=0.5,
                                 pass_through=0.5, signal_rms=ratio, signal_ratio=ratio,
                                 update_ratio=1e-3, dead_fraction=0.1,
                                 verdicts=() if word == "healthy" else (word,)))
    panel = make(qtbot, report_of(layers, ("vanishing",), ref=4))
    expected = [VERDICT_COLORS[w] for w in words]
    assert colours(panel.bar_items["signal"]) == expected
    # the pass-through chart: the activation's own verdicts only (walker38 W38-2)
    assert colours(panel.bar_items["pass"]) == [
        VERDICT_COLORS["healthy" if w in ("vanishing", "exploding") else w] for w in words]
    assert set(colours(panel.bar_items["update"])) == {VERDICT_COLORS["healthy"]}
    assert set(colours(panel.bar_items["std"])) == {VERDICT_COLORS["healthy"]}
    # a layer with several verdicts takes the most severe one's colour
    layers[1] = LayerCheck(1, "dense_1", "Dense", "relu", signal_rms=0.1, signal_ratio=0.1,
                           verdicts=("exploding", "dead units"))
    panel.set_preflight(PreflightResult("A", None, report_of(layers, ref=4)))
    panel.refresh(force=True)
    assert colours(panel.bar_items["pass"])[0] == VERDICT_COLORS["dead units"]
    # (its signal stands in the healthy band: there it shows the layer's other verdict)
    assert colours(panel.bar_items["signal"])[0] == VERDICT_COLORS["dead units"]


def test_signal_bars_take_the_colour_of_the_band_they_stand_in(qtbot):
    """Walker33 W33-12: lesson 05 step 1's layers 6-8 were judged exploding because one
    step would change their weights too much; their signal bars, in the white (healthy)
    band, were red. A signal bar is red only in the exploding band, blue only in the
    vanishing band; the update chart shows the too-large step in red."""
    ratios = [1e-4, 0.5, 5.0, 1e3]
    layers = [LayerCheck(i, f"dense_{i}", "Dense", "relu", act_std=0.5, pass_through=0.5,
                         signal_rms=r, signal_ratio=r, update_ratio=3.0,
                         verdicts=("exploding",) + (("vanishing",) if r < 1e-2 else ()))
              for i, r in enumerate(ratios)]
    panel = make(qtbot, report_of(layers, ("exploding",), ref=1))
    assert colours(panel.bar_items["signal"]) == [
        VERDICT_COLORS[w] for w in ("vanishing", "healthy", "healthy", "exploding")]
    assert set(colours(panel.bar_items["update"])) == {VERDICT_COLORS["exploding"]}


def test_the_activation_std_chart_is_coloured_by_its_own_reading(qtbot):
    """Every layer's signal is healthy, but their outputs spread by 10⁻⁵, 0.5 and 10³: the
    std bars are blue, green and red (lesson 02's deep Glorot ReLU net showed spreads of
    10⁻⁵ in green, 'healthy', by the layer's verdict: walker12 W12-9)."""
    spreads = [1e-5, 0.5, 1e3]
    layers = [LayerCheck(i, f"dense_{i}", "Dense", "relu", act_std=s, pass_through=0.5,
                         signal_rms=1.0, signal_ratio=1.0, update_ratio=1e-3)
              for i, s in enumerate(spreads)]
    panel = make(qtbot, report_of(layers, (), ref=2))
    assert colours(panel.bar_items["std"]) == [
        VERDICT_COLORS[w] for w in ("vanishing", "healthy", "exploding")]
    assert set(colours(panel.bar_items["signal"])) == {VERDICT_COLORS["healthy"]}


def test_the_update_chart_is_coloured_by_its_own_reading(qtbot):
    """Every layer's signal is healthy, but one step would move them by 10⁻⁷, 10⁻³ and 3
    times their size: the update bars are blue, green and red (walker3 W3-26)."""
    ratios = [1e-7, 1e-3, 3.0]
    layers = [LayerCheck(i, f"dense_{i}", "Dense", "relu", act_std=0.5, pass_through=0.5,
                         signal_rms=1.0, signal_ratio=1.0, update_ratio=r)
              for i, r in enumerate(ratios)]
    layers.append(LayerCheck(3, "out", "Dense", "softmax", act_std=0.1, signal_rms=1.0,
                             signal_ratio=1.0, update_ratio=1e-3))
    panel = make(qtbot, report_of(layers, (), ref=2))
    assert colours(panel.bar_items["update"]) == [
        VERDICT_COLORS[w] for w in ("vanishing", "healthy", "exploding", "healthy")]
    assert set(colours(panel.bar_items["signal"])) == {VERDICT_COLORS["healthy"]}
    # the same bands as the signal plot: far below (blue) and above the limit (red)
    bands = sorted(i.getRegion() for i in panel.plot_items["update"].items
                   if isinstance(i, pg.LinearRegionItem))
    assert len(bands) == 2
    assert bands[0][1] == pytest.approx(np.log10(SMALL_UPDATE))
    assert bands[1][0] == pytest.approx(np.log10(UPDATE_LIMIT))


def test_label_spot_prefers_the_line_then_the_space_above_the_bars():
    from dlstudio.gui.plots.preflight_bars import label_spot

    x = np.arange(10.0)
    span = ((-0.6, 9.6), (-8.0, -0.3))
    low_left = np.array([-6.0, -6, -6, -2, -2, -2, -2, -2, -2, -2])
    spot = label_spot(x, low_left, 0.8, -3.0, (2.5, 0.5), *span, gap=0.05)
    assert spot[2] and spot[1] == pytest.approx(-2.95) and spot[0] < 0.2     # left, on top
    low_right = low_left[::-1]
    spot = label_spot(x, low_right, 0.8, -3.0, (2.5, 0.5), *span, gap=0.05)
    assert spot[2] and spot[0] + 2.5 > 8.5                        # the right end
    # every bar crosses the line (a healthy He network): by the line still, over the bars'
    # lower parts, hiding no bar's top (above the lowest bars it was read as theirs, two
    # decades from its line: walker26 W26-9); under the line here (on it, it hid some)
    tops = np.array([-2.2, -2.5, -2.6, -2.6, -2.6, -2.6, -2.7, -2.7, -2.7, -1.9])
    x0, y0, on_line = label_spot(x, tops, 0.8, -3.0, (2.5, 0.5), *span, gap=0.05,
                                 over_bars=True)
    under = (x + 0.4 > x0) & (x - 0.4 < x0 + 2.5)
    assert on_line and y0 == pytest.approx(-3.55)
    assert not ((tops[under] > y0 - 0.05) & (tops[under] < y0 + 0.55)).any()
    # bars ending by the line on both sides of it everywhere: above the lowest bars
    tops = np.array([-2.7, -3.3] * 5)
    x0, y0, on_line = label_spot(x, tops, 0.8, -3.0, (2.5, 0.5), *span, gap=0.05,
                                 over_bars=True)
    under = (x + 0.4 > x0) & (x - 0.4 < x0 + 2.5)
    assert not on_line and y0 >= tops[under].max() and y0 + 0.5 <= -0.3
    assert y0 < -2.0                                              # close to the line
    # not over the bars: above the lowest ones
    x0, y0, on_line = label_spot(x, np.full(10, -2.5), 0.8, -3.0, (2.5, 0.5), *span,
                                 gap=0.05)
    assert not on_line and y0 == pytest.approx(-2.45)
    # bars reaching the top everywhere: no place
    for over in (False, True):
        assert label_spot(x, np.full(10, -0.3), 0.8, -3.0, (2.5, 0.5), *span, gap=0.05,
                          over_bars=over) is None


def test_a_block_reports_its_activation_layer(qtbot):
    """Dense (linear) -> BatchNorm -> sigmoid is one bar: the sigmoid's pass-through and
    spread, the Dense layer's signal and update, every verdict of the block."""
    layers = [LayerCheck(0, "dense", "Dense", "linear", act_std=0.4, signal_rms=1e-3,
                         signal_ratio=0.5, update_ratio=1e-2),
              LayerCheck(1, "bn", "BatchNormalization", None, act_std=1.0),
              LayerCheck(2, "act", "Activation", "sigmoid", act_std=0.2, pass_through=0.2,
                         saturated_fraction=0.3, verdicts=("saturated",)),
              LayerCheck(3, "out", "Dense", "softmax", act_std=0.1, signal_rms=2e-3,
                         signal_ratio=1.0, update_ratio=2e-2)]
    bars = preflight_bars(report_of(layers, ("saturated",), ref=3))
    assert [b.index for b in bars] == [0, 3]
    first = bars[0]
    assert (first.pass_through, first.act_std, first.signal, first.update_ratio) == \
        (0.2, 0.2, 0.5, 1e-2)
    assert (first.stopped_kind, first.stopped_share, first.judgement) == \
        ("saturated", 0.3, "saturated")
    assert bars[1].pass_through is None and bars[1].judgement == "healthy"


def test_a_dead_network_marks_zero_signals_and_shows_absolute_sizes(qtbot):
    layers = [LayerCheck(i, f"dense_{i}", "Dense", "relu", act_std=0.0, pass_through=0.0,
                         signal_rms=0.0, dead_fraction=1.0, update_ratio=0.0,
                         verdicts=("dead units",)) for i in range(3)]
    layers.append(LayerCheck(3, "out", "Dense", "softmax", act_std=0.1, signal_rms=2e-3))
    panel = make(qtbot, report_of(layers, ("dead units",), ref=2))
    assert panel.plot_items["signal"].getAxis("left").labelText == "RMS"
    # absolute sizes: no vanishing/exploding bands (they are shares of the reference's)
    assert not [i for i in panel.plot_items["signal"].items
                if isinstance(i, pg.LinearRegionItem)]
    signal = panel.bar_items["signal"].opts
    assert 10 ** signal["y1"][3] == pytest.approx(2e-3, rel=1e-9)
    marks = [i for i in panel.plot_items["signal"].items if type(i).__name__ ==
             "ScatterPlotItem"]
    assert len(marks) == 1 and sorted(marks[0].data["x"]) == [0, 1, 2]    # three ▼ zeros
    # ◆ all dead (drawn whole, a hair under the top: W27-7)
    assert list(panel.stopped_markers.yData) == pytest.approx([1.0, 1.0, 1.0], abs=0.02)
    assert all(h > 0 for h in panel.bar_items["pass"].opts["height"][:3])  # a sliver shows


@pytest.mark.parametrize("size", [(900, 620), (520, 380)])
def test_a_tiny_stopped_share_draws_its_marker_whole(qtbot, size):
    # walker27 W27-7 (lesson 07 step 1): a tiny stopped share drew a ◆ half hidden by the
    # x axis, which read as the log plots' ▲/▼ marks
    layers = [LayerCheck(i, f"dense_{i}", "Dense", "relu", act_std=0.5, pass_through=0.9,
                         signal_rms=1e-2, dead_fraction=share, update_ratio=1e-3)
              for i, share in enumerate((0.002, 0.3, 1.0))]
    layers.append(LayerCheck(3, "out", "Dense", "softmax", act_std=0.1, signal_rms=2e-3))
    panel = make(qtbot, report_of(layers, (), ref=2), size=size)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh(force=True)
    view = panel.plot_items["pass"].getViewBox()
    marks = panel.stopped_markers
    half = marks.opts["symbolSize"] / 2
    rect = view.mapRectToScene(view.boundingRect())
    for x, y in zip(marks.xData, marks.yData):
        point = view.mapViewToScene(pg.Point(x, y))
        assert rect.top() + half <= point.y() <= rect.bottom() - half, (x, y)
    assert marks.yData[1] == pytest.approx(0.3)          # a share well inside stays put


def test_thirty_layers_keep_their_bars_and_thin_their_labels(qtbot):
    report = demo_report(layers=30)
    panel = make(qtbot, report, size=(780, 560))          # the plots' area at 1366x768
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh(force=True)
    plot = panel.plot_items["signal"]
    assert len(panel.bar_items["signal"].opts["x"]) == 31
    view = plot.getViewBox()
    left, right = view.viewRange()[0]
    bar_px = 0.8 * view.width() / (right - left)
    assert bar_px >= 4, bar_px                            # every bar stays visible
    assert 400 <= panel.graphics.minimumHeight() <= 560   # a short window scrolls the page
    axis = plot.getAxis("bottom")
    spacing = axis.tickSpacing(left, right, axis.width())[0][0]
    assert spacing > 1                                    # not every layer is labelled...
    shown = [s for s in axis.tickStrings(np.arange(0, 31, spacing), 1, spacing) if s]
    assert shown[0] == "1" and len(shown) >= 4            # ...but several are


def test_empty_state_says_how_to_run_the_check(qtbot, vanishing):
    panel = make(qtbot)
    assert panel.stack.currentWidget() is panel.placeholder
    assert panel.placeholder.text().startswith("Press Check before training")
    assert not panel.export_button.isEnabled()
    panel.set_preflight(PreflightResult("A", None, vanishing))
    panel.refresh(force=True)
    assert panel.stack.currentWidget() is not panel.placeholder
    panel.set_preflight(None)                             # the network changed
    panel.refresh(force=True)
    assert panel.stack.currentWidget() is panel.placeholder
    assert panel.placeholder.text().startswith("The network changed since the last check.")
    panel.set_preflight(PreflightResult("A", None, None, "ValueError: no data"))
    assert "could not run: ValueError: no data" in panel.placeholder.text()


def test_export_csv_writes_one_row_per_layer(qtbot, vanishing, tmp_path):
    panel = make(qtbot, vanishing)
    assert panel.export_csv(tmp_path / "preflight.csv") == len(vanishing.layers)
    text = (tmp_path / "preflight.csv").read_text(encoding="utf-8")
    assert text.startswith("index,name,kind") and "vanishing" in text
    assert panel.export_image(tmp_path / "preflight.png").stat().st_size > 2000


def test_chinese_titles(qtbot, vanishing):
    from dlstudio.gui import i18n
    from dlstudio.gui.plots import panel_title

    panel, empty = make(qtbot, vanishing), make(qtbot)
    try:
        i18n.set_language("zh_CN")
        assert panel_title("preflight") == "训练前检查"
        # the panels shown in English follow the language change
        qtbot.waitUntil(lambda: empty.placeholder.text().startswith("按下“训练前检查”"),
                        timeout=3000)
        panel.refresh(force=True)
        assert panel.plot_items["signal"].titleLabel.text.startswith("到达每一层的信号")
        assert panel.plot_items["update"].getAxis("left").labelText == "更新/权重比"
        legend = panel.graphics.ci.getItem(1, 0).text.replace("&nbsp;", " ").replace(
            "\u2060", "").replace("\u00a0", " ")
        assert "权\u2060重\u2060几\u2060乎" in panel.graphics.ci.getItem(1, 0).text  # one piece
        assert "更新：SGD 走一步，学习率 0.1" in legend and "z 的分散程度：" in legend
        assert "前向信号衰减" in legend
        assert "梯度消失" in panel.heading.text
    finally:
        i18n.set_language("en")


def test_the_panel_comes_forward_after_the_check(window, small_studio, qtbot):
    panel = window.plot_panels["preflight"]
    window.plot_tabs.setCurrentWidget(window.plot_panels["convergence"])
    with qtbot.waitSignal(small_studio.sigPreflight, timeout=60_000):
        window.docks["network"].widget().check_button.click()
    assert window.plot_tabs.currentWidget() is panel
    panel.refresh(force=True)
    dense = [c for c in small_studio.preflight.report.layers if c.signal_rms is not None]
    assert len(panel.bar_items["signal"].opts["x"]) == len(dense) == 4   # toy_2d: 3 + output
    assert panel.stack.currentWidget() is not panel.placeholder
    small_studio.set_network_spec("deep_sigmoid_mlp")     # the network changed: empty again
    panel.refresh(force=True)
    assert panel.stack.currentWidget() is panel.placeholder
    assert panel.placeholder.text().startswith("The network changed")


def test_each_finding_of_the_heading_is_its_own_line(qtbot):
    # walker6 W6-30: "... rather than a smaller learning rate exploding: with these weights ..."
    from dataclasses import replace

    layers = [LayerCheck(0, "dense", "Dense", "relu", act_std=1.0, signal_rms=1.0,
                         pass_through=1.0, update_ratio=1e-3)]
    report = replace(report_of(layers, ["exploding"]),
                     notes=("exploding: the initial weights are too large",
                            "exploding: one step would change the weights too much"))
    heading = make(qtbot, report).heading.text
    assert "too large<br>exploding: one step" in heading


def test_the_update_axis_names_the_quantity_and_the_legend_the_step(qtbot, vanishing):
    """W11-4: the axis said "sgd, learning rate 0.1" (the registry key); walker38 W38-3: then
    the axis said "SGD, learning rate 0.01", the settings, not what the bars measure. The
    axis names the quantity, the legend the step, by the Training panel's optimizer names."""
    from dlstudio.gui.plots.preflight_legend import legend_text

    panel = make(qtbot, dataclasses.replace(vanishing, optimizer="sgd"))
    assert panel.plot_items["update"].getAxis("left").labelText == "update/weight"
    text = legend_text(panel.report)
    assert "the update: one step of SGD at learning rate 0.1" in text and "sgd" not in text
    text = legend_text(dataclasses.replace(vanishing, optimizer="rmsprop"))
    assert "one step of RMSprop at" in text


def test_the_legend_names_what_each_plots_colours_mean_there(qtbot, vanishing):
    """walker38 W38-2: the legend's only blue said "vanishing" (zh "梯度消失", gradient
    vanishing), which in the signal plot marked the first layers and in the z-spread plot the
    last ones: the spread plot's blue reads as a fading forward signal, the update plot's as
    weights that barely move, each in the colour its bars are drawn in."""
    import re

    from dlstudio.gui.plots.preflight_legend import legend_text

    text = legend_text(vanishing)
    lines = [[re.sub(r"<[^>]+>", "", g).replace("&nbsp;", " ").replace("\u00a0", " ")
              for g in line.split(" · ")]
             for line in text.split("<br>")]
    assert lines[0][0].startswith("dL/dz: ■ healthy") and "■ vanishing" in lines[0][0]
    assert lines[1] == ["pass-through: ■ healthy  ■ dead units  ■ saturated",
                        "spread of z: ■ the forward signal fades  ■ the forward signal grows",
                        "update/weight: ■ the weights barely move  ■ too large"]
    blue, red = VERDICT_COLORS["vanishing"], VERDICT_COLORS["exploding"]
    spread = text.split("<br>")[1].split(" · ")[1]
    assert spread.index(blue) < spread.index("fades") < spread.index(red) < spread.index("grows")
    panel = make(qtbot, vanishing)
    assert panel.graphics.ci.getItem(1, 0).text.replace("\u00a0", " ").count(
        "the forward signal") == 2


def test_the_spread_chart_shows_the_scores_the_lesson_talks_about(qtbot):
    """Walker18 W18-3: lesson 04 (six ReLU layers, weights of std 1) says the output scores
    are tens of thousands of times too large, but the chart's output bar was the softmax's
    probabilities (std ~0.3, green). The chart shows the spread of z each activation
    receives, the scores for the output layer, and says so."""
    from dlstudio.engine.network import Network
    from dlstudio.training.preflight import preflight

    init = {"class_name": "random_normal", "config": {"stddev": 1.0}}
    layers = [{"type": "Dense", "units": 64, "activation": "relu", "kernel_initializer": init}
              for _ in range(6)] + [{"type": "Dense", "units": 10, "activation": "softmax"}]
    net = Network.from_spec({"format": "dlstudio.network", "version": 1, "input_shape": [64],
                             "layers": layers}, seed=0)
    rng = np.random.default_rng(0)
    report = preflight(net, rng.standard_normal((128, 64)).astype(np.float32),
                       rng.integers(0, 10, 128), learning_rate=0.01, optimizer="sgd")
    panel = make(qtbot, report)
    out = report.layers[-1]
    shown = 10 ** np.asarray(panel.bar_items["std"].opts["y1"])
    assert shown[-1] == pytest.approx(out.pre_std, rel=1e-9) and out.act_std < 1 < 1000 < shown[-1]
    assert colours(panel.bar_items["std"])[-1] == VERDICT_COLORS["exploding"]
    plot = panel.plot_items["std"]
    assert "z" in plot.titleLabel.text and "scores" in plot.titleLabel.text
    assert plot.getAxis("left").labelText == "std of z"


def test_a_huge_loss_under_the_verdict_reads_as_a_power_of_ten(qtbot, vanishing):
    """walker24 W24-4 (lesson 04/1): "one batch of 128 examples, loss 6e+04"."""
    import dataclasses

    from dlstudio.gui.plots.preflight_legend import legend_text

    text = legend_text(dataclasses.replace(vanishing, loss=6.2e4))
    assert "loss 6.2 × 10⁴," in text and "e+04" not in text


@pytest.mark.parametrize("size", [(900, 620), (700, 420)])
def test_the_typical_label_rests_on_its_line_or_shows_a_sample_of_it(qtbot, size):
    # walker28 z7_02c: bars near 0.02 covered every place by the 10⁻³ line, so the label
    # went just above them, where it read as theirs; away from its line it now starts with
    # a sample of the dashed line it names
    import math

    from dlstudio.gui.plots.preflight_guides import LINE_SAMPLE
    from dlstudio.training.preflight_verdicts import TYPICAL_UPDATE
    from tests.gui.plots.preflight_pages import he_report

    panel = make(qtbot, he_report(9, learning_rate=0.2), size=size)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh(force=True)
    label = panel.typical_label
    on_line = abs(label.pos().y() - math.log10(TYPICAL_UPDATE)) < 0.1
    if panel.zone_labels.in_margin:     # no place by its line: level with it in the margin
        assert not label.isVisible()    # (walker33 W33-10; ``test_preflight_guides``)
        return
    assert label.isVisible()
    assert on_line != label.toPlainText().startswith(LINE_SAMPLE), label.toPlainText()


def test_pass_through_bars_take_the_activations_colour_not_the_signals(qtbot):
    """walker38 W38-2 (lesson 04 step 1): sigmoid layers passing nearly all through (1.0)
    stood blue "vanishing" in the pass-through chart, for the dL/dz reaching them; the
    chart's bars say what the activation does (dead units, saturated), else healthy."""
    layers = [LayerCheck(i, f"dense_{i}", "Dense", "sigmoid", act_std=0.5, pre_std=0.5,
                         signal_rms=r, signal_ratio=r, pass_through=0.98, update_ratio=1e-3,
                         saturated_fraction=s, verdicts=v)
              for i, (r, s, v) in enumerate([(1e-4, 0.0, ("vanishing",)),
                                             (1e-3, 0.9, ("vanishing", "saturated")),
                                             (1.0, 0.0, ())])]
    panel = make(qtbot, report_of(layers, ["vanishing", "saturated"], ref=2))
    assert colours(panel.bar_items["signal"])[:2] == [VERDICT_COLORS["vanishing"]] * 2
    assert colours(panel.bar_items["pass"]) == [
        VERDICT_COLORS[w] for w in ("healthy", "saturated", "healthy")]


def test_lesson_05_step_3_says_the_colours_its_dead_layers_show(qtbot):
    """The text of lesson 05's "dead before the first step" names the colours its check
    draws: blue badges and ▼ for "vanishing, dead units", orange pass-through bars (the
    chart's own verdict since walker38 W38-2), en and zh."""
    from dlstudio.lessons.loader import find_lesson
    from dlstudio.lessons.runner import run_step

    lesson = find_lesson("05_activations")
    step = lesson.steps[2]
    report = run_step(lesson, step, raise_errors=True).runs[""].info["preflight"]
    panel = make(qtbot, report)
    hidden = [b.pass_judgement for b in panel.bars][:-1]
    assert hidden and set(hidden) == {"dead units"}
    assert set(colours(panel.bar_items["pass"])[:-1]) == {VERDICT_COLORS["dead units"]}
    assert "**Pass-through f′(z)/f′(0)** is orange" in step.text.en
    assert "“梯度通过率 f′(z)/f′(0)”图中的柱子则是橙色" in step.text.zh
    assert "are blue, the colour of the first word: the gradient" not in step.text.en
