"""Optimizers: how gradients become weight changes.

``OPTIMIZERS`` lists them with display names, help text and parameter ranges for the GUI;
``get(identifier, **config)`` builds one from a name (``"adam"``, Keras class names such as
``"RMSprop"`` work too), a Keras dict (``{"class_name": "SGD", "config": {"momentum": 0.9}}``),
a config with a name (``optimizer.get_config()``) or an instance.

Every optimizer offers ``apply(params: list[ParamRef], learning_rate)``, ``state_dict()`` /
``load_state_dict()``, ``get_config()`` and ``iterations``; see :mod:`.base`.
"""
from __future__ import annotations

from typing import Any

from dlstudio.engine.optimizers.adagrad import Adagrad, adagrad_update
from dlstudio.engine.optimizers.adam import Adam, adam_update
from dlstudio.engine.optimizers.base import Optimizer, ParamRef
from dlstudio.engine.optimizers.ftrl import Ftrl, ftrl_update
from dlstudio.engine.optimizers.rmsprop import RMSprop, rmsprop_update
from dlstudio.engine.optimizers.sgd import SGD, sgd_update
from dlstudio.engine.registry import Param, Registry

__all__ = ["OPTIMIZERS", "get", "Optimizer", "ParamRef", "SGD", "Adagrad", "RMSprop", "Adam",
           "Ftrl", "sgd_update", "adagrad_update", "rmsprop_update", "adam_update",
           "ftrl_update"]

OPTIMIZERS: Registry[type] = Registry("optimizer")


def _lr(default: float) -> Param:
    return Param("learning_rate", "float", default, 1e-6, 10.0, log=True,
                 display="learning rate",
                 help="size of each step; the most important setting of all")


def _decay(name: str, default: float, help: str, display: str = "") -> Param:
    # 1 - beta is searched on a log scale (0.9 -> 0.1, 0.999 -> 0.001)
    return Param(name, "float", default, 0.0, 0.99999, help=help, display=display)


_EPS = Param("epsilon", "float", 1e-7, 1e-10, 1.0, log=True,
             help="small number that avoids dividing by zero")

OPTIMIZERS.add(
    "sgd", SGD, display="SGD", aliases=("gradient_descent", "momentum"),
    help="Plain gradient descent: step downhill by learning rate x gradient. With momentum the "
         "steps build up speed along consistent directions (0.9 is typical; too close to 1 "
         "overshoots and oscillates); Nesterov looks ahead before stepping.",
    params=(_lr(0.01),
            _decay("momentum", 0.0, "fraction of the previous step kept (0 = none, 0.9 typical)"),
            Param("nesterov", "bool", False, help="Nesterov accelerated gradient")),
    paper="Polyak 1964; Nesterov 1983; Sutskever et al. 2013")
OPTIMIZERS.add(
    "adagrad", Adagrad, display="AdaGrad",
    help="Gives each weight its own learning rate, shrinking with the sum of its squared "
         "gradients. Good for sparse features; on deep networks it often stops too early "
         "because the rates only ever shrink.",
    params=(_lr(0.001),
            Param("initial_accumulator_value", "float", 0.1, 0.0, 10.0,
                  display="initial accumulator", help="starting sum of squared gradients"),
            _EPS),
    paper="Duchi, Hazan & Singer 2011")
OPTIMIZERS.add(
    "rmsprop", RMSprop, display="RMSprop",
    help="Like AdaGrad but the squared gradients are averaged with decay rho, so old gradients "
         "are forgotten and learning does not stall.",
    params=(_lr(0.001),
            _decay("rho", 0.9, "decay of the running mean of squared gradients"),
            _decay("momentum", 0.0, "fraction of the previous step kept"),
            _EPS,
            Param("centered", "bool", False,
                  help="divide by the gradient's variance instead of its mean square")),
    paper="Tieleman & Hinton 2012")
OPTIMIZERS.add(
    "adam", Adam, display="Adam",
    help="Momentum (beta_1) plus RMSprop scaling (beta_2), with a correction for the zero "
         "start. A good default: learning rate 0.001 rarely needs tuning.",
    params=(_lr(0.001),
            _decay("beta_1", 0.9, "decay of the running mean of gradients", "beta 1"),
            _decay("beta_2", 0.999, "decay of the running mean of squared gradients", "beta 2"),
            _EPS,
            Param("amsgrad", "bool", False, help="never let the second moment decrease")),
    paper="Kingma & Ba 2015")
OPTIMIZERS.add(
    "ftrl", Ftrl, display="FTRL-Proximal",
    help="Follow the regularized leader: an online method whose L1 setting makes many weights "
         "exactly zero (a sparse model).",
    params=(_lr(0.001),
            Param("learning_rate_power", "float", -0.5, -1.0, 0.0,
                  display="learning rate power", help="how fast per-weight rates shrink"),
            Param("initial_accumulator_value", "float", 0.1, 0.0, 10.0,
                  display="initial accumulator", help="starting sum of squared gradients"),
            Param("l1_regularization_strength", "float", 0.0, 0.0, 10.0, display="L1",
                  help="larger values make more weights exactly zero"),
            Param("l2_regularization_strength", "float", 0.0, 0.0, 10.0, display="L2",
                  help="stabilizing L2 penalty"),
            Param("l2_shrinkage_regularization_strength", "float", 0.0, 0.0, 10.0,
                  display="L2 shrinkage", help="L2 penalty on the weights' size"),
            Param("beta", "float", 0.0, 0.0, 10.0, help="the paper's beta")),
    paper="McMahan et al. 2013")


def get(identifier: Any, **config: Any) -> Optimizer:
    """An optimizer from a name, a Keras dict, a named config or an instance.

    ``config`` overrides settings: ``get("sgd", learning_rate=0.1, momentum=0.9)``. An instance
    is returned as is when no overrides are given.
    """
    if isinstance(identifier, Optimizer):
        if not config:
            return identifier
        identifier = identifier.get_config()
    name, base = OPTIMIZERS.split_identifier(identifier)
    base.update(config)
    try:
        return OPTIMIZERS[name](**base)
    except TypeError as exc:
        known = ", ".join(p.name for p in OPTIMIZERS.entry(name).params)
        raise ValueError(f"optimizer {name!r}: unexpected settings {base!r}; it accepts "
                         f"{known}") from exc
