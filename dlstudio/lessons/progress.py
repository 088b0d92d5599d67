"""Saved lesson progress: which steps a student has completed, where they stopped, and
which answers they gave. Plain JSON in a per-user folder; no Qt.

The file lives in ``$DLSTUDIO_HOME`` if set, else ``$XDG_DATA_HOME/dlstudio`` or
``~/.local/share/dlstudio`` (``%APPDATA%\\dlstudio`` on Windows), named
``lesson_progress.json``::

    {"format": "dlstudio.lesson_progress", "version": 1,
     "lessons": {"03_vanishing_gradients": {"current_step": 2, "completed": [0, 1],
                                             "answers": {"0": 1}}}}

A damaged file is set aside (renamed ``.bad``) and progress starts afresh, never a crash.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from dlstudio.engine.fileio import parse_json, read_text
from dlstudio.engine.filesave import atomic_write

FORMAT = "dlstudio.lesson_progress"
VERSION = 1


def user_dir() -> Path:
    """The per-user data folder of dlstudio (not created here)."""
    if os.environ.get("DLSTUDIO_HOME"):
        return Path(os.environ["DLSTUDIO_HOME"])
    if sys.platform.startswith("win") and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "dlstudio"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dlstudio"


def default_path() -> Path:
    return user_dir() / "lesson_progress.json"


@dataclass
class LessonProgress:
    """One lesson's progress."""

    current_step: int = 0
    completed: set[int] = field(default_factory=set)
    answers: dict[int, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"current_step": self.current_step, "completed": sorted(self.completed),
                "answers": {str(k): v for k, v in sorted(self.answers.items())}}

    @classmethod
    def from_dict(cls, d: dict) -> "LessonProgress":
        return cls(current_step=int(d.get("current_step", 0)),
                   completed={int(i) for i in d.get("completed", [])},
                   answers={int(k): int(v) for k, v in dict(d.get("answers", {})).items()})


class ProgressStore:
    """Progress of every lesson, loaded from and saved to one JSON file.

    Every change is written at once (atomically: a temporary file then a rename).
    """

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_path()
        self.lessons: dict[str, LessonProgress] = {}
        self.load()

    def load(self) -> None:
        self.lessons = {}
        if not self.path.exists():
            return
        try:
            data = parse_json(read_text(self.path))
            if data.get("format") != FORMAT or int(data.get("version", 0)) > VERSION:
                raise ValueError("not a lesson progress file of a known version")
            self.lessons = {k: LessonProgress.from_dict(v)
                            for k, v in dict(data.get("lessons", {})).items()}
        except (OSError, ValueError, TypeError, AttributeError):
            try:
                self.path.replace(self.path.with_name(self.path.name + ".bad"))
            except OSError:
                pass
            self.lessons = {}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT, "version": VERSION,
                "lessons": {k: v.to_dict() for k, v in sorted(self.lessons.items())}}
        atomic_write(self.path, (json.dumps(data, indent=1, ensure_ascii=False) + "\n")
                     .encode("utf-8"))

    def get(self, lesson_id: str) -> LessonProgress:
        return self.lessons.setdefault(lesson_id, LessonProgress())

    def set_current(self, lesson_id: str, step: int) -> None:
        """Remember where the student is (written only when it changes, so opening the
        panel does not touch the disk)."""
        progress = self.get(lesson_id)
        if progress.current_step != int(step):
            progress.current_step = int(step)
            self.save()

    def mark_completed(self, lesson_id: str, step: int, done: bool = True) -> None:
        p = self.get(lesson_id)
        (p.completed.add if done else p.completed.discard)(int(step))
        self.save()

    def record_answer(self, lesson_id: str, step: int, answer: int) -> bool:
        """Record the student's answer to a step's question; only the first one counts (a
        later answer is ignored until ``reset``). Returns whether it was recorded."""
        answers = self.get(lesson_id).answers
        if int(step) in answers:
            return False
        answers[int(step)] = int(answer)
        self.save()
        return True

    def fraction_done(self, lesson_id: str, n_steps: int) -> float:
        if n_steps <= 0:
            return 0.0
        done = {i for i in self.get(lesson_id).completed if 0 <= i < n_steps}
        return len(done) / n_steps

    def reset(self, lesson_id: str) -> None:
        self.lessons.pop(lesson_id, None)
        self.save()
