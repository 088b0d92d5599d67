"""The ``dlstudio`` command.

With no subcommand it opens the studio window. Each headless subcommand lives in its own
module under ``dlstudio.cli`` and is listed in ``SUBCOMMANDS``; a module provides
``add_parser(subparsers)`` (which sets ``func`` on its parser) and its ``func(args) -> int``.
Errors meant for the user (``UserError`` and the project's own error classes, see
``user_error_types``) are printed as one line without a traceback, exit code 2.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from dlstudio import __version__

#: subcommand modules, imported lazily so ``dlstudio --help`` stays fast
SUBCOMMANDS = ("summary", "train", "evaluate", "gradcheck", "preflight", "landscape", "data",
               "lesson", "bench", "gui", "export")


class UserError(Exception):
    """A problem the user can fix; printed without a traceback."""


def user_error_types() -> tuple[type[BaseException], ...]:
    """The project's error classes that describe a problem with the user's input or files
    (each one's message is written for the user); anything else is a bug and keeps its
    traceback."""
    from dlstudio.data.download import DownloadError
    from dlstudio.data.errors import DataError
    from dlstudio.data.idx import IdxError
    from dlstudio.engine.fileio import FileFormatError
    from dlstudio.engine.filesave import FileSaveError
    from dlstudio.engine.network import NetworkError
    from dlstudio.engine.spec import SpecError
    from dlstudio.lessons.loader import LessonError
    from dlstudio.training.run_data import DataMismatchError
    from dlstudio.training.trainer import TrainingSetupError

    return (UserError, FileFormatError, FileSaveError, SpecError, NetworkError, DataError,
            IdxError, DownloadError, DataMismatchError, TrainingSetupError, LessonError)


def is_user_error(exc: BaseException) -> bool:
    return isinstance(exc, user_error_types())


def one_line(exc: BaseException) -> str:
    """The error's message on one line: a list of problems ("...:\n  - a\n  - b") becomes
    "...: a; b"."""
    lines = [line.strip().removeprefix("- ").strip() for line in str(exc).splitlines()]
    text = ""
    for line in filter(None, lines):
        text += line if not text else (" " if text.endswith(":") else "; ") + line
    return text or type(exc).__name__


def check_output_paths(**paths: str | None) -> None:
    """Refuse now, before any long work, output files that could not be written later:
    ``check_output_paths(save=args.save, log=args.log)`` names the option (``--save``)."""
    from dlstudio.engine.filesave import FileSaveError, check_writable

    for option, value in paths.items():
        if value:
            try:
                check_writable(value)
            except FileSaveError as exc:
                raise UserError(f"--{option.replace('_', '-')}: {exc}") from None


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
    try:
        try:
            return run_subcommand(argv)
        finally:                      # (--help and --version leave by SystemExit)
            sys.stdout.flush()        # a reader that left shows here, not at the exit's flush
    except BrokenPipeError:
        return output_closed()


def run_subcommand(argv: list[str]) -> int:
    """Parse ``argv`` and run its subcommand: its exit code, or 2 after a user's error."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except Exception as exc:          # noqa: BLE001 - sorted into the user's and ours below
        if not is_user_error(exc):
            raise
        print(f"dlstudio {args.command}: {one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


#: the exit code of a command stopped by SIGPIPE, as a shell reports it (128 + 13)
OUTPUT_CLOSED = 141


def output_closed() -> int:
    """Stop quietly when standard output's reader has gone (``dlstudio summary net.json |
    head -1``): no traceback, and nothing more written to the closed pipe, including the
    flush at the interpreter's exit. Returns ``OUTPUT_CLOSED``."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):     # a stdout without a file descriptor: nothing to redirect
        pass
    return OUTPUT_CLOSED
