"""The transfer-learning panel (``TransferPanel(studio)``); run alone with
``python -m dlstudio.gui.transfer.demo [source.dlsnet]``."""
from __future__ import annotations

__all__ = ["TransferPanel"]


def __getattr__(name: str):
    if name == "TransferPanel":
        from dlstudio.gui.transfer.panel import TransferPanel

        return TransferPanel
    raise AttributeError(f"module 'dlstudio.gui.transfer' has no attribute {name!r}")
