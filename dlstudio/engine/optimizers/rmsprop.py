"""RMSprop: divide the gradient by a running average of its recent magnitude."""
from __future__ import annotations

import numpy as np

from dlstudio.engine.kernels import optimizers as kopt
from dlstudio.engine.optimizers.base import (Optimizer, check_fraction, check_rate,
                                         flush_subnormal)


def rmsprop_update(w: np.ndarray, g: np.ndarray, ms: np.ndarray, mg: np.ndarray | None,
                   mom: np.ndarray | None, lr: float, rho: float = 0.9, momentum: float = 0.0,
                   epsilon: float = 1e-7, centered: bool = False) -> None:
    """One RMSprop step on ``w`` in place (the NumPy twin of the Numba kernels).

    Tieleman & Hinton, 2012, "Lecture 6.5 - rmsprop" (Coursera, Neural Networks for Machine
    Learning); the centered variant from Graves, 2013, "Generating Sequences With Recurrent
    Neural Networks". Keras's form (epsilon inside the square root)::

        s <- rho * s + (1 - rho) * g^2                  (ms: mean square)
        centered:  a <- rho * a + (1 - rho) * g         (mg: mean gradient)
                   d <- s - a^2 + epsilon
        otherwise: d <- s + epsilon
        step <- lr * g / sqrt(d)
        momentum > 0:  m <- momentum * m + step;  w <- w - m
        otherwise:     w <- w - step

    Unlike AdaGrad, ``s`` forgets old gradients (decay ``rho``), so the step size does not
    shrink to zero.

    Parameters
    ----------
    w, g, ms : ndarray, same shape
        Parameter and mean square are updated in place.
    mg, mom : ndarray or None
        Mean gradient (used when ``centered``) and momentum (used when ``momentum > 0``).
    """
    t = w.dtype.type
    ms *= t(rho)
    ms += t(1 - rho) * g * g
    flush_subnormal(ms)
    if centered:
        mg *= t(rho)
        mg += t(1 - rho) * g
        flush_subnormal(mg)
        denom = ms - mg * mg
        denom += t(epsilon)
    else:
        denom = ms + t(epsilon)
    step = t(lr) * g / np.sqrt(denom)
    if momentum > 0:
        mom *= t(momentum)
        mom += step
        flush_subnormal(mom)
        w -= mom
    else:
        w -= step


class RMSprop(Optimizer):
    """RMSprop (Keras's ``RMSprop``).

    Parameters
    ----------
    learning_rate : float, default 0.001
    rho : float in [0, 1), default 0.9
        Decay of the running mean of squared gradients.
    momentum : float in [0, 1), default 0
    epsilon : float, default 1e-7
    centered : bool, default False
        Divide by an estimate of the gradient's variance instead of its second moment.
    """

    name = "rmsprop"
    hyperparameters = ("rho", "momentum", "epsilon", "centered")

    def __init__(self, learning_rate: float = 0.001, rho: float = 0.9, momentum: float = 0.0,
                 epsilon: float = 1e-7, centered: bool = False):
        super().__init__(learning_rate)
        self.rho = check_fraction("RMSprop", "rho", rho)
        self.momentum = check_fraction("RMSprop", "momentum", momentum)
        self.epsilon = check_rate("RMSprop", "epsilon", epsilon)
        if not isinstance(centered, bool):
            raise ValueError(f"RMSprop: centered must be true or false, got {centered!r}")
        self.centered = centered

    def kernel_arrays(self, w, g, slots):
        return (w, g, slots["velocity"], slots["average_gradient"] if self.centered else w,
                slots["momentum"] if self.momentum > 0 else w)

    def update_many(self, arrays, lr):
        kopt.rmsprop_many(arrays.first, arrays.table, lr, self.rho, self.epsilon, self.momentum,
                          self.centered)

    def update(self, w, g, slots, lr):
        ms = self.slot(slots, "velocity", w)
        mg = self.slot(slots, "average_gradient", w) if self.centered else None
        mom = self.slot(slots, "momentum", w) if self.momentum > 0 else None
        if self.use_kernels(w, g):
            kopt.rmsprop(w, g, ms, mg, mom, lr, self.rho, self.epsilon, self.momentum,
                             self.centered)
        else:
            rmsprop_update(w, g, ms, mg, mom, lr, self.rho, self.momentum, self.epsilon,
                           self.centered)
