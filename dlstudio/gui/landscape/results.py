"""``LandscapeResults``: the landscapes the panel computed, one per comparison variant, and
the colour scale they share (no Qt).

Each variant keeps its newest finished ``LandscapeProgress`` with the settings it was
computed with (the form's ``settings(mode)``) and the data it was computed on. Landscapes
computed with equal settings are drawn on one colour scale (``shared_range``), so that a flat
surface looks flat next to a valley.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


class LandscapeResults(Mapping):
    """Variant name -> ``(settings, finished LandscapeProgress)``, read as a mapping."""

    def __init__(self):
        self._stored: dict[str, tuple[tuple, Any]] = {}
        #: variant -> the data spec its landscape is (being) computed on
        self._data: dict[str, Any] = {}

    def __getitem__(self, variant: str) -> tuple[tuple, Any]:
        return self._stored[variant]

    def __iter__(self) -> Iterator[str]:
        return iter(self._stored)

    def __len__(self) -> int:
        return len(self._stored)

    def store(self, variant: str, settings: tuple, item: Any) -> None:
        """The finished landscape ``item`` of ``variant``, computed with ``settings``."""
        self._stored[variant] = (settings, item)

    def note_data(self, variant: str, data_spec: Any) -> None:
        """The landscape of ``variant`` is computed on ``data_spec`` (the data its weights
        were trained on)."""
        self._data[variant] = data_spec

    def data_of(self, variant: str) -> Any:
        """The data spec the landscape of ``variant`` was computed on (None: none)."""
        return self._data.get(variant)

    def shared_range(self, variant: str) -> tuple[float, float] | None:
        """The loss range ``(lo, hi)`` of the colour scale the landscape of ``variant``
        shares with every landscape computed with the same settings (None for a line, which
        has no colours)."""
        from dlstudio.training.landscape import shared_loss_range

        settings, item = self._stored[variant]
        if item.result.y is None:
            return None
        return shared_loss_range([it.result for s, it in self._stored.values()
                                  if s == settings])

    def clear(self, *, data: bool = False) -> None:
        """Forget the landscapes (a network changed); with ``data``, also the data they were
        computed on (nothing is being computed any more)."""
        self._stored.clear()
        if data:
            self._data.clear()
