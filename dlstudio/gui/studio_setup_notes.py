"""What the status line says as a run leaves its set-up.

``StudioSetupNotes`` is a mixin of :class:`~dlstudio.gui.studio.Studio` (it uses the studio's
``sigMessage`` and ``runner``). While a run prepares (loading data, building, compiling
kernels) the runner's progress sentences cover the status line. Once the run trains (or is
paused) the status line says, once: the note the run left for then (``_frozen_note``: the
frozen layers, W9-26, or the branches left out); else, while a set-up sentence still shows,
the sentence it covered (W9-22) or a hint of the keys that control the run.
"""
from __future__ import annotations

from PySide6.QtCore import Slot


class StudioSetupNotes:
    """The status line's sentences around a run's set-up (mixed into ``Studio``)."""

    def _init_setup_notes(self) -> None:
        #: said once the newest run trains (``run_problems.frozen_layers_note``), or ""
        self._frozen_note = ""
        #: the status line's last sentence, the run's set-up sentences, and the sentence they
        #: covered: said again once the run trains (W9-22)
        self._last_message = ""
        self._setup_texts: set[str] = set()
        self._covered_message = ""
        self.sigMessage.connect(self._on_own_message)
        self.runner.sigProgress.connect(self._on_runner_progress)

    @Slot(int, int, str)
    def _on_runner_progress(self, done: int, total: int, text: str) -> None:
        if text:
            if self._last_message not in self._setup_texts:
                self._covered_message = self._last_message
            self._setup_texts.add(text)
            self.sigMessage.emit(text)

    def _say_after_setup(self, hint: str) -> None:
        """Once a run leaves its set-up: the frozen layers' note (W9-26), else, while the
        status line still shows a set-up sentence, what it covered or ``hint`` (W9-22)."""
        note = self._frozen_note
        if self._last_message in self._setup_texts:
            note = note or self._covered_message or hint
        self._frozen_note = ""
        if note:
            self.sigMessage.emit(note)

    def withdraw_message(self, text: str) -> None:
        """``text`` is no longer true: the status line goes blank if it still says it, and
        it is not said again after a run's set-up."""
        if not text:
            return
        if self._covered_message == text:
            self._covered_message = ""
        if self._last_message == text:
            self.sigMessage.emit("")

    @Slot(str)
    def _on_own_message(self, text: str) -> None:
        self._last_message = text

    def _forget_messages(self) -> None:
        """A new run starts: nothing said before it is said again after its set-up."""
        self._last_message = ""
        self._covered_message = ""
