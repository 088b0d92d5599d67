"""Outcome (work in progress)."""
from __future__ import annotations

from dlstudio.gui.plots._base import BasePanel


class OutcomePanel(BasePanel):
    def _has_data(self) -> bool:
        return False
