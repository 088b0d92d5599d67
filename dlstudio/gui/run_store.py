"""The run store: telemetry history on the GUI thread, read by the plots.

The training worker emits one :class:`~dlstudio.training.telemetry.Telemetry` snapshot at a
time; the window hands each one to :meth:`RunStore.append` on the GUI thread. The store keeps,
per *variant* (``snapshot.variant``: ``"A"`` for a single run, ``"A"``, ``"B"``, ``"C"`` ...
in a comparison):

- the snapshots themselves, as they arrived (lesson checks and the workspace's history read
  them), at most ``max_snapshots`` per variant: beyond that every second one is dropped,
  keeping the first and the newest, so they stay spread over the whole run;

- the scalar series (loss, accuracy, learning rate, throughput, ...) and the per-layer scalar
  series (gradient norm, weight norm, update ratio, activation statistics) in bounded
  buffers (:class:`~dlstudio.gui.series_buffer.SeriesBuffer`);
- the validation/test metrics of every epoch end, kept apart so that thinning the step
  series never loses one;
- each layer's activation-histogram history (for heatmaps over time), also bounded;
- the newest snapshot, and per layer the newest value of every optional field (histograms,
  batch-norm statistics), so a plot does not go blank when a snapshot skipped a probe.

Layer data is recorded once per probe: snapshots that repeat an earlier probe's layer
telemetry (same ``extra["probe_step"]``) add NaN to the layer series, which ``series()`` drops.

Memory is bounded by thinning: when a buffer is full, every second row is dropped and from
then on only every second snapshot is kept (the newest snapshot is always shown, in a
provisional last row). Rows therefore stay evenly spaced in time whatever the run length.

Plots poll :attr:`RunStore.version` (it grows on every change) from one shared timer and
redraw only when it changed. One variant's record is ``gui/variant_history.py``; the CSV
export is ``gui/metrics_csv.py``.
"""
from __future__ import annotations

import math

from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal

from dlstudio.gui.metrics_csv import write_metrics_csv
from dlstudio.gui.variant_history import (EPOCH_SERIES, LATEST_LAYER_FIELDS, LAYER_SERIES,
                                          SCALAR_SERIES, VariantHistory, num)
from dlstudio.training.telemetry import Histogram, Telemetry

#: snapshots kept per variant (a lesson run is far shorter; this bounds long explorations)
MAX_SNAPSHOTS = 20_000


class RunStore(QObject):
    """Telemetry history of the current run (or comparison) for the plots; GUI thread only.

    Parameters
    ----------
    max_points : int
        Rows kept per variant for the step series (thinned evenly beyond that).
    max_hist_columns : int
        Columns (points in time) kept per layer for the activation-histogram heatmaps.
    max_snapshots : int
        Snapshots kept per variant (``snapshots()``), thinned evenly beyond that.
    """

    sigCleared = Signal()
    sigVariantAdded = Signal(str)

    def __init__(self, parent: QObject | None = None, max_points: int = 20_000,
                 max_hist_columns: int = 400, max_snapshots: int = MAX_SNAPSHOTS):
        super().__init__(parent)
        self.max_points = int(max_points)
        self.max_hist_columns = int(max_hist_columns)
        self.max_snapshots = max(4, int(max_snapshots))
        self._variants: dict[str, VariantHistory] = {}
        self._version = 0
        self._layer_version = 0
        self._newest: Telemetry | None = None
        self._pinned_step: int | None = None
        self._pinned: dict[str, Telemetry] = {}
        self._tags: dict[str, str] = {}
        #: the variants the current run trains (``expect_variants``); forgotten on ``clear``
        self._expected: tuple[str, ...] = ()

    # -- writing --------------------------------------------------------------------------
    @property
    def version(self) -> int:
        """Grows by one on every append or clear; plots redraw only when it changed."""
        return self._version

    @property
    def layer_version(self) -> int:
        """Grows when a snapshot brought a fresh layer probe (or on clear): per-layer data
        (histograms, layer series, heatmaps) changed. Snapshots that repeat the last probe
        leave it alone, so plots of layer data can skip redrawing them."""
        return self._layer_version

    def append(self, snapshot: Telemetry) -> None:
        """Record one snapshot (cheap: a few row writes). Must run on the GUI thread."""
        assert QThread.currentThread() == self.thread(), \
            "RunStore.append must be called on the GUI thread (connect the worker's signal)"
        var = self._variants.get(snapshot.variant)
        names = tuple(layer.name for layer in snapshot.layers)
        if var is not None and names and not var.layer_names \
                and snapshot.step >= var.latest.step:
            # a run continued on curves restored without layer telemetry (a workspace keeps
            # scalars only): the same curves, now with layer series
            var.steps.widen({k: len(names) for k in LAYER_SERIES})
            var.layer_names = names
        elif var is None or names != var.layer_names or snapshot.step < var.latest.step:
            var = self._new_variant(snapshot, names)      # new, or a new run under that name
        same_step = var.steps.n > 0 and snapshot.step == var.latest.step
        var.snapshots.append(snapshot)
        if len(var.snapshots) > self.max_snapshots:
            del var.snapshots[1:-1:2]
        # Snapshots between two layer probes repeat the last probe's layer telemetry
        # (extra["probe_step"] says when it was measured): record layer data once per probe.
        probe = snapshot.extra.get("probe_step") if snapshot.extra else None
        fresh = probe is None or probe != var.last_probe
        var.last_probe = probe
        var.steps.push(VariantHistory.step_values(snapshot, fresh), replace_last=same_step)
        if any(getattr(snapshot, k) is not None for k in EPOCH_SERIES):
            last_epoch_step = var.epochs.column("step")[-1] if var.epochs.n else None
            var.epochs.push({"step": snapshot.step, "epoch": snapshot.epoch,
                             "epoch_progress": snapshot.epoch + float(snapshot.epoch_fraction
                                                                      or 0.0),
                             **{k: num(getattr(snapshot, k)) for k in EPOCH_SERIES}},
                            replace_last=last_epoch_step == snapshot.step)
        if fresh:
            for layer in snapshot.layers:
                var.remember_layer(layer, snapshot.step, self.max_hist_columns)
            if snapshot.layers:
                self._layer_version += 1
        if snapshot.event == "epoch_end":
            var.epoch_ends.append(snapshot)
        if snapshot.event not in ("step", "epoch_end"):
            var.events.append((snapshot.step, snapshot.event, snapshot.message))
        var.latest = snapshot
        self._newest = snapshot
        self._version += 1

    def set_variant_tags(self, tags: dict[str, str]) -> None:
        """Short names of the run's variants ("sigmoid" for A), shown after the letter in
        legends and the status line; forgotten on ``clear``."""
        self._tags = {k: str(v) for k, v in tags.items() if v}
        self._version += 1

    def variant_tags(self) -> dict[str, str]:
        """The run's variants' short names (see ``set_variant_tags``), by letter."""
        return dict(self._tags)

    def variant_label(self, name: str) -> str:
        """How legends name variant ``name``: "A", or "A sigmoid" with a tag."""
        tag = self._tags.get(name)
        return f"{name} {tag}" if tag else name

    def expect_variants(self, names) -> None:
        """The variants the run starting now trains (after ``clear``): until each has sent
        its first snapshot, ``arriving`` may hold the pages back; ``()`` when the run ended
        (the pages then draw the variants that came)."""
        self._expected = tuple(names)
        self._version += 1

    def expected_variants(self) -> tuple[str, ...]:
        """The variants the run under way trains (``expect_variants``; ``()``: none said)."""
        return self._expected

    def arriving(self) -> bool:
        """Whether a comparison's variants are still arriving: one the run trains has sent
        nothing yet, and none has sent more than its first snapshot. The pages wait for
        them instead of building their plots anew as each comes in (three builds of
        0.2-0.5 s at the start of lesson 05's four-variant run, the first with a single
        run's legend: walker12 W12-5)."""
        if len(self._expected) < 2 or all(n in self._variants for n in self._expected):
            return False
        return all(len(var.snapshots) <= 1 for var in self._variants.values())

    def clear(self) -> None:
        """Forget every variant (a new run starts)."""
        self._variants.clear()
        self._tags = {}
        self._expected = ()
        self._newest = None
        self._pinned_step, self._pinned = None, {}
        self._version += 1
        self._layer_version += 1
        self.sigCleared.emit()

    def _new_variant(self, snapshot: Telemetry, names: tuple[str, ...]) -> VariantHistory:
        var = VariantHistory.start(snapshot, names, self.max_points)
        is_new = snapshot.variant not in self._variants
        self._variants[snapshot.variant] = var
        if is_new:
            self.sigVariantAdded.emit(snapshot.variant)
        return var

    # -- reading --------------------------------------------------------------------------
    def variants(self) -> list[str]:
        """Variant names in the order they first appeared."""
        return list(self._variants)

    def is_empty(self) -> bool:
        return not self._variants

    def snapshots(self, variant: str | None = None) -> list[Telemetry]:
        """The kept snapshots of ``variant`` in the order they arrived (every variant's, one
        variant after the other, when ``None``)."""
        names = self.variants() if variant is None else [variant]
        return [snap for name in names if name in self._variants
                for snap in self._variants[name].snapshots]

    def layer_names(self, variant: str) -> tuple[str, ...]:
        """Display names of the layers of ``variant`` (empty if unknown)."""
        var = self._variants.get(variant)
        return var.layer_names if var else ()

    # -- time travel --------------------------------------------------------------------------
    @property
    def pinned_step(self) -> int | None:
        """The step the plots show while the user scrubs the timeline (None: live)."""
        return self._pinned_step

    def pin(self, step: int | None, snapshots: dict[str, Telemetry] | None = None) -> None:
        """Show the run as it was at ``step``: :meth:`latest` and :meth:`latest_layer_field`
        answer from ``snapshots`` (each variant's snapshot at that step; variants without one
        stay live) and plots over steps draw a cursor there. ``None`` goes back to live."""
        self._pinned_step = None if step is None else int(step)
        self._pinned = dict(snapshots or {}) if step is not None else {}
        self._version += 1
        self._layer_version += 1

    def latest(self, variant: str | None = None, live: bool = False) -> Telemetry | None:
        """The newest snapshot of ``variant`` (of any variant when ``None``), or the pinned
        one while the timeline is scrubbed; ``live=True``: the newest even then (how the
        run ended, or that it has not: what the run's state is, not what the view shows)."""
        if variant in self._pinned and not live:
            return self._pinned[variant]
        if variant is None:
            if self._pinned and not live:
                return max(self._pinned.values(), key=lambda snap: snap.step)
            return self._newest
        var = self._variants.get(variant)
        return var.latest if var else None

    def last_speed(self, variant: str) -> float | None:
        """The examples per second of ``variant``'s newest training-step snapshot (None when
        never measured): each variant's rate on its own steps, as the status line and the
        progress line of a comparison give it."""
        var = self._variants.get(variant)
        for snap in reversed(var.snapshots if var else ()):
            eps = snap.examples_per_second
            if snap.event == "step" and eps and math.isfinite(eps):
                return eps
        return None

    def latest_layer_field(self, variant: str, layer: int, name: str):
        """Newest non-empty value of a per-layer optional field (``LATEST_LAYER_FIELDS``).

        A histogram (``act_hist``, ``weight_hist``, ``grad_hist``, ``pre_hist``), a
        batch-norm array or a number (``weight_small_fraction``), or ``None`` when the
        layer never reported it.
        """
        pinned = self._pinned.get(variant)
        if pinned is not None:
            found = next((lt for lt in pinned.layers if lt.index == layer), None)
            return None if found is None else getattr(found, name, None)
        var = self._variants.get(variant)
        return var.latest_fields.get((layer, name)) if var else None

    def epoch_snapshots(self, variant: str) -> list[Telemetry]:
        """The last ``variant_history.EPOCH_HISTORY`` epoch-end snapshots of ``variant``,
        oldest first."""
        var = self._variants.get(variant)
        return list(var.epoch_ends) if var else []

    def events(self, variant: str) -> list[tuple[int, str, str]]:
        """``(step, event, message)`` for snapshots that ended or broke the run."""
        var = self._variants.get(variant)
        return list(var.events) if var else []

    def series(self, variant: str, name: str, layer: int | None = None,
               x: str = "step", finite: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """One series of ``variant`` as ``(x, y)`` float arrays of equal length.

        Parameters
        ----------
        name : str
            A run-level name (``SCALAR_SERIES``, e.g. ``"train_loss"``), an epoch-end name
            (``EPOCH_SERIES``, e.g. ``"val_loss"``), or a per-layer name (``LAYER_SERIES``,
            e.g. ``"grad_norm"``, with ``layer`` the layer's 0-based index).
        x : str
            ``"step"`` (default) or ``"epoch"`` (fractional epochs: ``epoch_progress``, so
            the validation loss of the first epoch sits at 1.0, where the training curve
            reaches the end of that epoch).
        finite : bool
            Drop points whose y is NaN or infinite (not measured, or a diverged run).
        """
        var = self._variants.get(variant)
        if var is None:
            return np.empty(0), np.empty(0)
        if name in EPOCH_SERIES:
            buf = var.epochs
            xs = buf.column("epoch_progress" if x == "epoch" else "step")
            ys = buf.column(name)
        elif name in LAYER_SERIES or name in SCALAR_SERIES or name == "step":
            buf = var.steps
            xs = buf.column("epoch_progress" if x == "epoch" else "step")
            if name in LAYER_SERIES:
                if layer is None or not 0 <= layer < len(var.layer_names):
                    raise ValueError(f"series {name!r} needs a layer index between 0 and "
                                     f"{len(var.layer_names) - 1}, got {layer!r}")
                ys = buf.column(name, layer)
            else:
                ys = buf.column(name)
        else:
            known = ("step",) + SCALAR_SERIES + EPOCH_SERIES + LAYER_SERIES
            raise ValueError(f"unknown series {name!r}; choose one of {', '.join(known)}")
        xs, ys = xs.astype(np.float64), ys.astype(np.float64)
        if finite:
            keep = np.isfinite(ys)
            xs, ys = xs[keep], ys[keep]
        return xs, ys

    def activation_history(self, variant: str, layer: int
                           ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """Activation histograms of one layer over time, for a heatmap.

        Returns
        -------
        (steps, edges, fractions) or None
            ``steps`` shape (T,), ``edges`` shape (B+1,), ``fractions`` shape (T, B): the
            share of the probe batch's activations in each bin at each recorded step.
        """
        var = self._variants.get(variant)
        hist = var.act_history.get(layer) if var else None
        if hist is None or hist.buffer.n == 0:
            return None
        n = hist.buffer.n
        return (hist.buffer.data["step"][:n, 0].astype(np.float64), hist.edges,
                hist.buffer.data["frac"][:n])

    def unit_history(self, variant: str, layer: int
                     ) -> tuple[np.ndarray, np.ndarray] | None:
        """The mean output of every unit of ``layer`` over time (recorded for the layer the
        run follows, ``TelemetrySpec.unit_layer``).

        Returns
        -------
        (steps, means) or None
            ``steps`` shape (T,), ``means`` shape (T, U): unit ``u``'s mean output over the
            probe batch at each recorded step.
        """
        var = self._variants.get(variant)
        history = var.unit_history.get(layer) if var else None
        if history is None or history.n == 0:
            return None
        n = history.n
        return (history.data["step"][:n, 0].astype(np.float64),
                history.data["mean"][:n].astype(np.float64))

    # -- export ---------------------------------------------------------------------------
    def to_csv(self, path: str | Path, variant: str | None = None) -> int:
        """Write the metrics of ``variant`` (all variants when ``None``) to a CSV file.

        One row per recorded step; epoch-end metrics sit on the row of their step; per-layer
        series are columns named ``<layer>.<series>``. Returns the number of rows written.
        """
        names = self.variants() if variant is None else [variant]
        return write_metrics_csv(path, [self._variants[v] for v in names])


__all__ = ["RunStore", "SCALAR_SERIES", "EPOCH_SERIES", "LAYER_SERIES",
           "LATEST_LAYER_FIELDS", "Histogram"]
