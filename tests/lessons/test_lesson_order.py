"""The order a student is offered the lessons in (start page, lesson list, ``dlstudio lesson
list``) is one learning path that never lists a lesson before one it requires, and the number
shown with a lesson is its place on that path (W25-12: the list was numbered by file name, so
lessons 07 and 12 required 16 and "beginner" 09 required 08)."""
from __future__ import annotations

import pytest

from dlstudio.lessons.loader import LessonError, find_lesson, lesson_numbers, load_all, \
    load_lesson, scan
from dlstudio.lessons.path import PATH, lesson_name, number_of, numbers, ordered
from dlstudio.lessons.topics import OTHER, by_topic, topic_of

LESSONS = load_all()
LEVELS = ("beginner", "intermediate", "advanced")


def _late(order: list[str]) -> list[str]:
    """Every (lesson, prerequisite) pair ``order`` lists the wrong way round."""
    by_id = {lesson.id: lesson for lesson in LESSONS}
    return [f"{i} is listed before its prerequisite {p}" for i in order
            for p in by_id[i].prerequisites if order.index(p) > order.index(i)]


def test_the_path_is_every_lesson_once_in_an_order_of_its_prerequisites():
    assert sorted(PATH) == sorted(lesson.id for lesson in LESSONS)
    assert not _late(list(PATH)), _late(list(PATH))


@pytest.mark.parametrize("where", ["start page", "scan", "ordered"])
def test_every_shown_order_is_the_path_and_numbers_count_along_it(where):
    order = {"start page": lambda: [l.id for _, group in by_topic(LESSONS) for l in group],
             "scan": lambda: [l.id for l in scan()[0]],
             "ordered": lambda: [l.id for l in ordered(LESSONS[::-1])]}[where]()
    assert order == list(PATH)
    shown = numbers(order)
    assert [shown[i] for i in order] == list(range(1, len(order) + 1))
    assert lesson_numbers() == shown
    assert all(number_of(i) == shown[i] for i in order)


def test_a_number_names_the_lesson_shown_with_it_and_old_ids_still_open():
    for lesson_id, number in lesson_numbers().items():
        assert find_lesson(str(number)).id == lesson_id
        assert find_lesson(f"{number:02d}").id == lesson_id
        assert find_lesson(lesson_id).id == lesson_id                  # saved progress, workspaces
        assert find_lesson(lesson_name(lesson_id)).id == lesson_id


def test_no_lesson_requires_a_harder_one():
    """A level below one of its prerequisites' is a level or a prerequisite that is wrong."""
    by_id = {lesson.id: lesson for lesson in LESSONS}
    easier = [f"{l.id} ({l.level}) requires {p} ({by_id[p].level})" for l in LESSONS
              for p in l.prerequisites if LEVELS.index(l.level) < LEVELS.index(by_id[p].level)]
    assert not easier, easier


def test_within_a_topic_the_levels_rise():
    for topic, group in by_topic(LESSONS):
        levels = [LEVELS.index(lesson.level) for lesson in group]
        assert levels == sorted(levels), topic


def test_every_lesson_has_a_topic():
    assert [lesson.id for lesson in LESSONS if topic_of(lesson) == OTHER[0]] == []


def test_a_lesson_the_path_does_not_list_comes_after_it(tmp_path):
    order = ordered([type("L", (), {"id": i})() for i in ("99_extra", "03_vanishing_gradients",
                                                           "16_softmax_classifiers")])
    assert [l.id for l in order] == ["16_softmax_classifiers", "03_vanishing_gradients",
                                     "99_extra"]
    assert numbers(["99_extra", "98_more"]) == {"98_more": len(PATH) + 1,
                                               "99_extra": len(PATH) + 2}


def test_lesson_texts_name_other_lessons_by_their_shown_number():
    """A text says "lesson {lesson:03_vanishing_gradients}"; the student reads "lesson 4"."""
    batch_norm = find_lesson("06_batch_norm")
    text = batch_norm.steps[0].text
    assert f"lesson {number_of('03_vanishing_gradients')}," in text.en
    assert f"第 {number_of('03_vanishing_gradients')} 课" in text.zh
    for lesson in LESSONS:
        for step in lesson.steps:
            for lang in ("en", "zh"):
                assert "{lesson:" not in step.text.get(lang), (lesson.id, step.index)


def test_a_reference_to_no_lesson_is_a_problem_of_the_file(tmp_path):
    source = find_lesson("16_softmax_classifiers").path.read_text(encoding="utf-8")
    bad = source.replace('title = { en = "Softmax regression on three blobs"',
                         'title = { en = "See lesson {lesson:77_nothing}"', 1)
    assert bad != source
    path = tmp_path / "16_softmax_classifiers.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(LessonError, match=r"\{lesson:77_nothing\}: no lesson"):
        load_lesson(path)
