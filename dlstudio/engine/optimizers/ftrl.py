"""FTRL-Proximal: online learning with L1 that produces truly sparse weights."""
from __future__ import annotations

import numpy as np

from dlstudio.engine.kernels import optimizers as kopt
from dlstudio.engine.optimizers.base import Optimizer, check_rate


def ftrl_update(w: np.ndarray, g: np.ndarray, accumulator: np.ndarray, linear: np.ndarray,
                lr: float, learning_rate_power: float = -0.5, l1: float = 0.0,
                l2: float = 0.0, l2_shrinkage: float = 0.0, beta: float = 0.0) -> None:
    """One FTRL-Proximal step on ``w`` in place (the NumPy twin of the Numba kernels).

    McMahan et al., 2013, "Ad Click Prediction: a View from the Trenches" (Algorithm 1), in
    Keras's form, with ``p = -learning_rate_power`` (0.5 gives the paper's sqrt)::

        g' <- g + 2 * l2_shrinkage * w
        n_new <- n + g^2
        sigma <- (n_new^p - n^p) / lr
        z <- z + g' - sigma * w
        n <- n_new
        w <- (clip(z, -l1, l1) - z) / (n_new^p / lr + 2 * (l2 + beta / (2 lr)))

    The last line is zero whenever ``|z| <= l1``: weights whose accumulated evidence is
    weaker than the L1 strength are exactly 0, which is what makes the model sparse.

    Parameters
    ----------
    w, g, accumulator, linear : ndarray, same shape
        Parameter, accumulator ``n`` and linear term ``z`` are updated in place.
    """
    t = w.dtype.type
    p = t(-learning_rate_power)
    power = np.sqrt if p == 0.5 else (lambda n: np.power(n, p))  # sqrt: exact, like the kernel
    n_old_p = power(accumulator)
    accumulator += g * g
    n_new_p = power(accumulator)
    linear += g
    if l2_shrinkage:
        linear += t(2 * l2_shrinkage) * w
    linear -= (n_new_p - n_old_p) / t(lr) * w
    quadratic = n_new_p / t(lr) + t(2 * (l2 + beta / (2 * lr)))
    w[...] = (np.clip(linear, -t(l1), t(l1)) - linear) / quadratic


class Ftrl(Optimizer):
    """FTRL-Proximal (Keras's ``Ftrl``), for sparse linear and shallow models.

    Parameters
    ----------
    learning_rate : float, default 0.001
    learning_rate_power : float <= 0, default -0.5
        How fast per-weight learning rates shrink; 0 keeps them fixed.
    initial_accumulator_value : float >= 0, default 0.1
    l1_regularization_strength : float >= 0, default 0
        Drives weights to exactly zero.
    l2_regularization_strength : float >= 0, default 0
        Stabilizing L2 (the paper's lambda_2).
    l2_shrinkage_regularization_strength : float >= 0, default 0
        L2 magnitude penalty added to the gradient.
    beta : float >= 0, default 0
        The paper's beta.
    """

    name = "ftrl"
    hyperparameters = ("learning_rate_power", "initial_accumulator_value",
                       "l1_regularization_strength", "l2_regularization_strength",
                       "l2_shrinkage_regularization_strength", "beta")

    def __init__(self, learning_rate: float = 0.001, learning_rate_power: float = -0.5,
                 initial_accumulator_value: float = 0.1, l1_regularization_strength: float = 0.0,
                 l2_regularization_strength: float = 0.0,
                 l2_shrinkage_regularization_strength: float = 0.0, beta: float = 0.0):
        super().__init__(learning_rate)
        if isinstance(learning_rate_power, bool) or \
                not isinstance(learning_rate_power, (int, float)) or learning_rate_power > 0:
            raise ValueError(f"Ftrl: learning_rate_power must be zero or negative (-0.5 is "
                             f"usual), got {learning_rate_power!r}")
        self.learning_rate_power = float(learning_rate_power)
        self.initial_accumulator_value = check_rate("Ftrl", "initial_accumulator_value",
                                                    initial_accumulator_value)
        self.l1_regularization_strength = check_rate("Ftrl", "l1_regularization_strength",
                                                     l1_regularization_strength)
        self.l2_regularization_strength = check_rate("Ftrl", "l2_regularization_strength",
                                                     l2_regularization_strength)
        self.l2_shrinkage_regularization_strength = check_rate(
            "Ftrl", "l2_shrinkage_regularization_strength", l2_shrinkage_regularization_strength)
        self.beta = check_rate("Ftrl", "beta", beta)

    def update(self, w, g, slots, lr):
        if lr <= 0:
            raise ValueError("Ftrl: the learning rate must be positive (FTRL divides by it)")
        acc = self.slot(slots, "accumulator", w, self.initial_accumulator_value)
        lin = self.slot(slots, "linear", w)
        l2 = self.l2_regularization_strength + self.beta / (2.0 * lr)
        if self.use_kernels(w, g):
            kopt.ftrl(w, g, acc, lin, lr, -self.learning_rate_power,
                          self.l1_regularization_strength, 2.0 * l2,
                          2.0 * self.l2_shrinkage_regularization_strength)
        else:
            ftrl_update(w, g, acc, lin, lr, self.learning_rate_power,
                        self.l1_regularization_strength, self.l2_regularization_strength,
                        self.l2_shrinkage_regularization_strength, self.beta)
