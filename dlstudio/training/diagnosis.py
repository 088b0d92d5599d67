"""Telemetry in words: short sentences for the GUI's status line and for lesson checks.

Every function is pure (no Qt, no state): it takes snapshots or a list of them and returns
``Finding`` objects (or a sentence). Layers are numbered from 1 in sentences, as in the
network editor (``layer_words``); ``Finding.layer`` keeps the 0-based index for code.
Sentences are ``dlstudio.messages.Message`` objects (English ``str``s that the window and the
CLI render in the student's language; catalogue ``messages/catalogue/training.toml``). The
sentence of a run that diverged is ``divergence``'s.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from dlstudio.messages import Message
from dlstudio.messages.numbers import math_number, power_of_ten
from dlstudio.training.layer_words import activation_name, layer_label
from dlstudio.training.plateau import PLATEAU_STEPS, early_plateau
from dlstudio.training.telemetry import LayerTelemetry, Telemetry

#: the number the activations lesson (05_activations) shows, its place on the learning path
#: (``lessons.path``, which this package may not import; tests/lessons/
#: test_lesson_numbers_in_messages.py keeps the two equal)
ACTIVATIONS_LESSON_NUMBER = 6
#: first/last layer gradient ratio below which gradients are called vanishing
VANISHING_RATIO = 1e-3
#: last/first ratio above which gradients are called exploding (growing toward the input)
EXPLODING_RATIO = 1e3
SATURATION_NOTE = 0.5
#: more than this share of a layer's ReLU-family units never active is a problem: the rule of
#: the pre-flight "dead units" verdict, its badges and the training-time warning
DEAD_LIMIT = 0.5
#: a first step changing a layer's weights by more than this share of their size explodes
#: (the pre-flight check's rule, ``update_is_too_large``)
UPDATE_LIMIT = 0.5
#: a sigmoid/tanh layer with at least this share of saturated outputs blocks the gradient
ALL_SATURATED = 0.99
#: a training loss at most this is 0 for the gradient: the network already gets its
#: training examples right (few examples, or one class)
FITTED_LOSS = 1e-3
#: the training loss moved by less than this fraction of its first value: "hardly moved"
STILL_LOSS = 0.02
#: batch losses this many times their start mean steps that throw the weights about
BLOWN_LOSS = 100.0


@dataclass(frozen=True)
class Finding:
    """One observation: ``kind`` (a stable key for code), ``severity`` ("info", "warning",
    "error"), the ``message`` for people (a ``Message``) and the 0-based ``layer`` it concerns,
    if any."""

    kind: str
    severity: str
    message: str
    layer: int | None = None


# -- one snapshot ------------------------------------------------------------------------------
def reference_layer(weighted: Sequence[int], n_layers: int) -> int | None:
    """The layer other layers' signals are compared with, among the 0-based indices
    ``weighted`` of the layers with weights in a network of ``n_layers``: the last hidden
    one (the output layer's dL/dz is the loss's own error, not a passed-back signal), or the
    output layer when it is the only one. The pre-flight check and the run's sentences use
    it both, so that they name the same layer for the same ratio (walker11 W11-2)."""
    if not weighted:
        return None
    hidden = [i for i in weighted if i != n_layers - 1]
    return hidden[-1] if hidden else weighted[-1]


def flow_layers(layers: Sequence[LayerTelemetry]
                ) -> tuple[LayerTelemetry, LayerTelemetry, float] | None:
    """The first layer with gradients, the reference layer (``reference_layer``) and the
    first's share of the reference's signal: dL/dz per value (``signal_rms``, what the
    pre-flight check and the Gradients page compare) when both have it, else the weight
    gradients' norms. None with fewer than two such layers or a zero reference.
    ``layers``: one snapshot's layers, the whole network in order."""
    with_grads = [lt for lt in layers if lt.grad_norm is not None]
    if len(with_grads) < 2:
        return None
    n = max(lt.index for lt in layers) + 1
    ref_index = reference_layer([lt.index for lt in with_grads], n)
    first = with_grads[0]
    ref = next(lt for lt in with_grads if lt.index == ref_index)
    if ref is first:
        ref = with_grads[-1]
    if first.signal_rms is not None and ref.signal_rms is not None:
        a, b = first.signal_rms, ref.signal_rms
    else:
        a, b = first.grad_norm, ref.grad_norm
    if math.isfinite(b) and b <= 0:
        return None
    return first, ref, a / b


def gradient_flow(snapshot: Telemetry) -> Finding | None:
    """Compare the first layer's gradients with the reference layer's (``flow_layers``):
    vanishing or exploding."""
    flow = flow_layers(snapshot.layers)
    if flow is None:
        return None
    first, ref, ratio = flow
    if not math.isfinite(ratio) or not (math.isfinite(first.grad_norm)
                                        and math.isfinite(ref.grad_norm)):
        return Finding("nan_gradients", "error", Message("diagnosis.nan_gradients"))
    if ratio < VANISHING_RATIO:
        return Finding("vanishing", "warning",
                       Message("diagnosis.vanishing", first=layer_label(first.index, first.name),
                               ratio=power_of_ten(ratio),
                               last=layer_label(ref.index, ref.name)), first.index)
    if ratio > EXPLODING_RATIO:
        return Finding("exploding", "warning",
                       Message("diagnosis.exploding", first=layer_label(first.index, first.name),
                               ratio=power_of_ten(ratio),
                               last=layer_label(ref.index, ref.name)), first.index)
    return None


def saturation_notes(snapshot: Telemetry, threshold: float = SATURATION_NOTE
                     ) -> list[Finding]:
    """Layers whose sigmoid/tanh outputs are mostly at their limits."""
    out = []
    for lt in snapshot.layers:
        if lt.saturated_fraction is not None and lt.saturated_fraction >= threshold:
            out.append(Finding(
                "saturated", "warning",
                Message("diagnosis.saturated", layer=layer_label(lt.index, lt.name),
                        share=lt.saturated_fraction, activation=lt.activation),
                lt.index))
    return out


def dead_share_is_problem(share: float | None) -> bool:
    """Whether a layer's share of dead units (ReLU family: never active on the batch) is a
    problem worth a warning: more than ``DEAD_LIMIT``. A smaller share is normal for ReLU at
    initialization (about half of the units are off for any one example, and some for all of
    a small batch) and the network still learns."""
    return share is not None and share > DEAD_LIMIT


def update_is_too_large(ratio: float | None) -> bool:
    """Whether one step changing a layer's weights by ``ratio`` of their size
    (``||delta W|| / ||W||``) explodes: more than ``UPDATE_LIMIT``, or not finite (about 1e-3
    is the rule of thumb). False for a layer without the figure."""
    return ratio is not None and (not math.isfinite(ratio) or ratio > UPDATE_LIMIT)


def dead_unit_notes(snapshot: Telemetry) -> list[Finding]:
    """Layers where most ReLU-family units output zero for every probe example."""
    out = []
    for lt in snapshot.layers:
        if dead_share_is_problem(lt.dead_fraction):
            out.append(Finding(
                "dead_units", "warning",
                Message("diagnosis.dead_units", layer=layer_label(lt.index, lt.name),
                        share=lt.dead_fraction), lt.index))
    return out


def layers_phrase(layers: Sequence[LayerTelemetry]) -> Message | list:
    """"layer 3 (dense_2)", "layers 1-8" (consecutive layers) or a list of layer labels."""
    if len(layers) == 1:
        return layer_label(layers[0].index, layers[0].name)
    idx = [lt.index for lt in layers]
    if idx == list(range(idx[0], idx[0] + len(idx))):
        return Message("layers.range", first=idx[0] + 1, last=idx[-1] + 1)
    return [layer_label(lt.index, lt.name) for lt in layers]


def zero_gradients(snapshot: Telemetry) -> Finding | None:
    """Layers whose kernel gradient is exactly 0, and why (a log plot cannot show them).

    Causes: the lowest layer whose units are all dead (ReLU family: it passes neither input
    up nor gradient down, and the layers above it then die too) or all saturated
    (sigmoid/tanh, whose derivative rounds to 0 in float32); else a layer above the highest
    such layer with all-zero weights (no gradient passes down through it).
    """
    zero = [lt for lt in snapshot.layers if lt.grad_norm is not None and lt.grad_norm == 0]
    if not zero:
        return None
    top = zero[-1].index
    where = layers_phrase(zero)
    loss = snapshot.batch_loss
    if loss is not None and math.isfinite(loss) and 0 <= loss <= FITTED_LOSS:
        # the loss itself is gone: nothing is left to learn, whatever the units do
        # (walker27: one training example, loss 0.69 -> 0, blamed on saturation and the
        # learning rate)
        return Finding("zero_gradients", "warning",
                       Message("gradients.zero.fitted", layers=where, loss=f"{loss:.2g}"),
                       zero[0].index)
    for lt in snapshot.layers:
        blocker = layer_label(lt.index, lt.name)
        if lt.dead_fraction is not None and lt.dead_fraction >= 1.0:
            msg = Message("gradients.zero.dead", layers=where, blocker=blocker,
                          activation=activation_name(lt.activation))
        elif lt.saturated_fraction is not None and lt.saturated_fraction >= ALL_SATURATED:
            msg = Message("gradients.zero.saturated", layers=where, blocker=blocker,
                          activation=lt.activation or "")
        else:
            continue
        return Finding("zero_gradients", "warning", msg, zero[0].index)
    for lt in snapshot.layers:
        if lt.index > top and lt.weight_norm == 0:
            blocker = layer_label(lt.index, lt.name)
            return Finding("zero_gradients", "warning",
                           Message("gradients.zero.zero_weights", layers=where,
                                   blocker=blocker), zero[0].index)
    return Finding("zero_gradients", "warning",
                   Message("gradients.zero.unknown", layers=where), zero[0].index)


def run_event(snapshot: Telemetry) -> Finding | None:
    """The end of a run as a finding (diverged / stopped / finished)."""
    if snapshot.event == "diverged":
        return Finding("diverged", "error", snapshot.message or _nan_loss(snapshot.step))
    if snapshot.event == "stopped":
        return Finding("stopped", "info", snapshot.message or
                       Message("run.stopped_at", step=snapshot.step))
    if snapshot.event == "finished":
        acc = snapshot.test_accuracy
        text = snapshot.message or Message("run.training_finished")
        if acc is not None:
            text = Message("run.with_test_accuracy", text=text, acc=acc)
        return Finding("finished", "info", text)
    if not math.isfinite(snapshot.batch_loss):
        return Finding("nan_loss", "error", _nan_loss(snapshot.step))
    return None


def _nan_loss(step: int) -> Message:
    return Message("diagnosis.divergence.loss", what=Message("term.nan"), step=step)


# -- a run's history ---------------------------------------------------------------------------
#: the least rise of the validation loss over the overfitting rule's epochs, as a share of
#: its value: a loss flat in its fourth digit (0.8632 -> 0.8635 after a plateau schedule has
#: shrunk the rate to nothing) is no sign of overfitting (walker10 W10-5)
OVERFIT_RISE = 0.01


def overfitting(history: Sequence[Telemetry], epochs: int = 3) -> Finding | None:
    """Validation loss rose for ``epochs`` epochs in a row, by at least ``OVERFIT_RISE`` of
    itself in all, while training loss fell."""
    ends = [s for s in history if s.val_loss is not None and s.event == "epoch_end"]
    if len(ends) < epochs + 1:
        return None
    tail = ends[-(epochs + 1):]
    val_up = all(b.val_loss > a.val_loss for a, b in zip(tail, tail[1:])) \
        and tail[-1].val_loss - tail[0].val_loss >= OVERFIT_RISE * abs(tail[0].val_loss)
    train_down = all(b.train_loss < a.train_loss for a, b in zip(tail, tail[1:]))
    if val_up and train_down:
        return Finding("overfitting", "warning", Message("diagnosis.overfitting", epochs=epochs))
    return None


def underfitting(history: Sequence[Telemetry], floor: float = 0.6, epochs: int = 3,
                 losses: Sequence[float] = ()) -> Finding | None:
    """Training and validation accuracy both low and flat for ``epochs`` epochs. When the
    training loss has also hardly moved since the first measurement (less than
    ``STILL_LOSS`` of it), the steps are too small to change anything and the finding names
    the learning rate rather than the network; when the batch losses (``losses``) shot up
    to ``BLOWN_LOSS`` times their start, the steps are too large (walker29: at learning
    rate 1000 the loss reached 4e7 and the finding said "underfitting, more capacity")."""
    ends = [s for s in history if s.event == "epoch_end" and s.train_accuracy is not None]
    if len(ends) < epochs:
        return None
    tail = ends[-epochs:]
    accs = [s.train_accuracy for s in tail]
    if max(accs) < floor and max(accs) - min(accs) < 0.01:
        first, last = history[0].train_loss, tail[-1].train_loss
        finite = [v for v in losses if math.isfinite(v)]
        start = finite[0] if finite else first
        # (the epochs' running training losses carry a spike too, when no curve is given)
        peak = max(finite + [s.train_loss for s in history if math.isfinite(s.train_loss)],
                   default=start)
        if math.isfinite(start) and start > 0 and peak > BLOWN_LOSS * start:
            return Finding("underfitting", "warning",
                           Message("diagnosis.loss_blown", acc=accs[-1],
                                   peak=math_number(f"{peak:.2g}"),
                                   first=f"{start:.3g}", lr=f"{tail[-1].learning_rate:g}"))
        if (math.isfinite(first) and math.isfinite(last) and first > 0
                and abs(first - last) < STILL_LOSS * first):
            return Finding("underfitting", "warning",
                           Message("diagnosis.loss_still", acc=accs[-1], first=f"{first:.3g}",
                                   last=f"{last:.3g}", lr=f"{tail[-1].learning_rate:g}"))
        return Finding("underfitting", "warning",
                       Message("diagnosis.underfitting", acc=accs[-1]))
    return None


def hidden_layers(snapshot: Telemetry) -> list[LayerTelemetry]:
    """The probed layers before the output layer (the last one holding weights)."""
    weighted = [i for i, lt in enumerate(snapshot.layers) if lt.weight_norm is not None]
    return list(snapshot.layers[:weighted[-1]]) if weighted else []


@dataclass(frozen=True)
class RunHistory:
    """What the run-level rules read: the newest snapshot, the epoch-end snapshots and
    (when the caller has it) the batch-loss curve as ``loss_steps``/``losses``."""

    last: Telemetry
    epoch_ends: Sequence[Telemetry] = ()
    loss_steps: Sequence[int] = ()
    losses: Sequence[float] = ()


def slow_sigmoid_start(run: RunHistory) -> Finding | None:
    """Sigmoid hidden layers and a loss that sat on one level early in the run for at least
    ``PLATEAU_STEPS`` steps (``plateau.early_plateau``): sigmoid's outputs are not centred
    at 0 and its slope is at most 1/4, so the first steps hardly move the weights (lesson
    05). W8-10: a sigmoid MNIST network sat at 2.3 for ~300 steps and nothing said why."""
    sigmoid = [lt for lt in hidden_layers(run.last) if lt.activation == "sigmoid"]
    if not sigmoid:
        return None
    plateau = early_plateau(run.loss_steps, run.losses)
    if plateau is None or plateau.steps < PLATEAU_STEPS:
        return None
    return Finding("slow_sigmoid_start", "warning",
                   Message("diagnosis.sigmoid_slow_start", start=plateau.start, end=plateau.end,
                           level=f"{plateau.level:.3g}",
                           layers=layers_phrase(sigmoid),
                           compared=Message("diagnosis.lesson_compares",
                                            lesson=ACTIVATIONS_LESSON_NUMBER)),
                   sigmoid[0].index)


#: the rules that read a whole run, in the order their findings are listed (within one
#: severity): a new rule is one entry here
RUN_RULES: dict[str, Callable[[RunHistory], Finding | None]] = {
    "overfitting": lambda run: overfitting(run.epoch_ends),
    "underfitting": lambda run: underfitting(run.epoch_ends, losses=run.losses),
    "slow_sigmoid_start": slow_sigmoid_start,
}


def diagnose(snapshot: Telemetry, history: Iterable[Telemetry] = (),
             loss_curve: tuple[Sequence[int], Sequence[float]] | None = None
             ) -> list[Finding]:
    """Every finding for the newest ``snapshot`` (most severe first). ``history``: the run's
    epoch-end snapshots; ``loss_curve``: ``(steps, batch losses)`` of the run so far, for the
    rules that read its course (``RUN_RULES``)."""
    history = list(history)
    if not any(s is snapshot for s in history):   # identity: snapshots hold arrays
        history.append(snapshot)
    found: list[Finding] = []
    zero = zero_gradients(snapshot)
    flow = zero or gradient_flow(snapshot)       # all-zero layers say more than a ratio
    steps, losses = loss_curve if loss_curve is not None else ((), ())
    run = RunHistory(snapshot, history, steps, losses)
    for f in (run_event(snapshot), flow, *(rule(run) for rule in RUN_RULES.values())):
        if f is not None:
            found.append(f)
    found += saturation_notes(snapshot)
    found += dead_unit_notes(snapshot)
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(found, key=lambda f: order.get(f.severity, 3))


def status_line(snapshot: Telemetry, history: Iterable[Telemetry] = ()) -> str:
    """The one sentence the status line shows ("" when nothing needs saying; a ``Message``
    otherwise)."""
    found = diagnose(snapshot, history)
    return found[0].message if found else ""


def gradient_ratio(layers: Sequence[LayerTelemetry]) -> float | None:
    """The first layer's share of the reference layer's gradient signal (``flow_layers``),
    None if unknown."""
    flow = flow_layers(layers)
    return None if flow is None else flow[2]
