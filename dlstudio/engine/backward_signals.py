"""The back-propagated signal reaching every layer, for telemetry (``BackwardSignalsMixin``,
mixed into :class:`~dlstudio.engine.network.Network`): one probe pass forward and back, layer
by layer, with no effect on training (see ``backward_signals``).
"""
from __future__ import annotations

import contextlib
from typing import Any, Iterator

import numpy as np


class BackwardSignalsMixin:
    """``Network.backward_signals`` (it uses the network's layers, output activation, dtype
    and its probe pass: ``_check_input``, ``_state_kept``, ``_probe_forward``,
    ``_finish_output``)."""

    def backward_signals(self, x: np.ndarray, y: np.ndarray, loss: Any,
                         weight_grads: bool = True, below_weights: bool = True
                         ) -> tuple[float, list[np.ndarray]]:
        """The back-propagated signal dL/dz reaching every layer, for telemetry.

        One forward and backward pass on ``(x, y)``, layer by layer (never the fused kernel),
        with no effect on training: dropout is off, batch normalization normalizes with the
        batch's own statistics and its moving averages are restored afterwards, and no random
        numbers are drawn. ``L`` is the mean loss over the batch without regularization.

        Returns ``(loss, signals)`` with ``signals[i]`` of the shape of layer ``i``'s output:
        dL/dz for a layer with an activation (z its pre-activation: ``z = x W + b`` for
        Dense/Conv2D, the input of an Activation layer; for the output layer, the logits),
        dL/d(output) for a layer without one (pooling, flatten, dropout, batch norm). These
        are the quantities the vanishing-gradient papers plot; a layer's weight gradient is
        its input times this signal. Each layer's ``grads`` are left holding this batch's
        gradients and ``last_output``/``last_preactivation`` its values.

        ``weight_grads=False`` (telemetry, which reads the signals alone) skips the weight-
        gradient products, about half the backward pass of a convnet, and leaves every
        layer's ``grads`` as they were: the same arrays with the same values. The signals are
        the same either way. The first layer's input gradient, which is no layer's signal,
        is never computed. ``below_weights=False`` stops at the first layer with weights:
        the layers under it (an input Flatten or pooling) get empty signals, and that layer's
        input gradient (a quarter of a 784-300-100-10 MLP's backward pass) is not computed.
        """
        from dlstudio.engine import losses

        loss_fn = losses.get(loss)
        x = self._check_input(x)
        with self._state_kept():
            h = self._probe_forward(x)
            stop = 0 if below_weights else self._first_weighted
            with self._signal_pass(weight_grads, stop):
                value, signals = self._signals_back(h, y, loss_fn, stop)
        return float(value), signals

    @contextlib.contextmanager
    def _signal_pass(self, weight_grads: bool, stop: int) -> Iterator[None]:
        """The backward pass of ``backward_signals`` down to layer ``stop``: without that
        layer's input gradient; without weight gradients unless ``weight_grads``. A frozen layer
        (``trainable`` False) computes its input gradient alone and drops its ``grads``, so
        each layer acts frozen and gets its own ``grads`` back (the same dict and arrays,
        which the optimizer's cached parameter list holds)."""
        first = self.layers[stop] if self.layers else None
        skip_dx = hasattr(first, "compute_input_grad")
        kept = [] if weight_grads else \
            [(layer, layer.trainable, layer.grads, dict(layer.grads)) for layer in self.layers]
        if skip_dx:
            first.compute_input_grad = False
        for layer, *_ in kept:
            layer.trainable = False
        try:
            yield
        finally:
            if skip_dx:
                first.compute_input_grad = True
            for layer, trainable, grads, arrays in kept:
                layer.trainable = trainable
                grads.clear()
                grads.update(arrays)
                layer.grads = grads

    def _signals_back(self, h: np.ndarray, y: np.ndarray, loss_fn: Any, stop: int
                      ) -> tuple[float, list[np.ndarray]]:
        """The loss and the signal of every layer from ``stop`` up, back from the logits
        ``h`` of a probe pass."""
        act = self._output_activation
        if act is not None and getattr(loss_fn, "fuses_with", None) == act.name:
            value, grad = loss_fn.value_and_grad_logits(h, y)
            self._finish_output(h)
        else:
            y_pred = self._finish_output(h)
            value = loss_fn.value(y_pred, y)
            grad_y = loss_fn.grad(y_pred, y)
            grad = grad_y if act is None else act.backward(h, y_pred, grad_y)
        grad = np.asarray(grad, dtype=self.dtype)
        signals: list[np.ndarray] = [np.empty(0)] * len(self.layers)
        for i in reversed(range(stop, len(self.layers))):
            layer = self.layers[i]
            own = getattr(layer, "activation", None)
            if layer.type_name == "Activation":
                grad = layer.backward(grad)
                signals[i] = np.array(grad, copy=True)
                continue
            if own is not None and own.name != "linear":
                z, a = layer.last_preactivation, layer.last_output
                signals[i] = own.backward(z.reshape(a.shape), a, grad.reshape(a.shape))
            else:
                signals[i] = np.array(grad, copy=True)
            grad = layer.backward(grad)
        return value, signals
