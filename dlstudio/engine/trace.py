"""One mini-batch traced layer by layer, for the step debugger.

``trace_batch(network, x, y, loss)`` runs the network's probing forward pass
(``Network.probe``: layer by layer, batch norm on the batch's statistics, dropout off, no
state changed) and then each layer's own ``backward``, keeping everything a student wants to
see, per layer: the input, the pre-activation ``z``, the output
``a``, the gradient arriving from above ``dL/da``, ``dL/dz = dL/da * f'(z)``, the gradient
passed down ``dL/dx`` and the parameter gradients. The last layer is shown with the network's
output activation (softmax or sigmoid, which the network applies outside the layer so that
the loss can work on the logits), ``dL/dz`` being the fused loss's gradient on the logits.

The loss is the data loss without regularization penalties (shown apart by the window);
``grads`` are therefore what ``Network.loss_and_grads`` returns for a network without
regularizers or dropout (dropout is off here, as in every probe). No weight or statistic
moves, but the layers' work buffers and ``grads`` are overwritten: give it a copy of the
live network, never the one a worker is training.

``dlstudio.engine.trace_units`` turns a trace into the numbers of one unit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["LayerTrace", "StepTrace", "trace_batch"]


@dataclass(frozen=True)
class LayerTrace:
    """What one layer did with the batch (copies; shapes include the batch axis N).

    ``z``/``grad_z`` are None for layers without an activation (pooling, flatten, batch
    norm, dropout). ``activation`` is the activation's registry name or None.
    """

    index: int
    name: str
    kind: str
    activation: str | None
    x: np.ndarray
    z: np.ndarray | None
    a: np.ndarray
    grad_a: np.ndarray
    grad_z: np.ndarray | None
    grad_x: np.ndarray
    params: dict[str, np.ndarray] = field(default_factory=dict)
    grads: dict[str, np.ndarray] = field(default_factory=dict)
    state: dict[str, np.ndarray] = field(default_factory=dict)
    layer: Any = None            # the layer object, for its hyperparameters (read only)


@dataclass(frozen=True)
class StepTrace:
    """The whole pass: the data loss, the targets and every layer's trace, bottom to top."""

    loss: float
    loss_name: str
    y: np.ndarray
    layers: tuple[LayerTrace, ...]


def trace_batch(network: Any, x: np.ndarray, y: np.ndarray,
                loss: Any = "sparse_categorical_crossentropy") -> StepTrace:
    """Forward and backward through ``network`` on ``(x, y)``, keeping every intermediate."""
    from dlstudio.engine import losses

    loss_fn = losses.get(loss)
    x = np.asarray(x, dtype=network.dtype)
    if x.shape[1:] != tuple(network.input_shape):
        raise ValueError(f"the network expects examples of shape {network.input_shape}, "
                         f"got {x.shape[1:]}")
    values = network.probe(x)                   # (z, a) per layer, copied at once below
    outputs = [np.array(a, copy=True) for _, a in values]
    inputs = [x.copy()] + outputs[:-1]
    pre = [np.array(z, copy=True) if z is not None and layer.activation_name is not None
           else None for (z, _), layer in zip(values, network.layers)]
    out_act = network.output_activation
    if out_act is not None:
        logits, probs = np.array(values[-1][0], copy=True), outputs[-1]
    else:
        logits = probs = outputs[-1]
    if out_act is not None and getattr(loss_fn, "fuses_with", None) == out_act.name:
        value, grad_logits = loss_fn.value_and_grad_logits(logits, y)
        grad_probs = loss_fn.grad(probs, y)
    else:
        value = loss_fn.value(probs, y)
        grad_probs = loss_fn.grad(probs, y)
        grad_logits = (grad_probs if out_act is None
                       else out_act.backward(logits, probs, grad_probs))
    grad = np.asarray(grad_logits, dtype=network.dtype)
    traces: list[LayerTrace] = []
    n = len(network.layers)
    for i in range(n - 1, -1, -1):
        layer = network.layers[i]
        grad_in = grad.copy()
        grad_x = layer.backward(grad)
        grad_x = np.zeros_like(inputs[i]) if grad_x is None else np.array(grad_x, copy=True)
        act_name, z, a, grad_a, grad_z = layer.activation_name, pre[i], outputs[i], grad_in, None
        if i == n - 1 and out_act is not None:          # show the output activation
            act_name, z, a = out_act.name, logits, probs
            grad_a, grad_z = np.array(grad_probs, copy=True), grad_in
        elif z is not None:
            grad_z = layer.activation.backward(z, a, grad_in)
        traces.append(LayerTrace(
            index=i, name=layer.name, kind=layer.type_name, activation=act_name, x=inputs[i],
            z=z, a=a, grad_a=grad_a, grad_z=grad_z, grad_x=grad_x,
            params={k: v.copy() for k, v in layer.params.items()},
            grads={k: v.copy() for k, v in layer.grads.items() if k in layer.params},
            state={k: v.copy() for k, v in layer.state.items()}, layer=layer))
        grad = grad_x
    return StepTrace(float(value), str(getattr(loss_fn, "name", loss)), np.asarray(y),
                     tuple(reversed(traces)))
