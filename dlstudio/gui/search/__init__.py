"""The hyperparameter search panel (``SearchPanel(studio)``); run alone with
``python -m dlstudio.gui.search.panel``."""
from __future__ import annotations

__all__ = ["SearchPanel"]


def __getattr__(name: str):
    if name == "SearchPanel":
        from dlstudio.gui.search.panel import SearchPanel

        return SearchPanel
    raise AttributeError(f"module 'dlstudio.gui.search' has no attribute {name!r}")
