"""``dlstudio train net.json --data mnist``: train headless with a progress bar and a log.

Options override the training spec (``--train-config``): ``--epochs``, ``--batch-size``,
``--optimizer``, ``--lr``, ``--seed``. ``--data NAME`` takes a dataset from the registry,
with parameters as ``NAME:key=value,key=value`` (``--data spirals:n_samples=600,noise=0.2``);
``--limit N`` keeps N training examples (and at most N validation and test examples) for a
quick run. ``--log run.jsonl`` writes one JSON object per epoch (epoch, loss, accuracy,
val_loss, val_accuracy, lr, seconds, penalty: the L1/L2 weight penalty at the epoch's end,
which the loss leaves out as val_loss does) and a last one with test_loss and test_accuracy.
"""
from __future__ import annotations

import json
import sys
import threading
import time
from dataclasses import replace
from typing import Any

from dlstudio.cli import UserError, check_output_paths
from dlstudio.cli.network_edits import add_edit_argument, edited_spec
from dlstudio.messages import LANGUAGE_METAVAR, Message, catalogue, language_option, render


def add_parser(sub) -> None:
    p = sub.add_parser("train", help="train a network headless (progress bar, JSON log)",
                       description=__doc__.split("\n\n", 1)[1] if __doc__ else None)
    p.add_argument("network", help="a network JSON file or a preset name (e.g. mnist_convnet)")
    add_edit_argument(p)
    add_data_arguments(p)
    p.add_argument("--train-config", metavar="JSON", help="a training spec file")
    p.add_argument("--epochs", type=int)
    p.add_argument("--batch-size", type=int)
    p.add_argument("--optimizer", help="sgd, rmsprop, adam, ...")
    p.add_argument("--lr", type=float, help="learning rate")
    p.add_argument("--seed", type=int)
    p.add_argument("--log", metavar="JSONL", help="write per-epoch metrics here")
    p.add_argument("--save", metavar="MODEL", help="save the trained network (.dlsnet)")
    p.add_argument("--telemetry", action="store_true",
                   help="also probe the layers (as the studio does) and report the cost")
    p.add_argument("--tensorboard", metavar="DIR",
                   help="also write TensorBoard event files here: loss, accuracy, learning "
                        "rate, and per-layer histograms (turns --telemetry on)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--lang", default="en", type=language_option, metavar=LANGUAGE_METAVAR,
                   help="language of the explanation of how the run ended (zh_CN and zh-CN "
                        "also work)")
    p.set_defaults(func=run)


def add_data_arguments(p, required: bool = True, data_help: str = "") -> None:
    p.add_argument("--data", required=required, metavar="NAME[:k=v,...]",
                   help="a dataset from the registry (see 'dlstudio data list')" + data_help)
    p.add_argument("--data-dir", metavar="DIR", help="folder holding downloaded data files")
    p.add_argument("--validation-split", type=float, metavar="F",
                   help="fraction of the training data held out for validation")
    p.add_argument("--limit", type=int, metavar="N",
                   help="use at most N examples per split (quick runs)")


# -- shared with 'evaluate' --------------------------------------------------------------------
def parse_data_argument(text: str) -> tuple[str, dict[str, Any]]:
    """``"spirals:n_samples=600,noise=0.2"`` -> ``("spirals", {"n_samples": 600, ...})``."""
    name, _, rest = text.partition(":")
    params: dict[str, Any] = {}
    for item in filter(None, (s.strip() for s in rest.split(","))):
        key, eq, value = item.partition("=")
        if not eq:
            raise UserError(f"--data: expected key=value after the dataset name, got {item!r}")
        try:
            params[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            params[key.strip()] = value
    return name.strip(), params


def load_data(args, seed: int = 0) -> Any:
    """The dataset the arguments name, limited and checked; ``UserError`` on problems."""
    from dlstudio.data import load

    name, params = parse_data_argument(args.data)
    if args.validation_split is not None:
        params["validation_split"] = args.validation_split
    try:
        dataset = load(name, seed=seed, data_dir=args.data_dir, **params)
    except KeyError as exc:
        raise UserError(exc.args[0] if exc.args else str(exc)) from None
    except (ValueError, FileNotFoundError, OSError) as exc:
        raise UserError(f"cannot load {name!r}: {exc}") from None
    if args.limit is not None:
        if args.limit < 1:
            raise UserError(f"--limit must be at least 1, got {args.limit}")
        dataset = limit_dataset(dataset, args.limit, seed)
    return dataset


def ensure_fits(x: Any, y: Any, network: Any, name: str) -> None:
    """``UserError`` (saying what to change) when examples ``x, y`` do not fit ``network``."""
    from dlstudio.training.run_data import DataMismatchError, TrainingData, check_fit

    try:
        check_fit(TrainingData(x, y, x[:0], y[:0], x[:0], y[:0], name=repr(name)), network)
    except DataMismatchError as exc:
        raise UserError(str(exc)) from None


def limit_dataset(dataset: Any, n: int, seed: int = 0) -> Any:
    """At most ``n`` examples of each split, chosen at random (seeded), order kept."""
    import numpy as np

    rng = np.random.default_rng([seed, 4242])
    changes = {}
    for split in ("train", "val", "test"):
        x, y = getattr(dataset, f"x_{split}"), getattr(dataset, f"y_{split}")
        if len(x) > n:
            keep = np.sort(rng.choice(len(x), size=n, replace=False))
            changes[f"x_{split}"], changes[f"y_{split}"] = x[keep], y[keep]
    return replace(dataset, **changes) if changes else dataset


def default_loss(network: Any) -> str:
    """The usual loss for the network's output: softmax -> sparse cross-entropy, one
    sigmoid unit -> binary cross-entropy, otherwise mean squared error."""
    act = getattr(network, "output_activation", None)
    name = getattr(act, "name", None)
    if name == "softmax":
        return "sparse_categorical_crossentropy"
    if name == "sigmoid":
        return "binary_crossentropy"
    return "mse"


def build_network(spec_arg: Any, seed: int, label: str | None = None) -> Any:
    """A network from a file, a preset name or a ``NetworkSpec`` (``label`` names it in
    errors); ``UserError`` on problems."""
    from dlstudio.engine.network import Network, NetworkError
    from dlstudio.engine.spec import SpecError

    try:
        return Network.from_spec(spec_arg, seed=seed)
    except (SpecError, NetworkError) as exc:
        text, label = str(exc), label or str(spec_arg)
        raise UserError(text if label in text else f"{label}: {text}") from None
    except (OSError, ValueError) as exc:
        raise UserError(f"cannot read the network {label or spec_arg!r}: {exc}") from None


class EpochProgress:
    """A one-line progress bar per epoch on stderr: step, loss, accuracy, throughput.

    On a terminal the line is redrawn in place; otherwise only each epoch's final line is
    printed (logs stay readable).
    """

    def __init__(self, epochs: int, steps_per_epoch: int, enabled: bool = True,
                 stream=None, width: int = 24) -> None:
        self.epochs, self.steps, self.enabled = epochs, steps_per_epoch, enabled
        self.stream = stream or sys.stderr
        self.width = width
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._open = False

    def _line(self, snap) -> str:
        frac = min(max(snap.epoch_fraction, 0.0), 1.0)
        done = int(round(frac * self.width))
        bar = "=" * done + (">" if done < self.width else "") + " " * (self.width - done - 1)
        parts = [f"epoch {snap.epoch + 1}/{self.epochs} [{bar[:self.width]}] "
                 f"{int(round(frac * self.steps))}/{self.steps}",
                 f"loss {snap.train_loss:.4f}"]
        if snap.train_accuracy is not None:
            parts.append(f"acc {snap.train_accuracy:.4f}")
        if snap.val_loss is not None:
            parts.append(f"val_loss {snap.val_loss:.4f}")
        if snap.val_accuracy is not None:
            parts.append(f"val_acc {snap.val_accuracy:.4f}")
        if snap.examples_per_second:
            parts.append(f"{snap.examples_per_second:,.0f}/s")
        return "  ".join(parts)

    def update(self, snap) -> None:
        if not self.enabled or snap.event not in ("step", "epoch_end") or snap.step == 0:
            return
        line = self._line(snap)
        if self.tty:
            self.stream.write("\r\x1b[K" + line + ("\n" if snap.event == "epoch_end" else ""))
            self._open = snap.event != "epoch_end"
        elif snap.event == "epoch_end":
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False


# -- the command -------------------------------------------------------------------------------
def train_spec_from_args(args) -> tuple[Any, bool]:
    """``(TrainSpec, loss_given)`` from ``--train-config`` and the override options."""
    from dlstudio.training.spec import TrainSpec

    loss_given = False
    if args.train_config:
        from dlstudio.engine.fileio import parse_json, read_text

        raw = parse_json(read_text(args.train_config, UserError), UserError, args.train_config)
        try:
            spec = TrainSpec.from_dict(raw)
        except ValueError as exc:
            raise UserError(f"{args.train_config}: {exc}") from None
        loss_given = isinstance(raw, dict) and "loss" in raw
    else:
        spec = TrainSpec(batch_size=32)
    changes = {k: v for k, v in (("epochs", args.epochs), ("batch_size", args.batch_size),
                                 ("optimizer", args.optimizer), ("learning_rate", args.lr),
                                 ("seed", args.seed)) if v is not None}
    if args.optimizer is not None and args.optimizer != spec.optimizer:
        changes["optimizer_config"] = {}
    # the command line shows no layer plots: probe only when asked (to see their cost)
    changes["telemetry"] = replace(spec.telemetry,
                                   enabled=bool(args.telemetry or args.tensorboard))
    spec = spec.replace(**changes)
    problems = spec.validate()
    if problems:
        raise UserError("the training settings have problems:\n" +
                        "\n".join(f"  - {p}" for p in problems))
    return spec, loss_given


def _tensorboard(logdir: str | None):
    """A TensorBoard logger for ``--tensorboard DIR`` (the folder is created), or None."""
    if not logdir:
        return None
    from dlstudio.interop.tensorboard import TelemetryLogger

    try:
        return TelemetryLogger(logdir)
    except OSError as exc:
        raise UserError(f"cannot write TensorBoard files to {logdir}: {exc.strerror}") from None


def _warm_up_in_background(dtype) -> threading.Event:
    """Load the engine's kernels from Numba's cache (or compile them) while the data loads,
    instead of in the first training step (~0.4 s from the cache). Returns the event that
    stops the warm-up at its next stage: set when training begins, so that a cold cache
    costs the kernels this network needs, not every kernel (~120 s here; issue 13)."""
    from dlstudio.engine.warmup import warmup

    stop = threading.Event()

    def warm() -> None:
        try:
            warmup((dtype,), between=lambda: not stop.is_set())
        except Exception:  # noqa: BLE001 - a kernel that fails here fails again, and is
            pass           # reported, where the training step first calls it

    threading.Thread(target=warm, name="kernel-warmup", daemon=True).start()
    return stop


def run(args) -> int:
    from dlstudio.training.trainer import Trainer, TrainingSetupError

    check_output_paths(save=args.save, log=args.log)
    spec, loss_given = train_spec_from_args(args)
    network = build_network(edited_spec(args.network, args.edit) if args.edit else args.network,
                            spec.seed, label=args.network)
    stop_warming = _warm_up_in_background(network.dtype)
    dataset = load_data(args, spec.seed)
    if not loss_given:
        spec = spec.replace(loss=default_loss(network))
    try:
        trainer = Trainer(network, dataset, spec)
    except TrainingSetupError as exc:
        raise UserError(str(exc)) from None
    try:
        log = open(args.log, "w", encoding="utf-8") if args.log else None
    except OSError as exc:
        raise UserError(f"cannot write the log {args.log}: {exc.strerror}") from None
    board = _tensorboard(args.tensorboard)
    bar = EpochProgress(spec.epochs, trainer.steps_per_epoch, enabled=not args.quiet)
    if not args.quiet:          # what trains, beside the progress (walker34 W34-13: a student
        # comparing with the window could not tell why the terminal's epochs had more steps)
        print(settings_text(args, trainer), file=bar.stream, flush=True)
    stop_warming.set()      # the steps compile what the warm-up has not (each kernel once)
    t0 = time.perf_counter()
    last = None
    try:
        for snap in trainer.run():
            last = snap
            bar.update(snap)
            if board is not None:
                board.log(snap)
            if snap.event == "epoch_end" and log is not None:
                entry = dict(trainer.history[-1])
                entry.pop("step", None)
                log.write(json.dumps(_jsonable(entry)) + "\n")
                log.flush()
    except KeyboardInterrupt:
        trainer.stop()
        raise
    finally:
        bar.close()
        if board is not None:
            board.close()
    wall = time.perf_counter() - t0
    if log is not None:
        log.write(json.dumps(_jsonable({"test_loss": last.test_loss,
                                        "test_accuracy": last.test_accuracy,
                                        "event": last.event, "steps": last.step,
                                        "seconds": wall})) + "\n")
        log.close()
    print(summary_text(trainer, last, wall, getattr(args, "lang", "en")))
    if args.save:
        from dlstudio.engine.serialize import save_network

        save_network(network, args.save, optimizer=trainer.optimizer,
                     extra={"train_spec": spec.to_dict(), "data": args.data})
        print(render(Message("cli.train.saved", path=str(args.save)), getattr(args, "lang", "en")))
    return 1 if last.event == "diverged" else 0


def settings_text(args: Any, trainer: Any) -> str:
    """The line that says what ``dlstudio train`` trains, in ``args.lang``: the network and
    data named on the command line, the optimizer, learning rate, batch size, epochs and
    steps per epoch, and the loss."""
    spec = trainer.spec
    return render(Message("cli.train.settings", network=str(args.network),
                          data=str(getattr(args, "data", "") or ""), optimizer=spec.optimizer,
                          lr=f"{spec.learning_rate:g}", batch=spec.batch_size,
                          epochs=spec.epochs, steps=trainer.steps_per_epoch,
                          loss=str(spec.loss)), getattr(args, "lang", "en"))


def summary_text(trainer: Any, last: Any, wall: float, lang: str = "en") -> str:
    """What the run did, in ``lang``: how it ended (``last.message``), the last epoch's
    figures, the validation split's note, the test figures, the steps and their speed."""
    key = f"cli.train.event.{last.event}"
    event = Message(key) if key in catalogue() else last.event
    said = render(last.message, lang) if last.message else ""
    # "finished: finished 3 epochs" said it twice; "diverged: gradients in ..." needs the word
    lines = [said if said.startswith(render(event, lang)) else
             Message("cli.train.ended", event=event, message=last.message)
             if said else event]
    h = trainer.history[-1] if trainer.history else None
    if h is not None:
        figures = [Message(f"cli.train.{name}", value=h[name])
                   for name in ("loss", "accuracy", "val_loss", "val_accuracy")
                   if h.get(name) is not None]
        lines.append(Message("cli.train.last_epoch", epoch=h["epoch"], figures=figures))
    from dlstudio.data.split import validation_note

    note = validation_note(trainer.dataset) if trainer.spec.validation_split is None else None
    if note is not None:
        lines.append(Message("cli.train.data_note", note=note))
    if last.test_loss is not None:
        examples = len(trainer.data.x_test)
        lines.append(Message("cli.train.test_loss", loss=last.test_loss, examples=examples)
                     if last.test_accuracy is None else
                     Message("cli.train.test", loss=last.test_loss,
                             accuracy=last.test_accuracy, examples=examples))
    trained = max(last.elapsed_seconds, 1e-9)
    # a run of a few hundredths of a second said "in 0.0 s"
    seconds = f"{wall:.1f}" if wall >= 0.95 else f"{wall:.2g}"
    lines.append(Message("cli.train.steps", steps=last.step, seconds=seconds,
                         rate=last.step * trainer.spec.batch_size / trained))
    probe = last.extra.get("probe_seconds") if last.extra else None
    if probe and trainer.spec.telemetry.enabled:
        lines.append(Message("cli.train.probes", seconds=probe, share=probe / trained))
    return "\n".join(render(line, lang) for line in lines)


def _jsonable(d: dict) -> dict:
    import math

    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
            for k, v in d.items()}
