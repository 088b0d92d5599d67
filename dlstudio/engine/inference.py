"""A network's outputs in inference mode (``InferenceMixin``, mixed into
:class:`~dlstudio.engine.network.Network`): ``predict`` and ``predict_logits`` in chunks, by
the fused plan's path for Dense chains or each layer's forward-only path, and ``evaluate``
(mean loss without regularization, and accuracy).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from dlstudio.engine import fused, threads


class InferenceMixin:
    """Prediction and evaluation (it uses the network's layers, output activation, dtype,
    output shape, ``_check_input`` and ``_finish_output``)."""

    def predict(self, x: np.ndarray, batch_size: int = 64) -> np.ndarray:
        """Outputs in inference mode, computed in chunks of ``batch_size`` (64 images at a
        time is about twice as fast as one large batch) by the layers' forward-only path;
        a chain of Dense layers takes the fused plan's path in chunks of at least
        ``fused.PREDICT_MIN_CHUNK`` rows."""
        return self._predict(x, batch_size, logits=False)

    def predict_logits(self, x: np.ndarray, batch_size: int = 64) -> np.ndarray:
        """``predict`` without the output activation (``output_activation``): the scores
        the loss works on, shape (N, *output_shape). The same as ``predict`` when the last
        layer keeps its own activation."""
        return self._predict(x, batch_size, logits=True)

    def _predict(self, x: np.ndarray, batch_size: int, logits: bool) -> np.ndarray:
        x = self._check_input(x)
        if len(x) == 0:
            return np.zeros((0,) + self.output_shape, dtype=self.dtype)
        threads.ensure()
        # Dense chains: the fused plan's forward pass (engine/fused.py), None otherwise
        out = fused.predict(self, x, batch_size, logits=logits)
        if out is not None:
            return out
        finish = (lambda z: z) if logits else self._finish_output
        outs = [finish(self._infer_logits(x[i:i + batch_size])).copy()
                for i in range(0, len(x), batch_size)]
        return np.concatenate(outs)

    def _infer_logits(self, x: np.ndarray) -> np.ndarray:
        """The logits by each layer's forward-only path (``Layer.infer``); a Conv2D right
        under a max pooling computes both layers' values in one pass when it can
        (``Conv2D.infer_pooled``: the same values, without the convolution's output)."""
        layers, i = self.layers, 0
        while i < len(layers):
            if i + 1 < len(layers) and hasattr(layers[i], "infer_pooled"):
                pooled = layers[i].infer_pooled(x, layers[i + 1])
                if pooled is not None:
                    x, i = pooled, i + 2
                    continue
            x = layers[i].infer(x)
            i += 1
        return x

    def evaluate(self, x: np.ndarray, y: np.ndarray, loss: Any = "sparse_categorical_crossentropy",
                 batch_size: int = 64) -> tuple[float, float | None]:
        """Mean loss (without regularization) and accuracy (None for regression losses).
        The loss is the one a training step computes: from the logits when it fuses with
        the output activation (softmax + cross-entropy), so a confidently wrong network
        scores its real loss (1e4, say), not one capped by clipping the probabilities at
        1e-7 (at most 16.1)."""
        from dlstudio.engine import losses

        loss_fn = losses.get(loss)
        act = self._output_activation
        if act is not None and getattr(loss_fn, "fuses_with", None) == act.name:
            z = self.predict_logits(x, batch_size)
            value = float(loss_fn.value_and_grad_logits(z, y)[0])
            y_pred = act.forward(z)
        else:
            y_pred = self.predict(x, batch_size)
            value = float(loss_fn.value(y_pred, y))
        accuracy = losses.accuracy(y_pred, y, loss_fn)
        return value, accuracy
