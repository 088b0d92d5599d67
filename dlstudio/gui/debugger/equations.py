"""One unit's numbers as Unicode equations (HTML for a ``QTextBrowser``).

``unit_html(detail)`` turns a ``dlstudio.engine.trace_units.UnitDetail`` into two blocks,
going up (forward) and going down (backward), each line an equation with the numbers put in.
Words are translated in the step debugger panel's context (literal ``translate`` calls, so
that ``pyside6-lupdate`` finds them); symbols stay as they are.
"""
from __future__ import annotations

import html
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication

from dlstudio.engine.gradcheck import smallest_checkable
from dlstudio.messages.numbers import math_number

#: entries of a vector shown before "…"
SHOWN = 6


def num(v: Any) -> str:
    """A number with 4 significant digits (scientific when very small or large)."""
    if v is None:
        return "–"
    v = float(v)
    if v == 0:
        return "0"
    if 1e-3 <= abs(v) < 1e4:
        return f"{v:.4g}".replace("-", "−")     # the minus sign of the powers of ten below
    return math_number(f"{v:.3e}")        # 8.745 × 10⁻⁴, as the lessons write it (W23-2)


def plus(v: Any) -> str:
    """ "+ 0.1" or, for a negative number, "− 0.1": an equation says "0.13 − 0.01", not
    "0.13 + −0.01" (walker28 e_11)."""
    if v is not None and float(v) < 0:
        return f"− {num(-float(v))}"
    return f"+ {num(v)}"


def minus(v: Any) -> str:
    """ "− 0.1" or, for a negative number, "+ 0.1" (not "− −0.1")."""
    if v is not None and float(v) < 0:
        return f"+ {num(-float(v))}"
    return f"− {num(v)}"


def vec(v: Any, shown: int = SHOWN) -> str:
    v = np.asarray(v, dtype=float).ravel()
    parts = [num(x) for x in v[:shown]]
    if v.size > shown:
        parts.append(f"… ({v.size})")
    return "[" + ", ".join(parts) + "]"


def _block(title: str, lines: list[str]) -> str:
    rows = "".join(f"<div style='margin-left:12px'>{line}</div>" for line in lines)
    return f"<p><b>{html.escape(title)}</b></p>{rows}"


def _f(name: str | None) -> str:
    return name or "f"


def _note(text: str) -> str:
    return f" &nbsp; <i>({html.escape(text)})</i>"


def _weighted_sum(d) -> tuple[list[str], list[str]]:
    v = d.values
    f = _f(d.activation)
    if d.kind == "Conv2D":
        what = QCoreApplication.translate("StepDebuggerPanel", "input patch under the kernel")
    else:
        what = QCoreApplication.translate("StepDebuggerPanel", "inputs")
    up = [f"x = {vec(v['inputs'])}" + _note(what), f"w = {vec(v['weights'])}"]
    wx = float(v["z_recomputed"] - v["bias"])
    if v["has_bias"]:
        up.append(f"b = {num(v['bias'])}")
        up.append(f"z = w·x + b = Σ wᵢxᵢ + b = {num(wx)} {plus(v['bias'])} = {num(v['z'])}")
    else:
        up.append(f"z = w·x = Σ wᵢxᵢ = {num(v['z'])}")
    if v.get("fused_matches"):
        forward, backward = _softmax_lines(v)
        return up + forward, backward + _weight_grads(d)
    up.append(f"a = {f}(z) = {f}({num(v['z'])}) = {num(v['a'])}")
    down = [f"∂L/∂a = {num(v['grad_a'])}"]
    if d.activation == "softmax":
        fused = QCoreApplication.translate("StepDebuggerPanel",
                                           "softmax with cross-entropy: (p − y) / N")
        down.append(f"∂L/∂z = {num(v['grad_z'])}" + _note(fused))
    elif v["fprime"] is not None and d.activation is not None:
        down.append(f"∂L/∂z = ∂L/∂a · {f}′(z) = {num(v['grad_a'])} × {num(v['fprime'])} "
                    f"= {num(v['grad_z'])}")
    else:
        down.append(f"∂L/∂z = {num(v['grad_z'])}")
    return up, down + _weight_grads(d)


def _softmax_lines(v) -> tuple[list[str], list[str]]:
    """A softmax output unit under cross-entropy: its output over the sum of every output's
    exp, and ∂L/∂z as (p − y) / N straight from the loss, without the ∂L/∂a step."""
    if v["exp_z"] is not None:
        up = [f"a = exp(z) / Σₖ exp(zₖ) = {num(v['exp_z'])} / {num(v['exp_sum'])} "
              f"= {num(v['a'])}" + _note(QCoreApplication.translate(
                  "StepDebuggerPanel", "softmax: the sum runs over every output of this "
                  "example"))]
    else:
        up = [f"a = exp(z) / Σₖ exp(zₖ) = {num(v['a'])}"]
    why = QCoreApplication.translate(
        "StepDebuggerPanel", "softmax with cross-entropy, from the loss directly: y = 1 "
        "for the true class, else 0; z also moves every other output through the sum, so "
        "∂L/∂a alone does not give ∂L/∂z")
    down = [f"∂L/∂z = (p − y) / N = ({num(v['a'])} − {num(v['target'])}) / {v['batch']} "
            f"= {num(v['grad_z'])}" + _note(why)]
    return up, down


def _weight_grads(d) -> list[str]:
    """The weight and bias gradient lines of a weighted-sum unit, from its ∂L/∂z."""
    v = d.values
    down = []
    mine = QCoreApplication.translate("StepDebuggerPanel", "this example")
    down.append(f"∂L/∂wᵢ = xᵢ · ∂L/∂z = {vec(v['grad_w_example'])}" + _note(mine))
    if v["grad_w_batch"] is not None:
        if d.kind == "Conv2D":
            where = QCoreApplication.translate("StepDebuggerPanel",
                                               "sum over the batch and every position")
        else:
            where = QCoreApplication.translate("StepDebuggerPanel", "sum over the batch")
        down.append(f"∂L/∂w = {vec(v['grad_w_batch'])}" + _note(where))
    if v["grad_b_batch"] is not None:
        down.append(f"∂L/∂b = Σ ∂L/∂z = {num(v['grad_b_batch'])}")
    return down


def _batchnorm(d) -> tuple[list[str], list[str]]:
    v = d.values
    over = QCoreApplication.translate(
        "StepDebuggerPanel", "over the %1 values of this channel in the batch").replace(
        "%1", str(v["count"]))
    up = [f"μ = {num(v['mean'])}, &nbsp; σ² = {num(v['var'])}" + _note(over),
          f"x̂ = (x − μ) / √(σ² + ε) = ({num(v['x'])} {minus(v['mean'])}) / "
          f"√({num(v['var'])} + {num(v['epsilon'])}) = {num(v['xhat'])}",
          f"y = γ·x̂ + β = {num(v['gamma'])} × {num(v['xhat'])} {plus(v['beta'])} "
          f"= {num(v['y'])}"]
    down = [f"∂L/∂y = {num(v['grad_y'])}"]
    if v["grad_gamma_batch"] is not None:
        down.append(f"∂L/∂γ = Σ ∂L/∂y · x̂ = {num(v['grad_gamma_batch'])}")
    if v["grad_beta_batch"] is not None:
        down.append(f"∂L/∂β = Σ ∂L/∂y = {num(v['grad_beta_batch'])}")
    down.append(f"∂L/∂x = (γ / √(σ² + ε)) · (∂L/∂y − mean(∂L/∂y) − x̂ · mean(∂L/∂y · x̂)) "
                f"= {num(v['grad_x'])}")
    return up, down


def _pool(d) -> tuple[list[str], list[str]]:
    v = d.values
    window = html.escape(QCoreApplication.translate("StepDebuggerPanel", "window"))
    up = [f"{window} = {vec(v['window'], 16)}"]
    if d.rule == "max_pool":
        wins = QCoreApplication.translate("StepDebuggerPanel", "entry %1 wins").replace(
            "%1", str(v["winner"] + 1))
        up.append(f"y = max({window}) = {num(v['y'])}" + _note(wins))
        rule = QCoreApplication.translate(
            "StepDebuggerPanel", "only the winner receives the gradient; the others get 0")
    else:
        up.append(f"y = mean({window}) = {num(v['y'])}")
        rule = QCoreApplication.translate(
            "StepDebuggerPanel", "every pixel of the window receives ∂L/∂y / m")
    down = [f"∂L/∂y = {num(v['grad_y'])}",
            f"∂L/∂x = {vec(v['grad_window'], 16)}" + _note(rule)]
    return up, down


def _elementwise(d) -> tuple[list[str], list[str]]:
    v = d.values
    if d.activation:
        up = [f"a = {d.activation}(z) = {d.activation}({num(v['z'])}) = {num(v['a'])}"]
    else:
        same = QCoreApplication.translate("StepDebuggerPanel", "passed on unchanged")
        up = [f"a = x = {num(v['a'])}" + _note(same)]
    down = [f"∂L/∂a = {num(v['grad_a'])}", f"∂L/∂x = {num(v['grad_x'])}"]
    return up, down


RULES = {"weighted_sum": _weighted_sum, "batchnorm": _batchnorm, "max_pool": _pool,
         "average_pool": _pool, "elementwise": _elementwise}


def unit_html(detail) -> str:
    """The two blocks of equations for one unit (see the module docstring)."""
    up, down = RULES[detail.rule](detail)
    return (_block(QCoreApplication.translate("StepDebuggerPanel", "Going up (forward pass)"),
                   up)
            + _block(QCoreApplication.translate("StepDebuggerPanel",
                                                "Going down (backward pass, chain rule)"),
                     down))


def check_html(checks, shapes: dict | None = None) -> str:
    """A table of backprop against centred finite differences (``ParamCheck`` list);
    ``shapes`` (``{(layer, key): shape}``) turns flat indices into array indices."""
    names = [QCoreApplication.translate("StepDebuggerPanel", "weight"),
             QCoreApplication.translate("StepDebuggerPanel", "backprop"),
             QCoreApplication.translate("StepDebuggerPanel", "finite difference"),
             QCoreApplication.translate("StepDebuggerPanel", "relative error")]
    head = "<tr>" + "".join(f"<th>{html.escape(n)}</th>" for n in names) + "</tr>"
    rows, kinked, limits = [], False, []
    small_cell = QCoreApplication.translate("StepDebuggerPanel", "too small to check")
    for c in checks:
        errors = c.entry_errors()
        small = c.too_small()
        if small.any():
            limits.append(smallest_checkable(c.noise))
        for k, idx in enumerate(c.indices):
            err = (f"{html.escape(small_cell)} †" if small[k]
                   else math_number(f"{errors[k]:.1e}"))
            if c.kinked[k]:
                err += " *"
            kinked = kinked or bool(c.kinked[k])
            shape = (shapes or {}).get((c.layer, c.key))
            where = (",".join(str(int(i)) for i in np.unravel_index(int(idx), shape))
                     if shape else str(int(idx)))
            rows.append(f"<tr><td>{c.layer}.{c.key}[{where}]</td>"
                        f"<td>{num(c.analytic[k])}</td><td>{num(c.numeric[k])}</td>"
                        f"<td>{err}</td></tr>")
    title = QCoreApplication.translate("StepDebuggerPanel", "Check this gradient")
    note = QCoreApplication.translate("StepDebuggerPanel",
                                      "(L(w + ε) − L(w − ε)) / 2ε with ε = 10⁻⁶, in float64")
    foot = ""
    if kinked:
        text = QCoreApplication.translate(
            "StepDebuggerPanel", "Between w − ε and w + ε a ReLU unit somewhere in the "
            "network switched on or off, or a max-pooling window changed its winner: the loss "
            "has a corner there, so the finite difference may disagree with backprop.")
        foot = f"<p>* {html.escape(text)}</p>"
    if limits:
        text = QCoreApplication.translate(
            "StepDebuggerPanel", "Too small to check by finite differences (|g| < %1): such a "
            "gradient changes the loss by less than its float64 rounding, so the difference "
            "measures rounding noise, not backprop. This says nothing is wrong with backprop; "
            "the gradient is simply tiny (vanishing).").replace(
                "%1", math_number(f"{max(limits):.1e}"))
        foot += f"<p>† {html.escape(text)}</p>"
    return (f"<p><b>{html.escape(title)}</b>" + _note(note) + "</p>"
            f"<table cellpadding='3' border='0'>{head}{''.join(rows)}</table>{foot}")
