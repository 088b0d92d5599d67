"""Every subcommand's --help reads as plain terminal text (walker38 W38-14): no
reStructuredText ``marks``, the lesson help's hand-set lines within 80 columns, and every
option of the window's command line explained."""
from __future__ import annotations

import contextlib
import io

import pytest

from dlstudio.cli import build_parser, described

SUBCOMMANDS = ["train", "summary", "preflight", "landscape", "gradcheck", "evaluate", "lesson",
               "gui"]


def _help(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        build_parser().parse_args([*argv, "--help"])
    return out.getvalue()


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_help_has_no_rest_marks(command, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    text = _help(command)
    assert "``" not in text
    if command == "lesson":                  # printed as written (its example commands)
        assert max(len(line) for line in text.splitlines()) <= 80, text


def test_every_window_option_has_help(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    text = _help("gui")
    assert "--theme {light,dark}  the window's colours" in text


def test_described_drops_the_summary_and_the_marks():
    assert described("``x``: one line.\n\nUse ``--y`` here.") == "Use --y here."
    assert described("``x``: one.", skip_first=False) == "x: one."
    assert described(None) is None
