"""``dlstudio landscape MODEL --data NAME --out slice.json``: the loss around a network's weights.

Evaluates the training loss on a grid ``L(w + a d1 + b d2)`` around the weights ``w`` of MODEL
(a ``.dlsnet`` file, a network JSON file or a preset name, which starts from its initial
weights), along random filter-normalized directions ``d1``, ``d2`` (Li et al., 2018), on a
fixed subset of ``--examples`` training examples. ``--dims 1`` gives a line instead of a grid.
With ``--trajectory EPOCHS`` the network is first trained for that many epochs (weights kept
at the start and every epoch end) and the grid spans the plane of the run's two principal
directions, with the run's path projected on it.

The JSON file holds ``{"x": [...], "y": [...], "loss": [[...], ...]}`` (``loss[j][i]`` at
``x[i]``, ``y[j]``; ``y`` is null for a line) plus how it was computed, and ``trajectory``
when asked for. ``--png`` also draws it: colours from low (dark) to high (yellow), contour
lines, the centre as a cross, the path in white.
"""
from __future__ import annotations

import json
import struct
import zlib

from dlstudio.cli import UserError, check_output_paths


def add_parser(sub) -> None:
    from dlstudio.cli.train import add_data_arguments

    p = sub.add_parser("landscape", help="loss landscape around a network's weights (JSON, PNG)",
                       description=__doc__.split("\n\n", 1)[1] if __doc__ else None)
    p.add_argument("model", metavar="MODEL",
                   help="a .dlsnet model file, a network JSON file or a preset name")
    add_data_arguments(p)
    p.add_argument("--out", required=True, metavar="JSON", help="where to write the grid")
    p.add_argument("--png", metavar="PNG", help="also draw the grid as an image")
    p.add_argument("--resolution", type=int, default=21, metavar="N",
                   help="points per axis (odd: the centre is on the grid; default 21)")
    p.add_argument("--span", type=float, default=1.0, metavar="S",
                   help="the axes run from -S to S (default 1: as far again as the weights' "
                        "own size along a filter-normalized direction)")
    p.add_argument("--dims", type=int, choices=(1, 2), default=2, help="a line or a plane")
    p.add_argument("--examples", type=int, default=512, metavar="N",
                   help="training examples in the loss (default 512)")
    p.add_argument("--trajectory", type=int, metavar="EPOCHS",
                   help="train this many epochs first and use the run's principal plane")
    p.add_argument("--seed", type=int, default=0, help="seed for the directions and the data")
    p.set_defaults(func=run)


def _record_run(network, dataset, loss: str, epochs: int, seed: int):
    from dlstudio.training.landscape import WeightRecorder
    from dlstudio.training.spec import TelemetrySpec, TrainSpec
    from dlstudio.training.trainer import Trainer, TrainingSetupError

    spec = TrainSpec(batch_size=32, epochs=epochs, seed=seed, loss=loss,
                     telemetry=TelemetrySpec(enabled=False))
    try:
        trainer = Trainer(network, dataset, spec)
    except TrainingSetupError as exc:
        raise UserError(str(exc)) from None
    recorder = WeightRecorder()
    last = None
    for last in trainer.run():
        recorder.observe(last, network)
    if last is not None and last.event == "diverged":
        raise UserError(f"the training run diverged: {last.message}")
    return recorder


def run(args) -> int:
    import numpy as np

    from dlstudio.cli.evaluate import network_from_arg
    from dlstudio.cli.train import default_loss, ensure_fits, load_data
    from dlstudio.training import landscape as ls

    check_output_paths(out=args.out, png=args.png)
    if args.resolution < 3 or args.resolution > 401:
        raise UserError(f"--resolution must be between 3 and 401, got {args.resolution}")
    if not args.span > 0:
        raise UserError(f"--span must be positive, got {args.span}")
    if args.examples < 1:
        raise UserError(f"--examples must be at least 1, got {args.examples}")
    if args.trajectory is not None and args.trajectory < 2:
        raise UserError("--trajectory needs at least 2 epochs to have a path to draw")
    network, loss = network_from_arg(args.model, args.seed)
    loss = loss or default_loss(network)
    dataset = load_data(args, args.seed)
    x, y = dataset.x_train, dataset.y_train
    ensure_fits(x, y, network, args.data)

    snapshots = steps = None
    if args.trajectory is not None:
        recorder = _record_run(network, dataset, loss, args.trajectory, args.seed)
        snapshots, steps = recorder.weights, recorder.steps
    last = None
    for last in ls.landscape_job(network.spec, network.get_weights(), x, y, loss,
                                 dims=args.dims, resolution=args.resolution, span=args.span,
                                 seed=args.seed, examples=args.examples, snapshots=snapshots,
                                 steps=steps):
        pass
    result, trajectory = last.result, last.trajectory
    n_examples = int(result.meta["examples"])
    out = result.to_dict()
    out.update({"model": args.model, "data": args.data, "loss_name": loss})
    if trajectory is not None:
        out["directions"] = "PCA of the run's weight snapshots"
        out["trajectory"] = {"steps": trajectory.steps.tolist(),
                             "x": trajectory.coords[:, 0].tolist(),
                             "y": trajectory.coords[:, 1].tolist(),
                             "explained_variance": trajectory.explained.tolist()}
    from dlstudio.engine.filesave import atomic_write, atomic_write_text

    atomic_write_text(args.out, json.dumps(out))      # FileSaveError: one line, exit 2
    if args.png:
        atomic_write(args.png, render_png(result, trajectory))
    finite = result.loss[np.isfinite(result.loss)]
    low = f"{finite.min():.4g}" if finite.size else "none"
    print(f"loss at the centre {result.centre_loss:.4g}, lowest {low} "
          f"({result.loss.size} points, {n_examples} examples) -> {args.out}")
    return 0


# -- drawing (no plotting library: a few lines of numpy and the PNG format) ------------------
def _colours(t):
    """Colours for values ``t`` in [0, 1]: dark violet -> blue -> teal -> green -> yellow."""
    import numpy as np

    ramp = np.array([[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98],
                     [253, 231, 37]], dtype=float)
    pos = np.clip(t, 0, 1) * (len(ramp) - 1)
    i = np.minimum(pos.astype(int), len(ramp) - 2)
    f = (pos - i)[..., None]
    return ramp[i] * (1 - f) + ramp[i + 1] * f


def render_png(result, trajectory=None, size: int = 400, levels: int = 12) -> bytes:
    """A ``size`` x ``size`` PNG of a landscape (a line is drawn as a curve)."""
    import numpy as np

    img = np.full((size, size, 3), 255.0)
    if result.y is None:                          # 1-D: a curve on white
        z = result.loss
        lo, hi = np.nanmin(z), np.nanmax(z)
        cols = np.linspace(0, len(z) - 1, size)
        vals = np.interp(cols, np.arange(len(z)), np.nan_to_num(z, nan=hi))
        rows = ((hi - vals) / max(hi - lo, 1e-12) * (size - 21) + 10).astype(int)
        for c in range(size - 1):
            a, b = sorted((rows[c], rows[c + 1]))
            img[a:b + 2, c] = (33, 80, 160)
        img[:, size // 2] = (200, 200, 200)
    else:
        z = np.log(np.nan_to_num(result.loss, nan=np.nanmax(result.loss)) + 1e-12)
        n = len(result.x)
        g = np.linspace(0, n - 1, size)
        i0 = np.minimum(g.astype(int), n - 2)
        f = g - i0
        rows = z[i0] * (1 - f)[:, None] + z[i0 + 1] * f[:, None]         # bilinear
        fine = rows[:, i0] * (1 - f)[None, :] + rows[:, i0 + 1] * f[None, :]
        t = (fine - fine.min()) / max(fine.max() - fine.min(), 1e-12)
        img = _colours(t)
        band = np.floor(t * levels)
        edge = np.zeros_like(band, dtype=bool)
        edge[1:] |= band[1:] != band[:-1]
        edge[:, 1:] |= band[:, 1:] != band[:, :-1]
        img[edge] = img[edge] * 0.45
        img = img[::-1]                                   # y grows upwards
        c = size // 2
        img[c - 6:c + 7, c - 1:c + 2] = img[c - 1:c + 2, c - 6:c + 7] = (230, 30, 30)
        if trajectory is not None:
            span = float(result.x[-1])
            px = np.clip(((trajectory.coords + span) / (2 * span) * (size - 1)).round(),
                         0, size - 1).astype(int)
            for (x0, y0), (x1, y1) in zip(px[:-1], px[1:]):
                for s in np.linspace(0, 1, 2 + 2 * max(abs(x1 - x0), abs(y1 - y0))):
                    xx, yy = int(round(x0 + s * (x1 - x0))), int(round(y0 + s * (y1 - y0)))
                    img[max(size - 2 - yy, 0):size - yy, max(xx - 1, 0):xx + 1] = 255
    return _png_bytes(np.clip(img, 0, 255).astype(np.uint8))


def _png_bytes(rgb) -> bytes:
    """Encode an (h, w, 3) uint8 array as PNG (8-bit RGB, no filtering)."""
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[r].tobytes() for r in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))
