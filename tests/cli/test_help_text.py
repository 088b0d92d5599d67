"""Every subcommand's --help reads as terminal text: no reStructuredText quotes from the
docstrings it shows, no line past 80 columns, and every window option says what it does
(walker38 W38-14: ``dlstudio lesson --help`` printed ``double backticks`` and a 91-column
line; --theme had no help)."""
from __future__ import annotations

import pytest

from dlstudio.cli import SUBCOMMANDS, build_parser


def _help(monkeypatch, capsys, command: str) -> str:
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    return capsys.readouterr().out


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_help_is_plain_text_within_80_columns(monkeypatch, capsys, command):
    text = _help(monkeypatch, capsys, command)
    assert "``" not in text
    assert max(len(line) for line in text.splitlines()) <= 80, text


def test_the_theme_option_says_what_it_does(monkeypatch, capsys):
    text = _help(monkeypatch, capsys, "gui")
    after = text[text.index("\n  --theme {light,dark}") + 1:].splitlines()
    assert "colours" in " ".join(after[:2])
