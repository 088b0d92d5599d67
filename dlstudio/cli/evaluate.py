"""``dlstudio evaluate model.dlsnet [--data mnist]``: loss and accuracy of a saved network.

Evaluates the test split (or the validation split when the data has no test split) in chunks
of ``--batch-size`` examples. The loss is the one the model was trained with when the file
records it, otherwise the usual loss for the network's output. Without --data it uses the
data the file records the network was trained on (files saved by the window or by
'dlstudio train --save'); with other data it warns. A training checkpoint (``.dlsckpt``)
works too.
"""
from __future__ import annotations

import json
import time

from dlstudio.cli import UserError


def add_parser(sub) -> None:
    from dlstudio.cli.train import add_data_arguments

    p = sub.add_parser("evaluate", help="test a saved network on a dataset",
                       description=__doc__.split("\n\n", 1)[1] if __doc__ else None)
    p.add_argument("model", help="a .dlsnet model file (File > Save trained network, or "
                                 "'dlstudio train --save') or a checkpoint")
    add_data_arguments(p, required=False,
                       data_help="; default: the data the model file records it was trained on")
    p.add_argument("--split", choices=("test", "val", "train"), default=None,
                   help="which split to evaluate (default: test, else validation)")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--seed", type=int, default=None,
                   help="seed for generated data and splits (default: the recorded data's, "
                        "else 0)")
    p.add_argument("--json", action="store_true", help="print the result as one JSON object")
    p.set_defaults(func=run)


def read_model(path: str):
    """``(network, record)`` from a model file or a checkpoint: ``record`` is what the file
    says about the training (``train_spec``, and ``data`` / ``data_spec`` when recorded)."""
    from dlstudio.engine.serialize import ModelFileError, load_network
    from dlstudio.training.checkpoint import CheckpointError, read_checkpoint

    try:
        loaded = load_network(path)
        return loaded.network, dict(loaded.extra or {})
    except ModelFileError as exc:
        first_error = exc
    try:
        loaded, state = read_checkpoint(path)
    except CheckpointError as exc:
        # a damaged checkpoint is described as one; anything else by the model reader
        raise UserError(str(exc if "not a dlstudio checkpoint" not in str(exc)
                            and "not a dlstudio model" in str(first_error)
                            else first_error)) from None
    spec = state.get("spec")
    return loaded.network, {"train_spec": spec} if isinstance(spec, dict) else {}


def load_model(path: str):
    """``(network, loss name or None)`` from a model file or a checkpoint."""
    network, record = read_model(path)
    spec = record.get("train_spec")
    return network, spec.get("loss") if isinstance(spec, dict) else None


def recorded_data(record: dict) -> tuple[str, dict] | None:
    """``(dataset name, parameters)`` a model's ``record`` says it was trained on, or None
    when the file does not say (a file saved before dlstudio recorded it)."""
    from dlstudio.cli.train import parse_data_argument

    spec = record.get("data_spec")
    if isinstance(spec, dict) and isinstance(spec.get("dataset"), str):
        params = spec.get("params")
        return spec["dataset"], dict(params) if isinstance(params, dict) else {}
    data = record.get("data")
    if isinstance(data, str) and data.strip():
        try:
            return parse_data_argument(data)
        except UserError:
            return data.strip(), {}
    return None


def trained_on(record: dict) -> str | None:
    """The data a model's ``record`` says it was trained on, as ``--data`` would name it
    (``"spirals:noise=0.2"``), or None when the file does not say."""
    recorded = recorded_data(record)
    if recorded is None:
        return None
    name, params = recorded
    settings = ",".join(f"{k}={json.dumps(v)}" for k, v in params.items())
    return name + (f":{settings}" if settings else "")


def same_data(a: tuple[str, dict], b: tuple[str, dict]) -> bool:
    """Whether two ``(name, parameters)`` name the same data (defaults written out or not)."""
    from dlstudio.data.registry import DATASETS

    if a[0] != b[0]:
        return False
    try:
        return DATASETS[a[0]].resolve_params(a[1]) == DATASETS[b[0]].resolve_params(b[1])
    except (KeyError, ValueError, TypeError):
        return a[1] == b[1]


def _recorded_dataset(args, record: dict):
    """The dataset a window-saved model records (its whole data spec: seed, splits,
    preprocessing), with ``--seed``, ``--validation-split`` and ``--limit`` applied."""
    from dlstudio.cli.train import limit_dataset
    from dlstudio.data import DataSpec, load

    params = ({"validation_split": args.validation_split}
              if args.validation_split is not None else {})
    try:
        spec = DataSpec.from_dict(record["data_spec"])
        dataset = load(spec, seed=args.seed, data_dir=args.data_dir, **params)
    except KeyError as exc:
        raise UserError(exc.args[0] if exc.args else str(exc)) from None
    except (ValueError, TypeError, FileNotFoundError, OSError) as exc:
        raise UserError(f"cannot load {spec.dataset!r}: {exc}") from None
    if args.limit is not None:
        if args.limit < 1:
            raise UserError(f"--limit must be at least 1, got {args.limit}")
        dataset = limit_dataset(dataset, args.limit, spec.seed if args.seed is None
                                else args.seed)
    return dataset


def evaluation_data(args, record: dict):
    """The dataset to evaluate on: ``--data``, else the one the model file records (said on
    stderr); a warning on stderr when ``--data`` is not the data the model was trained on."""
    import sys
    from pathlib import Path

    from dlstudio.cli.train import load_data, parse_data_argument

    name = Path(args.model).name
    recorded = recorded_data(record)
    if args.data is None:
        if recorded is None:
            raise UserError(f"{name} does not record the data it was trained on: give --data "
                            "(see 'dlstudio data list')")
        args.data = trained_on(record)
        print(f"data: {args.data} (recorded in {name})", file=sys.stderr)
        if isinstance(record.get("data_spec"), dict):
            return _recorded_dataset(args, record)
    elif recorded is not None and not same_data(recorded, parse_data_argument(args.data)):
        print(f"warning: {name} was trained on {trained_on(record)}, not on {args.data}: "
              "its accuracy here says how it does on other data", file=sys.stderr)
    return load_data(args, 0 if args.seed is None else args.seed)


def network_from_arg(arg: str, seed: int):
    """``(network, loss name or None)`` from a model file, a network JSON file or a preset."""
    from pathlib import Path

    from dlstudio.cli.train import build_network

    if Path(arg).suffix in (".dlsnet", ".dlsckpt"):
        return load_model(arg)
    return build_network(arg, seed), None


def run(args) -> int:
    from dlstudio.cli.train import default_loss, ensure_fits

    if args.batch_size < 1:
        raise UserError(f"--batch-size must be at least 1, got {args.batch_size}")
    network, record = read_model(args.model)
    train_spec = record.get("train_spec")
    loss = (train_spec.get("loss") if isinstance(train_spec, dict) else None) \
        or default_loss(network)
    dataset = evaluation_data(args, record)
    split = args.split or ("test" if len(dataset.x_test) else "val")
    x, y = getattr(dataset, f"x_{split}"), getattr(dataset, f"y_{split}")
    if len(x) == 0:
        raise UserError(f"{args.data!r} has no {split} examples to evaluate on")
    if tuple(network.input_shape) != tuple(x.shape[1:]):
        # a trained network's weights fix its input: the advice to change the network's
        # input shape (right for training) cannot be followed here (walker34 W34-14)
        from dlstudio.messages import Message, render

        raise UserError(render(Message(
            "cli.evaluate.input_shape", model=str(args.model), data=repr(args.data),
            want=str(list(network.input_shape)), have=str(list(x.shape[1:]))),
            getattr(args, "lang", "en")))
    ensure_fits(x, y, network, args.data)
    t0 = time.perf_counter()
    import numpy as np

    with np.errstate(all="ignore"):
        value, accuracy = network.evaluate(x, y, loss, batch_size=args.batch_size)
    seconds = time.perf_counter() - t0
    if args.json:
        print(json.dumps({"split": split, "examples": int(len(x)), "loss": value,
                          "accuracy": accuracy, "seconds": seconds}))
    else:
        acc = f", accuracy {accuracy:.2%}" if accuracy is not None else ""
        print(f"{split}: loss {value:.4f}{acc} on {len(x)} examples "
              f"({len(x) / max(seconds, 1e-9):,.0f} examples/s)")
    return 0
