"""Dropout: randomly silence a fraction of the inputs while training (inverted dropout)."""
from __future__ import annotations

from typing import Any

import numpy as np

from dlstudio.engine.layers.base import Layer
from dlstudio.engine.layers.common import layer_error


def _check_rate(rate: Any) -> float:
    if isinstance(rate, bool) or not isinstance(rate, (int, float, np.floating)):
        raise ValueError(f"Dropout: rate must be a number between 0 and 1, got {rate!r}")
    if not 0.0 <= rate < 1.0:
        raise layer_error("Dropout", "spec.dropout_rate", rate=repr(rate))
    return float(rate)


class Dropout(Layer):
    """Training: each input is kept with probability ``1 - rate`` and scaled by 1/(1 - rate)
    so the expected value is unchanged; inference: the identity.

    Forward (training):  m = [u >= rate] / (1 - rate) with u ~ U(0, 1),  y = x * m
    Backward:            dx = dy * m

    Randomness comes from a generator the layer owns, seeded from ``seed`` if given, else
    from the build generator (so a network seed fixes every mask). For gradient checks the
    mask can be fixed: ``freeze_mask()`` keeps the last mask drawn (or the next one) for all
    later training passes, ``unfreeze_mask()`` undoes it; ``fixed_mask`` may also be set to
    an array shaped like the input (already scaled by 1/(1 - rate)). ``rate`` can be changed
    between steps.
    """

    type_name = "Dropout"

    def __init__(self, rate: float = 0.5, seed: int | None = None, name: str | None = None,
                 trainable: bool = True):
        super().__init__(name=name, trainable=trainable)
        self._rate = _check_rate(rate)
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)
                                 or seed < 0):
            raise ValueError(f"Dropout: seed must be a whole number >= 0 or empty, got {seed!r}")
        self.seed = seed
        self._rng = np.random.default_rng(seed)
        self._mask: np.ndarray | None = None
        self.fixed_mask: np.ndarray | None = None
        self._freeze = False

    @property
    def rate(self) -> float:
        return self._rate

    @rate.setter
    def rate(self, value: float) -> None:
        self._rate = _check_rate(value)

    def reset_parameters(self, rng: np.random.Generator) -> None:
        drawn = int(rng.integers(2**63 - 1))      # always draw: the stream stays aligned
        self._rng = np.random.default_rng(self.seed if self.seed is not None else drawn)

    def freeze_mask(self) -> None:
        """Reuse one mask from now on: the last one drawn, else the next one."""
        self._freeze = True
        if self.fixed_mask is None and self._mask is not None:
            self.fixed_mask = self._mask

    def unfreeze_mask(self) -> None:
        self._freeze = False
        self.fixed_mask = None

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        if not training or (self._rate == 0.0 and self.fixed_mask is None):
            self._mask = None
            self.last_output = x
            return x
        mask = self.fixed_mask
        if mask is not None and mask.shape != x.shape:
            if not self._freeze:
                raise ValueError(f"Dropout: fixed_mask has shape {mask.shape} but the input "
                                 f"has shape {x.shape}")
            mask = None
        if mask is None:
            keep = 1.0 - self._rate
            mask = (self._rng.random(x.shape, dtype=np.float32) < keep).astype(x.dtype)
            mask *= 1.0 / keep
            if self._freeze:
                self.fixed_mask = mask
        self._mask = mask
        self.last_output = x * mask
        return self.last_output

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        if self._mask is None:
            return grad_out
        return grad_out * self._mask

    def get_config(self) -> dict[str, Any]:
        cfg: dict[str, Any] = {"rate": self._rate}
        if self.seed is not None:
            cfg["seed"] = self.seed
        return {**cfg, **super().get_config()}
