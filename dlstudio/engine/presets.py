"""Ready-made networks for the classroom, each a function returning a ``NetworkSpec``.

``PRESETS`` entries carry a display name, help text, the dataset they are meant for
(``meta["dataset"]``) and the training settings recommended for them (``meta["train"]``,
changes to a default ``TrainSpec``), so the editor, the benchmark and the lessons share one
list.
"""
from __future__ import annotations

from dlstudio.engine.spec import PRESETS, LayerSpec, NetworkSpec

IMAGE = (28, 28, 1)


def _dense(units: int, activation: str, **extra) -> LayerSpec:
    return LayerSpec("Dense", {"units": units, "activation": activation, **extra})


def _conv(filters: int, activation: str = "relu", **extra) -> LayerSpec:
    return LayerSpec("Conv2D", {"filters": filters, "kernel_size": 3, "activation": activation, **extra})


@PRESETS.register("toy_2d", "Classroom toy (2-8-8-8-2, tanh)", dataset="spirals",
                  train={"optimizer": "adam", "learning_rate": 0.01, "epochs": 50},
                  help="Three small tanh layers on points in the plane: watch the decision "
                       "boundary bend as it learns.")
def toy_2d() -> NetworkSpec:
    return NetworkSpec((2,), (_dense(8, "tanh"), _dense(8, "tanh"), _dense(8, "tanh"),
                              _dense(2, "softmax")))


@PRESETS.register("deep_sigmoid_mlp", "Deep sigmoid MLP (vanishing gradients)", dataset="digits",
                  train={"optimizer": "sgd", "learning_rate": 0.1, "epochs": 5},
                  help="Nine sigmoid layers with small random-normal weights: the gradients "
                       "reaching the first layers are orders of magnitude smaller than the last's.")
def deep_sigmoid_mlp() -> NetworkSpec:
    init = {"class_name": "random_normal", "config": {"mean": 0.0, "stddev": 0.05}}
    hidden = tuple(_dense(64, "sigmoid", kernel_initializer=init) for _ in range(9))
    return NetworkSpec(IMAGE, (LayerSpec("Flatten"),) + hidden + (_dense(10, "softmax"),))


@PRESETS.register("elu_he_mlp", "5x100 ELU / He MLP", dataset="digits",
                  train={"optimizer": "adam", "learning_rate": 0.001, "epochs": 10},
                  help="Five hidden layers of 100 ELU units with He initialization: a deep "
                       "network that trains well.")
def elu_he_mlp() -> NetworkSpec:
    hidden = tuple(_dense(100, "elu", kernel_initializer="he_normal") for _ in range(5))
    return NetworkSpec(IMAGE, (LayerSpec("Flatten"),) + hidden + (_dense(10, "softmax"),))


@PRESETS.register("mlp_300_100", "784-300-100-10 MLP", dataset="mnist",
                  train={"optimizer": "adam", "learning_rate": 0.001, "epochs": 5,
                         "batch_size": 64},
                  help="The classic two-hidden-layer perceptron for MNIST.")
def mlp_300_100() -> NetworkSpec:
    return NetworkSpec(IMAGE, (LayerSpec("Flatten"), _dense(300, "relu"), _dense(100, "relu"),
                               _dense(10, "softmax")))


@PRESETS.register("mnist_convnet", "Textbook MNIST convnet", dataset="mnist",
                  train={"optimizer": "rmsprop", "learning_rate": 0.001, "epochs": 5,
                         "batch_size": 64},
                  help="Conv32-Pool-Conv64-Pool-Conv64-Dense64-Dense10: about 99% test accuracy "
                       "on MNIST after 5 epochs of RMSprop.")
def mnist_convnet() -> NetworkSpec:
    return NetworkSpec(IMAGE, (
        _conv(32), LayerSpec("MaxPooling2D", {"pool_size": 2}),
        _conv(64), LayerSpec("MaxPooling2D", {"pool_size": 2}),
        _conv(64), LayerSpec("Flatten"),
        _dense(64, "relu"), _dense(10, "softmax")))


@PRESETS.register("small_vgg", "Small VGG-style convnet", dataset="digits",
                  train={"optimizer": "adam", "learning_rate": 0.001, "epochs": 10,
                         "batch_size": 64},
                  help="Pairs of 3x3 'same' convolutions followed by pooling, then a dense "
                       "head with dropout: the VGG recipe in miniature.")
def small_vgg() -> NetworkSpec:
    return NetworkSpec(IMAGE, (
        _conv(32, padding="same"), _conv(32, padding="same"),
        LayerSpec("MaxPooling2D", {"pool_size": 2}),
        _conv(64, padding="same"), _conv(64, padding="same"),
        LayerSpec("MaxPooling2D", {"pool_size": 2}),
        LayerSpec("Flatten"), _dense(128, "relu"), LayerSpec("Dropout", {"rate": 0.5}),
        _dense(10, "softmax")))
