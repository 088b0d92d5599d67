"""Every ``QTimer.singleShot`` in the window names a context object.

Without one, PySide6 calls a 0 ms single shot even when the widget whose method (or lambda) it
calls has been deleted meanwhile, which fails with "Internal C++ object ... already deleted"
at teardown. With the receiver as context (``QTimer.singleShot(0, self, self.arrange)``) Qt
drops the call along with the object.
"""
from __future__ import annotations

import ast
from pathlib import Path

GUI = Path(__file__).parents[2] / "dlstudio" / "gui"


def _single_shots_without_context(source: str) -> list[int]:
    """Lines of ``QTimer.singleShot(msec, callable)`` calls: two arguments, no context."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "singleShot" and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "QTimer" and len(node.args) + len(node.keywords) < 3):
            lines.append(node.lineno)
    return lines


def test_the_check_finds_a_single_shot_without_context():
    assert _single_shots_without_context("QTimer.singleShot(0, self.close)") == [1]
    assert _single_shots_without_context("QTimer.singleShot(0, self, self.close)") == []


def test_every_single_shot_in_the_window_has_a_context():
    missing = [f"{path.relative_to(GUI)}:{line}"
               for path in sorted(GUI.rglob("*.py"))
               for line in _single_shots_without_context(path.read_text(encoding="utf-8"))]
    assert not missing, missing
