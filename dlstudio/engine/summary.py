"""The familiar summary table: layer name and type, output shape, parameter count, totals.

The counts follow Keras: batch-normalization moving statistics count as non-trainable
parameters, and a frozen layer's parameters are all non-trainable.
"""
from __future__ import annotations

from dlstudio.engine.spec import LayerRow


def rows_for_network(net) -> list[LayerRow]:
    """Rows from a built network (its layers know whether they are frozen)."""
    rows = []
    shape = net.input_shape
    for i, layer in enumerate(net.layers):
        shape = tuple(layer.output_shape(shape))
        rows.append(LayerRow(i, layer.name, layer.type_name, shape, layer.n_params, layer.n_trainable))
    return rows


def shape_text(shape: tuple[int, ...] | None) -> str:
    if shape is None:
        return "?"
    return "(" + ", ".join(["None"] + [str(s) for s in shape]) + ")"


def format_summary(rows: list[LayerRow], title: str = "sequential") -> str:
    """Render rows as the table Keras prints (plain ASCII so it survives any terminal)."""
    header = ("Layer (type)", "Output Shape", "Param #")
    body = [(f"{r.name} ({r.type})", shape_text(r.output_shape), f"{r.n_params:,}") for r in rows]
    w0 = max([len(header[0])] + [len(b[0]) for b in body]) + 2
    w1 = max([len(header[1])] + [len(b[1]) for b in body]) + 2
    w2 = max([len(header[2])] + [len(b[2]) for b in body])
    width = w0 + w1 + w2
    lines = [f'Model: "{title}"', "_" * width,
             f"{header[0]:<{w0}}{header[1]:<{w1}}{header[2]:>{w2}}", "=" * width]
    for i, (a, b, c) in enumerate(body):
        lines.append(f"{a:<{w0}}{b:<{w1}}{c:>{w2}}")
        problems = rows[i].problems
        for p in problems:
            lines.append(f"    ! {p}")
        lines.append("_" * width if i < len(body) - 1 else "=" * width)
    if not body:
        lines.append("=" * width)
    total = sum(r.n_params for r in rows)
    trainable = sum(r.n_trainable for r in rows)
    lines += [f"Total params: {total:,}", f"Trainable params: {trainable:,}",
              f"Non-trainable params: {total - trainable:,}"]
    return "\n".join(lines)
