"""The step debugger's equations and gradient-check table (``equations.py``) with the
engine's numbers in them."""
from __future__ import annotations

import numpy as np


def test_every_rule_renders_its_equations(qapp):
    from dlstudio.engine.network import Network
    from dlstudio.engine.trace import trace_batch
    from dlstudio.engine.trace_units import unit_detail
    from dlstudio.gui.debugger.equations import unit_html
    from tests.engine.test_trace import LOSS, SPEC

    rng = np.random.default_rng(0)
    trace = trace_batch(Network.from_spec(SPEC, seed=1, dtype=np.float64),
                        rng.standard_normal((2, 6, 6, 2)), np.array([0, 2]), LOSS)
    expected = {"Conv2D": "z = w·x + b", "BatchNormalization": "x̂ = (x − μ)",
                "MaxPooling2D": "y = max(", "AveragePooling2D": "y = mean(",
                "Flatten": "a = x =", "Dense": "∂L/∂b = Σ ∂L/∂z"}
    for t in trace.layers:
        unit = tuple(0 for _ in t.a.shape[1:])
        text = unit_html(unit_detail(trace, t.index, 1, unit))
        assert expected[t.kind] in text, t.kind
    # the softmax output (walker23 W23-13): not "softmax(-1.112)" of one number, and ∂L/∂z
    # from the loss without a "∂L/∂a = 0" line above it
    out = unit_html(unit_detail(trace, len(trace.layers) - 1, 1, (0,)))
    assert "a = exp(z) / Σₖ exp(zₖ) = " in out and "softmax(" not in out
    assert "∂L/∂z = (p − y) / N = (" in out and "∂L/∂a =" not in out
    assert ") / 2 = " in out                                 # N, the batch of 2


def test_too_small_gradients_are_explained_not_flagged(qapp):
    """A vanishing gradient (~1e-11, below the finite difference's resolution) reads
    "too small to check", not a relative error of 1."""
    from dlstudio.engine.gradcheck import ParamCheck, rounding_noise, smallest_checkable
    from dlstudio.gui.debugger.equations import check_html

    noise = rounding_noise(2.32)
    tiny = ParamCheck("dense", "W", np.array([298, 306]), np.array([3.7e-11, 1.1e-12]),
                      np.array([2.2e-10, 0.0]), np.zeros(2, bool), noise)
    big = ParamCheck("dense_9", "b", np.array([0]), np.array([0.16]),
                     np.array([0.16 * (1 + 1e-9)]), np.zeros(1, bool), noise)
    html_text = check_html([tiny, big])
    assert html_text.count("too small to check †") == 2
    from dlstudio.messages.numbers import math_number

    assert f"|g| &lt; {math_number(f'{smallest_checkable(noise):.1e}')}" in html_text
    # powers of ten as the equations above the table write them (walker24 W24-1)
    assert "e+00" not in html_text and "10⁻⁹" in html_text and "e-0" not in html_text
    assert "ε = 10⁻⁶" in html_text


def test_tiny_and_huge_numbers_read_as_powers_of_ten():
    """walker23 W23-2: "∂L/∂wᵢ = [8.745e-04, ...]" beside lessons that write 10⁻⁴."""
    from dlstudio.gui.debugger.equations import num, vec

    assert num(8.745e-4) == "8.745 × 10⁻⁴" and num(-2.5e6) == "−2.500 × 10⁶"
    assert num(0.01659) == "0.01659" and num(0) == "0" and num(-0.4139) == "−0.4139"
    assert vec([8.745e-4, 0.5]) == "[8.745 × 10⁻⁴, 0.5]"


def test_a_negative_term_is_subtracted_not_added():
    """walker28 e_11: 'z = ... = 0.1316 + −0.009999'."""
    from dlstudio.gui.debugger.equations import minus, plus

    assert plus(-0.009999) == "− 0.009999" and plus(0.5) == "+ 0.5"
    assert minus(-0.25) == "+ 0.25" and minus(0.25) == "− 0.25"
