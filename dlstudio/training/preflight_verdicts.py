"""The pre-flight check's verdicts: the limits that judge a layer's figures, the network's
verdict with the sentences that explain it, and what to try.

``preflight.preflight`` measures a network on one batch (``LayerCheck`` per layer); this
module judges the measurements (``judge_layer``) and words the network's verdict
(``network_verdict``). Verdicts, per layer and for the network (the network's is every word
any layer earned, in the order below, or "healthy"):

* ``exploding``: a layer receives more than ``EXPLODING`` (100) times the reference signal,
  the loss or a signal is not finite, or one step would change a layer's weights by more than
  ``UPDATE_LIMIT`` (50%) of their size;
* ``vanishing``: a layer receives less than ``VANISHING`` (1/100) of the reference signal,
  or no signal at all (a hidden layer's dL/dz exactly 0: ``zero_signal`` says why);
* ``dead units``: more than ``DEAD_LIMIT`` (50%) of a layer's units are never active;
* ``saturated``: a sigmoid/tanh layer passes less than ``SATURATED_PASS`` (30%) of the
  gradient it would at z = 0;
* ``healthy``: none of these.

``activation_reading`` and ``update_reading`` judge a layer's output spread and its
update/weight ratio on their own (the pre-flight page colours its bars by them).

Everything here is pure (no Qt, no state); sentences are structured messages
(``dlstudio.messages``), so the window and the CLI show them in the user's language.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from dlstudio.messages import Message, counted, join_sentences
from dlstudio.messages.numbers import power_of_ten, readable_ratio
from dlstudio.training import probes
from dlstudio.training.diagnosis import (DEAD_LIMIT, dead_share_is_problem, layers_phrase,
                                         update_is_too_large)
from dlstudio.training.layer_words import activation_name, layer_label

#: a layer receiving less than this share of the reference layer's signal is vanishing
VANISHING = 1e-2
#: ... more than this multiple of it is exploding
EXPLODING = 1e2
#: (a first step changing a layer's weights by more than ``UPDATE_LIMIT`` of their size
#: explodes: ``diagnosis.update_is_too_large``, whose limit is named here too)
#: (more than ``DEAD_LIMIT`` of dead units earns "dead units": ``diagnosis.dead_share_is_problem``)
#: a saturating layer passing less than this share of f'(0) is "saturated"
SATURATED_PASS = 0.3
#: a healthy verdict names the largest dead or saturated share from this share on
NOTABLE_SHARE = 0.01
#: ... and a signal this many times smaller or larger than the reference layer's
NOTABLE_SPREAD = 10.0
#: the update/weight ratio the rule of thumb calls about right
TYPICAL_UPDATE = 1e-3
#: an update/weight ratio below this (100 times under the typical one) barely moves a layer
SMALL_UPDATE = 1e-5
#: verdict words, most severe first
VERDICTS = ("exploding", "vanishing", "dead units", "saturated")
HEALTHY = "healthy"


def judge_layer(c: Any, is_output: bool) -> Any:
    """The layer check ``c`` (a ``preflight.LayerCheck``) with its verdict words;
    ``is_output``: the network's last layer, whose saturation is its prediction."""
    words = []
    r = c.signal_ratio
    if (c.signal_rms is not None and not math.isfinite(c.signal_rms)) or \
            (r is not None and r > EXPLODING) or \
            update_is_too_large(c.update_ratio):
        words.append("exploding")
    if (r is not None and r < VANISHING) or (c.signal_rms == 0 and not is_output):
        words.append("vanishing")
    if dead_share_is_problem(c.dead_fraction):
        words.append("dead units")
    if not is_output and c.pass_through is not None and c.activation in ("sigmoid", "tanh") \
            and c.pass_through < SATURATED_PASS:
        words.append("saturated")
    return dataclasses.replace(c, verdicts=tuple(words))


def signal_reading(ratio: float | None) -> str | None:
    """What the signal dL/dz reaching a layer, relative to the reference layer's, says on
    its own: "exploding" above ``EXPLODING`` (or not finite), "vanishing" below
    ``VANISHING``, else "healthy"; None without the figure. A layer's verdict may say
    exploding for another reason (one step would change its weights too much: walker33
    W33-12, lesson 05's red signal bars stood in the white band)."""
    if ratio is None:
        return None
    if not math.isfinite(ratio) or ratio > EXPLODING:
        return "exploding"
    return "vanishing" if ratio < VANISHING else HEALTHY


def activation_reading(std: float | None) -> str | None:
    """What a layer's output spread says on its own, as a verdict word: "vanishing" below
    ``VANISHING`` (every unit outputs nearly the same value: the forward signal has faded),
    "exploding" above ``EXPLODING`` (or not finite), else "healthy" (inputs are standardized
    to a spread of about 1). None for a layer without the figure. A deep ReLU network at
    Glorot scale has healthy gradients near its output but outputs of spread 1e-5 there: its
    bars were green by the layer's verdict (walker12 W12-9)."""
    if std is None:
        return None
    if not math.isfinite(std) or std > EXPLODING:
        return "exploding"
    return "vanishing" if std < VANISHING else HEALTHY


def update_reading(ratio: float | None) -> str | None:
    """What a layer's update/weight ratio says on its own, as a verdict word: "exploding"
    above ``UPDATE_LIMIT`` (or not finite), "vanishing" below ``SMALL_UPDATE`` (the step
    would barely move the layer), else "healthy" (around the typical ``TYPICAL_UPDATE``).
    None for a layer without the figure."""
    if ratio is None:
        return None
    if update_is_too_large(ratio):
        return "exploding"
    return "vanishing" if ratio < SMALL_UPDATE else HEALTHY


def too_large_init(network: Any) -> Message | None:
    """Why the weights are the cause when they start far above the He scale (the same
    limit the divergence diagnosis uses), else None."""
    from dlstudio.training.run_checks import INIT_SCALE_LIMIT, init_scale, suggested_initializer

    ratio, layer = init_scale(network)
    if layer is None or ratio <= INIT_SCALE_LIMIT:
        return None
    return Message("preflight.init_scale", layer=layer_label(layer, network.layers[layer].name),
                   ratio=f"{ratio:.0f}", initializer=suggested_initializer(network, layer))


def network_verdict(network: Any, checks: list, ref: int | None, loss: float,
                    learning_rate: float, init_cause: Message | None = None
                    ) -> tuple[tuple[str, ...], tuple[Message, ...]]:
    """The network's verdict words and one sentence per word, from the judged layer
    ``checks`` (``judge_layer``) and the reference layer ``ref``. ``init_cause``: a note
    that the initial weights are far too large (``too_large_init``); an exploding verdict
    then names them first and does not send the student to the learning rate. ``network``
    tells which remedies are already in place."""
    notes: list[Message] = []
    words: list[str] = []
    ref_check = next((c for c in checks if c.index == ref), None)
    by_word = {w: [c for c in checks if w in c.verdicts] for w in VERDICTS}
    if not math.isfinite(loss):
        words.append("exploding")
        notes.append(Message("preflight.nonfinite_loss"))
    if by_word["exploding"]:
        if "exploding" not in words:
            words.append("exploding")
        if init_cause is not None:
            notes.append(init_cause)
        big = [c for c in by_word["exploding"] if update_is_too_large(c.update_ratio)]
        grow = [c for c in by_word["exploding"] if c not in big]
        if grow and ref_check is not None:
            worst = max(grow, key=lambda c: c.signal_ratio if c.signal_ratio is not None
                        and math.isfinite(c.signal_ratio) else math.inf)
            notes.append(Message("preflight.exploding", layer=worst.label,
                                 ratio=power_of_ten(worst.signal_ratio or math.inf),
                                 reference=ref_check.label))
        if big:
            worst = max(big, key=lambda c: c.update_ratio)
            notes.append(Message("preflight.big_update_from_init" if init_cause is not None
                                 else "preflight.big_update", layer=worst.label,
                                 lr=learning_rate, ratio=worst.update_ratio))
    silent = zero_signal(network, checks)
    fading = [c for c in by_word["vanishing"] if c.signal_rms and c.signal_ratio is not None]
    if silent is not None or (fading and ref_check is not None):
        words.append("vanishing")
    if silent is not None:
        notes.append(Message("preflight.no_signal", reason=silent))
    if fading and ref_check is not None:
        worst = min(fading, key=lambda c: c.signal_ratio)
        notes.append(Message("preflight.vanishing", layer=worst.label,
                             ratio=power_of_ten(worst.signal_ratio),
                             reference=ref_check.label,
                             remedies=or_list(vanishing_remedies(network))))
    if by_word["dead units"]:
        words.append("dead units")
        worst = max(by_word["dead units"], key=lambda c: c.dead_fraction)
        count = len(by_word["dead units"])
        layers = counted("preflight.dead_layers", count)
        notes.append(Message("preflight.dead", layer=worst.label, share=worst.dead_fraction,
                             layers=layers,
                             remedies=or_list(dead_unit_remedies(network, worst.index))))
    if by_word["saturated"]:
        words.append("saturated")
        worst = min(by_word["saturated"], key=lambda c: c.pass_through)
        notes.append(Message("preflight.saturated", layer=worst.label,
                             activation=worst.activation, share=worst.pass_through))
    if not words:
        notes.append(_healthy_note(checks, ref_check))
    return tuple(words), tuple(notes)


def zero_signal(network: Any, checks: list) -> Message | None:
    """Why no signal at all reaches some hidden layers (their dL/dz exactly 0, drawn as zero
    marks on the pre-flight chart), or None when every layer gets some. The layer that
    passes nothing down is the first one above them that receives a signal: all its
    weights 0; all its units with the same weights (their errors, which sum to 0 under
    softmax, cancel on the way back: lesson 01's equal start, walker23 W23-1); all its
    units dead. The sentences are the run's (``diagnosis.zero_gradients``)."""
    n = len(checks)
    zero = [c for c in checks if c.signal_rms == 0 and c.index != n - 1]
    if not zero:
        return None
    top = zero[-1].index
    where = layers_phrase(zero)
    for c in checks:
        if c.index > top and c.dead_fraction is not None and c.dead_fraction >= 1.0:
            return Message("gradients.zero.dead", layers=where, blocker=c.label,
                           activation=activation_name(c.activation))
    blocker = next((c for c in checks if c.index > top and c.signal_rms), None)
    if blocker is not None:
        key = probes.kernel_key(network.layers[blocker.index])
        kernel = network.layers[blocker.index].params[key] if key else None
        if kernel is not None and not kernel.any():
            return Message("gradients.zero.zero_weights", layers=where, blocker=blocker.label)
        if kernel is not None and kernel.shape[-1] > 1 and bool(np.all(kernel == kernel[..., :1])):
            return Message("gradients.zero.equal_weights", layers=where,
                           blocker=blocker.label)
    return Message("gradients.zero.unknown", layers=where)


def _healthy_note(checks: list, ref_check: Any = None) -> Message:
    """The healthy verdict, naming the largest dead (ReLU family) or saturated (sigmoid,
    tanh) share of any layer when it is at least ``NOTABLE_SHARE``, so the sentence agrees
    with the markers of the pass-through chart instead of claiming there are none; and, when
    the signal reaching some layer differs from the reference layer's by ``NOTABLE_SPREAD``
    or more, saying so instead of "a similar size" (``signal_spread``)."""
    spread = signal_spread(checks, ref_check)
    clauses = [] if spread is None else [spread]
    dead = [c for c in checks if c.dead_fraction is not None]
    if dead:
        worst = max(dead, key=lambda c: c.dead_fraction)
        if worst.dead_fraction >= NOTABLE_SHARE:
            clauses.append(Message("preflight.healthy_inactive", layer=worst.label,
                                   share=worst.dead_fraction, limit=DEAD_LIMIT))
    saturated = [c for c in checks if c.saturated_fraction is not None]
    if saturated:
        worst = max(saturated, key=lambda c: c.saturated_fraction)
        if worst.saturated_fraction >= NOTABLE_SHARE:
            clauses.append(Message("preflight.healthy_saturated", layer=worst.label,
                                   share=worst.saturated_fraction,
                                   pass_through=worst.pass_through or 0.0,
                                   limit=SATURATED_PASS))
    if not clauses:
        return Message("preflight.healthy")
    if spread is not None:
        return join_sentences(clauses)
    return join_sentences([Message("preflight.healthy_signal"), *clauses])


def signal_spread(checks: list, ref_check: Any) -> Message | None:
    """A sentence for a signal that shrinks or grows on its way back through a healthy
    network by ``NOTABLE_SPREAD`` or more without reaching the vanishing or exploding
    limit: Glorot weights in ten ReLU layers give the first hidden layer ~1/20 of the last
    one's signal (lesson 02/1), which "reaches every layer at a similar size" contradicted
    beside the chart (walker23 W23-1); None when every layer is within it."""
    if ref_check is None:
        return None
    ratios = [c for c in checks if c.signal_ratio is not None and c.signal_rms
              and math.isfinite(c.signal_ratio) and c.signal_ratio > 0]
    if not ratios:
        return None
    weakest = min(ratios, key=lambda c: c.signal_ratio)
    strongest = max(ratios, key=lambda c: c.signal_ratio)
    if weakest.signal_ratio <= 1 / NOTABLE_SPREAD:
        return Message("preflight.healthy_shrinking", layer=weakest.label,
                       reference=ref_check.label, ratio=readable_ratio(weakest.signal_ratio),
                       limit=readable_ratio(VANISHING))
    if strongest.signal_ratio >= NOTABLE_SPREAD:
        return Message("preflight.healthy_growing", layer=strongest.label,
                       reference=ref_check.label,
                       ratio=readable_ratio(strongest.signal_ratio),
                       limit=readable_ratio(EXPLODING))
    return None


def _weights_of(network: Any, index: int) -> Any:
    """The layer with weights at or before ``index`` (the one whose kernel and bias make the
    units of layer ``index``: a separate Activation layer takes them from the layer before),
    or None."""
    for i in range(index, -1, -1):
        layer = network.layers[i]
        if probes.kernel_key(layer) is not None:
            return layer
    return None


def _is_he(initializer: Any) -> bool:
    """Whether a kernel initializer draws at the He scale, variance 2 / fan_in."""
    return str(getattr(initializer, "name", "")).startswith("he_") or (
        getattr(initializer, "scale", None) == 2.0 and getattr(initializer, "mode", "") == "fan_in")


def vanishing_remedies(network: Any) -> list[Message]:
    """What to try against a vanishing signal, leaving out what the network already does:
    ReLU with He initialization (when a hidden layer's activation is not of the ReLU
    family), else He initialization (when a hidden layer's kernel is not He; a network of
    ReLU layers was told to "try ReLU with He initialization", walker17 W17-r), and batch
    normalization (when the network has none). Fewer layers when none of these applies."""
    from dlstudio.training.run_checks import HE_ACTIVATIONS

    weighted = [i for i, layer in enumerate(network.layers)
                if probes.kernel_key(layer) is not None][:-1]        # the output layer: no
    activations = [getattr(probes.layer_activation(network, i), "name", None)
                   for i in weighted]
    out: list[Message] = []
    if any(name not in HE_ACTIVATIONS for name in activations):
        out.append(Message("preflight.remedy.relu_he"))
    elif not all(_is_he(getattr(network.layers[i], "kernel_initializer", None))
                 for i in weighted):
        out.append(Message("preflight.remedy.he"))
    if not any(layer.type_name == "BatchNormalization" for layer in network.layers):
        out.append(Message("preflight.remedy.batch_norm"))
    return out or [Message("preflight.remedy.shallower")]


def dead_unit_remedies(network: Any, index: int) -> list[Message]:
    """What to try against the dead units of layer ``index``, leaving out what the network
    already does: a bias closer to 0 (only when the bias is negative; it is what pushes z
    below 0), He initialization (only then, and when the kernel is not He already: a larger
    weight scale outweighs the bias; with a zero bias the scale does not change which units
    are dead), Leaky ReLU (when the layer uses plain ReLU), batch normalization (when the
    network has none). A shallower network when none of these applies."""
    out: list[Message] = []
    weights = _weights_of(network, index)
    act = probes.layer_activation(network, index)
    bias = weights.params.get("b") if weights is not None else None
    negative_bias = bias is not None and bias.size > 0 and float(np.mean(bias)) < 0.0
    if negative_bias:
        out.append(Message("preflight.remedy.bias", bias=float(np.mean(bias))))
        if not _is_he(getattr(weights, "kernel_initializer", None)):
            out.append(Message("preflight.remedy.he"))
    if getattr(act, "name", None) == "relu":
        out.append(Message("preflight.remedy.leaky_relu"))
    if not negative_bias and not any(layer.type_name == "BatchNormalization"
                                     for layer in network.layers):
        out.append(Message("preflight.remedy.batch_norm"))
    return out or [Message("preflight.remedy.shallower")]


def or_list(items: list[Message]) -> Message | str:
    """``items`` as "a, b or c" in the message's language (one item: itself)."""
    if len(items) == 1:
        return items[0]
    return Message("list.or", items=list(items[:-1]), last=items[-1])

