"""``dlstudio preflight NET --data NAME``: will this network train, judged before the first step?

Builds the network (a network JSON file, a preset name or a saved ``.dlsnet`` model) as its
initializers leave it, runs one batch of training examples forward and backward and one
optimizer step that is undone, and prints one line per layer: activation mean and standard
deviation, gradient pass-through (mean f'(z) relative to f'(0)), the RMS of the signal dL/dz
back-propagation delivers and its size relative to the last hidden layer's, the RMS of the
weight gradient, and the update/weight ratio of one step at the learning rate. A sentence
explains each finding, and the last line reads ``verdict:`` followed by ``healthy`` or one or
more of ``exploding``, ``vanishing``, ``dead units``, ``saturated`` (comma-separated). The
exit status is 0 whatever the verdict (2 for unusable arguments). ``--json`` prints the same
figures as one JSON object.
"""
from __future__ import annotations

import json

from dlstudio.cli import UserError
from dlstudio.messages import LANGUAGE_METAVAR, language_option


def add_parser(sub) -> None:
    from dlstudio.cli.train import add_data_arguments
    from dlstudio.training.preflight import DEFAULT_BATCH

    p = sub.add_parser("preflight", help="check a network's initialization before training "
                                         "(healthy, vanishing, exploding, dead units, saturated)",
                       description=__doc__.split("\n\n", 1)[1] if __doc__ else None)
    p.add_argument("network", metavar="NET",
                   help="a network JSON file, a preset name (e.g. deep_sigmoid_mlp) or a "
                        ".dlsnet model file")
    add_data_arguments(p)
    p.add_argument("--batch-size", type=int, default=DEFAULT_BATCH, metavar="N",
                   help=f"training examples in the batch (default {DEFAULT_BATCH})")
    p.add_argument("--seed", type=int, default=0,
                   help="seed for the initial weights and the batch (default 0)")
    p.add_argument("--optimizer", default=None,
                   help="optimizer of the update/weight ratio (default: the training "
                        "default, rmsprop)")
    p.add_argument("--lr", type=float, default=None, help="learning rate (default 0.001)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--lang", default="en", type=language_option, metavar=LANGUAGE_METAVAR,
                   help="language of the sentences (zh_CN and zh-CN also work)")
    p.set_defaults(func=run)


def run(args) -> int:
    from dlstudio.cli.evaluate import network_from_arg
    from dlstudio.cli.train import default_loss, ensure_fits, load_data
    from dlstudio.messages import Message, render
    from dlstudio.training.preflight import HEADER, layer_line, pick_batch, preflight
    from dlstudio.training.spec import TrainSpec

    if args.batch_size < 1:
        raise UserError(f"--batch-size must be at least 1, got {args.batch_size}")
    defaults = TrainSpec()
    spec = defaults.replace(**{k: v for k, v in (("optimizer", args.optimizer),
                                                 ("learning_rate", args.lr)) if v is not None})
    problems = spec.validate()
    if problems:
        raise UserError("; ".join(str(p) for p in problems))
    network, loss = network_from_arg(args.network, args.seed)
    loss = loss or default_loss(network)
    dataset = load_data(args, args.seed)
    ensure_fits(dataset.x_train, dataset.y_train, network, args.data)
    x, y = pick_batch(dataset.x_train, dataset.y_train, args.batch_size, args.seed)
    try:
        report = preflight(network, x, y, loss, spec.learning_rate, spec.optimizer,
                           dict(spec.optimizer_config))
    except (KeyError, ValueError) as exc:
        raise UserError(exc.args[0] if isinstance(exc, KeyError) and exc.args
                        else str(exc)) from None
    if args.json:
        out = report.to_dict()
        out["notes"] = [render(n, args.lang) for n in report.notes]
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    print(render(Message("cli.preflight.header", network=str(args.network), examples=len(x),
                         data=str(args.data), loss=str(loss), optimizer=spec.optimizer,
                         lr=f"{spec.learning_rate:g}"), args.lang))
    print(HEADER)
    for check in report.layers:
        print(layer_line(check))
    for note in report.notes:
        print("  " + render(note, args.lang))
    words = [Message(f"term.verdict.{w.replace(' ', '_')}") for w in report.verdicts] \
        or [Message("term.verdict.healthy")]
    print(render(Message("cli.preflight.verdict", words=words), args.lang))
    return 0
