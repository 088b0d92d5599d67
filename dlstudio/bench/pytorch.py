"""The same networks in PyTorch (CPU), built from the same network spec: the one PyTorch
model and optimizer builder of every benchmark (``run``, ``mnist``)."""
from __future__ import annotations

from typing import Any, Callable

from dlstudio.bench.workloads import Workload


def available() -> str | None:
    """PyTorch's version when it imports, else None. Asked in a child process: PyTorch's
    libraries (its own OpenMP runtime among them) stay out of the process that measures
    dlstudio."""
    import subprocess
    import sys

    from dlstudio.thread_env import library_default_environment

    try:
        done = subprocess.run([sys.executable, "-c", "import torch; print(torch.__version__)"],
                              capture_output=True, text=True, timeout=120,
                              env=library_default_environment())
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = done.stdout.split()
    return lines[-1] if done.returncode == 0 and lines else None


def _activation(name: str | None):
    import torch.nn as nn

    return {"relu": nn.ReLU(), "tanh": nn.Tanh(), "sigmoid": nn.Sigmoid(), "elu": nn.ELU(),
            "selu": nn.SELU(), "linear": None, None: None, "softmax": None}[name]


def build_model(spec: Any, keras_init: bool = False, seed: int | None = None):
    """A torch.nn.Sequential (NCHW) equivalent to the ``NetworkSpec`` (softmax left to the
    loss). ``keras_init``: Glorot-uniform kernels and zero biases, as Keras initializes the
    same network; ``seed`` seeds PyTorch's generator first."""
    import torch
    import torch.nn as nn

    if seed is not None:
        torch.manual_seed(seed)
    mods = []
    shape = tuple(spec.input_shape)
    for ls in spec.layers:
        cfg = ls.config
        if ls.type == "Dense":
            n_in = shape[0]
            mods.append(nn.Linear(n_in, cfg["units"]))
            shape = (cfg["units"],)
        elif ls.type == "Conv2D":
            k = cfg.get("kernel_size", 3)
            pad = "same" if cfg.get("padding", "valid") == "same" else 0
            mods.append(nn.Conv2d(shape[-1], cfg["filters"], k, padding=pad))
            h = shape[0] if pad == "same" else shape[0] - k + 1
            shape = (h, h, cfg["filters"])
        elif ls.type == "MaxPooling2D":
            p = cfg.get("pool_size", 2)
            mods.append(nn.MaxPool2d(p))
            shape = (shape[0] // p, shape[1] // p, shape[2])
        elif ls.type == "Flatten":
            mods.append(nn.Flatten())
            size = 1
            for s in shape:
                size *= s
            shape = (size,)
        else:
            raise ValueError(f"benchmark has no PyTorch mapping for {ls.type}")
        act = _activation(cfg.get("activation"))
        if act is not None:
            mods.append(act)
    model = nn.Sequential(*mods)
    if keras_init:
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)
    return model


def build_optimizer(name: str, config: dict, params):
    """PyTorch's optimizer with Keras's defaults where they differ (RMSprop rho 0.9, epsilon
    1e-7), from a dlstudio optimizer name and its settings."""
    import torch

    cfg = config
    lr = cfg.get("learning_rate", 0.01)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=0.9, eps=1e-7)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, eps=1e-7)
    return torch.optim.SGD(params, lr=lr, momentum=cfg.get("momentum", 0.0))


def _inputs(w: Workload, channels_last: bool, n_batches: int = 8):
    import torch

    x, y = w.data(n_batches)
    xt = torch.from_numpy(x)
    if len(w.spec.input_shape) == 3:
        xt = xt.permute(0, 3, 1, 2).contiguous()
        if channels_last:
            xt = xt.contiguous(memory_format=torch.channels_last)
    return xt, torch.from_numpy(y)


def train_step(w: Workload, channels_last: bool = False) -> tuple[Callable[[int], None], float]:
    """``(step(i), units per step)``: one training step on the i-th of 8 fixed batches."""
    import torch

    torch.manual_seed(0)
    model = build_model(w.spec)
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
    opt = build_optimizer(w.optimizer, w.optimizer_config, model.parameters())
    loss_fn = torch.nn.CrossEntropyLoss()
    x, y = _inputs(w, channels_last)
    b = w.batch_size

    def step(i: int) -> None:
        j = i % 8
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[j * b:(j + 1) * b]), y[j * b:(j + 1) * b])
        loss.backward()
        opt.step()

    return step, 1.0 if w.unit == "steps/s" else float(b)


def inference_step(w: Workload, channels_last: bool = False, images: int | None = None
                   ) -> tuple[Callable[[int], None], float]:
    """``(step(i), units per step)``: predictions on batches of ``w.batch_size`` or of
    ``images`` examples (one call each, as a PyTorch user predicts)."""
    import torch

    model = build_model(w.spec).eval()
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
    b = images or w.batch_size
    x, _ = _inputs(w, channels_last, n_batches=-(-8 * b // w.batch_size))

    def step(i: int) -> None:
        j = i % 8
        with torch.inference_mode():
            model(x[j * b:(j + 1) * b])

    return step, 1.0 if w.unit == "steps/s" else float(b)
