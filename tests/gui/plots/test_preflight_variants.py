"""Which variant's check the Pre-flight page shows (``gui.plots.preflight_variants``): the
Variant box offers every variant whose check is known, the page names the one it shows."""
from __future__ import annotations

from dlstudio.gui.plots.preflight_bars import demo_report, preflight_bars
from dlstudio.gui.plots.preflight_variants import PreflightVariantsWidget
from dlstudio.gui.preflight_check import PreflightResult
from tests.gui.plots.preflight_pages import make


def test_the_box_picks_a_known_variant_and_falls_back_to_a(qtbot, vanishing):
    chooser = PreflightVariantsWidget()
    qtbot.addWidget(chooser)
    a, b = PreflightResult("A", None, vanishing), PreflightResult("B", None, vanishing)
    chooser.set_a(a)
    assert chooser.shown() is a and chooser.shown_name(a) == ""     # nothing to tell apart
    chooser.set_others({"B": b}, {"A": "A (Glorot normal)", "B": "B (He normal)"})
    chooser.refill(chooser.shown())
    assert chooser.box.isVisibleTo(chooser) and chooser.box.count() == 2
    with qtbot.waitSignal(chooser.sigPicked):
        chooser.box.activated.emit(1)
    assert chooser.shown() is b and chooser.shown_name(b) == "B (He normal)"
    chooser.set_others({}, {"A": "A"})          # B's check went: A's again
    assert chooser.shown() is a
    chooser.forget()
    assert chooser.shown() is None and chooser.picked is None


def test_with_two_variants_the_page_says_which_one_it_shows_and_picks_the_other(qtbot,
                                                                              vanishing):
    """In an A/B step (02/1: A Glorot, B He) the page drew A's check under a heading that
    did not say so. It now names the variant over the verdict, and its Variant box shows
    B's check (a run checks every variant)."""
    healthy = demo_report(layers=3, seed=1)
    a = PreflightResult("A", None, vanishing)
    b = PreflightResult("B", None, healthy)
    panel = make(qtbot)
    panel.set_preflight(a)
    panel.refresh(force=True)
    assert "Variant" not in panel.heading.text             # one network: nothing to tell
    assert not panel.variants.box.isVisibleTo(panel)
    names = {"A": "A (Glorot normal)", "B": "B (He normal)"}
    panel.set_variant_preflights({"A": a, "B": b}, names)
    panel.refresh(force=True)
    assert panel.result is a
    assert '">Variant A (Glorot normal): vanishing' in panel.heading.text
    assert panel.variants.box.isVisibleTo(panel)
    assert [panel.variants.box.itemText(i) for i in range(panel.variants.box.count())] == \
        ["A (Glorot normal)", "B (He normal)"]
    panel.variants.box.activated.emit(1)
    panel.refresh(force=True)
    assert panel.result is b and panel.report is healthy
    assert '">Variant B (He normal): ' in panel.heading.text
    assert len(panel.bars) == len(preflight_bars(healthy))
    # B's check no longer fits B (its network changed): A's again, and the box goes
    panel.set_variant_preflights({"A": a}, names)
    panel.refresh(force=True)
    assert panel.result is a and '">Variant A (Glorot normal):' in panel.heading.text
    assert not panel.variants.box.isVisibleTo(panel)
    # a lesson switch forgets every variant's check
    panel.start_afresh()
    assert panel.result is None and panel.variants.results == {}


def test_the_variant_s_name_in_chinese(qtbot, vanishing):
    from dlstudio.gui import i18n

    panel = make(qtbot, vanishing)
    panel.set_variant_preflights({"A": PreflightResult("A", None, vanishing),
                                  "B": PreflightResult("B", None, vanishing)},
                                 {"A": "A", "B": "B"})
    try:
        i18n.set_language("zh_CN")
        qtbot.waitUntil(lambda: panel.variants.label.text() == "变体：", timeout=3000)
        panel.refresh(force=True)
        assert '">变体 A：梯度消失' in panel.heading.text
    finally:
        i18n.set_language("en")
