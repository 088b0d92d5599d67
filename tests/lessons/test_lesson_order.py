"""The order the start page offers the lessons in (topics, then level and number) never lists a
lesson before one it requires, and every lesson has a topic."""
from __future__ import annotations

from dlstudio.lessons.loader import load_all
from dlstudio.lessons.topics import OTHER, by_topic, topic_of

LESSONS = load_all()


def test_no_lesson_is_listed_before_a_lesson_it_requires():
    order = [lesson.id for _, group in by_topic(LESSONS) for lesson in group]
    assert sorted(order) == sorted(lesson.id for lesson in LESSONS)
    late = [f"{lesson.id} is listed before its prerequisite {p}"
            for lesson in LESSONS for p in lesson.prerequisites
            if order.index(p) > order.index(lesson.id)]
    assert not late, late


def test_every_lesson_has_a_topic():
    assert [lesson.id for lesson in LESSONS if topic_of(lesson) == OTHER[0]] == []
