"""Bridges to the frameworks a student moves on to: export to ONNX, PyTorch and Keras, Keras
models opened as dlstudio specs, TensorBoard event files.

- ``plan``: a network described in the terms every framework shares (the one place that
  resolves TensorFlow-style 'same' padding, weight layouts and what cannot be exported).
- ``onnx_export``, ``pytorch_export``, ``keras_export``: writers built on the plan.
- ``keras_import``: a Keras Sequential config (or ``.keras`` file) as a ``NetworkSpec``.
- ``tensorboard``: TensorBoard event files written with no TensorFlow installed.

The frameworks themselves are optional (``pip install "dlstudio[export]"``); each writer
imports its framework only when called and says plainly what to install when it is missing.
"""
from __future__ import annotations


class ExportError(ValueError):
    """A network, file or setting that cannot be exported or imported, in words for a user."""


def require(module: str, framework: str):
    """Import an optional package or raise ``ExportError`` saying how to install it, for an
    export to ``framework`` ("Keras"), in the window's language (walker38 W38-17: English
    under a Chinese window's buttons)."""
    import importlib

    from dlstudio.messages import Message

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ExportError(Message("interop.needs_package", framework=framework,
                                  package=module.split(".")[0])) from None
