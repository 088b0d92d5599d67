"""``dlstudio summary net.json``: print the layer table and parameter counts."""
from __future__ import annotations

from dlstudio.cli.network_edits import add_edit_argument, edited_spec


def add_parser(sub) -> None:
    p = sub.add_parser("summary", help="print a network's layers, output shapes and parameter counts")
    p.add_argument("network", help="a network JSON file or a preset name (e.g. mnist_convnet)")
    add_edit_argument(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from dlstudio.engine.summary import format_summary

    spec = edited_spec(args.network, args.edit)
    print(format_summary(spec.describe_layers()))
    problems = spec.validate()
    if problems:
        print("\nProblems:")
        for p in problems:
            print(f"  - {p}")
        return 1
    return 0
