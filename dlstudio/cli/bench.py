"""``dlstudio bench``: throughput of the standard workloads, with PyTorch ratios."""
from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    p = sub.add_parser("bench", help="measure training/inference speed (compared with PyTorch when installed)")
    p.add_argument("--only", nargs="*", metavar="KEY",
                   help="workloads to run: convnet_b32 convnet_b64 convnet_b128 mlp_300_100 elu_5x100 toy")
    p.add_argument("--repeats", type=int, default=None,
                   help="repeats per measurement, median reported (default 5; 3 with --epoch)")
    p.add_argument("--seconds", type=float, default=0.6, help="target duration of one repeat")
    p.add_argument("--no-torch", action="store_true", help="skip the PyTorch comparison")
    p.add_argument("--no-inference", action="store_true", help="time training only")
    p.add_argument("--data", action="store_true",
                   help="also time the data pipeline (digit generation, MNIST loading, augmentation)")
    p.add_argument("--epoch", action="store_true",
                   help="instead: one full MNIST epoch of 'dlstudio train' against PyTorch NCHW "
                        "and channels-last, alternating, quiet and right after a CPU burner")
    p.add_argument("--batches", type=int, nargs="*", default=[32, 64, 128],
                   help="batch sizes of --epoch (default 32 64 128)")
    p.add_argument("--conditions", nargs="*", default=["quiet", "after-load"],
                   choices=["quiet", "after-load"], help="conditions of --epoch")
    p.add_argument("--burn-seconds", type=float, default=10.0,
                   help="how long the 2-process CPU burner runs before each 'after-load' epoch")
    p.add_argument("--images", type=int, default=60000,
                   help="shorten each --epoch run to this many training images (a quick look "
                        "on a shared machine; report full epochs)")
    p.add_argument("--window", action="store_true",
                   help="instead: the same training headless and in the studio window "
                        "(offscreen), alternating; examples/s, their ratio and the GUI "
                        "thread's latency (--only: mlp_300_100_epochs mnist_convnet_epoch, each "
                        "on the whole of MNIST; mlp_300_100 mnist_convnet on a slice; "
                        "toy_2d)")
    p.add_argument("--panel", default=None, help="with --window: the plot panel shown")
    p.add_argument("--thread", action="store_true",
                   help="with --window: the window trains on its worker thread (Run > Train "
                        "in a separate process turned off) instead of in a child process, "
                        "as it does by default")
    p.add_argument("--process", action="store_true", help=argparse.SUPPRESS)  # the default now
    p.add_argument("--profile", action="store_true",
                   help="instead: where the time of a convnet training step goes, per layer "
                        "and phase (--batches gives the batch size, --steps the length)")
    p.add_argument("--inference", action="store_true",
                   help="with --profile: the forward-only pass (evaluation, predict) instead "
                        "of a training step")
    p.add_argument("--steps", type=int, default=None,
                   help="steps timed by --profile (default 300) or by --window (default: "
                        "the whole epochs, or 400 for the convnet's slice, 1500 for the "
                        "MLP's)")
    p.add_argument("--data-dir", metavar="DIR", help="folder holding the MNIST files")
    p.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from dlstudio.bench.run import run as run_bench, save_json
    from dlstudio.cli import UserError, check_output_paths

    check_output_paths(json=args.json)
    if args.epoch:
        from dlstudio.bench.epoch import run as run_epoch

        rows = run_epoch(args.batches, args.repeats or 3, args.conditions, args.burn_seconds,
                         args.data_dir, out=lambda text: print(text, flush=True),
                         images=args.images)
        if args.json:
            import dataclasses

            save_json([dataclasses.asdict(r) for r in rows], args.json)
        return 0
    if args.window:
        from dlstudio.bench import window

        if args.data_dir:                  # the measuring processes find MNIST there
            import os

            os.environ["DLSTUDIO_DATA"] = args.data_dir
        try:
            rows = window.run(args.only, args.repeats or 3, args.steps, args.panel,
                              out=lambda text: print(text, flush=True),
                              process=not args.thread)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        if args.json:
            import dataclasses

            save_json([dataclasses.asdict(r) for r in rows], args.json)
        return 0
    if args.profile:
        from dlstudio.bench import breakdown

        argv = ["--steps", str(args.steps or 300)] + (["--data-dir", args.data_dir] if args.data_dir else [])
        argv += ["--inference"] if args.inference else []
        for batch in args.batches:
            breakdown.main(argv + ["--batch", str(batch)])
        return 0

    results = run_bench(keys=args.only, repeats=args.repeats or 5, target_seconds=args.seconds,
                        use_torch=not args.no_torch, inference=not args.no_inference)
    if args.data:
        from dlstudio.bench.data import format_report, run as run_data

        print("\nData pipeline")
        print(format_report(run_data(quick=False)))
    if args.json:
        save_json(results, args.json)
    return 0
