"""The learning path: the one order a student is offered the lessons in, and the number each
lesson shows, which is its place on that path (1 is the first lesson to take).

The path is the start page's topics read top to bottom (``topics.TOPICS``); lessons no topic
lists (a lesson file added later) follow, by id. A lesson's id (its file name) is what saved
progress and workspaces keep, so ids never change with the path: their leading digits are
the order the files were written in, not the order a student takes them, and are never shown
as a lesson's number. Everything that shows a number or an order (lesson list, start page,
lesson header, messages, ``dlstudio lesson``, ``--lesson N``, references in lesson texts)
asks this module.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from dlstudio.lessons.topics import TOPICS

#: lesson ids in the order a student takes them
PATH: tuple[str, ...] = tuple(lesson_id for *_, ids in TOPICS for lesson_id in ids)


class HasId(Protocol):
    id: str


T = TypeVar("T", bound=HasId)


def number_of(lesson_id: str) -> int | None:
    """The number lesson ``lesson_id`` shows (its place on ``PATH``, from 1), or None when
    the path does not list it (see ``numbers`` for those)."""
    return PATH.index(lesson_id) + 1 if lesson_id in PATH else None


def numbers(ids: Iterable[str]) -> dict[str, int]:
    """The number each of ``ids`` shows: its place on ``PATH``; ids the path does not list
    are numbered after the whole path, in id order."""
    ids = list(dict.fromkeys(ids))
    shown = {i: n for i in ids if (n := number_of(i)) is not None}
    for k, lesson_id in enumerate(sorted(i for i in ids if i not in shown)):
        shown[lesson_id] = len(PATH) + 1 + k
    return shown


def ordered(lessons: Sequence[T]) -> list[T]:
    """``lessons`` (anything with an ``id``) in path order."""
    place = numbers(lesson.id for lesson in lessons)
    return sorted(lessons, key=lambda lesson: place[lesson.id])


def lesson_name(lesson_id: str) -> str:
    """A lesson's name: its id without the leading digits ("03_vanishing_gradients" ->
    "vanishing_gradients"), which are no number a student sees."""
    head, _, tail = lesson_id.partition("_")
    return tail if head.isdigit() and tail else lesson_id


def number_text(number: int) -> str:
    """A lesson number as lists show it: two digits ("04"), so titles line up."""
    return f"{number:02d}"
