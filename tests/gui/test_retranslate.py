"""``RetranslateMixin``: one answer to ``LanguageChange`` for every widget that has texts."""
from __future__ import annotations

import re
from pathlib import Path

from dlstudio.gui import i18n
from dlstudio.gui.editor.toggles import NetworkTogglesWidget

GUI = Path(__file__).resolve().parents[2] / "dlstudio" / "gui"


def test_a_widget_with_the_mixin_follows_the_language(qtbot):
    toggles = NetworkTogglesWidget()
    qtbot.addWidget(toggles)
    assert toggles.apply_activation.text() == "Set on all hidden layers"
    try:
        assert i18n.set_language("zh_CN")
        qtbot.waitUntil(lambda: toggles.apply_activation.text() != "Set on all hidden layers",
                        timeout=3000)
        assert toggles.initializer.combo.placeholderText() == "（不一致）"
    finally:
        i18n.set_language("en")
    qtbot.waitUntil(lambda: toggles.apply_activation.text() == "Set on all hidden layers",
                    timeout=3000)


def test_no_widget_answers_language_change_itself():
    pattern = re.compile(r"def changeEvent[\s\S]{0,200}?LanguageChange")
    owners = [p.relative_to(GUI).as_posix() for p in GUI.rglob("*.py")
              if pattern.search(p.read_text(encoding="utf-8"))]
    assert owners == ["widgets/retranslate.py"]
