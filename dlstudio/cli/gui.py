"""``dlstudio gui`` (also the default with no subcommand): open the studio window."""
from __future__ import annotations


def add_parser(sub) -> None:
    p = sub.add_parser("gui", help="open the studio window (the default)")
    p.add_argument("workspace", nargs="?", help="a workspace file to open")
    p.set_defaults(func=lambda args: run_gui([args.workspace] if args.workspace else []))


def run_gui(argv: list[str]) -> int:
    from dlstudio.gui.app import run

    return run(argv)
