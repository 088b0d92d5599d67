"""One ellipsis rule in the Chinese texts (walker9 W9-14: the zh File menu mixed "打开工作区..."
with "打开 Keras 模型……").

The rule: an ellipsis that ends a command ("Open model...": a dialog follows) or a progress
sentence ("Loading the data...") is written "..." in Chinese, as in the English; "……" is kept
for the omitted rest of a list or sequence in prose ("dense、dense_1……"); a lone "…" is never
used. A command quoted in a sentence is written as its own translation."""
from __future__ import annotations

import json
from pathlib import Path

from dlstudio.gui.lessons.strings import ui_texts

TABLE = Path(__file__).resolve().parents[2] / "resources" / "translations" / "zh_CN.json"


def _pairs() -> list[tuple[str, str]]:
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    pairs = []
    for key, zh in table.items():
        context, _, english = key.partition("|")
        pairs.append((english if english and context.isidentifier() else key, zh))
    return pairs + ui_texts()


def _ends_with_ellipsis(text: str) -> bool:
    return text.rstrip().endswith(("...", "…"))


def test_commands_and_progress_end_with_three_dots_and_no_lone_ellipsis():
    wrong = [(en, zh) for en, zh in _pairs()
             if (_ends_with_ellipsis(en) and not zh.rstrip().endswith("...")
                 or "…" in zh.replace("……", ""))]
    assert wrong == []


def test_a_command_quoted_in_a_sentence_is_written_as_the_command():
    pairs = _pairs()
    commands = {en: zh for en, zh in pairs
                if en.endswith("...") and len(en.split()) <= 5 and not en.startswith("...")}
    wrong = [(command, en, zh) for en, zh in pairs for command, name in commands.items()
             if en != command and command in en and name not in zh]
    assert wrong == []
