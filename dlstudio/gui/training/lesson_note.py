"""The Training panel's note on settings a lesson step set.

A lesson step sets its own training settings (epochs, batch size, learning rate, penalties)
and they stay when the lesson is left: the next lesson's steps set theirs, and free work goes
on with them (the lesson-left note says so).
The panel's values then looked like the student's own (walker26 W26-18).
``LessonSettingsNoteWidget`` says whose they are ("Lesson 16 step 2 set these training
settings") while they are a step's and the student has not changed them, and offers the
settings the student had before the lesson (``Studio.restore_own_training``).
Once the student changes one of the step's values the note stays, reworded, with the same
button and a Dismiss one, until the student restores or dismisses (walker29 W29-3: it went at
the first edit and the settings from before the lessons were out of reach).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from dlstudio.gui.i18n import joined_sentence_ends
from dlstudio.gui.widgets.retranslate import RetranslateMixin


class LessonSettingsNoteWidget(RetranslateMixin, QFrame):
    """"Lesson N step M set these training settings. [Restore my settings]",
    shown while ``Studio.training_set_by()`` names a step."""

    def __init__(self, studio: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.studio = studio
        self.setObjectName("lesson_settings_note")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.restore_button = QPushButton(self)
        self.restore_button.setObjectName("restore_own_training")
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.dismiss_button = QPushButton(self)
        self.dismiss_button.setObjectName("forget_own_training")
        self.dismiss_button.clicked.connect(self._on_dismiss_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.restore_button)
        row.addWidget(self.dismiss_button)
        studio.sigTrainChanged.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.restore_button.setText(self.tr("Restore my settings"))
        self.restore_button.setToolTip(self.tr(
            "Put back the training settings you had before the lesson's steps set theirs"))
        self.dismiss_button.setText(self.tr("Dismiss"))
        self.dismiss_button.setToolTip(self.tr(
            "Keep the settings in use and hide this note"))
        self.refresh()

    def refresh(self) -> None:
        who = self.studio.training_set_by()
        self.setVisible(bool(who))
        if who:
            self._say(self.tr(
                "%1 set these training settings; they stay until you change them.")
                .replace("%1", who))
            self.restore_button.setVisible(self.studio.can_restore_own_training())
        self._refresh_way_back(bool(who))

    def _refresh_way_back(self, named: bool) -> None:
        """After the student changed the step's values: the note stays, reworded, while the
        settings from before the lessons can be restored (``Studio.edited_lesson_training``)."""
        edited = "" if named else self.studio.edited_lesson_training()
        self.dismiss_button.setVisible(bool(edited))
        if not edited:
            return
        self.setVisible(True)
        self._say(self.tr(
            "You changed the training settings that %1 set. Your settings from before the "
            "lessons can still be restored.").replace("%1", edited))
        self.restore_button.setVisible(True)

    def _say(self, text: str) -> None:
        """The note's words, no sentence's end alone on a line in Chinese ("复。": walker31)."""
        self.label.setText(joined_sentence_ends(text))

    def _on_restore_clicked(self) -> None:
        self.studio.restore_own_training()

    def _on_dismiss_clicked(self) -> None:
        self.studio.forget_own_training()
