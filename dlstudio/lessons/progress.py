"""Saved lesson progress: which steps a student has completed, where they stopped, and
which answers they gave. Plain JSON in a per-user folder; no Qt.

The file lives in ``$DLSTUDIO_HOME`` if set, else ``$XDG_DATA_HOME/dlstudio`` or
``~/.local/share/dlstudio`` (``%APPDATA%\\dlstudio`` on Windows), named
``lesson_progress.json``. Steps are named by their id (``Step.id``), so inserting a step
into a lesson leaves everyone's progress on the steps it belongs to::

    {"format": "dlstudio.lesson_progress", "version": 2,
     "lessons": {"03_vanishing_gradients": {"current_step": "the-loss-plateaus",
                                             "completed": ["check-before-training"],
                                             "answers": {"the-loss-plateaus": 1}}}}

Version 1 numbered the steps (``"completed": [0, 1]``); such a file is migrated when read
(:func:`migrate_v1`, with the step orders version 1 saw in ``progress_v1``) and written as
version 2 at the next change. A damaged file is set aside (renamed ``.bad``) and progress
starts afresh, never a crash.

Several windows may share the file (the same user, two windows): every change re-reads it,
makes the change and writes it back under a short lock (``filesave.briefly_locked``), so
one window's steps are never written over by another's older copy (walker14 W14-8).
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from dlstudio.engine.fileio import parse_json, read_text
from dlstudio.engine.filesave import atomic_write, briefly_locked
from dlstudio.lessons.progress_v1 import V1_STEP_ORDERS

FORMAT = "dlstudio.lesson_progress"
VERSION = 2


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
    """One lesson's progress, by step id: the step the student is on (None: the first),
    the steps completed, and the first answer given to each step's question."""

    current_step: str | None = None
    completed: set[str] = field(default_factory=set)
    answers: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"current_step": self.current_step, "completed": sorted(self.completed),
                "answers": dict(sorted(self.answers.items()))}

    @classmethod
    def from_dict(cls, d: dict) -> "LessonProgress":
        current = d.get("current_step")
        return cls(current_step=None if current is None else str(current),
                   completed={str(i) for i in d.get("completed", [])},
                   answers={str(k): int(v) for k, v in dict(d.get("answers", {})).items()})


def migrate_v1(lesson_id: str, d: dict) -> LessonProgress:
    """A version-1 record (steps by index) by step id. The indices are read in the oldest
    step order of ``lesson_id`` they fit (``progress_v1``: a record saved before the
    pre-flight steps were inserted, unless it names a step only the newer order has);
    indices no order has, and records of lessons the table does not know, are dropped. A
    lesson with nothing done yet starts again at its first step (format 1 wrote a current
    step for every lesson opened)."""
    completed = {int(i) for i in d.get("completed", [])}
    answers = {int(k): int(v) for k, v in dict(d.get("answers", {})).items()}
    current = int(d.get("current_step", 0))
    orders = V1_STEP_ORDERS.get(lesson_id)
    if not orders or not (completed or answers):
        return LessonProgress()             # (nothing done yet: start at the first step)
    used = completed | set(answers) | {current}
    order = next((o for o in orders if max(used) < len(o)), orders[-1])

    def name(i: int) -> str | None:
        return order[i] if 0 <= i < len(order) else None

    return LessonProgress(current_step=name(current),
                          completed={name(i) for i in completed if name(i) is not None},
                          answers={name(i): a for i, a in answers.items()
                                   if name(i) is not None})


class ProgressStore:
    """Progress of every lesson, loaded from and saved to one JSON file.

    Every change is written at once (atomically: a temporary file then a rename), made to
    the file as it is then (re-read under a lock: another window's progress is kept).
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
            version = int(data.get("version", 0))
            if data.get("format") != FORMAT or not 1 <= version <= VERSION:
                raise ValueError("not a lesson progress file of a known version")
            read = migrate_v1 if version == 1 else (lambda _, d: LessonProgress.from_dict(d))
            self.lessons = {k: read(k, v) for k, v in dict(data.get("lessons", {})).items()}
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

    def change(self, apply: Callable[[], bool | None]) -> bool:
        """Re-read the file, ``apply()`` a change to ``lessons`` and write it (not when
        ``apply`` returns False), all under the file's lock: what other windows wrote
        meanwhile is kept. Returns whether it was written."""
        with briefly_locked(self.path):
            self.load()
            if apply() is False:
                return False
            self.save()
            return True

    def get(self, lesson_id: str) -> LessonProgress:
        return self.lessons.setdefault(lesson_id, LessonProgress())

    def set_current(self, lesson_id: str, step_id: str) -> None:
        """Remember where the student is (written only when it changes, so opening the
        panel does not touch the disk)."""
        if self.get(lesson_id).current_step == str(step_id):
            return

        def apply() -> None:
            self.get(lesson_id).current_step = str(step_id)

        self.change(apply)

    def mark_completed(self, lesson_id: str, step_id: str, done: bool = True) -> None:
        def apply() -> None:
            p = self.get(lesson_id)
            (p.completed.add if done else p.completed.discard)(str(step_id))

        self.change(apply)

    def record_answer(self, lesson_id: str, step_id: str, answer: int) -> bool:
        """Record the student's answer to a step's question; only the first one counts (a
        later answer is ignored until ``reset``, also one given in another window). Returns
        whether it was recorded."""
        def apply() -> bool:
            answers = self.get(lesson_id).answers
            if str(step_id) in answers:
                return False
            answers[str(step_id)] = int(answer)
            return True

        return self.change(apply)

    def done_steps(self, lesson_id: str, step_ids: Iterable[str]) -> list[str]:
        """The ids among ``step_ids`` (a lesson's steps) that are completed."""
        completed = self.get(lesson_id).completed
        return [s for s in step_ids if s in completed]

    def fraction_done(self, lesson_id: str, step_ids: Iterable[str]) -> float:
        """The share of ``step_ids`` (a lesson's steps) completed."""
        step_ids = list(step_ids)
        if not step_ids:
            return 0.0
        return len(self.done_steps(lesson_id, step_ids)) / len(step_ids)

    def reset(self, lesson_id: str) -> None:
        self.change(lambda: self.lessons.pop(lesson_id, None) and None)
