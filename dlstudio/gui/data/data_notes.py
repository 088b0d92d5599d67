"""Notes on the data just loaded, each a wrapped label hidden when it has nothing to say:
``TaskNoteWidget`` (how the task of the user's data was inferred; a warning when guessed),
``SkipNoteWidget`` (which rows or files of the user's data were skipped, and why) and
``SplitNoteWidget`` (how many training examples the validation split took)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from dlstudio.gui.i18n import render

#: skipped rows or files named one by one in the data panel (the rest are counted)
SKIPS_SHOWN = 3
#: fewer training examples than this after skipping rows earns a warning
FEW_EXAMPLES = 10


def skipped_place(where: object) -> str:
    """Where a skipped row or file was, as short as the student needs: a CSV line as
    "data.csv:58", an image with its class folder as "square/17.png" (two classes may each
    have a 17.png)."""
    place = Path(str(where))
    if ":" in place.name or not place.parent.name:
        return place.name
    return f"{place.parent.name}/{place.name}"


class _NoteWidget(QLabel):
    """A wrapped label, hidden until it has something to say."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setVisible(False)


class TaskNoteWidget(_NoteWidget):
    """How the task and classes of the user's own data were inferred: a hint, or a warning
    (role "problem") when they were guessed; hidden for the built-in sets."""

    def show_for(self, dataset: Any) -> None:
        """Say it for ``dataset`` (call again after a language change)."""
        info = getattr(dataset, "info", None)
        note = getattr(info, "task_note", "")
        guessed = bool(getattr(info, "task_guessed", False))
        if note:
            text = (self.tr("Warning: task %1") if guessed
                    else self.tr("Task: %1")).replace("%1", render(note))
            self.setText(text)
        self.setProperty("role", "problem" if guessed else "hint")
        self.style().polish(self)
        self.setVisible(bool(note))


class SkipNoteWidget(_NoteWidget):
    """What the loader left out of the user's file(s) (the first ``SKIPS_SHOWN`` by name,
    the rest counted), and a warning when fewer than ``FEW_EXAMPLES`` are left to train on."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("skip_note")
        self.setProperty("role", "problem")

    def show_for(self, dataset: Any) -> None:
        """Say it for ``dataset`` (call again after a language change)."""
        report = list(getattr(dataset, "report", None) or [])
        lines = []
        if report:
            lines.append(self.tr("One row or file was skipped:") if len(report) == 1 else
                         self.tr("%1 rows or files were skipped:").replace("%1", str(len(report))))
            for where, why in report[:SKIPS_SHOWN]:
                lines.append(f"• {skipped_place(where)}: {render(why)}")
            if len(report) > SKIPS_SHOWN:
                lines.append(self.tr("... and %1 more (the command dlstudio data lists them "
                                     "all)").replace("%1", str(len(report) - SKIPS_SHOWN)))
        n_train = len(getattr(dataset, "x_train", ()))
        if report and n_train < FEW_EXAMPLES:
            # "Only 1 training examples" (walker27 W27-15): a sentence per number form
            lines.append(self.tr("Only one training example is left: check the file.")
                         if n_train == 1 else
                         self.tr("Only %1 training examples are left: check the file.")
                         .replace("%1", str(n_train)))
        self.setText("\n".join(lines))
        self.setVisible(bool(lines))


class SplitNoteWidget(_NoteWidget):
    """How many training examples the validation split took, said plainly (6,000 of MNIST's
    60,000 by default)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("split_note")
        self.setProperty("role", "hint")

    def show_for(self, dataset: Any) -> None:
        """Say it for ``dataset`` (call again after a language change)."""
        from dlstudio.data.split import validation_note

        note = (validation_note(dataset, self.tr("Validation fraction"))
                if hasattr(dataset, "x_val") else None)
        self.setText(render(note) if note is not None else "")
        self.setVisible(note is not None)
