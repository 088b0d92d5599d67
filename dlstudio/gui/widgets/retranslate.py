"""``RetranslateMixin``: a widget whose texts follow the UI language.

When the language changes (``dlstudio.gui.i18n.set_language``), Qt sends every widget a
``LanguageChange`` event; a widget listing this mixin before its Qt base class answers it by
calling its own ``retranslate()``, which sets every user-visible text through ``self.tr``::

    class TrainingPanel(RetranslateMixin, QWidget):
        def retranslate(self) -> None:
            self.start.setText(self.tr("Start"))

A widget that handles other change events overrides ``changeEvent`` and calls
``super().changeEvent(event)``, which reaches the mixin.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent


class RetranslateMixin:
    """Calls ``self.retranslate()`` on every ``LanguageChange`` event."""

    def retranslate(self) -> None:
        """Set every user-visible text again in the current language."""
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
