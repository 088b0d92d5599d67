"""The notation of the help texts and messages outside the lessons is the lessons' own:
exponents as superscripts (eᶻ, e⁻ᶻ) and fan-in, fan-out with a hyphen (fix65's list: the
ELU and Softplus help wrote e^z, the initializers' help and the He-scale messages fan_in,
where the lessons write eᶻ and fan-in since walker30 W30-18). The settings' own values
("fan_in" in the Variance scaling mode box) are code names and stay as they are."""
from __future__ import annotations

import json
import re
from pathlib import Path

from dlstudio.messages import catalogue

TABLE = Path(__file__).resolve().parents[1] / "resources" / "translations" / "zh_CN.json"
CODE_NOTATION = re.compile(r"\be\^|\bfan_(?:in|out|avg)\b")


def registry_help() -> list[str]:
    """Every registry entry's help and its parameters' help, as the window shows them."""
    from dlstudio.engine.activations import ACTIVATIONS
    from dlstudio.engine.initializers import INITIALIZERS
    from dlstudio.engine.layers import LAYERS
    from dlstudio.engine.losses import LOSSES
    from dlstudio.engine.optimizers import OPTIMIZERS
    from dlstudio.engine.regularizers import CONSTRAINTS, REGULARIZERS
    from dlstudio.engine.schedules import SCHEDULES

    texts = []
    for registry in (ACTIVATIONS, INITIALIZERS, LAYERS, LOSSES, OPTIMIZERS, CONSTRAINTS,
                     REGULARIZERS, SCHEDULES):
        for entry in registry.entries():
            texts += [entry.help] + [p.help for p in entry.params]
    return [text for text in texts if text]


def test_help_texts_write_superscripts_and_fan_in():
    found = [text for text in registry_help() if CODE_NOTATION.search(text)]
    assert not found, "\n".join(found)


def test_messages_write_superscripts_and_fan_in():
    found = [f"{mid} ({lang}): {text}" for mid, entry in catalogue().items()
             for lang, text in entry.items()
             if isinstance(text, str) and CODE_NOTATION.search(text)]
    assert not found, "\n".join(found)


def test_translations_write_superscripts_and_fan_in():
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    found = [f"{key} -> {value}" for key, value in table.items()
             if CODE_NOTATION.search(key) or CODE_NOTATION.search(value)]
    assert not found, "\n".join(found)
