"""``dlstudio evaluate model.dlsnet --data mnist``: loss and accuracy of a saved network.

Evaluates the test split (or the validation split when the data has no test split) in chunks
of ``--batch-size`` examples. The loss is the one the model was trained with when the file
records it, otherwise the usual loss for the network's output. A training checkpoint
(``.dlsckpt``) works too.
"""
from __future__ import annotations

import json
import time

from dlstudio.cli import UserError


def add_parser(sub) -> None:
    from dlstudio.cli.train import add_data_arguments

    p = sub.add_parser("evaluate", help="test a saved network on a dataset",
                       description=__doc__.split("\n\n", 1)[1] if __doc__ else None)
    p.add_argument("model", help="a .dlsnet model file (from 'dlstudio train --save') or a "
                                 "checkpoint")
    add_data_arguments(p)
    p.add_argument("--split", choices=("test", "val", "train"), default=None,
                   help="which split to evaluate (default: test, else validation)")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--seed", type=int, default=0, help="seed for generated data and splits")
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


def trained_on(record: dict) -> str | None:
    """The data a model's ``record`` says it was trained on, as ``--data`` would name it
    (``"spirals:noise=0.2"``), or None when the file does not say."""
    data = record.get("data")
    if isinstance(data, str) and data.strip():
        return data.strip()
    spec = record.get("data_spec")
    if isinstance(spec, dict) and isinstance(spec.get("dataset"), str):
        params = spec.get("params") if isinstance(spec.get("params"), dict) else {}
        settings = ",".join(f"{k}={json.dumps(v)}" for k, v in params.items())
        return spec["dataset"] + (f":{settings}" if settings else "")
    return None


def network_from_arg(arg: str, seed: int):
    """``(network, loss name or None)`` from a model file, a network JSON file or a preset."""
    from pathlib import Path

    from dlstudio.cli.train import build_network

    if Path(arg).suffix in (".dlsnet", ".dlsckpt"):
        return load_model(arg)
    return build_network(arg, seed), None


def run(args) -> int:
    from dlstudio.cli.train import default_loss, ensure_fits, load_data

    if args.batch_size < 1:
        raise UserError(f"--batch-size must be at least 1, got {args.batch_size}")
    network, loss = load_model(args.model)
    loss = loss or default_loss(network)
    dataset = load_data(args, args.seed)
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
