"""Checks for the numbers a user writes into a spec (hyperparameters, sizes, settings).

Every family (layers, activations, initializers, regularizers, constraints) checks its
numeric settings through these two functions, so that NaN, infinities, 400-digit integers and
booleans are refused the same way everywhere, with a message naming the owner and the value:

- ``check_number``: a finite real number (NaN fails every range check written as
  ``value < low``, so finiteness is tested first), optionally within bounds;
- ``check_whole``: a whole number in ``[low, high]``, ``high`` at most ``MAX_WHOLE`` so that
  sizes, strides and seeds fit the 64-bit index arithmetic of the kernels.

``shown`` shortens a value for a message (a 400-digit literal is not repeated in full).
Their ``ValueError`` carries a catalogue message (``refusal``): ``str()`` gives the English
text, a window or the CLI renders it in the student's language.
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
    Raises ``ValueError`` starting with ``"{owner}: {name} must ..."``, carrying a message
    (``refusal``) that reads in Chinese too.
    """
    def problem() -> ValueError:      # built on failure only: a message costs microseconds
        return refusal(owner, "setting.number", name=name,
                       rule=number_rule(low, high, positive, open_high, magnitude),
                       value=shown(value))

    if not _is_number(value):
        raise problem()
    try:
        as_float = float(value)
    except OverflowError:
        as_float = math.inf
    if not math.isfinite(as_float):   # NaN included: it fails no comparison
        raise problem()
    if abs(as_float) > magnitude:
        raise refusal(owner, "setting.magnitude", name=name, magnitude=f"{magnitude:.3g}",
                      value=shown(value))
    if ((positive and not as_float > 0) or (low is not None and as_float < low)
            or (high is not None and (as_float > high or (open_high and as_float == high)))):
        raise problem()
    return as_float


def number_rule(low: float | None, high: float | None, positive: bool, open_high: bool,
                magnitude: float) -> Message:
    """What ``check_number`` asks for, in words ("a number between 0 and 1")."""
    upper = None if high is None else Message(
        "setting.rule.below" if open_high else "setting.rule.at_most", high=f"{high:g}")
    if positive:
        return (Message("setting.rule.positive_and", upper=upper) if upper
                else Message("setting.rule.positive"))
    if low is not None and high is not None and not open_high:
        return Message("setting.rule.between", low=f"{low:g}", high=f"{high:g}")
    if low is not None:
        return (Message("setting.rule.at_least_and", low=f"{low:g}", upper=upper) if upper
                else Message("setting.rule.at_least", low=f"{low:g}"))
    if upper:
        return Message("setting.rule.upper", upper=upper)
    return Message("setting.rule.finite", magnitude=f"{magnitude:.3g}")


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
