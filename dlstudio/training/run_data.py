"""The arrays a trainer works on, checked against the network before anything runs."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from dlstudio.engine.validation import input_shape_problem as network_shape_problem
from dlstudio.messages import Message


class DataMismatchError(ValueError):
    """The data does not fit the network (the message says how to fix it)."""


@dataclass
class TrainingData:
    """Train / validation / test arrays (validation and test may be empty)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    augmenter: Any = None
    name: str = "the data"


def _empty_like(x: np.ndarray) -> np.ndarray:
    return np.zeros((0,) + tuple(x.shape[1:]), dtype=x.dtype)


def _get(dataset: Any, key: str, like: np.ndarray) -> np.ndarray:
    value = getattr(dataset, key, None)
    return _empty_like(like) if value is None else np.asarray(value)


def prepare_data(dataset: Any, network: Any, validation_split: float | None,
                 seed: int) -> TrainingData:
    """Collect the dataset's splits, carve a validation set if asked, and check shapes.

    ``validation_split`` None keeps the dataset's validation set; a fraction holds out that
    share of the training split instead (stratified by class for integer labels, seeded).
    Raises ``DataMismatchError`` when the inputs or labels do not fit the network.
    """
    x_train = np.asarray(dataset.x_train)
    y_train = np.asarray(dataset.y_train)
    info = getattr(dataset, "info", None)
    name = repr(getattr(info, "name", "")) if info is not None else "the data"
    data = TrainingData(x_train, y_train, _get(dataset, "x_val", x_train),
                        _get(dataset, "y_val", y_train), _get(dataset, "x_test", x_train),
                        _get(dataset, "y_test", y_train), getattr(dataset, "augmenter", None),
                        name if name != "''" else "the data")
    if validation_split:
        from dlstudio.data.split import split_indices

        keep, held = split_indices(y_train, float(validation_split),
                                   np.random.default_rng([int(seed), 7]))
        data.x_train, data.y_train = x_train[keep], y_train[keep]
        data.x_val, data.y_val = x_train[held], y_train[held]
    check_fit(data, network)
    return data


def input_shape_problem(want: Any, have: Any, data_name: str) -> Message | None:
    """Why inputs of shape ``have`` cannot feed a network that takes ``want``, or None."""
    want, have = tuple(want), tuple(have)
    if have == want:
        return None
    # data of a shape no network can take ([28, -5]) is never suggested (walker25 W25-16)
    key = ("data_fit.input_shape" if network_shape_problem(want) is None
           else "data_fit.input_shape_impossible")
    return Message(key, want=str(list(want)), data=data_name, have=str(list(have)))


def check_fit(data: TrainingData, network: Any) -> None:
    """Raise ``DataMismatchError`` when the data cannot feed the network."""
    if len(data.x_train) == 0:
        raise DataMismatchError(Message("data_fit.no_examples", data=data.name))
    problem = input_shape_problem(network.input_shape, data.x_train.shape[1:], data.name)
    if problem is not None:
        raise DataMismatchError(problem)
    if len(data.y_train) != len(data.x_train):
        raise DataMismatchError(Message("data_fit.label_count", data=data.name,
                                        inputs=len(data.x_train), labels=len(data.y_train)))
    problem = classes_problem(data, network.output_shape, data.name)
    if problem is not None:
        raise DataMismatchError(problem)


def classes_problem(data: Any, output_shape: Any, data_name: str) -> Message | None:
    """Why a network with outputs of ``output_shape`` cannot classify ``data``'s labels (more
    classes than output units), or None. ``data``: anything with ``y_train``, ``y_val`` and
    ``y_test`` arrays (a ``TrainingData`` or a loaded ``Dataset``)."""
    out = tuple(output_shape)
    y = data.y_train
    if y.ndim == 1 and np.issubdtype(y.dtype, np.integer) and len(out) == 1 and out[0] > 1:
        n_classes = int(max(y.max(initial=0), data.y_val.max(initial=0) if len(data.y_val)
                            else 0, data.y_test.max(initial=0) if len(data.y_test) else 0)) + 1
        if n_classes > out[0]:
            return Message("data_fit.classes", data=data_name, classes=n_classes,
                           units=out[0])
    return None


def loss_problem(y_train: np.ndarray, loss: Any, data_name: str) -> Message | None:
    """Why ``loss`` (a ``Loss``) cannot use labels like ``y_train``, or None: class losses
    on numbers to predict, a regression loss on class labels, one-hot categorical
    cross-entropy on class numbers. Said before a run starts (the window) and when it starts
    (``check_loss``)."""
    y = y_train
    labels = y.ndim == 1 and np.issubdtype(y.dtype, np.integer)
    name = getattr(loss, "name", str(loss))
    if name == "categorical_crossentropy" and labels:
        return Message("data_fit.loss_needs_one_hot", data=data_name)
    # the losses quoted by their names (the window shows their names on screen: W34-6)
    if getattr(loss, "metric", None) == "accuracy" and not labels and name != \
            "categorical_crossentropy":
        return Message("data_fit.loss_needs_classes", data=data_name, loss=repr(name),
                       use=repr("mse"))
    if getattr(loss, "metric", None) is None and labels:
        return Message("data_fit.loss_needs_numbers", data=data_name, loss=repr(name),
                       use=repr("sparse_categorical_crossentropy"),
                       use2=repr("binary_crossentropy"))
    return None


#: what a loss that reads the outputs as probabilities needs as the output activation
#: (``from_logits`` off); a loss not named here takes any output
PROBABILITY_OUTPUTS = {"sparse_categorical_crossentropy": ("softmax",),
                       "categorical_crossentropy": ("softmax",),
                       "binary_crossentropy": ("sigmoid", "softmax")}


def output_activation_problem(activation: str | None, loss: Any) -> Message | None:
    """Why a network whose output activation is ``activation`` (a name; None or "linear":
    none) cannot feed ``loss`` (a ``Loss``), or None. Cross-entropy reads the outputs as
    probabilities: from ReLU outputs above 1 it clips every example's loss to ~0 with a zero
    gradient, so a run "learned everything" at chance accuracy (walker38 W38-9). With
    ``from_logits`` it applies the softmax itself, and a softmax output would be applied
    twice."""
    name = getattr(loss, "name", str(loss))
    wanted = PROBABILITY_OUTPUTS.get(name)
    if wanted is None:
        return None
    act = activation or "linear"
    if getattr(loss, "from_logits", False):
        if act != "linear":
            return Message("data_fit.output_not_logits", loss=repr(name), activation=act)
        return None
    if act not in wanted:
        return Message("data_fit.output_not_probabilities", loss=repr(name), activation=act,
                       use=wanted[0])
    return None


def network_output_activation(network: Any) -> str | None:
    """The name of the activation a built network's outputs come out of (None: none)."""
    act = getattr(network, "output_activation", None)
    if act is None:
        layers = [layer for layer in network.layers if layer.type_name != "Dropout"]
        act = getattr(layers[-1], "activation", None) if layers else None
    return getattr(act, "name", None)


def check_output(network: Any, loss: Any) -> None:
    """Raise ``DataMismatchError`` when the network's outputs cannot feed ``loss``."""
    problem = output_activation_problem(network_output_activation(network), loss)
    if problem is not None:
        raise DataMismatchError(problem)


def check_loss(data: TrainingData, loss: Any) -> None:
    """Raise ``DataMismatchError`` when ``loss`` cannot use the data's labels."""
    problem = loss_problem(data.y_train, loss, data.name)
    if problem is not None:
        raise DataMismatchError(problem)