"""``dlstudio summary net.json``: print the layer table and parameter counts."""
from __future__ import annotations


def add_parser(sub) -> None:
    p = sub.add_parser("summary", help="print a network's layers, output shapes and parameter counts")
    p.add_argument("network", help="a network JSON file or a preset name (e.g. mnist_convnet)")
    p.set_defaults(func=run)


def run(args) -> int:
    from dlstudio.cli import UserError
    from dlstudio.engine.spec import NetworkSpec, SpecError
    from dlstudio.engine.summary import format_summary

    try:
        spec = NetworkSpec.coerce(args.network)
    except SpecError as exc:
        raise UserError(str(exc)) from None
    print(format_summary(spec.describe_layers()))
    problems = spec.validate()
    if problems:
        print("\nProblems:")
        for p in problems:
            print(f"  - {p}")
        return 1
    return 0
