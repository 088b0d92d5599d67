"""WeightsPanel: weight histograms, weight norms, batch-norm moving statistics."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest

from dlstudio.gui.plots.multiples import hist_xy
from dlstudio.gui.plots.synthetic import synthetic_run
from dlstudio.gui.plots.weights import WeightsPanel


def panel_for(qtbot, store):
    panel = WeightsPanel(store)
    qtbot.addWidget(panel)
    panel.refresh()
    return panel


def test_histograms_and_norms(qtbot, moons_store):
    panel = panel_for(qtbot, moons_store)
    assert panel.hist_curves and panel.norm_curves
    for (variant, layer), curve in panel.hist_curves.items():
        edges, share = hist_xy(moons_store.latest_layer_field(variant, layer, "weight_hist"))
        np.testing.assert_allclose(curve.xData, edges)
        np.testing.assert_allclose(curve.yData, share)
    for (variant, layer), curve in panel.norm_curves.items():
        np.testing.assert_allclose(curve.yData,
                                   moons_store.series(variant, "weight_norm", layer=layer)[1])
    notes = [text for _, text, _ in panel._labels]
    assert any("no batch-normalization layer" in t for t in notes)


def test_batch_norm_moving_statistics(qtbot, store, filler):
    snaps = synthetic_run(20)
    filler(store, snaps)
    panel = panel_for(qtbot, store)
    mean = panel.bn_curves[("", 2, "mean")]
    var = panel.bn_curves[("", 2, "variance")]
    np.testing.assert_allclose(mean.yData, snaps[-1].layers[2].bn_moving_mean)
    np.testing.assert_allclose(var.yData, snaps[-1].layers[2].bn_moving_variance)
    np.testing.assert_array_equal(mean.xData, np.arange(16))


def test_compare_uses_line_styles_per_variant(qtbot, compare_store):
    panel = panel_for(qtbot, compare_store)
    a = panel.norm_curves[("A", 0)].opts["pen"]
    b = panel.norm_curves[("B", 0)].opts["pen"]
    assert a.color() == b.color() and a.style() != b.style()


def five_batch_norm_snapshots(variants=("A", "B")):
    """A comparison of networks dense, BN, dense, BN, ... with five batch-norm layers."""
    import dataclasses

    out = []
    for snap in synthetic_run(6, variants={v: "relu" for v in variants}):
        dense, bn = snap.layers[0], snap.layers[2]
        layers = []
        for k in range(5):
            layers.append(dataclasses.replace(dense, index=2 * k,
                                              name="dense" if k == 0 else f"dense_{k}"))
            layers.append(dataclasses.replace(      # no weights of its own shown
                bn, index=2 * k + 1, weight_hist=None, weight_norm=None,
                name="batch_normalization" if k == 0 else f"batch_normalization_{k}"))
        out.append(dataclasses.replace(snap, layers=tuple(layers)))
    return out


def test_batch_norm_statistics_are_a_readable_grid(qtbot, store, filler):
    """Five batch-norm plots in one row were ~50 px tall, all titled "batch_normaliz…" and
    the legend covered the first: now a grid of three columns, each titled by its number and
    the layer it follows, tick labels on the value axis, the legend beside the plots."""
    filler(store, five_batch_norm_snapshots())
    panel = panel_for(qtbot, store)
    panel.resize(800, 590)          # the Weights tab in the lesson layout at 1366x768
    panel.show()
    panel.refresh(force=True)
    qtbot.wait(10)
    bn = [p for p in panel.plots if p.titleLabel.text.startswith("BN ")]
    assert [p.titleLabel.text for p in bn] == [
        "BN 1 (after dense)", "BN 2 (after dense_1)", "BN 3 (after dense_2)",
        "BN 4 (after dense_3)", "BN 5 (after dense_4)"]
    rects = [p.sceneBoundingRect() for p in bn]
    assert len({round(r.top()) for r in rects}) == 2                  # two rows
    assert all(r.height() >= 90 for r in rects)                       # was ~50 px
    for plot in bn:
        assert plot.legend is None                                    # nothing on the data
    legend_rect = panel.bn_legend.sceneBoundingRect()
    assert all(not legend_rect.intersects(p.vb.sceneBoundingRect()) for p in bn)
    assert panel.bn_legend.items and len(panel.bn_legend.items) == 2


def test_gap_between_moving_averages_and_batch_statistics(qtbot, store, filler):
    """Per batch-norm layer and variant: the average |moving mean - batch mean| and the
    (geometric) average of moving variance / batch variance, from the newest probe; A's
    markers are drawn above B's everywhere (the gaps' arithmetic: test_bn_gaps.py)."""
    snaps = synthetic_run(20, variants={"A": "sigmoid", "B": "relu"})
    filler(store, snaps)
    panel = panel_for(qtbot, store)
    assert set(panel.gap_curves) == {(v, w) for v in "AB" for w in ("mean", "variance")}
    for variant in "AB":
        bn = [s for s in snaps if s.variant == variant][-1].layers[2]
        expected_mean = np.mean(np.abs(bn.bn_moving_mean - bn.bn_batch_mean))
        expected_ratio = np.exp(np.mean(np.log(bn.bn_moving_variance / bn.bn_batch_variance)))
        np.testing.assert_allclose(panel.gap_curves[(variant, "mean")].yData, [expected_mean])
        np.testing.assert_allclose(panel.gap_curves[(variant, "variance")].yData,
                                   [expected_ratio])
    for which in ("mean", "variance"):
        assert panel.gap_curves[("A", which)].zValue() > panel.gap_curves[("B", which)].zValue()
    for what in ("mean", "variance"):
        assert panel.bn_curves[("A", 2, what)].zValue() > panel.bn_curves[("B", 2, what)].zValue()
    ticks = [t for _, t in panel.gap_plots["mean"].getAxis("bottom")._tickLevels[0]]
    assert ticks == ["BN 1"]
    assert all(p.legend is None for p in panel.plots if p.titleLabel.text.startswith("dense"))


def test_layer_colours_differ_from_variant_colours_and_the_title_says_which(qtbot,
                                                                           compare_store):
    """Walker4 W4-6 (lesson 10 step 1): orange meant "B" in the histograms and a layer in the
    norm plot below. Layers now take colours no variant has; line styles tell the variants
    apart, and the title says both."""
    from dlstudio.gui.plots import style

    panel = panel_for(qtbot, compare_store)
    variant_colours = {style.variant_color(j) for j in range(2)}
    assert {c.opts["pen"].color().name() for c in panel.hist_curves.values()} == \
        variant_colours
    norm_colours = {c.opts["pen"].color().name() for c in panel.norm_curves.values()}
    assert len(norm_colours) == len(compare_store.layer_names("A"))
    assert not norm_colours & variant_colours
    # nor one that reads as a variant's (gold and brown next to B's orange)
    assert all(style.hue_apart(c, v) for c in norm_colours for v in variant_colours)
    assert style.layer_color(1, 5, 2) != style.layer_color(0, 5, 2)
    title = panel.norm_plot.titleLabel.text
    assert "colour: layer" in title and "A" in title and "solid" in title \
        and "dashed" in title


def test_a_single_run_keeps_one_colour_per_layer_on_the_whole_page(qtbot, moons_store):
    from dlstudio.gui.plots import style

    panel = panel_for(qtbot, moons_store)
    n = len(moons_store.layer_names(""))
    for (variant, layer), curve in panel.norm_curves.items():
        assert curve.opts["pen"].color().name() == style.layer_color(layer, n)
    for (variant, layer), curve in panel.hist_curves.items():
        assert curve.opts["pen"].color().name() == style.layer_color(layer, n)


@pytest.mark.parametrize("variants", [1, 2, 3, 4, 5, 6])
def test_layer_colours_by_the_number_of_variants_shown(variants):
    from dlstudio.gui.plots import style

    colours = [style.layer_color(i, 12, variants) for i in range(12)]
    taken = style.VARIANT_COLORS[:variants] if variants > 1 else ()
    assert len(set(colours)) >= style.MIN_LAYER_COLORS
    assert not set(colours) & set(taken)
    if variants <= 4:                # hues that cannot be read as a variant's
        assert all(style.hue_apart(c, t) for c in colours for t in taken)
    if variants <= 3:                # twelve layers, twelve colours
        assert len(set(colours)) == 12


def test_layers_between_batch_norm_layers_get_distinct_colours(qtbot, store, filler):
    """Lesson 06 step 3 (A, B; dense and batch-norm layers in turn): colours keyed by the
    layer's position among all layers cycled through two pinks for the five dense layers."""
    filler(store, five_batch_norm_snapshots())
    panel = panel_for(qtbot, store)
    for variant in ("A", "B"):
        colours = [c.opts["pen"].color().name() for (v, _), c in panel.norm_curves.items()
                   if v == variant]
        assert len(colours) == 5 and len(set(colours)) == 5


def test_histogram_titles_give_each_variants_share_of_small_weights(qtbot, compare_store,
                                                                    filler):
    """L1's exact zeros and L2's small weights make the same spike at 0 at the histogram's
    bin width: each title gives the share below 0.001 per variant (walker10 W10-6)."""
    panel = panel_for(qtbot, compare_store)
    plots = {curve.slot_name: curve.slot_plot for curve in panel.hist_curves.values()}
    assert plots
    for name, plot in plots.items():
        shares = [compare_store.latest_layer_field(v, i, "weight_small_fraction")
                  for (v, i), c in panel.hist_curves.items() if c.slot_name == name]
        assert all(s is not None for s in shares)
        title = plot.titleLabel.text
        assert title.startswith(f"{name} (A ")
        assert f", B {shares[1]:.0%})" in title
    # the heading says what the share is; it is HTML: its "<" is escaped, else the rest of
    # it vanishes as a tag
    from PySide6.QtGui import QTextDocumentFragment

    heading = next(text for _, text, _ in panel._labels if text.startswith("Weight hist"))
    assert "the share with |w| < 0.001)" in QTextDocumentFragment.fromHtml(heading).toPlainText()
    # a single run: the share without a letter; no measurement: the bare name
    from dlstudio.gui.run_store import RunStore

    single = panel_for(qtbot, filler(RunStore(), synthetic_run(5)))
    assert single.small_share_title("dense", [("A", 0.723)]) == \
        "dense (72%)"
    assert single.small_share_title("dense", [("A", None)]) == "dense"


def _classroom_histogram_titles(qtbot, store, filler, share: float, width: int) -> list[str]:
    """The five histogram titles as shown (lines joined by "\\n") of a classroom Weights
    page ``width`` wide, every layer's share of small weights ``share``."""
    import dataclasses

    snaps = [dataclasses.replace(s, layers=tuple(
        dataclasses.replace(lt, weight_small_fraction=share if lt.weight_hist else None)
        for lt in s.layers)) for s in five_batch_norm_snapshots()]
    filler(store, snaps)
    panel = WeightsPanel(store)
    qtbot.addWidget(panel)
    panel.set_classroom(True)
    panel.resize(width, 900)
    panel.show()
    panel.refresh(force=True)
    qtbot.wait(50)
    titles = {c.slot_plot for c in panel.hist_curves.values()}
    assert len(titles) == 5
    return [plot.titleLabel.item.toPlainText() for plot in titles]


def test_five_histogram_titles_keep_their_shares_in_classroom_mode(qtbot, store, filler):
    """Walker10 W10-13: at five histograms a row in classroom mode (the Weights tab at
    1920x1080) the titles' shares were cut to "dense（|w| < 0.001：A…"."""
    for shown in _classroom_histogram_titles(qtbot, store, filler, 0.72, 1140):
        assert "A 72%, B 72%" in shown.replace("\n", " ") and "…" not in shown


@pytest.mark.parametrize("width", [950, 1140])
def test_five_chinese_histogram_titles_keep_their_shares_in_classroom_mode(qtbot, store,
                                                                          filler, width):
    """Walker16 W16-8: in the zh classroom window (1920x1080, lesson 06 step 3) the titles
    read "5 dense_1" / "（A 1%, B 1…": the full-width brackets made the share line too long
    for its plot. What does not fit on the second line takes a third."""
    from dlstudio.gui import i18n

    try:
        assert i18n.set_language("zh_CN")
        for shown in _classroom_histogram_titles(qtbot, store, filler, 0.01, width):
            assert "A 1%, B 1%" in shown.replace("\n", " ") and "…" not in shown, shown
    finally:
        i18n.set_language("en")


def test_coinciding_histograms_of_a_comparison_all_show(qtbot, store, filler, shown):
    """Walker13 W13-2 (lesson 06 step 3): A and B start from the same weights and train 30
    steps, so their weight histograms coincide, and B's filled one hid A's entirely. A is
    filled, every other variant an outline (B solid, C dashed, D dotted) drawn over it; the
    heading says so."""
    import dataclasses

    from PySide6.QtCore import Qt

    snaps = synthetic_run(6, variants={v: "relu" for v in "ABCD"})
    layers = {}
    same = []
    for s in snaps:          # every variant gets A's layers at that step: identical
        layers.setdefault(s.step, s.layers)
        same.append(dataclasses.replace(s, layers=layers[s.step]))
    filler(store, same)
    panel = shown(qtbot, WeightsPanel(store), (900, 700))
    for layer in {k[1] for k in panel.hist_curves}:
        a, b, c, d = (panel.hist_curves[(v, layer)] for v in "ABCD")
        np.testing.assert_array_equal(a.yData, b.yData)          # they do coincide
        assert a.opts["fillLevel"] == 0 and pg.mkBrush(a.opts["fillBrush"]).color().alpha() > 0
        for curve, line in ((b, Qt.PenStyle.SolidLine), (c, Qt.PenStyle.DashLine),
                            (d, Qt.PenStyle.DotLine)):
            assert curve.opts["fillLevel"] is None and curve.opts["fillBrush"] is None
            assert curve.opts["pen"].style() == line and curve.zValue() > a.zValue()
    heading = " ".join(text for _, text, _ in panel._labels if "histograms" in text)
    heading = heading.replace("\u2060", "").replace("\u00a0", " ")  # (kept on one line)
    assert "A (filled)" in heading and "B (outline)" in heading
    assert "C (dashed outline)" in heading


def test_a_single_runs_histograms_stay_filled(qtbot, moons_store):
    panel = panel_for(qtbot, moons_store)
    for curve in panel.hist_curves.values():
        assert curve.opts["fillLevel"] == 0 and pg.mkBrush(curve.opts["fillBrush"]).color().alpha() > 0


def test_histograms_with_three_line_titles_keep_their_bars_on_a_short_page(qtbot, store,
                                                                           filler):
    """Walker21 W21-5: lesson 06 step 3 at 1366x768 (six Dense layers, A/B, each title
    "2 dense (A 1%, B 1%)" wrapped to three lines): the histograms were drawn with no
    height at all, the plots' least height (100 px) spent on title and axis. Each keeps
    HIST_DATA_HEIGHT for its bars, the title and axis beside it; the page grows (it
    scrolls) to the plots' least heights once the titles wrapped (however many lines the
    font in use wraps them to)."""
    import dataclasses

    from dlstudio.gui.plots.weights import HIST_DATA_HEIGHT

    snaps = []
    for snap in five_batch_norm_snapshots():
        layers = list(snap.layers) + [dataclasses.replace(snap.layers[0], index=10,
                                                          name="dense_5")]
        snaps.append(dataclasses.replace(snap, layers=tuple(
            dataclasses.replace(lt, weight_small_fraction=0.01 if lt.weight_hist is not None
                                else None) for lt in layers)))
    filler(store, snaps)
    panel = WeightsPanel(store)
    qtbot.addWidget(panel)
    panel.resize(534, 595)          # the Weights tab beside the Network and Lessons docks
    panel.show()
    panel.refresh(force=True)
    plots = {c.slot_plot for c in panel.hist_curves.values()}
    assert len(plots) == 6

    def laid_out() -> None:
        # the shares reach the titles at the next redraws, which wrap them (to three lines
        # in DejaVu Sans, two taller ones in Noto Sans CJK, whose Latin letters are narrower)
        assert any(p.titleLabel.item.toPlainText().count("\n") >= 1 for p in plots)
        for plot in plots:
            title, bars = plot.titleLabel.sceneBoundingRect(), plot.vb.sceneBoundingRect()
            axis = plot.getAxis("bottom").sceneBoundingRect()
            assert bars.height() >= HIST_DATA_HEIGHT - 1
            assert bars.top() >= title.bottom() - 1 and axis.top() >= bars.bottom() - 6
        page_bottom = max(p.sceneBoundingRect().bottom() for p in panel.plots)
        assert panel.canvas.graphics.minimumHeight() >= page_bottom

    qtbot.waitUntil(laid_out, timeout=5000)


def test_after_a_divergence_the_heading_says_which_weights_the_network_keeps(qtbot, store,
                                                                             filler):
    """Walker25 W25-4: the run note said "the network keeps the weights it had after step 1"
    above "Weight histograms now" of the blown-up weights (±10⁷); the heading now says which
    they are, and says nothing once the timeline shows the kept step."""
    import dataclasses

    from PySide6.QtGui import QTextDocumentFragment

    from dlstudio.gui.run_store import RunStore

    snaps = synthetic_run(5)
    end = dataclasses.replace(snaps[-1], event="diverged", extra={"last_good_step": snaps[1].step})
    filler(store, snaps + [end])
    panel = panel_for(qtbot, store)

    def heading() -> str:
        text = next(t for _, t, _ in panel._labels if t.startswith("Weight hist"))
        return QTextDocumentFragment.fromHtml(text).toPlainText()

    kept, last = f"{snaps[1].step:,}", f"{end.step:,}"
    assert (f"These are the blown-up weights of step {last}; the network keeps those of "
            f"step {kept} (drag the timeline to step {kept} to see them).") in heading()
    store.pin(snaps[1].step, {"": snaps[1]})
    panel.refresh()
    assert "blown-up" not in heading() and heading().startswith(f"Weight histograms at step {kept} (")
    # blown up at the first step: the initial weights, as the run note says (97.png)
    first = RunStore()
    filler(first, [snaps[0], dataclasses.replace(end, extra={"last_good_step": 0})])
    panel = panel_for(qtbot, first)
    assert "the network keeps its initial weights (drag the timeline to step 0" in heading()


def test_the_comparison_titles_read_in_chinese_punctuation(qtbot, compare_store):
    """Walker29 (zh): the weight-norm title read "各层权重范数 (颜色：层; A: 实线, B: 虚线)",
    half-width marks composed in the code; and the histograms' colour key wrapped inside
    "B（轮廓）" between two characters in classroom 1920."""
    from dlstudio.gui import i18n
    from dlstudio.gui.plots import multiples

    try:
        assert i18n.set_language("zh_CN")
        panel = panel_for(qtbot, compare_store)
        title = panel.norm_plot.titleLabel.text
        assert "各层权重范数（颜色：层；A：实线，B：虚线）" in title, title
        key = multiples.hist_key(panel, ["A", "B"])
        assert "轮\u2060廓" in key and "A\u2060（" in key
    finally:
        i18n.set_language("en")
    english = WeightsPanel(compare_store)
    qtbot.addWidget(english)
    assert english.norm_title(["A", "B"]) == \
        "Weight norm per layer (colour: layer; A: solid, B: dashed)"


def test_a_comparisons_tallest_spike_fits_in_its_histogram(qtbot, store, filler, shown):
    """Walker32 (lesson 10 step 1, L1): B's spike at 0 (72% of the weights) looked cut at
    the top of each histogram. Every variant's tallest bar is inside its plot's view, with
    room above it (fix67 could not make it cut: this keeps it so)."""
    import dataclasses

    from dlstudio.training.telemetry import Histogram

    def spiked(s):
        layers = []
        for lt in s.layers:
            if lt.weight_hist is not None:
                counts = np.asarray(lt.weight_hist.counts, np.float64).copy()
                counts[len(counts) // 2] += 3 * counts.sum()       # ~75% in one bin
                lt = dataclasses.replace(lt, weight_hist=Histogram(counts, lt.weight_hist.edges))
            layers.append(lt)
        return dataclasses.replace(s, layers=tuple(layers))

    snaps = synthetic_run(6, variants={"A": "relu", "B": "relu"})
    filler(store, [spiked(s) if s.variant == "B" else s for s in snaps])
    panel = shown(qtbot, WeightsPanel(store), (1200, 800))
    for (variant, _layer), curve in panel.hist_curves.items():
        top = curve.getViewBox().viewRange()[1][1]
        assert float(np.nanmax(curve.yData)) < 0.97 * top, variant
