"""``dlstudio bench``: throughput of the standard workloads, with PyTorch ratios."""
from __future__ import annotations


def add_parser(sub) -> None:
    p = sub.add_parser("bench", help="measure training/inference speed (compared with PyTorch when installed)")
    p.add_argument("--only", nargs="*", metavar="KEY",
                   help="workloads to run: convnet_b32 convnet_b64 convnet_b128 mlp_300_100 elu_5x100 toy")
    p.add_argument("--repeats", type=int, default=5, help="repeats per measurement (median reported)")
    p.add_argument("--seconds", type=float, default=0.6, help="target duration of one repeat")
    p.add_argument("--no-torch", action="store_true", help="skip the PyTorch comparison")
    p.add_argument("--no-inference", action="store_true", help="time training only")
    p.add_argument("--data", action="store_true",
                   help="also time the data pipeline (digit generation, MNIST loading, augmentation)")
    p.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from dlstudio.bench.run import run as run_bench, save_json
    from dlstudio.cli import check_output_paths

    check_output_paths(json=args.json)
    results = run_bench(keys=args.only, repeats=args.repeats, target_seconds=args.seconds,
                        use_torch=not args.no_torch, inference=not args.no_inference)
    if args.data:
        from dlstudio.bench.data import format_report, run as run_data

        print("\nData pipeline")
        print(format_report(run_data(quick=False)))
    if args.json:
        save_json(results, args.json)
    return 0
