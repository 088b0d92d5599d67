"""The pre-flight verdicts judge a layer's output spread and update/weight ratio on their own."""
from __future__ import annotations

from dlstudio.training.diagnosis import UPDATE_LIMIT
from dlstudio.training.preflight_verdicts import (EXPLODING, SMALL_UPDATE, VANISHING,
                                                  activation_reading, update_reading)


def test_activation_reading_judges_the_spread_on_its_own():
    assert activation_reading(None) is None
    assert activation_reading(1.0) == "healthy" and activation_reading(0.2) == "healthy"
    assert activation_reading(VANISHING / 2) == "vanishing" and activation_reading(0.0) == "vanishing"
    assert activation_reading(EXPLODING * 2) == "exploding"
    assert activation_reading(float("inf")) == "exploding"


def test_update_reading_judges_the_ratio_on_its_own():
    assert update_reading(None) is None
    assert update_reading(1e-3) == "healthy" and update_reading(0.4) == "healthy"
    assert update_reading(SMALL_UPDATE / 2) == "vanishing" and update_reading(0.0) == "vanishing"
    assert update_reading(UPDATE_LIMIT * 1.01) == "exploding"
    assert update_reading(float("nan")) == "exploding"


def test_a_large_update_share_is_written_with_thousands_separators():
    """Walker26 W26-7: the pre-flight headline said "... by 39823% of their size" (zh
    "19683%"); it groups the digits as the layer badges do ("39,823%")."""
    from dlstudio.messages import Message, render

    for key in ("preflight.big_update_from_init", "preflight.big_update"):
        message = Message(key, lr=0.01, layer=Message("layer.named", number=8, name="dense_6"),
                          ratio=398.23)
        for lang in ("en", "zh"):
            text = render(message, lang)
            assert "39,823%" in text and "39823" not in text, text
        assert "by 350% of" in render(Message(key, lr=0.01, layer="x", ratio=3.5), "en")
