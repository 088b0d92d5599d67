"""A run that diverged: the gradient limit that stops it, and the sentence that says why.

The trainer stops a run when its loss stops being a number or a layer's gradient norm passes
``GRAD_LIMIT`` (``training.step``); ``divergence_message`` says which happened, at which step
and in which layer, and what to try (the likeliest cause and its fix when
``training.run_checks`` found one, else the usual remedies).
"""
from __future__ import annotations

import math

from dlstudio.messages import Message
from dlstudio.training.layer_words import layer_label

#: a per-layer gradient norm above this stops a run (exploding gradients)
GRAD_LIMIT = 1e6


def nonfinite_word(x: float) -> Message:
    """The word for a value that is not a number ("NaN") or infinite, for a sentence."""
    return Message("term.nan") if math.isnan(x) else Message("term.infinite")


def divergence_message(step: int, *, loss: float | None = None, layer_index: int | None = None,
                       layer_name: str = "", grad_norm: float | None = None,
                       cause: Message | None = None, unfinished: bool = False) -> Message:
    """Why a run stopped as diverged at ``step`` (1-based) and what to try.

    ``cause`` (from ``dlstudio.training.run_checks.divergence_cause``) names the likeliest
    cause and its fix; without it the usual remedies are listed. ``unfinished``: ``step`` is
    the step the run stopped in, which the plots and the toolbar never show (they end at the
    step before): the message says where they end (walker8 W8-12).

    >>> divergence_message(120, layer_index=2, layer_name="dense_2", grad_norm=3e7)
    'gradients in layer 3 (dense_2) exceeded 1e6 at step 120: lower the learning rate, ...'
    """
    if loss is not None and not math.isfinite(loss):
        head = Message("diagnosis.divergence.loss", what=nonfinite_word(loss), step=step)
    elif layer_index is not None and grad_norm is not None and not math.isfinite(grad_norm):
        head = Message("diagnosis.divergence.gradient_nonfinite", step=step,
                       layer=layer_label(layer_index, layer_name),
                       what=nonfinite_word(grad_norm))
    elif layer_index is not None:
        head = Message("diagnosis.divergence.gradient_limit", step=step,
                       layer=layer_label(layer_index, layer_name),
                       limit=f"{GRAD_LIMIT:.0e}".replace("e+0", "e"))
    else:
        head = Message("diagnosis.divergence.generic", step=step)
    if unfinished:
        head = Message("diagnosis.divergence.unfinished_step", what=head, last=step - 1)
    if cause is not None:
        return Message("run_checks.diverged", what=head, cause=cause)
    return Message("diagnosis.divergence.with_remedies", what=head)
