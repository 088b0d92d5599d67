"""``landscape_steeper``: compares the loss rise the runner measured around two runs' weights."""
from __future__ import annotations

from dlstudio.lessons.checks import RunRecord, evaluate


def _runs(a: float | None, b: float):
    how = {"landscape_span": 0.5, "landscape_directions": 3}
    info_a = {} if a is None else {"landscape_rise": a, **how}
    return {"A": RunRecord("A", (), info_a),
            "B": RunRecord("B", (), {"landscape_rise": b, **how})}


def test_steeper_passes_and_fails_on_the_ratio():
    ok = evaluate("landscape_steeper", {"steep": "B", "flat": "A", "ratio": 10.0},
                  _runs(0.001, 0.4))
    assert ok.passed and ok.value == 400.0 and "400 times" in ok.message
    bad = evaluate("landscape_steeper", {"steep": "B", "flat": "A", "ratio": 10.0},
                   _runs(0.1, 0.4))
    assert not bad.passed


def test_a_run_without_a_landscape_is_explained():
    result = evaluate("landscape_steeper", {}, _runs(None, 0.4))
    assert not result.passed and "landscape_rise" in result.message


def test_the_line_names_what_it_measured():
    """Walker27 W27-11: 'loss rise around the weights: B 0.3929, A 0.000732, ratio 536.8'
    beside the Loss landscape tab's 'changes by only 0.01' across its grid: the line says it
    is the mean rise at one distance, over how many directions, and what the ratio compares."""
    from dlstudio.messages import render

    result = evaluate("landscape_steeper", {"steep": "B", "flat": "A"}, _runs(0.000732, 0.3929))
    assert render(result.message, "en") == (
        "rise of the loss 0.5 × the weights' size away from them (mean of 3 random "
        "directions): B 0.393, A 0.000732; B's rise is 537 times A's (needs ≥ 10)")
    assert render(result.message, "zh").startswith(
        "把权重沿随机方向移动其大小的 0.5 倍后损失的上升（3 个方向的平均）：B 0.393，A 0.000732；"
        "B 的上升是 A 的 537 倍")
