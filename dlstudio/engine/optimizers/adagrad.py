"""AdaGrad: per-weight learning rates shrinking with the sum of squared gradients."""
from __future__ import annotations

import numpy as np

from dlstudio.engine.kernels import optimizers as kopt
from dlstudio.engine.optimizers.base import Optimizer, check_rate


def adagrad_update(w: np.ndarray, g: np.ndarray, accumulator: np.ndarray, lr: float,
                   epsilon: float = 1e-7) -> None:
    """One AdaGrad step on ``w`` in place (the NumPy twin of the Numba kernels).

    Duchi, Hazan & Singer, 2011, "Adaptive Subgradient Methods for Online Learning and
    Stochastic Optimization", in Keras's form (epsilon inside the square root, the
    accumulator starting at ``initial_accumulator_value``)::

        s <- s + g^2
        w <- w - lr * g / sqrt(s + epsilon)

    Steep directions (large past gradients) get small steps. Because ``s`` only grows, the
    effective learning rate decays towards zero and training can stop too early.

    Parameters
    ----------
    w, g, accumulator : ndarray, same shape
        Parameter and accumulator ``s`` are updated in place.
    """
    t = w.dtype.type
    accumulator += g * g
    w -= t(lr) * g / np.sqrt(accumulator + t(epsilon))


class Adagrad(Optimizer):
    """AdaGrad (Keras's ``Adagrad``).

    Parameters
    ----------
    learning_rate : float, default 0.001
    initial_accumulator_value : float, default 0.1
        Starting value of the sum of squared gradients.
    epsilon : float, default 1e-7
    """

    name = "adagrad"
    hyperparameters = ("initial_accumulator_value", "epsilon")

    def __init__(self, learning_rate: float = 0.001, initial_accumulator_value: float = 0.1,
                 epsilon: float = 1e-7):
        super().__init__(learning_rate)
        self.initial_accumulator_value = check_rate("Adagrad", "initial_accumulator_value",
                                                    initial_accumulator_value)
        self.epsilon = check_rate("Adagrad", "epsilon", epsilon)

    def kernel_arrays(self, w, g, slots):
        return w, g, slots["accumulator"]

    def update_many(self, arrays, lr):
        kopt.adagrad_many(arrays.first, arrays.table, lr, self.epsilon)

    def update(self, w, g, slots, lr):
        acc = self.slot(slots, "accumulator", w, self.initial_accumulator_value)
        if self.use_kernels(w, g):
            kopt.adagrad(w, g, acc, lr, self.epsilon)
        else:
            adagrad_update(w, g, acc, lr, self.epsilon)
