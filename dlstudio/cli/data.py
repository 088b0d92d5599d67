"""``dlstudio data list`` / ``dlstudio data info NAME`` / ``dlstudio data fetch NAME``."""
from __future__ import annotations

import sys
import time


def add_parser(sub) -> None:
    p = sub.add_parser("data", help="list, describe and download datasets")
    dsub = p.add_subparsers(dest="data_command", metavar="ACTION")
    ls = dsub.add_parser("list", help="every dataset: shape, classes, size, where it is found")
    ls.add_argument("--data-dir", help="also look in this folder")
    ls.set_defaults(func=run_list)
    inf = dsub.add_parser("info", help="a dataset's description and parameters; with "
                                       "NAME:path=... it loads your file and says how its "
                                       "task and classes were inferred")
    inf.add_argument("name", metavar="NAME[:k=v,...]")
    inf.set_defaults(func=run_info)
    fe = dsub.add_parser("fetch", help="download a dataset ahead of time (e.g. before a class)")
    fe.add_argument("name")
    fe.add_argument("--data-dir", help="download into this folder instead of the usual place")
    fe.set_defaults(func=run_fetch)
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])


def _size(info) -> str:
    n_train, n_test = info.size
    if info.name in ("folder", "csv", "npz", "idx"):
        return "yours"
    return f"{n_train}+{n_test}" if n_test else f"{n_train} (split)"


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def run_list(args) -> int:
    from dlstudio.data import DATASETS, availability

    rows = [["name", "shape", "classes", "size", "offline", "where"]]
    for name in DATASETS.names():
        info = DATASETS[name]
        if info.name in ("folder", "csv", "npz", "idx"):
            where, offline = "give path=...", "yes"
        else:
            ok, where = availability(name, data_dir=args.data_dir)
            offline = "yes" if info.offline else ("yes (found)" if ok else "no (download)")
        shape = "x".join(str(s) for s in info.input_shape) if any(info.input_shape) else "any"
        classes = (str(info.n_classes) if info.task == "classification" and info.n_classes
                   else ("regression" if info.task == "regression" else "any"))
        rows.append([name, shape, classes, _size(info), offline, where])
    print(_table(rows))
    return 0


def run_info(args) -> int:
    from dlstudio.cli import UserError
    from dlstudio.cli.train import parse_data_argument
    from dlstudio.data import DATASETS

    name, params = parse_data_argument(args.name)
    try:
        info = DATASETS[name]
    except KeyError as exc:
        raise UserError(str(exc.args[0])) from None
    print(f"{info.display_name} ({info.name}): {info.help}")
    print(f"  source: {info.source}")
    print(f"  task: {info.task}; input shape {info.input_shape}; kind {info.kind}")
    if info.class_names:
        print(f"  classes: {', '.join(info.class_names)}")
    for p in info.params:
        rng = f" [{p.low}..{p.high}]" if p.low is not None else ""
        choices = f" one of {p.choices}" if p.choices else ""
        print(f"  {p.name} = {p.default!r}{rng}{choices}: {p.help}")
    n_train = info.size[0]
    if n_train and info.name not in ("folder", "csv", "npz", "idx"):
        from dlstudio.data import DataSpec
        from dlstudio.data.split import expected_validation
        from dlstudio.messages import Message

        fraction = params.get("validation_split", DataSpec().validation_split)
        if fraction:
            print("  note: " + Message("data.validation_default", fraction=float(fraction),
                                       held=expected_validation(n_train, fraction),
                                       total=n_train))
    if params:
        _describe_loaded(name, params)
    return 0


def _describe_loaded(name: str, params: dict) -> None:
    """Load the data the parameters name (the user's file) and say what was inferred."""
    from dlstudio.cli import UserError
    from dlstudio.data import load

    try:
        ds = load(name, **params)
    except (ValueError, OSError) as exc:
        raise UserError(f"cannot load {name!r}: {exc}") from None
    print(f"\nloaded: {len(ds.x_train)} training, {len(ds.x_val)} validation, "
          f"{len(ds.x_test)} test examples of shape {ds.input_shape}")
    from dlstudio.data.split import validation_note

    note = validation_note(ds)
    if note is not None:
        print(f"  {note}")
    if ds.task == "classification":
        shown = ", ".join(ds.class_names[:20]) + (" ..." if len(ds.class_names) > 20 else "")
        print(f"  task: classification, {ds.n_classes} classes: {shown}")
    else:
        print("  task: regression")
    if ds.info.task_note:
        prefix = "  warning: task " if ds.info.task_guessed else "  task inferred: "
        print(prefix + ds.info.task_note)
    if ds.report:
        print(f"  {len(ds.report)} row(s)/file(s) skipped, e.g. {ds.report[0][0]}: "
              f"{ds.report[0][1]}")


class ProgressBar:
    """A one-line progress bar on stderr, redrawn at most ~10 times a second."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream if stream is not None else sys.stderr
        self.width, self._last, self._msg = width, 0.0, ""

    def __call__(self, done: int, total: int, message: str) -> None:
        now = time.monotonic()
        finished = total and done >= total
        if message == self._msg and now - self._last < 0.1 and not finished:
            return
        if message != self._msg and self._msg:
            self.stream.write("\n")
        self._msg, self._last = message, now
        if total:
            filled = int(self.width * done / total)
            bar = "#" * filled + "." * (self.width - filled)
            text = f"\r{message} [{bar}] {100 * done / total:5.1f}% {done / 1e6:.1f}/" \
                   f"{total / 1e6:.1f} MB"
        else:
            text = f"\r{message} {done / 1e6:.1f} MB"
        self.stream.write(text)
        self.stream.flush()

    def close(self) -> None:
        if self._msg:
            self.stream.write("\n")
            self.stream.flush()


def run_fetch(args) -> int:
    from dlstudio.cli import UserError
    from dlstudio.data import DATASETS, idxsets

    try:
        name = DATASETS.resolve(args.name)
    except KeyError as exc:
        raise UserError(str(exc.args[0])) from None
    if name not in idxsets.IDX_SETS:
        info = DATASETS[name]
        what = "is generated on the fly" if info.locate is None else "is read from your files"
        print(f"{name} {what}: nothing to download.")
        return 0
    bar = ProgressBar()
    try:
        _, where = idxsets.fetch(idxsets.IDX_SETS[name], args.data_dir, progress=bar)
    except (FileNotFoundError, ValueError) as exc:
        bar.close()
        raise UserError(str(exc)) from None
    bar.close()
    print(f"{name}: ready in {where}")
    return 0
