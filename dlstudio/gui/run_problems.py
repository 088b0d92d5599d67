"""What keeps a run from starting, said before it starts, in the window's language.

``Studio.start`` (and the pre-flight check) ask these before training: the problems of each
variant's network and training settings, and whether the loaded data can feed each network
(its input shape, its number of classes). Every problem is found at once, so that fixing one
does not reveal the next only at the next Start. A variant is anything with ``name``,
``network_spec`` and ``train_spec`` (``Studio.variants``); with several variants each line
starts with the variant's letter. ``frozen_layers_note`` is no problem but a warning the
studio gives once the run trains: frozen layers starting from new random weights.
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication

from dlstudio.gui.i18n import render
from dlstudio.gui.setting_labels import problem_text
from dlstudio.gui.specs import dataset_name
from dlstudio.training.run_data import (classes_problem, input_shape_problem, loss_problem,
                                        output_activation_problem)

log = logging.getLogger(__name__)


def listed(*parts: str) -> str:
    """The lines of ``parts`` as one text, each starting with a capital (messages are
    written to follow a colon): a single line as it is, several as a list."""
    lines = [line[:1].upper() + line[1:] for part in parts for line in part.splitlines()
             if line]
    return "\n".join(f"• {line}" for line in lines) if len(lines) > 1 else "".join(lines)


def spec_problems(variants: list[Any]) -> str:
    """Readable problems of the networks and training settings ("" when all is well)."""
    lines = []
    for v in variants:
        prefix = f"{v.name}: " if len(variants) > 1 else ""
        try:
            # training settings named as the Training panel names them ("Learning rate",
            # not the key "learning_rate": walker18 W18-6)
            found = [render(p) for p in v.network_spec.validate()] \
                + [problem_text(p) for p in v.train_spec.validate()]
        except Exception as exc:   # a registry that cannot load: let the run report it
            log.debug("cannot validate before starting: %s", exc)
            found = []
        problem = activation_problem(v.network_spec, v.train_spec.loss)
        if problem is not None:
            found.append(render(problem))
        lines += [f"{prefix}{text}" for text in found]
    return "\n".join(lines)


def activation_problem(network_spec: Any, loss_setting: Any) -> Any:
    """Why the network's output activation cannot feed the loss ``loss_setting`` (a
    cross-entropy reads probabilities: ``run_data.output_activation_problem``), or None;
    also None while the loss or the output activation cannot be worked out (their own
    checks say why)."""
    from dlstudio.engine import activations, losses  # their kernels: not before first paint

    try:
        loss = losses.get(loss_setting)
        layers = [layer for layer in network_spec.layers if layer.type != "Dropout"]
        if not layers:
            return None                   # no layers: the network's own check says so
        name = activations.get(layers[-1].config.get("activation")).name
    except Exception as exc:  # noqa: BLE001 (an unknown setting: its own check names it)
        log.debug("cannot work out the output activation: %s", exc)
        return None
    return output_activation_problem(name, loss)


def _problems_with_input(network_spec: Any, shape: tuple[int, ...]) -> list:
    """The network's problems with ``shape`` as its input shape (none when it cannot be
    checked)."""
    try:
        return list(network_spec.with_input_shape(shape).validate())
    except Exception as exc:   # a registry that cannot load: the run reports it
        log.debug("cannot validate with the data's input shape: %s", exc)
        return []


def data_problems(variants: list[Any], data: Any, dataset: str) -> str:
    """Why the loaded ``data`` (None: not loaded yet, nothing to say) cannot feed the
    variants' networks: input shapes differ, more classes than output units. The data is
    named as the Data panel names ``dataset`` (the data spec's dataset)."""
    if data is None:
        return ""
    name = dataset_name(dataset)
    lines = []
    for v in variants:
        prefix = f"{v.name}: " if len(variants) > 1 else ""
        problem = input_shape_problem(v.network_spec.input_shape, data.x_train.shape[1:], name)
        if problem is not None:
            lines.append(prefix + render(problem))
            # what the network would say next, once the input shape is changed (W7-6:
            # "add a Flatten layer" came only at the second Start)
            lines += [prefix + render(p)
                      for p in _problems_with_input(v.network_spec, data.x_train.shape[1:])]
        problem = output_problem(v.network_spec, data, dataset)
        if problem is not None:
            lines.append(prefix + render(problem))
        # before the last run's plots are cleared: the trainer would refuse it at its start
        problem = _loss_problem(v.train_spec, data, name)
        if problem is not None:
            lines.append(prefix + render(problem))
    return "\n".join(lines)


#: layers whose output has the shape of their input
_SAME_SHAPE = ("Activation", "Dropout", "BatchNormalization")


def _output_shape(network_spec: Any) -> tuple[int, ...] | None:
    """The network's output shape; while an earlier layer keeps the shapes from being
    worked out (a Flatten missing), the units of the Dense layer that gives the output."""
    shape = network_spec.output_shape()
    if shape:
        return tuple(shape)
    for layer in reversed(network_spec.layers):
        if layer.type == "Dense":
            units = layer.config.get("units")
            ok = isinstance(units, int) and not isinstance(units, bool) and units > 0
            return (units,) if ok else None
        if layer.type not in _SAME_SHAPE:
            return None
    return None


def output_problem(network_spec: Any, data: Any, dataset: str) -> Any:
    """Why the network's output layer cannot give the loaded ``data``'s classes (fewer
    units than classes), or None (also when ``data`` is None: not loaded yet). Said with
    the network's other problems, not only once they are fixed (walker34 W34-5: with the
    Flatten missing, the 2-unit output against MNIST's 10 classes came at the next Start);
    the editor shows it on the output layer."""
    if data is None:
        return None
    try:
        out = _output_shape(network_spec)
    except Exception as exc:   # a registry that cannot load: the run reports it
        log.debug("cannot work out the output shape: %s", exc)
        return None
    return classes_problem(data, out, dataset_name(dataset)) if out else None


def _loss_problem(train_spec: Any, data: Any, name: str) -> Any:
    """``run_data.loss_problem`` for the variant's loss (None when the loss is unknown: the
    training settings' own check names that)."""
    from dlstudio.engine import losses       # its kernels: not before the window's first paint

    try:
        loss = losses.get(train_spec.loss)
    except (KeyError, ValueError):       # an unknown or broken loss setting
        return None
    return loss_problem(data.y_train, loss, name)


def frozen_layers_note(network_specs: list[Any]) -> str:
    """The warning for networks a run trains from new random weights while some of their
    layers with weights are frozen (Trainable off): those layers keep random weights for the
    whole run, and only the others learn (walker9 W9-26). "" when no layer is frozen."""
    for spec in network_specs:
        frozen = [f"{r.index + 1}. {r.name}" for r in spec.describe_layers()
                  if r.frozen]
        if frozen:
            return QCoreApplication.translate(
                "Studio", "Frozen layers keep their new random weights in this run: %1 "
                "(Trainable is off in their Layer settings). Only the other layers learn; "
                "tick Trainable to train them too.").replace("%1", ", ".join(frozen))
    return ""
