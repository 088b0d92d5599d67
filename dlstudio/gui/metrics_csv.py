"""The run's metrics as a CSV table (File > Export run metrics, the plots' Export menu).

One row per recorded step of each variant; epoch-end metrics sit on the row of their step;
per-layer series are columns named ``<layer>.<series>``.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from dlstudio.engine.filesave import atomic_write_text
from dlstudio.gui.variant_history import (EPOCH_SERIES, LAYER_SERIES, SCALAR_SERIES,
                                          VariantHistory)


def write_metrics_csv(path: str | Path, histories: list[VariantHistory]) -> int:
    """Write the metrics of ``histories`` (one after the other) to the CSV file ``path``;
    returns the number of rows written."""
    layer_cols = []
    for var in histories:
        for lname in var.layer_names:
            for key in LAYER_SERIES:
                col = f"{lname}.{key}"
                if col not in layer_cols:
                    layer_cols.append(col)
    header = ["variant", "step", *SCALAR_SERIES, *EPOCH_SERIES, *layer_cols]
    rows = 0

    def write(fh) -> None:
        nonlocal rows
        writer = csv.writer(fh)
        writer.writerow(header)
        for var in histories:
            for row in csv_rows(var, header):
                writer.writerow(row)
                rows += 1

    atomic_write_text(path, write, newline="")
    return rows


def csv_rows(var: VariantHistory, header: list[str]):
    """The CSV rows of ``var`` for the columns ``header`` (the first is the variant's
    name): one per recorded step, in step order; a value not measured is empty."""
    steps = var.steps
    by_step: dict[int, dict[str, float]] = {}
    for i in range(steps.n):
        row = {"step": steps.data["step"][i, 0]}
        for key in SCALAR_SERIES:
            row[key] = steps.data[key][i, 0]
        for j, lname in enumerate(var.layer_names):
            for key in LAYER_SERIES:
                row[f"{lname}.{key}"] = steps.data[key][i, j]
        by_step[int(row["step"])] = row
    for i in range(var.epochs.n):
        step = int(var.epochs.data["step"][i, 0])
        row = by_step.setdefault(step, {"step": step,
                                        "epoch": var.epochs.data["epoch"][i, 0]})
        for key in EPOCH_SERIES:
            row[key] = var.epochs.data[key][i, 0]
    for step in sorted(by_step):
        row = by_step[step]
        out = [var.name]
        for col in header[1:]:
            value = row.get(col, np.nan)
            if value is None or not np.isfinite(value):
                out.append("")
            elif col in ("step", "epoch"):
                out.append(str(int(value)))
            else:
                out.append(repr(float(value)))
        yield out
