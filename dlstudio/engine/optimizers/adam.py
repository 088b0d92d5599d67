"""Adam: momentum on the gradient plus RMSprop-style scaling, with bias correction."""
from __future__ import annotations

import math

import numpy as np

from dlstudio.engine.kernels import optimizers as kopt
from dlstudio.engine.optimizers.base import (Optimizer, check_fraction, check_rate,
                                         flush_subnormal)


def adam_update(w: np.ndarray, g: np.ndarray, m: np.ndarray, v: np.ndarray,
                v_hat: np.ndarray | None, lr: float, t: int, beta_1: float = 0.9,
                beta_2: float = 0.999, epsilon: float = 1e-7, amsgrad: bool = False) -> None:
    """One Adam step on ``w`` in place (the NumPy twin of the Numba kernels).

    Kingma & Ba, 2015, "Adam: A Method for Stochastic Optimization", in the efficient form of
    the paper's section 2 that Keras uses (bias correction folded into the step size, so
    epsilon is added to the uncorrected ``sqrt(v)``). ``t`` counts steps from 1::

        alpha <- lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
        m <- m + (1 - beta_1) * (g - m)          (= beta_1 m + (1 - beta_1) g)
        v <- v + (1 - beta_2) * (g^2 - v)        (= beta_2 v + (1 - beta_2) g^2)
        AMSGrad:  v_hat <- max(v_hat, v);  v <- v_hat   (Reddi et al., 2018)
        w <- w - alpha * m / (sqrt(v) + epsilon)

    Parameters
    ----------
    w, g, m, v : ndarray, same shape
        Parameter, first and second moment estimates are updated in place.
    v_hat : ndarray or None
        Running maximum of ``v`` (AMSGrad only).
    t : int
        Step number, 1 for the first update.
    """
    dt = w.dtype.type
    alpha = lr * math.sqrt(1.0 - beta_2 ** t) / (1.0 - beta_1 ** t)
    m += (g - m) * dt(1.0 - beta_1)
    v += (g * g - v) * dt(1.0 - beta_2)
    flush_subnormal(m)
    flush_subnormal(v)
    if amsgrad:
        np.maximum(v_hat, v, out=v_hat)
        v = v_hat
    w -= m * dt(alpha) / (np.sqrt(v) + dt(epsilon))


class Adam(Optimizer):
    """Adam (Keras's ``Adam``).

    Parameters
    ----------
    learning_rate : float, default 0.001
    beta_1 : float in [0, 1), default 0.9
        Decay of the running mean of gradients (momentum).
    beta_2 : float in [0, 1), default 0.999
        Decay of the running mean of squared gradients (scaling).
    epsilon : float, default 1e-7
    amsgrad : bool, default False
        Use the running maximum of the second moment (AMSGrad).
    """

    name = "adam"
    hyperparameters = ("beta_1", "beta_2", "epsilon", "amsgrad")

    def __init__(self, learning_rate: float = 0.001, beta_1: float = 0.9,
                 beta_2: float = 0.999, epsilon: float = 1e-7, amsgrad: bool = False):
        super().__init__(learning_rate)
        self.beta_1 = check_fraction("Adam", "beta_1", beta_1)
        self.beta_2 = check_fraction("Adam", "beta_2", beta_2)
        self.epsilon = check_rate("Adam", "epsilon", epsilon)
        if not isinstance(amsgrad, bool):
            raise ValueError(f"Adam: amsgrad must be true or false, got {amsgrad!r}")
        self.amsgrad = amsgrad

    def update(self, w, g, slots, lr):
        m = self.slot(slots, "m", w)
        v = self.slot(slots, "v", w)
        v_hat = self.slot(slots, "v_hat", w) if self.amsgrad else None
        if self.use_kernels(w, g):
            kopt.adam(w, g, m, v, v_hat, self._alpha, self.beta_1, self.beta_2,
                          self.epsilon, self.amsgrad)
        else:
            adam_update(w, g, m, v, v_hat, lr, self.iterations, self.beta_1, self.beta_2,
                        self.epsilon, self.amsgrad)

    def kernel_arrays(self, w, g, slots):
        return w, g, slots["m"], slots["v"], slots["v_hat"] if self.amsgrad else slots["v"]

    def update_many(self, arrays, lr):
        kopt.adam_many(arrays.first, arrays.table, self._alpha, self.beta_1, self.beta_2,
                       self.epsilon, self.amsgrad)

    def begin_step(self, lr):
        t = self.iterations
        self._alpha = lr * math.sqrt(1.0 - self.beta_2 ** t) / (1.0 - self.beta_1 ** t)
