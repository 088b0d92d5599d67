"""The ``dlstudio`` command.

With no subcommand it opens the studio window. Each headless subcommand lives in its own
module under ``dlstudio.cli`` and is listed in ``SUBCOMMANDS``; a module provides
``add_parser(subparsers)`` (which sets ``func`` on its parser) and its ``func(args) -> int``.
Errors meant for the user are raised as ``UserError`` and printed as one line, exit code 2.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from dlstudio import __version__

#: subcommand modules, imported lazily so ``dlstudio --help`` stays fast
SUBCOMMANDS = ("summary", "train", "evaluate", "gradcheck", "landscape", "data", "lesson", "bench",
               "gui")


class UserError(Exception):
    """A problem the user can fix; printed without a traceback."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dlstudio",
        description="A studio for learning how deep neural networks train. "
                    "Run without a subcommand to open the window.",
        epilog="The window's options (--preset, --lesson, --step, --classroom, ...) work "
               "with or without 'gui': see 'dlstudio gui --help'.")
    parser.add_argument("--version", action="version", version=f"dlstudio {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"dlstudio.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"dlstudio.cli.{name}":
                continue  # not built yet
            raise
        module.add_parser(sub)
    return parser


def opens_window(argv: list[str]) -> bool:
    """True when ``argv`` is meant for the window: no subcommand, only the window's own
    options (``dlstudio --preset toy_2d``, ``dlstudio --lesson 03``, ``dlstudio my.dlsw``)."""
    if not argv:
        return True
    first = argv[0]
    if first in ("-h", "--help", "--version"):
        return False
    return first not in SUBCOMMANDS


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if opens_window(argv):
        from dlstudio.cli.gui import run_gui

        return run_gui(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"dlstudio {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
