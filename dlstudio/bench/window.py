"""``dlstudio bench --window``: does the window train as fast as the trainer alone?

The same network, data and settings train twice per repeat, each in a fresh process: once
headless (the trainer generator consumed in a plain loop, as ``dlstudio train`` does) and
once in the real studio window (``dlstudio.gui.bench_run``: offscreen unless a display is
set, the plots live, a 5 ms timer on the GUI thread measuring how late it fires). The order
alternates between repeats, so that a change in the machine's load hits both sides.

Both sides measure throughput the same way: examples trained between the snapshot of step
``WARM_STEPS`` (kernels compiled, buffers made) and the last step snapshot, over the wall time
between the two, as the consumer of the snapshots sees it. The window side also reports the
rate the window showed (the snapshots' ``examples_per_second``) during and after the run.

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
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from dlstudio.bench import thread_times



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
#: steps left out of the measurement at the start (first-use costs)
WARM_STEPS = 20
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


class RateMeter:
    """Examples per second between the snapshot of step ``warm`` and the last step one, by
    the wall-clock time at which the consumer received them; also the process's CPU time
    (all threads) per example over the same steps, which other processes on the machine
    disturb much less than the wall-clock rate; the share of the training clock spent in
    layer probes; and, for the threads ``threads()`` names, how they spent the wall time
    (running, waiting for a core, blocked: see ``thread_times``).

    The threads' counters are read at the first measured step, then at most every
    ``read_every`` seconds and at step ``last_step`` (the run's last; by default the
    snapshots' ``total_steps``, the run's planned end): read at
    every snapshot, the ``/proc`` files cost the window's GUI thread ~1% of a core (the
    MLP's ~35 snapshots a second), time the headless side spent on its training thread."""

    def __init__(self, batch: int, warm: int = WARM_STEPS,
                 clock: Callable[[], float] = time.perf_counter,
                 cpu_clock: Callable[[], float] = time.process_time,
                 threads: Callable[[], dict[str, int | None]] | None = None,
                 last_step: int | None = None, read_every: float = 0.5) -> None:
        self.batch, self.warm, self.clock, self.cpu_clock = batch, warm, clock, cpu_clock
        self.last_step, self.read_every = last_step, read_every
        #: the steps of the first and the latest thread readings
        self.thread_steps: list[int] = []
        self.read_at = 0.0                 # when they were read last (``clock``)
        self.first: tuple[float, int] | None = None
        self.last: tuple[float, int] | None = None
        self.cpu: list[float] = []
        self.trained: list[float] = []
        self.probed: list[float] = []      # the trainer's probe seconds so far, first and last
        #: role ("training", "gui") -> native thread id, found at the first measured step by
        #: ``threads()``; their times are read there and at every later step snapshot
        self.find_threads = threads
        self.thread_ids: dict[str, int] = {}
        self.thread_readings: list[thread_times.Reading] = []
        self.shown: list[float] = []       # the snapshots' own rate, after the warm steps
        self.shown_at: list[float] = []    # when each arrived (the consumer's clock)

    def add(self, snap: Any) -> None:
        if snap.event != "step" or snap.step < self.warm:
            return
        point = (self.clock(), snap.step)
        probed = float((getattr(snap, "extra", None) or {}).get("probe_seconds") or 0.0)
        if self.first is None:
            self.first = point
            self.cpu = [self.cpu_clock()] * 2
            self.trained = [float(snap.elapsed_seconds)] * 2
            self.probed = [probed] * 2
            if self.find_threads is not None:
                self.thread_ids = {role: tid for role, tid in self.find_threads().items()
                                   if tid is not None}
                self.thread_readings = [thread_times.thread_times(self.thread_ids.values())] * 2
                self.thread_steps = [snap.step] * 2
                self.read_at = point[0]
        self.last = point
        self.cpu[1] = self.cpu_clock()
        self.trained[1] = float(snap.elapsed_seconds)
        self.probed[1] = probed
        last_step = self.last_step or getattr(snap, "total_steps", None)
        if self.thread_ids and (point[0] - self.read_at >= self.read_every
                                or (last_step is not None and snap.step >= last_step)):
            self.thread_readings[1] = thread_times.thread_times(self.thread_ids.values())
            self.thread_steps[1] = snap.step
            self.read_at = point[0]
        if snap.examples_per_second > 0:
            self.shown.append(float(snap.examples_per_second))
            self.shown_at.append(point[0])

    def rate(self) -> float:
        if self.first is None or self.last is None or self.last[0] <= self.first[0]:
            return 0.0
        return (self.last[1] - self.first[1]) * self.batch / (self.last[0] - self.first[0])

    def training_clock_rate(self) -> float:
        """The same examples over the trainer's own training clock (``elapsed_seconds``:
        validation and pauses left out), which is what the shown rate measures."""
        seconds = self.trained[1] - self.trained[0] if self.last else 0.0
        return (self.last[1] - self.first[1]) * self.batch / seconds if seconds > 0 else 0.0

    def shown_during(self) -> float:
        """The rate the window showed during the measured steps, as a reader saw it: the
        median over time, each shown value weighted by how long it stayed (until the next
        snapshot). Not the median over snapshots: a probed step always yields a snapshot, and
        the dense probing of the first steps (every step up to 50) gave a fast run half of
        its snapshots in its first ~0.2 s, so that median was the start's rate (the MLP:
        11,900 shown against 33,000 trained, measured 13:10)."""
        return time_weighted_median(self.shown, self.shown_at)

    def rate_without_probes(self) -> float:
        """``rate()`` with the probes' seconds taken out of the wall time: what the same run
        would train with telemetry off (``dlstudio train``'s default), had the probes cost
        nothing else (their snapshots are cheap)."""
        if self.first is None or self.last is None:
            return 0.0
        seconds = self.last[0] - self.first[0] - (self.probed[1] - self.probed[0])
        return (self.last[1] - self.first[1]) * self.batch / seconds if seconds > 0 else 0.0

    def cpu_us_per_example(self) -> float:
        examples = (self.last[1] - self.first[1]) * self.batch if self.last else 0
        return 1e6 * (self.cpu[1] - self.cpu[0]) / examples if examples else 0.0

    def probe_share(self) -> float:
        """The share of the training clock the trainer spent probing layers over the
        measured steps (0.0 with telemetry off or before two step snapshots)."""
        seconds = self.trained[1] - self.trained[0] if self.last else 0.0
        return (self.probed[1] - self.probed[0]) / seconds if seconds > 0 else 0.0

    def thread_split(self, role: str) -> thread_times.ThreadTime | None:
        """How the thread of ``role`` spent the measured steps (None if not watched)."""
        if role not in self.thread_ids or not self.thread_readings:
            return None
        return thread_times.time_split(*self.thread_readings, self.thread_ids[role])

    def result(self) -> dict:
        """The measured figures as plain numbers (for a child's JSON result): with watched
        threads, each role's run, run-queue and blocked seconds as shares of the wall time
        (``<role>_run``, ``<role>_waited``, ``<role>_blocked``), its CPU time per example
        (``<role>_us_per_example``) and its minor page faults per step
        (``<role>_faults_per_step``)."""
        out = {"examples_per_second": self.rate(),
               "training_clock_rate": self.training_clock_rate(),
               "cpu_us_per_example": self.cpu_us_per_example(),
               "steps": self.last[1] if self.last else 0,
               "shown_median": self.shown_during(),
               "probe_share": self.probe_share(),
               "rate_without_probes": self.rate_without_probes()}
        steps = self.thread_steps[1] - self.thread_steps[0] if self.thread_steps else 0
        for role in self.thread_ids:
            split = self.thread_split(role)
            if split is not None and split.wall > 0:
                out.update({f"{role}_run": split.run / split.wall,
                            f"{role}_waited": split.waited / split.wall,
                            f"{role}_blocked": split.blocked / split.wall})
                if steps > 0:
                    out.update({f"{role}_us_per_example": 1e6 * split.run / (steps * self.batch),
                                f"{role}_faults_per_step": split.faults / steps})
        return out


def time_weighted_median(values: Sequence[float], times: Sequence[float]) -> float:
    """The median of ``values`` where ``values[i]`` holds from ``times[i]`` to
    ``times[i + 1]`` (the last one holds for no time unless it is the only one); 0.0 when
    there are none."""
    if not values:
        return 0.0
    weights = [b - a for a, b in zip(times, times[1:])] + [0.0]
    total = sum(weights)
    if total <= 0:
        return statistics.median(values)
    seen = 0.0
    for value, weight in sorted(zip(values, weights)):
        seen += weight
        if seen >= total / 2:
            return value
    return max(values)


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
            out: Callable[[str], None] = print, process: bool = False) -> list[WindowRow]:
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
        process: bool = False) -> list[WindowRow]:
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
