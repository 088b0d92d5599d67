"""Alternating measurements: dlstudio and PyTorch take turns, one repeat each.

On a shared machine the cores' speed changes from second to second (other processes, a
virtual machine's neighbours). Measured one after the other, two frameworks meet different
moments, and their ratio swings with the moment: here, in one hour, the MLP's ratio came out
anywhere from 1.26x to 1.64x and dlstudio's own median from 42,755 to 65,397 img/s. Taking
turns, one repeat of dlstudio, then one of each PyTorch measurement (each in its own child
process, ``pytorch_child``), the order rotating every round, spreads every slow moment over
all of them; the medians of their repeats are compared.

>>> mine, (nchw,) = alternate(ours.train_step(w), [PytorchChild(w, "train")], repeats=5,
...                           seconds=0.6)
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from typing import Callable, Sequence

from dlstudio.bench.timing import Measurement, measure, summary
from dlstudio.bench.workloads import Workload

#: seconds left idle after each PyTorch repeat: its OpenMP threads spin for a while after
#: the work (the libraries' defaults), which would slow the next repeat of the other side
SETTLE_SECONDS = 0.05


def steps_for(step: Callable[[int], None], seconds: float) -> int:
    """Steps of ``step`` in a repeat of about ``seconds``, after a warm-up of 3 (compilation,
    the allocator), from the time of 5 more."""
    for i in range(3):
        step(i)
    t0 = time.perf_counter()
    for i in range(5):
        step(i)
    per_step = (time.perf_counter() - t0) / 5
    return max(5, int(seconds / max(per_step, 1e-7)))


class PytorchChild:
    """One PyTorch measurement in a child process started with the libraries' default
    threading, ready for ``repeat()`` once built (``python -m dlstudio.bench.pytorch_child``)."""

    def __init__(self, w: Workload, mode: str, channels_last: bool = False,
                 seconds: float = 0.6, images: int | None = None):
        from dlstudio.thread_env import library_default_environment

        args = [sys.executable, "-m", "dlstudio.bench.pytorch_child", w.key, mode,
                "1" if channels_last else "0", str(seconds)] + ([str(images)] if images else [])
        self._errors = tempfile.TemporaryFile(mode="w+")
        self._proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=self._errors, text=True,
                                      env=library_default_environment())
        self.steps = int(self._answer()["ready"])

    def repeat(self) -> float:
        """One repeat in the child: its rate (units per second)."""
        try:
            self._proc.stdin.write("repeat\n")
            self._proc.stdin.flush()
        except OSError:
            pass                        # the child died: ``_answer`` says why
        return float(self._answer()["rate"])

    def _answer(self) -> dict:
        line = self._proc.stdout.readline()
        try:
            return json.loads(line)
        except ValueError:
            self._stop()
            self._errors.seek(0)
            why = self._errors.read()[-2000:].strip()
            self._errors.close()
            raise RuntimeError(f"PyTorch measurement failed:\n{why}") from None

    def close(self) -> None:
        """End the child (its input closed) and forget its error output."""
        self._stop()
        self._errors.close()

    def _stop(self) -> None:
        if self._proc.poll() is None:
            try:
                self._proc.stdin.close()
            except OSError:
                pass
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()

    def __enter__(self) -> "PytorchChild":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def alternate(mine: tuple[Callable[[int], None], float], children: Sequence[PytorchChild],
              repeats: int, seconds: float) -> tuple[Measurement, list[Measurement]]:
    """dlstudio's ``(step, units per step)`` and each child, one repeat each per round,
    ``repeats`` rounds, the order rotating every round; the medians (and ranges) of
    dlstudio's repeats and of each child's."""
    step, per = mine
    n = steps_for(step, seconds)
    turns: list = ["mine", *children]
    rates: dict[int, list[float]] = {i: [] for i in range(len(turns))}
    for r in range(repeats):
        shift = r % len(turns)
        for i in list(range(shift, len(turns))) + list(range(shift)):
            if turns[i] == "mine":
                rates[i].append(measure(step, n, per, 1, warmup=0).median)
            else:
                rates[i].append(turns[i].repeat())
                time.sleep(SETTLE_SECONDS)
    return summary(rates[0]), [summary(rates[i]) for i in range(1, len(turns))]
