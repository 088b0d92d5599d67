"""Stochastic gradient descent, with optional (Nesterov) momentum."""
from __future__ import annotations

import numpy as np

from dlstudio.engine.kernels import optimizers as kopt
from dlstudio.engine.optimizers.base import Optimizer, check_fraction, flush_subnormal


def sgd_update(w: np.ndarray, g: np.ndarray, velocity: np.ndarray | None, lr: float,
               momentum: float = 0.0, nesterov: bool = False) -> None:
    """One SGD step on ``w`` in place (the NumPy twin of the Numba kernels).

    Plain gradient descent (Robbins & Monro, 1951)::

        w <- w - lr * g

    Momentum (Polyak, 1964), in Keras's form where the velocity ``v`` already holds the
    learning rate::

        v <- momentum * v - lr * g
        w <- w + v

    Nesterov accelerated gradient (Nesterov, 1983; as reformulated by Sutskever et al., 2013,
    "On the importance of initialization and momentum in deep learning")::

        v <- momentum * v - lr * g
        w <- w + momentum * v - lr * g

    Parameters
    ----------
    w, g : ndarray, same shape
        Parameter (updated in place) and its gradient.
    velocity : ndarray or None
        Momentum state shaped like ``w`` (updated in place); ignored when ``momentum`` is 0.
    """
    t = w.dtype.type
    if momentum == 0:
        w -= t(lr) * g
        return
    step = t(lr) * g
    velocity *= t(momentum)
    velocity -= step
    flush_subnormal(velocity)
    if nesterov:
        w += t(momentum) * velocity - step
    else:
        w += velocity


class SGD(Optimizer):
    """Gradient descent with optional momentum and Nesterov momentum (Keras's ``SGD``).

    Parameters
    ----------
    learning_rate : float, default 0.01
    momentum : float in [0, 1], default 0
        How much of the previous step is kept; 0.9 is typical, values very close to 1
        (0.99999) overshoot and oscillate.
    nesterov : bool, default False
        Look ahead along the velocity before taking the gradient step.
    """

    name = "sgd"
    hyperparameters = ("momentum", "nesterov")

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0,
                 nesterov: bool = False):
        super().__init__(learning_rate)
        self.momentum = check_fraction("SGD", "momentum", momentum, high_inclusive=True)
        if not isinstance(nesterov, bool):
            raise ValueError(f"SGD: nesterov must be true or false, got {nesterov!r}")
        self.nesterov = nesterov

    def update(self, w, g, slots, lr):
        if self.momentum == 0:
            if self.use_kernels(w, g):
                kopt.gd(w, g, lr)
            else:
                sgd_update(w, g, None, lr)
            return
        v = self.slot(slots, "momentum", w)
        if self.use_kernels(w, g):
            kopt.sgd_momentum(w, g, v, lr, self.momentum, self.nesterov)
        else:
            sgd_update(w, g, v, lr, self.momentum, self.nesterov)

    def kernel_arrays(self, w, g, slots):
        return (w, g) if self.momentum == 0 else (w, g, slots["momentum"])

    def update_many(self, arrays, lr):
        if self.momentum == 0:
            kopt.gd_many(arrays.first, arrays.table, lr)
        else:
            kopt.sgd_momentum_many(arrays.first, arrays.table, lr, self.momentum, self.nesterov)
