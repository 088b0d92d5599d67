"""Write a network as an ONNX model (opset 17) that onnxruntime runs with dlstudio's results.

The graph takes dlstudio's input layout (N, H, W, C) or (N, features) and returns what
``Network.predict`` returns. Images are transposed to NCHW once at the start; convolution,
pooling and batch norm run in NCHW, and the tensor goes back to NHWC just before Flatten so
that the flattened order (and so the next Dense layer's weights) stays Keras's.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from dlstudio.interop import ExportError, require
from dlstudio.interop.plan import Step, plan

OPSET = 17
SELU_ALPHA, SELU_GAMMA = 1.6732632423543772, 1.0507009873554805


class _Graph:
    """Collects nodes and initializers; ``value`` names the tensor computed so far."""

    def __init__(self, onnx):
        self.onnx, self.nodes, self.initializers, self.value = onnx, [], [], "input"

    def constant(self, name: str, array: np.ndarray) -> str:
        from onnx import numpy_helper

        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(self, op: str, inputs: list[str], name: str, **attrs: Any) -> str:
        out = f"{name}:{op.lower()}"
        self.nodes.append(self.onnx.helper.make_node(op, inputs, [out], name=out, **attrs))
        self.value = out
        return out


def _activation(g: _Graph, step: Step, channels_first: bool) -> None:
    act, name = step.activation, step.name
    if act.name == "linear":
        return
    simple = {"relu": "Relu", "sigmoid": "Sigmoid", "tanh": "Tanh", "softplus": "Softplus"}
    if act.name in simple:
        g.node(simple[act.name], [g.value], name)
    elif act.name == "leaky_relu":
        g.node("LeakyRelu", [g.value], name, alpha=float(act.config.get("alpha", 0.01)))
    elif act.name == "elu":
        g.node("Elu", [g.value], name, alpha=float(act.config.get("alpha", 1.0)))
    elif act.name == "selu":
        g.node("Selu", [g.value], name, alpha=SELU_ALPHA, gamma=SELU_GAMMA)
    elif act.name == "softmax":
        g.node("Softmax", [g.value], name, axis=1 if channels_first else -1)
    else:                                   # plan() refuses anything else
        raise ExportError(f"{name}: no ONNX operator for the activation '{act.name}'")


def to_onnx(network) -> Any:
    """The network as an ``onnx.ModelProto`` (checked by ``onnx.checker``)."""
    onnx = require("onnx", "ONNX")
    g = _Graph(onnx)
    image = len(network.input_shape) == 3
    channels_first = False
    if image:
        g.node("Transpose", [g.value], "input_to_nchw", perm=[0, 3, 1, 2])
        channels_first = True
    for step in plan(network):
        n = step.name
        if step.kind == "dense":
            w = g.constant(f"{n}/kernel", step.weights["W"])
            g.node("MatMul", [g.value, w], n)
            if "b" in step.weights:
                g.node("Add", [g.value, g.constant(f"{n}/bias", step.weights["b"])], n)
        elif step.kind == "conv":
            top, bottom, left, right = step.pads
            inputs = [g.value, g.constant(f"{n}/kernel",
                                          step.weights["W"].transpose(3, 2, 0, 1))]  # OIHW
            if "b" in step.weights:
                inputs.append(g.constant(f"{n}/bias", step.weights["b"]))
            g.node("Conv", inputs, n, kernel_shape=list(step.kernel),
                   strides=list(step.strides), pads=[top, left, bottom, right])
        elif step.kind in ("maxpool", "avgpool"):
            top, bottom, left, right = step.pads
            attrs = dict(kernel_shape=list(step.kernel), strides=list(step.strides),
                         pads=[top, left, bottom, right])
            if step.kind == "avgpool":
                attrs["count_include_pad"] = 0      # padding never counts, as in Keras
            g.node("MaxPool" if step.kind == "maxpool" else "AveragePool", [g.value], n, **attrs)
        elif step.kind == "flatten":
            if channels_first:
                g.node("Transpose", [g.value], f"{n}_to_nhwc", perm=[0, 2, 3, 1])
                channels_first = False
            g.node("Flatten", [g.value], n, axis=1)
        elif step.kind == "batchnorm":
            w = step.weights
            names = [g.constant(f"{n}/{k}", w[k]) for k in
                     ("gamma", "beta", "moving_mean", "moving_variance")]
            g.node("BatchNormalization", [g.value, *names], n, epsilon=float(step.epsilon))
        if step.kind in ("dense", "conv", "activation"):
            _activation(g, step, channels_first)
    if channels_first:                               # a network ending on images: back to NHWC
        g.node("Transpose", [g.value], "output_to_nhwc", perm=[0, 2, 3, 1])
    g.nodes.append(onnx.helper.make_node("Identity", [g.value], ["output"], name="output"))
    helper, tp = onnx.helper, onnx.TensorProto
    graph = helper.make_graph(
        g.nodes, "dlstudio",
        [helper.make_tensor_value_info("input", tp.FLOAT, ["N", *network.input_shape])],
        [helper.make_tensor_value_info("output", tp.FLOAT, ["N", *network.output_shape])],
        g.initializers)
    model = helper.make_model(graph, producer_name="dlstudio",
                              opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8                              # readable by onnxruntime >= 1.12
    onnx.checker.check_model(model, full_check=True)
    return model


def export_onnx(network, path: str | Path) -> Path:
    """Write ``network`` to ``path`` (a ``.onnx`` file)."""
    onnx = require("onnx", "ONNX")
    path = Path(path)
    model = to_onnx(network)
    onnx.save_model(model, str(path))
    return path
