"""The note above the plots after a crash: the restored session is what the crash left.

At a start after a window did not close properly, the session restored is its last autosave
(``gui/session_recovery.py``, ``sigCrashRestored``). A status line is missed and goes at the
next status, so the window says it in a note above the plots that stays until the student
closes it or another session replaces this one (walker32 B35). ``CrashNote`` fills the
window's note widget (a ``RunNoteWidget``) and says it again in a new language.
"""
from __future__ import annotations

from dlstudio.gui.widgets.status_line import RunNoteWidget


class CrashNote:
    """What the window's ``note`` says about a session a crash left."""

    def __init__(self, note: RunNoteWidget):
        self.note = note
        #: when the restored session was autosaved (``saved_at_text``; "": no crash)
        self.saved_at = ""

    def show(self, saved_at: str) -> None:
        """Say that the session on screen is the one autosaved at ``saved_at``."""
        self.saved_at = saved_at
        self._say()

    def retranslate(self) -> None:
        """Say it again in the current language (nothing while the note is hidden)."""
        if not self.note.isHidden():
            self._say()

    def _say(self) -> None:
        from dlstudio.gui.session_recovery import crash_note

        heading, text = crash_note(self.saved_at)
        self.note.show_note(heading, [text], error=False)
