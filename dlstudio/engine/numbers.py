"""Checks for the numbers a user writes into a spec (hyperparameters, sizes, settings).

Every family (layers, activations, initializers, regularizers, constraints) checks its
numeric settings through these two functions, so that NaN, infinities, 400-digit integers and
booleans are refused the same way everywhere, with a message naming the owner and the value:

- ``check_number``: a finite real number (NaN fails every range check written as
  ``value < low``, so finiteness is tested first), optionally within bounds;
- ``check_whole``: a whole number in ``[low, high]``, ``high`` at most ``MAX_WHOLE`` so that
  sizes, strides and seeds fit the 64-bit index arithmetic of the kernels.

``shown`` shortens a value for a message (a 400-digit literal is not repeated in full).
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from dlstudio.messages import Message

#: largest size, stride or seed accepted anywhere (2**31 - 1)
MAX_WHOLE = 2**31 - 1
#: largest magnitude of a float32 weight or setting
FLOAT32_MAX = float(np.finfo(np.float32).max)


def shown(value: Any, limit: int = 40) -> str:
    """``repr(value)``, cut to about ``limit`` characters."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # ints past Python's str conversion limit
        text = f"<a {type(value).__name__} too long to show>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _is_number(value: Any) -> bool:
    return (not isinstance(value, (bool, np.bool_))
            and isinstance(value, (int, float, np.integer, np.floating)))


def check_number(owner: str, name: str, value: Any, low: float | None = None,
                 high: float | None = None, *, positive: bool = False,
                 open_high: bool = False, magnitude: float = FLOAT32_MAX) -> float:
    """``value`` as a float after checking it is a finite number within the bounds.

    ``positive`` asks for > 0; ``open_high`` excludes ``high`` itself; ``magnitude`` bounds
    the absolute value (by default float32's largest, since weights are float32).
    Raises ``ValueError`` starting with ``"{owner}: {name} must ..."``.
    """
    upper = None if high is None else (f"below {high:g}" if open_high else f"at most {high:g}")
    if positive:
        rule = "a number greater than 0" + (f" and {upper}" if upper else "")
    elif low is not None and high is not None and not open_high:
        rule = f"a number between {low:g} and {high:g}"
    elif low is not None:
        rule = f"a number of at least {low:g}" + (f" and {upper}" if upper else "")
    elif upper:
        rule = f"a number {upper}"
    else:
        rule = f"a finite number (between -{magnitude:.3g} and {magnitude:.3g})"
    problem = f"{owner}: {name} must be {rule}, got {shown(value)}"
    if not _is_number(value):
        raise ValueError(problem)
    try:
        as_float = float(value)
    except OverflowError:
        as_float = math.inf
    if not math.isfinite(as_float):   # NaN included: it fails no comparison
        raise ValueError(problem)
    if abs(as_float) > magnitude:
        raise ValueError(f"{owner}: {name} must be at most {magnitude:.3g} in size, got "
                         f"{shown(value)}")
    if ((positive and not as_float > 0) or (low is not None and as_float < low)
            or (high is not None and (as_float > high or (open_high and as_float == high)))):
        raise ValueError(problem)
    return as_float


def check_whole(owner: str, name: str, value: Any, low: int = 1, high: int = MAX_WHOLE) -> int:
    """``value`` as an int after checking it is a whole number in ``[low, high]``; the
    ``ValueError`` carries a message (``refusal``), so it reads in Chinese too."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise refusal(owner, "setting.whole", name=name, value=shown(value))
    if value < low:
        raise refusal(owner, "setting.at_least", name=name, low=low, value=shown(value))
    if value > min(high, MAX_WHOLE):
        raise refusal(owner, "setting.at_most", name=name, high=min(high, MAX_WHOLE),
                      value=shown(value))
    return int(value)


def refusal(owner: str, message_id: str, **values: Any) -> ValueError:
    """A ``ValueError`` "<owner>: <text>" whose text is the message ``message_id``
    (catalogue ``messages/catalogue/engine_settings.toml``), so that the network check names
    the layer once and shows the text in the window's language."""
    return ValueError(Message("spec.layer_says", owner=owner,
                              text=Message(message_id, **values)))


def problem_of(exc: BaseException) -> "Message | str":
    """What ``exc`` says: the ``Message`` it carries, else its text (a ``KeyError``'s without
    the quotes ``str`` adds)."""
    first = exc.args[0] if exc.args else None
    if isinstance(first, Message):
        return first
    return first if isinstance(exc, KeyError) and isinstance(first, str) else str(exc)


def refused(owner: str, exc: BaseException) -> ValueError:
    """A ``ValueError`` "<owner>: <what exc says>", keeping its message (``problem_of``)."""
    return ValueError(Message("spec.layer_says", owner=owner, text=problem_of(exc)))
