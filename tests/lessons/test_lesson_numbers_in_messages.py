"""Messages of the headless packages that name a lesson by its number name the number the
student sees (its place on the learning path): those packages may not import
``dlstudio.lessons``, so the number is written in them, and this test keeps it right."""
from __future__ import annotations

import re

from dlstudio.lessons.path import number_of
from dlstudio.messages import Message, catalogue, render
from dlstudio.training.diagnosis import ACTIVATIONS_LESSON_NUMBER

#: message id -> the lesson its text names by number
NAMED = {"data.inputs_large": "11_preprocessing"}
LESSON_NUMBER = re.compile(r"[Ll]esson (\d+)|第 (\d+) 课")


def test_every_lesson_number_in_a_message_is_a_known_one():
    found = {mid for mid, entry in catalogue().items()
             if LESSON_NUMBER.search(entry.get("en", "") + entry.get("zh", ""))}
    assert found == set(NAMED)


def test_a_message_naming_a_lesson_names_its_shown_number():
    for mid, lesson_id in NAMED.items():
        entry = catalogue()[mid]
        for lang in ("en", "zh"):
            said = {int(a or b) for a, b in LESSON_NUMBER.findall(entry[lang])}
            assert said == {number_of(lesson_id)}, (mid, lang, said)


def test_the_diagnosis_names_the_activations_lesson_by_its_number():
    assert ACTIVATIONS_LESSON_NUMBER == number_of("05_activations")
    text = render(Message("diagnosis.lesson_compares", lesson=ACTIVATIONS_LESSON_NUMBER), "zh")
    assert f"第 {number_of('05_activations')} 课" in text
