"""The settings chosen in the main window's menus, applied and remembered for the next start.

``WindowSettingsMixin`` (mixed into :class:`~dlstudio.gui.main_window.MainWindow`) applies the
theme, classroom mode, the language and training in a separate process, ticks their menu
actions, and keeps the user's choices in the window's ``QSettings`` (``save_setting``). A
change made because an opened workspace asked for it (``remember=False``, ``chosen=False``)
is not remembered: what the user chose stays their choice.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from dlstudio.gui import i18n, theme


class WindowSettingsMixin:
    """View and run settings of ``MainWindow`` (uses its ``studio``, ``acts``, ``settings``)."""

    def set_theme(self, name: str) -> None:
        self.studio.set_theme(name)
        theme.apply(QApplication.instance(), name, self.studio.classroom,
                    theme.screen_height(self))
        self.acts[f"theme_{name}"].setChecked(True)
        self.save_setting("theme", name)

    def set_train_in_process(self, on: bool, remember: bool = True) -> None:
        """Runs train in a child process (Run > Train in a separate process) or on the
        worker's thread; ``remember``: also for the next start. The next run uses it."""
        self.studio.train_in_process = bool(on)
        self.acts["train_in_process"].setChecked(bool(on))
        if on:
            from dlstudio.gui.training_process import start_spare

            start_spare()               # ready by the time the student presses Start
        if remember:
            self.save_setting("train_in_process", bool(on))

    def set_classroom(self, on: bool, remember: bool = True) -> None:
        """Classroom mode on or off; ``remember``: also for the next start (the user's
        choice, not an opened workspace's)."""
        self.studio.set_classroom(on)
        theme.apply(QApplication.instance(), self.studio.theme, on, theme.screen_height(self))
        if self.panels_built:
            self.tidy_dock_tabs()
        self.acts["classroom"].setChecked(on)
        if remember:
            self.save_setting("classroom", on)

    def set_language(self, code: str, chosen: bool = True) -> None:
        """Use language ``code``; ``chosen``: the user chose it (remembered for the next
        start), not an opened workspace."""
        i18n.set_language(code, chosen=chosen)
        self.acts[f"lang_{code}"].setChecked(True)
        if chosen:
            self.save_setting("language", code)

    def save_setting(self, key: str, value: Any) -> None:
        """Remember a user setting for the next start (no-op without settings)."""
        if self.settings is not None:
            self.settings.setValue(key, value)
