"""``dlstudio export MODEL_OR_SPEC --to pytorch|keras|onnx OUT``: hand a network to a framework."""
from __future__ import annotations


def add_parser(sub) -> None:
    from dlstudio.interop.exporters import TARGETS

    p = sub.add_parser("export", help="write a model or network for PyTorch, Keras or ONNX",
                       description="Write a trained model (.dlsnet) or a network (spec file or "
                                   "preset, with fresh weights) in another framework's format. "
                                   "Needs the optional packages: pip install \"dlstudio[export]\"")
    p.add_argument("model", help="a .dlsnet model, a network JSON file or a preset name")
    p.add_argument("--to", required=True, choices=sorted(TARGETS), help="the target framework")
    p.add_argument("out", help="the file to write (PyTorch: NAME.py plus NAME.pt beside it)")
    p.add_argument("--seed", type=int, default=0, help="seed for fresh weights of a spec")
    p.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    from dlstudio.cli import UserError
    from dlstudio.engine.network import NetworkError
    from dlstudio.engine.serialize import ModelFileError
    from dlstudio.engine.spec import SpecError
    from dlstudio.interop import ExportError
    from dlstudio.interop.exporters import export
    from dlstudio.interop.plan import load_model

    out = Path(args.out)
    if not out.parent.is_dir():
        raise UserError(f"cannot write {out}: the folder {out.parent} does not exist")
    try:
        network = load_model(args.model, seed=args.seed)
        written = export(network, args.to, out)
    except (ExportError, ModelFileError, NetworkError, SpecError, OSError) as exc:
        raise UserError(str(exc)) from None
    for path in written:
        print(f"wrote {path}")
    return 0
