"""``dlstudio gui`` (also the default with no subcommand): open the studio window."""
from __future__ import annotations


def add_parser(sub) -> None:
    from dlstudio.gui.app import add_options  # argparse only; Qt loads when the window opens

    p = sub.add_parser("gui", help="open the studio window (the default)")
    add_options(p)
    p.set_defaults(func=_run_parsed)


def _run_parsed(args) -> int:
    from dlstudio.gui.app import run_with_args

    return run_with_args(args)


def run_gui(argv: list[str]) -> int:
    from dlstudio.gui.app import run

    return run(argv)
