"""Saved lesson progress names steps by id (walker3 W3-10): inserting the pre-flight steps
shifted index-based progress, so a returning student saw a step they never opened marked
done. Old (version 1) files are migrated through the step orders version 1 saw."""
from __future__ import annotations

import json

import pytest

from dlstudio.lessons.loader import LessonError, parse_lesson, scan, step_slug
from dlstudio.lessons.progress import VERSION, ProgressStore, migrate_v1
from dlstudio.lessons.progress_v1 import V1_STEP_ORDERS


def _v1_file(path, lessons: dict) -> None:
    path.write_text(json.dumps({"format": "dlstudio.lesson_progress", "version": 1,
                                "lessons": lessons}), encoding="utf-8")


def test_steps_are_named_by_their_english_title_unless_given_an_id():
    lesson = next(l for l in scan()[0] if l.id == "02_init_xavier_he")
    assert [s.id for s in lesson.steps] == list(V1_STEP_ORDERS[lesson.id][-1])
    assert step_slug("The cure: ReLU with He initialization") == \
        "the-cure-relu-with-he-initialization"


def test_every_id_version_1_knew_still_names_a_step():
    """A retitled step must keep its old id (id = "..."), or saved progress loses it."""
    lessons = {l.id: {s.id for s in l.steps} for l in scan()[0]}
    for lesson_id, orders in V1_STEP_ORDERS.items():
        for order in orders:
            assert set(order) <= lessons[lesson_id], (lesson_id, set(order) - lessons[lesson_id])


def _raw_lesson(steps: list[dict]) -> dict:
    check = {"kind": "param_count_equals", "layer": 0, "value": 0,
             "hint": {"en": "h", "zh": "h"}}
    return {"id": "x", "level": "beginner", "minutes": 1,
            "title": {"en": "t", "zh": "t"}, "summary": {"en": "s", "zh": "s"},
            "steps": [{"experiment": "inspect", "text": {"en": "t", "zh": "t"},
                       "check": check, **st} for st in steps]}


def test_an_explicit_id_and_duplicate_ids(tmp_path):
    title = {"en": "Same title", "zh": "同"}
    with pytest.raises(LessonError, match="two steps have the id 'same-title'"):
        parse_lesson(_raw_lesson([{"title": title}, {"title": title}]), tmp_path / "x.toml")
    with pytest.raises(LessonError, match="lower-case words"):
        parse_lesson(_raw_lesson([{"title": title, "id": "Not A Slug"}]), tmp_path / "x.toml")


def test_old_progress_before_the_preflight_steps_follows_its_steps(tmp_path):
    """Lesson 02 had three steps; the pre-flight step went in as step 2. Old step 2 (index
    1, "He keeps the signal alive") is now step 3; the new step is not done."""
    path = tmp_path / "p.json"
    _v1_file(path, {"02_init_xavier_he": {"current_step": 1, "completed": [0, 1],
                                          "answers": {"1": 2}},
                    "03_vanishing_gradients": {"current_step": 2, "completed": [0, 1, 2]},
                    "16_softmax_classifiers": {"current_step": 0, "completed": [2]}})
    store = ProgressStore(path)
    p = store.get("02_init_xavier_he")
    assert p.completed == {"glorot-starves-a-deep-relu-network",
                           "he-keeps-the-signal-alive-and-the-network-learns"}
    assert p.current_step == "he-keeps-the-signal-alive-and-the-network-learns"
    assert p.answers == {"he-keeps-the-signal-alive-and-the-network-learns": 2}
    assert "check-before-training" not in store.get("03_vanishing_gradients").completed
    assert len(store.get("03_vanishing_gradients").completed) == 3
    assert store.get("16_softmax_classifiers").completed == {
        "one-hidden-layer-bends-the-boundary"}
    store.set_current("01_init_symmetry", "random-weights-break-the-symmetry")
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["version"] == VERSION == 2
    assert saved["lessons"]["02_init_xavier_he"]["completed"] == sorted(p.completed)


def test_old_progress_naming_a_newer_step_reads_the_newer_order():
    """A record that names step 4 of lesson 02 was saved after the insertion (the old lesson
    had three steps): its indices are read in the newer order."""
    p = migrate_v1("02_init_xavier_he", {"current_step": 3, "completed": [1, 3]})
    assert p.completed == {"thirty-layers-check-before-training", "glorot-is-right-for-tanh"}
    assert p.current_step == "glorot-is-right-for-tanh"


def test_an_old_lesson_opened_but_not_started_starts_at_its_new_first_step():
    """Format 1 saved "current_step": 0 for every lesson opened; lesson 03's step 1 is now
    the pre-flight step, which a student who has done nothing should not skip."""
    assert migrate_v1("03_vanishing_gradients", {"current_step": 0, "completed": []}) \
        .current_step is None


def test_old_progress_that_cannot_be_placed_is_dropped():
    p = migrate_v1("99_a_users_own_lesson", {"current_step": 1, "completed": [0, 1]})
    assert p.completed == set() and p.current_step is None
    p = migrate_v1("09_overfitting", {"current_step": 7, "completed": [0, 5]})
    assert p.completed == {"memorizing-a-small-training-set"} and p.current_step is None


def test_a_newer_file_version_is_set_aside(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"format": "dlstudio.lesson_progress", "version": 3,
                                "lessons": {}}), encoding="utf-8")
    assert ProgressStore(path).lessons == {} and (tmp_path / "p.json.bad").exists()
