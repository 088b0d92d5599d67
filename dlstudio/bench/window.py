"""``dlstudio bench --window``: does the window train as fast as the trainer alone?

The same network, data and settings train twice per repeat, each in a fresh process: once
headless (the trainer generator consumed in a plain loop, as ``dlstudio train`` does) and
once in the real studio window (``dlstudio.gui.bench_run``: offscreen unless a display is
set, the plots live, a 5 ms timer on the GUI thread measuring how late it fires), training in
a child process as the window does by default (``process=False``: on its worker thread). The order
alternates between repeats, so that a change in the machine's load hits both sides.

Both sides measure throughput the same way (``bench.rate_meter``): examples trained between
the snapshot of step ``WARM_STEPS`` (kernels compiled, buffers made) and the last step
snapshot, over the wall time between the two, as the consumer of the snapshots sees it. The
window side also reports the rate the window showed (the snapshots' ``examples_per_second``)
during and after the run.

Two kinds of workload: a preset on its whole training set for whole epochs, as a student
trains it (``mlp_300_100_epochs``, ``mnist_convnet_epoch``: MNIST's 54,000 training and
6,000 validation images), and the same preset on a slice of 600 images per class for a
fixed number of steps (``mlp_300_100``, ``mnist_convnet``). The slice keeps the whole
validation set, so its epochs (94 steps) each end with a validation as large as the epoch
and a moment of the timeline: a test of what the window does at epoch ends, nine times as
often as in real use.

    dlstudio bench --window                    # the four MNIST workloads, batch 64, 3 repeats
    dlstudio bench --window --only mlp_300_100 --steps 200 --repeats 1
    dlstudio bench --window --only toy_2d       # the classroom toy, on built-in data
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from dlstudio.bench import thread_times
from dlstudio.bench.rate_meter import RateMeter



@dataclass(frozen=True)
class Workload:
    """A preset trained on its dataset: ``per_class`` training examples of each of its
    ``classes`` classes (None: the whole training set), for ``steps`` steps (None: for the
    training settings' ``epochs`` whole epochs, set to ``epochs``)."""

    preset: str
    per_class: int | None
    steps: int | None = None
    epochs: int = 1
    classes: int = 10


#: the workloads by name; the classroom toy (built-in data, so also what the tests run) is
#: measured on request
WORKLOADS = {
    "mlp_300_100_epochs": Workload("mlp_300_100", None, epochs=3),
    "mnist_convnet_epoch": Workload("mnist_convnet", None, epochs=1),
    "mlp_300_100": Workload("mlp_300_100", 600, steps=1500),
    "mnist_convnet": Workload("mnist_convnet", 600, steps=400),
    "toy_2d": Workload("toy_2d", 200, steps=3000, classes=2),
}
#: what ``dlstudio bench --window`` measures without ``--only``
DEFAULT_WORKLOADS = ("mlp_300_100_epochs", "mnist_convnet_epoch", "mlp_300_100",
                     "mnist_convnet")
#: the batch size of every workload
BATCH = 64
#: what a child process prints before its JSON result
RESULT = "RESULT "


def workload_specs(name: str, steps: int | None = None) -> tuple[Any, Any, Any, int | None]:
    """``(network_spec, data_spec, train_spec, max_steps)`` of workload ``name``: the
    preset's network on its data, the preset's recommended training settings at batch
    ``BATCH``; ``steps`` (default: the workload's) ends the run by the trainer's
    ``max_steps`` (None: the run trains its whole epochs)."""
    from dlstudio.data.spec import DataSpec
    from dlstudio.engine.presets import PRESETS
    from dlstudio.training.spec import TrainSpec

    work = WORKLOADS[name]
    entry = PRESETS.entry(work.preset)
    subset = None if work.per_class is None else {"per_class": work.per_class}
    data = DataSpec(dataset=entry.meta["dataset"], subset=subset)
    train = TrainSpec().replace(**{**entry.meta.get("train", {}), "batch_size": BATCH})
    steps = steps or work.steps
    if steps is None:
        train = train.replace(epochs=work.epochs)
    elif work.per_class is not None:
        # the slice's training examples are at most per_class of each class
        epochs = steps * BATCH // max(1, work.per_class * work.classes) + 2
        train = train.replace(epochs=max(epochs, work.epochs))
    return PRESETS[work.preset](), data, train, steps


def run_headless(name: str, steps: int | None = None) -> dict:
    """Train workload ``name`` through the trainer generator in this process; the result
    dict."""
    from dlstudio.data import load
    from dlstudio.engine.network import Network
    from dlstudio.engine.warmup import warmup
    from dlstudio.training import Trainer

    net_spec, data_spec, train_spec, steps = workload_specs(name, steps)
    warmup()
    dataset = load(data_spec)
    network = Network.from_spec(net_spec, seed=int(train_spec.seed or 0))
    here = thread_times.current_thread_id()
    meter = RateMeter(train_spec.batch_size, threads=lambda: {"training": here},
                      last_step=steps)
    last = None
    for snap in Trainer(network, dataset, train_spec, max_steps=steps).run():
        meter.add(snap)
        last = snap
    return {"mode": "headless", **meter.result(),
            "shown_final": float(last.examples_per_second)}


@dataclass
class WindowRow:
    """One workload's medians: examples/s headless and in the window, their ratio, the GUI
    thread's lateness percentiles (ms) and the rate the window showed."""

    workload: str
    headless: list[float] = field(default_factory=list)
    window: list[float] = field(default_factory=list)
    late_p50: list[float] = field(default_factory=list)
    late_p99: list[float] = field(default_factory=list)
    cpu_headless: list[float] = field(default_factory=list)
    cpu_window: list[float] = field(default_factory=list)
    shown_median: list[float] = field(default_factory=list)
    shown_final: list[float] = field(default_factory=list)
    clock_rate: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    probe_headless: list[float] = field(default_factory=list)
    plain: list[float] = field(default_factory=list)       # headless, probes' time taken out
    probe_window: list[float] = field(default_factory=list)
    gui_run: list[float] = field(default_factory=list)
    blocked_headless: list[float] = field(default_factory=list)
    blocked_window: list[float] = field(default_factory=list)
    thread_headless: list[float] = field(default_factory=list)  # training thread, us/example
    thread_window: list[float] = field(default_factory=list)
    faults_headless: list[float] = field(default_factory=list)  # its page faults per step
    faults_window: list[float] = field(default_factory=list)

    def ratio(self) -> float:
        pairs = [w / h for h, w in zip(self.headless, self.window) if h > 0]
        return statistics.median(pairs) if pairs else 0.0

    def ratio_to_plain(self) -> float:
        """The window's rate over the headless rate without the probes' time (0.0 if not
        measured): against ``dlstudio train``, which does not probe."""
        pairs = [w / h for h, w in zip(self.plain, self.window) if h > 0]
        return statistics.median(pairs) if pairs else 0.0


def child_command(mode: str, name: str, steps: int | None = None,
                  panel: str | None = None, process: bool = False) -> list[str]:
    if mode == "window":
        cmd = [sys.executable, "-m", "dlstudio.gui.bench_run"]
        if panel:
            cmd += ["--panel", panel]
        if process:
            cmd += ["--process"]
    else:
        cmd = [sys.executable, "-m", "dlstudio.bench.window", "--child"]
    return cmd + [name] + ([str(steps)] if steps else [])


def run_child(cmd: Sequence[str]) -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = subprocess.run(list(cmd), capture_output=True, text=True, env=env, timeout=1800)
    for line in out.stdout.splitlines():
        if line.startswith(RESULT):
            return json.loads(line[len(RESULT):])
    raise RuntimeError(f"{' '.join(cmd[2:])} gave no result (exit {out.returncode}):\n"
                       f"{out.stderr[-2000:]}")


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def measure(names: Sequence[str], repeats: int, steps: int | None = None,
            panel: str | None = None, runner: Callable[[list[str]], dict] = run_child,
            out: Callable[[str], None] = print, process: bool = True) -> list[WindowRow]:
    """Alternate headless and window runs of each workload ``repeats`` times."""
    rows = []
    for name in names:
        row = WindowRow(name)
        for r in range(repeats):
            order = ("headless", "window") if r % 2 == 0 else ("window", "headless")
            for mode in order:
                load = load_average()
                res = runner(child_command(mode, name, steps, panel, process))
                row.loads.append(load)
                if mode == "headless":
                    row.headless.append(res["examples_per_second"])
                    row.cpu_headless.append(res["cpu_us_per_example"])
                    _add(row.probe_headless, res, "probe_share")
                    _add(row.plain, res, "rate_without_probes")
                    _add(row.blocked_headless, res, "training_blocked")
                    _add(row.thread_headless, res, "training_us_per_example")
                    _add(row.faults_headless, res, "training_faults_per_step")
                else:
                    row.window.append(res["examples_per_second"])
                    row.cpu_window.append(res["cpu_us_per_example"])
                    row.late_p50.append(res["late_p50_ms"])
                    row.late_p99.append(res["late_p99_ms"])
                    row.shown_median.append(res["shown_median"])
                    row.shown_final.append(res["shown_final"])
                    row.clock_rate.append(res.get("training_clock_rate", 0.0))
                    _add(row.probe_window, res, "probe_share")
                    _add(row.gui_run, res, "gui_run")
                    _add(row.blocked_window, res, "training_blocked")
                    _add(row.thread_window, res, "training_us_per_example")
                    _add(row.faults_window, res, "training_faults_per_step")
                out(f"  {name} {mode:8s} {res['examples_per_second']:8,.0f} examples/s"
                    f"  (load {load:.1f})")
        rows.append(row)
    return rows


def _add(values: list[float], result: dict, key: str) -> None:
    """Append ``result[key]`` when the child measured it (thread times need Linux)."""
    if key in result:
        values.append(float(result[key]))


def format_table(rows: Sequence[WindowRow], repeats: int) -> str:
    def med(xs: list[float]) -> float:
        return statistics.median(xs) if xs else float("nan")

    lines = [f"Window against headless, batch {BATCH}, medians of {repeats}: examples/s, "
             f"CPU time of the process per example (us), GUI-thread lateness of a "
             f"{5} ms timer (ms), the rate the window showed during the run (median over "
             f"time) and after it, and "
             f"the window's rate over the training clock that the shown rate uses "
             f"(validation left out); then, in % over the measured steps: the training "
             f"clock spent probing layers (headless, window), the GUI thread's CPU time "
             f"(of one core's wall time), the time the training thread was blocked "
             f"(neither running nor waiting for a core: the GIL, other threads; headless, "
             f"window); the training thread's CPU time per example (us) and its page faults "
             f"per step (headless, window: fresh memory costs a fault per 4 KB page); last, "
             f"the headless rate with the probes' time taken out (as "
             f"`dlstudio train` trains, without telemetry) and the window's ratio to it",
             f"{'workload':19s} {'headless':>9s} {'window':>9s} {'ratio':>6s} "
             f"{'cpu-h':>6s} {'cpu-w':>6s} {'p50':>6s} {'p99':>6s} {'shown':>9s} "
             f"{'shown end':>9s} {'clock':>9s} {'probe-h':>7s} {'probe-w':>7s} {'gui':>5s} "
             f"{'blk-h':>5s} {'blk-w':>5s} {'thr-h':>6s} {'thr-w':>6s} {'flt-h':>6s} "
             f"{'flt-w':>6s} {'no-probe':>9s} {'ratio':>6s}  load"]
    for row in rows:
        loads = [x for x in row.loads if x == x]
        load = f"{min(loads):.1f}-{max(loads):.1f}" if loads else "?"
        lines.append(f"{row.workload:19s} {med(row.headless):9,.0f} {med(row.window):9,.0f} "
                     f"{row.ratio():6.2f} {med(row.cpu_headless):6.1f} "
                     f"{med(row.cpu_window):6.1f} {med(row.late_p50):6.1f} {med(row.late_p99):6.1f} "
                     f"{med(row.shown_median):9,.0f} {med(row.shown_final):9,.0f} "
                     f"{med(row.clock_rate):9,.0f} {100 * med(row.probe_headless):7.1f} "
                     f"{100 * med(row.probe_window):7.1f} {100 * med(row.gui_run):5.1f} "
                     f"{100 * med(row.blocked_headless):5.1f} "
                     f"{100 * med(row.blocked_window):5.1f} {med(row.thread_headless):6.1f} "
                     f"{med(row.thread_window):6.1f} {med(row.faults_headless):6.1f} "
                     f"{med(row.faults_window):6.1f} {med(row.plain):9,.0f} "
                     f"{row.ratio_to_plain():6.2f}  {load}")
    return "\n".join(lines)


def run(names: Sequence[str] | None = None, repeats: int = 3, steps: int | None = None,
        panel: str | None = None, out: Callable[[str], None] = print,
        process: bool = True) -> list[WindowRow]:
    names = list(names or DEFAULT_WORKLOADS)
    unknown = [n for n in names if n not in WORKLOADS]
    if unknown:
        raise ValueError(f"--window measures {', '.join(WORKLOADS)}; not {', '.join(unknown)}")
    rows = measure(names, repeats, steps, panel, out=out, process=process)
    out(format_table(rows, repeats))
    return rows


def _child(argv: list[str]) -> int:
    steps = int(argv[1]) if len(argv) > 1 else None
    print(RESULT + json.dumps(run_headless(argv[0], steps)), flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        sys.exit(_child(sys.argv[2:]))
    sys.exit(run())
