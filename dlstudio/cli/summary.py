"""``dlstudio summary net.json``: print the layer table and parameter counts.

The network may be a network JSON file, a preset, a Keras ``.keras`` file (its layers), or a
trained network: a saved network (``.dlsnet``, from the window's File > Save trained network
or ``dlstudio train --save``) or a training checkpoint (``.dlsckpt``); for those a line above
the table says it is trained and, when the file records it, on which data.
"""
from __future__ import annotations

from pathlib import Path

from dlstudio.cli import UserError
from dlstudio.cli.network_edits import add_edit_argument, edited_spec

#: the suffixes of files that hold a trained network (read with their weights)
TRAINED_SUFFIXES = (".dlsnet", ".dlsckpt")

#: what ``summary`` reads, for the message about a file it cannot read
ACCEPTED = ("a network JSON file, a saved network (.dlsnet), a training checkpoint "
            "(.dlsckpt), a Keras .keras file or a preset name")


def add_parser(sub) -> None:
    p = sub.add_parser("summary", help="print a network's layers, output shapes and parameter counts",
                       description=__doc__.split("\n\n", 1)[1] if __doc__ else None)
    p.add_argument("network", help="a network JSON file, a saved network (.dlsnet), a "
                                   "checkpoint (.dlsckpt) or a preset name (e.g. mnist_convnet)")
    add_edit_argument(p)
    p.set_defaults(func=run)


def _spec(args):
    """``(spec, trained-network line or None)`` for ``args.network``."""
    from dlstudio.engine.spec import SpecError

    path = Path(args.network)
    if path.suffix.lower() in TRAINED_SUFFIXES:
        from dlstudio.cli.evaluate import read_model, trained_on

        if args.edit:
            raise UserError(f"--edit does not apply to {path.name}: a trained network's "
                            "weights fit its layers as saved (edit the network JSON instead)")
        network, record = read_model(str(path))
        data = trained_on(record)
        where = f", trained on {data}" if data else \
            " (the file does not record the data it was trained on)"
        return network.spec, f"Trained network from {path.name}{where}"
    try:
        return edited_spec(args.network, args.edit), None
    except UserError as exc:
        # a file that is not a network description (an .onnx, a picture...): say what summary
        # reads rather than only why this file is not it (walker36)
        if path.is_file() and path.suffix.lower() not in (".json", ".keras") \
                and isinstance(exc.__context__, SpecError):
            raise UserError(f"{exc}; summary reads {ACCEPTED}") from None
        raise


def run(args) -> int:
    from dlstudio.engine.summary import format_summary

    spec, trained = _spec(args)
    if trained:
        print(trained)
    print(format_summary(spec.describe_layers()))
    problems = spec.validate()
    if problems:
        print("\nProblems:")
        for p in problems:
            print(f"  - {p}")
        return 1
    return 0
