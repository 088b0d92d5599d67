"""``RestyleMixin``: a widget whose colours follow the light/dark theme.

When the theme switches (``dlstudio.gui.theme.apply`` sets the application's palette), Qt
sends every widget a ``PaletteChange`` event; a widget listing this mixin before its Qt base
class answers it by calling its own ``restyle()``, which takes its colours from
``self.palette()`` again (a pyqtgraph view's background, axes, legend). Plots styled only when
made stayed white in the dark theme (walker19 W19-10: Transfer, Optimizer playground, Loss
landscape). The plot pages (``BasePanel``) do the same in their own ``changeEvent``.

A widget that handles other change events overrides ``changeEvent`` and calls
``super().changeEvent(event)``, which reaches the mixin.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent


class RestyleMixin:
    """Calls ``self.restyle()`` on every ``PaletteChange`` event once the widget called
    ``follow_theme()`` (at the end of its ``__init__``: Qt sends palette events while the
    widget is still being made, before what ``restyle`` styles exists)."""

    _follows_theme = False

    def restyle(self) -> None:
        """Take every colour from the widget's palette again."""
        raise NotImplementedError

    def follow_theme(self) -> None:
        """Style the widget now, and again whenever the theme switches."""
        self._follows_theme = True
        self.restyle()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.PaletteChange and self._follows_theme:
            self.restyle()
        super().changeEvent(event)
