"""``dlstudio gradcheck NET --data NAME``: does backprop compute the loss's true gradient?

Builds the network in float64 (from a network JSON file, a preset name or a saved ``.dlsnet``
model), takes ``--batch`` training examples and compares, for ``--samples`` randomly chosen
weights of every parameter array, the gradient backpropagation computes with a centred finite
difference of the training loss, ``(L(w + eps) - L(w - eps)) / (2 eps)``. Prints one line per
layer with its largest relative error and a last line ``max relative error: X``; the exit
status is 0 when X is below 1e-5 (``engine.gradcheck.TOLERANCE``), 1 otherwise (2 for
unusable arguments).

Two kinds of entries cannot be judged this way and are reported instead of counted: weights
whose two evaluations switch a ReLU unit on or off or change a max-pooling window's winner
(the loss has a corner between them; a zero bias on an all-zero image patch sits exactly on
it), and gradients so small that they change the loss by less than its rounding (the first
layers of a deep sigmoid network; ``engine.gradcheck.smallest_checkable``, the rule the step
debugger uses too).
"""
from __future__ import annotations

from dlstudio.cli import UserError


def add_parser(sub) -> None:
    from dlstudio.cli.train import add_data_arguments

    p = sub.add_parser("gradcheck", help="check backprop against finite differences (float64)",
                       description=__doc__.split("\n\n", 1)[1] if __doc__ else None)
    p.add_argument("network", metavar="NET",
                   help="a network JSON file, a preset name (e.g. mnist_convnet) or a .dlsnet "
                        "model file")
    add_data_arguments(p)
    p.add_argument("--layer", action="append", metavar="NAME",
                   help="check only this layer (repeat for several; default: every layer "
                        "with weights)")
    p.add_argument("--samples", type=int, default=10, metavar="K",
                   help="weights checked in each parameter array (default 10)")
    p.add_argument("--batch", type=int, default=4, metavar="N",
                   help="training examples in the loss (default 4)")
    p.add_argument("--seed", type=int, default=0,
                   help="seed for the initial weights, the data and the weights chosen")
    p.set_defaults(func=run)


def float64_network(arg: str, seed: int):
    """``(network in float64, loss name or None)`` from a spec, a preset or a model file."""
    import numpy as np

    from dlstudio.cli.evaluate import network_from_arg
    from dlstudio.engine.network import Network

    source, loss = network_from_arg(arg, seed)
    network = Network.from_spec(source.spec, seed=seed, dtype=np.float64)
    network.set_weights(source.get_weights())
    return network, loss


def layer_line(layer, checks, tol: float) -> tuple[str, float | None]:
    """One report line for a layer and its largest counted error (None: nothing counted)."""
    from dlstudio.engine.gradcheck import smallest_checkable

    parts, errors = [], []
    for c in checks:
        n_kinked = int(c.kinked.sum())
        note = f"{c.key}: {len(c.indices) - n_kinked} weights"
        if n_kinked:
            note += f" ({n_kinked} on a kink, skipped)"
        if c.resolved(tol):
            errors.append(c.error)
        elif n_kinked < len(c.indices):
            note += (f" (gradients up to {abs(c.analytic).max():.0e}: too small to check "
                     f"by finite differences (|g| < {smallest_checkable(c.noise, tol):.0e}, "
                     f"the loss's rounding noise ~{c.noise:.0e} / {tol:.0e}); not counted)")
        parts.append(note)
    worst = max(errors) if errors else None
    shown = f"{worst:.2e}" if worst is not None else "   -    "
    return f"{layer.name:<14} {layer.type_name:<19} {shown}   " + "; ".join(parts), worst


def run(args) -> int:
    import numpy as np

    from dlstudio.cli.train import default_loss, ensure_fits, load_data
    from dlstudio.engine.gradcheck import TOLERANCE, check_network

    if args.samples < 1:
        raise UserError(f"--samples must be at least 1, got {args.samples}")
    if args.batch < 1:
        raise UserError(f"--batch must be at least 1, got {args.batch}")
    network, loss = float64_network(args.network, args.seed)
    loss = loss or default_loss(network)
    names = [layer.name for layer in network.layers]
    for name in args.layer or ():
        if name not in names:
            raise UserError(f"--layer: the network has no layer {name!r}; its layers are "
                            + ", ".join(names))
    dataset = load_data(args, args.seed)
    x, y = dataset.x_train, dataset.y_train
    ensure_fits(x, y, network, args.data)
    rng = np.random.default_rng([args.seed, 11])
    pick = np.sort(rng.choice(len(x), size=min(args.batch, len(x)), replace=False))
    with np.errstate(all="ignore"):
        checks = check_network(network, x[pick], y[pick], loss, rng=rng, samples=args.samples,
                               layers=args.layer)
    print(f"{'layer':<14} {'type':<19} rel. error   weights checked "
          f"(loss {loss}, {len(pick)} examples, float64)")
    worst_all: float | None = None
    for layer in network.layers:
        mine = [c for c in checks if c.layer == layer.name]
        if not mine:
            continue
        line, worst = layer_line(layer, mine, TOLERANCE)
        print(line)
        if worst is not None:
            worst_all = worst if worst_all is None else max(worst_all, worst)
    if worst_all is None:
        print("max relative error: none (no weight could be checked: every one sat on a kink "
              "or had a gradient below rounding; try another --seed or --batch)")
        return 1
    print(f"max relative error: {worst_all:.2e}")
    return 0 if worst_all < TOLERANCE else 1
