"""Write a network as a readable PyTorch module (``.py``) plus its state dict (``.pt``).

The generated module is plain PyTorch a student can read and change: one ``nn`` attribute per
layer with weights, named as in dlstudio, and a ``forward`` that spells out what dlstudio does
implicitly. It takes dlstudio's input layout (N, H, W, C), permutes to NCHW for the
convolutions, reproduces TensorFlow's 'same' padding with ``F.pad`` (the extra zero at the
bottom/right), and permutes back before ``flatten`` so Dense weights keep Keras's order.
Weight layouts are converted: Dense (in, out) -> Linear (out, in); Conv2D (KH, KW, C_in,
C_out) -> Conv2d (C_out, C_in, KH, KW).
"""
from __future__ import annotations

import keyword
import re
from pathlib import Path

import numpy as np

from dlstudio.interop import ExportError, require
from dlstudio.interop.plan import Step, plan

_TORCH_ACT = {"relu": "torch.relu({x})", "sigmoid": "torch.sigmoid({x})",
              "tanh": "torch.tanh({x})", "softplus": "F.softplus({x})", "selu": "F.selu({x})"}


def _attr(name: str, taken: set[str]) -> str:
    base = re.sub(r"\W", "_", name) or "layer"
    if base[0].isdigit() or keyword.iskeyword(base):
        base = "layer_" + base
    attr, k = base, 1
    while attr in taken:
        attr, k = f"{base}_{k}", k + 1
    taken.add(attr)
    return attr


def _activation(step: Step, x: str, channels_first: bool) -> str | None:
    act = step.activation
    if act.name == "linear":
        return None
    if act.name in _TORCH_ACT:
        return _TORCH_ACT[act.name].format(x=x)
    if act.name == "leaky_relu":
        return f"F.leaky_relu({x}, negative_slope={act.config.get('alpha', 0.01)!r})"
    if act.name == "elu":
        return f"F.elu({x}, alpha={act.config.get('alpha', 1.0)!r})"
    if act.name == "softmax":
        return f"torch.softmax({x}, dim={1 if channels_first else -1})"
    raise ExportError(f"{step.name}: no PyTorch function for the activation '{act.name}'")


def _pad(step: Step, x: str, value: str = "0.0") -> str:
    top, bottom, left, right = step.pads
    if not any(step.pads):
        return x
    return f"F.pad({x}, ({left}, {right}, {top}, {bottom}), value={value})"


#: the steps that need images in PyTorch's NCHW layout
_NCHW_KINDS = ("conv", "maxpool", "avgpool", "batchnorm")


def module_source(network, class_name: str = "Net") -> tuple[str, dict[str, np.ndarray]]:
    """The module's source code and its state dict (as NumPy arrays, PyTorch layouts)."""
    image = len(network.input_shape) == 3
    init, body, state = [], [], {}
    taken: set[str] = set()
    channels_first = False
    for step in plan(network):
        # images go NCHW for the first layer that needs PyTorch's layout (a Flatten first
        # needs none: no pair of permutes that undo each other, walker38 W38-18)
        if image and not channels_first and step.kind in _NCHW_KINDS:
            body.append("x = x.permute(0, 3, 1, 2)            # NHWC (dlstudio, Keras) -> NCHW")
            channels_first = True
        if step.kind == "flatten":
            image = False
        if step.kind in ("dense", "conv", "batchnorm"):
            attr = _attr(step.name, taken)
        w = step.weights
        if step.kind == "dense":
            n_in, n_out = w["W"].shape
            init.append(f"self.{attr} = nn.Linear({n_in}, {n_out}, bias={'b' in w})")
            state[f"{attr}.weight"] = w["W"].T
            body.append(f"x = self.{attr}(x)")
        elif step.kind == "conv":
            kh, kw, c_in, c_out = w["W"].shape
            init.append(f"self.{attr} = nn.Conv2d({c_in}, {c_out}, kernel_size={step.kernel}, "
                        f"stride={step.strides}, bias={'b' in w})")
            state[f"{attr}.weight"] = w["W"].transpose(3, 2, 0, 1)
            comment = "   # 'same' as TensorFlow pads" if step.padding == "same" else ""
            body.append(f"x = self.{attr}({_pad(step, 'x')}){comment}")
        elif step.kind == "maxpool":
            padded = _pad(step, "x", 'float("-inf")')      # padding never wins a max
            body.append(f"x = F.max_pool2d({padded}, "
                        f"kernel_size={step.kernel}, stride={step.strides})")
        elif step.kind == "avgpool":
            if any(step.pads):    # Keras averages over the real pixels only
                body.append(f"x = F.avg_pool2d({_pad(step, 'x')}, {step.kernel}, {step.strides})"
                            f" / F.avg_pool2d({_pad(step, 'torch.ones_like(x[:1, :1])')}, "
                            f"{step.kernel}, {step.strides})   # padding not counted")
            else:
                body.append(f"x = F.avg_pool2d(x, kernel_size={step.kernel}, "
                            f"stride={step.strides})")
        elif step.kind == "flatten":
            if channels_first:
                body.append("x = x.permute(0, 2, 3, 1)            # back to NHWC: Keras's "
                            "flattening order")
                channels_first = False
            body.append("x = torch.flatten(x, 1)")
        elif step.kind == "batchnorm":
            kind = "BatchNorm2d" if channels_first else "BatchNorm1d"
            init.append(f"self.{attr} = nn.{kind}({w['gamma'].shape[0]}, eps={step.epsilon!r}, "
                        f"momentum={1.0 - step.momentum:.6g})   # PyTorch's momentum = 1 - "
                        f"Keras's")
            state[f"{attr}.weight"], state[f"{attr}.bias"] = w["gamma"], w["beta"]
            state[f"{attr}.running_mean"] = w["moving_mean"]
            state[f"{attr}.running_var"] = w["moving_variance"]
            body.append(f"x = self.{attr}(x)")
        if "b" in w and step.kind in ("dense", "conv"):
            state[f"{attr}.bias"] = w["b"]
        if step.kind in ("dense", "conv", "activation"):
            call = _activation(step, "x", channels_first)
            if call:
                body.append(f"x = {call}")
    if channels_first:
        body.append("x = x.permute(0, 2, 3, 1)            # outputs in NHWC, as dlstudio's")
    shape = ", ".join(str(s) for s in network.input_shape)
    lines = [
        f'"""{class_name}: a network exported from dlstudio ({len(network.layers)} layers).',
        "",
        f"Input: a float32 tensor of shape (N, {shape}), the layout dlstudio uses; the output is",
        "what dlstudio's predict() returns. Load it with:",
        "",
        f"    model = {class_name}()",
        "    model.load_state_dict(torch.load(\"<the .pt file>\"))",
        "    model.eval()                       # batch norm uses its running statistics",
        '"""',
        "import torch",
        "import torch.nn.functional as F",
        "from torch import nn",
        "",
        "",
        f"class {class_name}(nn.Module):",
        "    def __init__(self):",
        "        super().__init__()",
        *(f"        {line}" for line in init or ["pass"]),
        "",
        "    def forward(self, x):",
        *(f"        {line}" for line in body),
        "        return x",
        "",
    ]
    return "\n".join(lines), state


def export_pytorch(network, path: str | Path, class_name: str = "Net") -> tuple[Path, Path]:
    """Write ``path`` (.py source) and the state dict beside it (same name, ``.pt``)."""
    torch = require("torch", "PyTorch")
    path = Path(path).with_suffix(".py")
    source, state = module_source(network, class_name)
    path.write_text(source, encoding="utf-8")
    weights = path.with_suffix(".pt")
    torch.save({k: torch.from_numpy(np.ascontiguousarray(v, dtype=np.float32))
                for k, v in state.items()}, weights)
    return path, weights
