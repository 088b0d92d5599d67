"""``landscape_steeper``: compares the loss rise the runner measured around two runs' weights."""
from __future__ import annotations

from dlstudio.lessons.checks import RunRecord, evaluate


def _runs(a: float | None, b: float):
    info_a = {} if a is None else {"landscape_rise": a}
    return {"A": RunRecord("A", (), info_a), "B": RunRecord("B", (), {"landscape_rise": b})}


def test_steeper_passes_and_fails_on_the_ratio():
    ok = evaluate("landscape_steeper", {"steep": "B", "flat": "A", "ratio": 10.0},
                  _runs(0.001, 0.4))
    assert ok.passed and ok.value == 400.0 and "ratio 400" in ok.message
    bad = evaluate("landscape_steeper", {"steep": "B", "flat": "A", "ratio": 10.0},
                   _runs(0.1, 0.4))
    assert not bad.passed


def test_a_run_without_a_landscape_is_explained():
    result = evaluate("landscape_steeper", {}, _runs(None, 0.4))
    assert not result.passed and "landscape_rise" in result.message
