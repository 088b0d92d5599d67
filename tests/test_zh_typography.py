"""One spacing and punctuation rule over every Chinese text: the window's translations, the
lesson panel's own words, the messages of the headless packages, the lessons, and the lines
the lesson panel puts together (walker19, walker20: "dense 层的梯度只有dense_4 层的 10⁻⁴";
"先学 06 批归一化; 10 正则化").

- A Latin word or a number stands apart from Chinese characters by one space ("第 2 层",
  "sigmoid 网络").
- A message's field stands apart from Chinese characters by one space too: the message fills
  it and then removes the spaces between Chinese characters (``tidy_chinese``), so a Chinese
  value closes up ("第 2 层（dense）的") and a Latin one keeps its space ("dense_4 层的").
- Chinese prose punctuates with full-width marks: no ASCII ``; : , ? !`` right after a
  Chinese character or right before one. Notations keep theirs: a shape or an interval in
  ASCII brackets "(高, 宽, 通道)", a quoted syntax "“名称: 值”", a file filter's ";;", and
  the run a line starts with, written as the plots' legends write it ("{run}: 微调（虚线）").
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from dlstudio.gui.lessons.strings import ui_texts
from dlstudio.gui.lessons.view import lesson_meta_text, step_heading
from dlstudio.lessons.loader import load_all
from dlstudio.messages import catalogue
from tests.lesson_texts import lesson_texts

TABLE = Path(__file__).resolve().parents[1] / "resources" / "translations" / "zh_CN.json"
#: a QDateTime format, not text ("yyyy年M月d日 HH:mm")
FORMATS = {"d MMM yyyy, HH:mm"}

CJK = r"[\u4e00-\u9fff]"
LATIN = r"[A-Za-z0-9]"
#: the fields a text is filled in at: str.format's {name:spec}, Qt's %1, printf's %s / %d
FIELD = r"(?:\{[^{}]*\}|%\d|%[sd])"
NOTATION = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|“[^”]*”|;;|^\0: ")
ASCII_MARK = re.compile(rf"{CJK}[;:,?!]|[;:,?!] ?{CJK}")


def _qt_texts() -> list[tuple[str, str]]:
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    return [(f"zh_CN.json {key!r}", zh) for key, zh in table.items() if key not in FORMATS]


def _message_texts() -> list[tuple[str, str]]:
    return [(f"message {mid} ({entry['file']})", entry["zh"])
            for mid, entry in catalogue().items()]


def _lesson_texts() -> list[tuple[str, str]]:
    lessons = load_all()
    texts = []
    for lesson in lessons:
        texts += [(f"{lesson.id} {where}", text.zh) for where, text in lesson_texts(lesson)]
        texts.append((f"{lesson.id} line under the title", lesson_meta_text(lesson, lessons, "zh")))
        texts += [(f"{lesson.id} step {step.index + 1} heading",
                   step_heading(step, len(lesson.steps), True, "zh")) for step in lesson.steps]
    return texts


def _all_texts() -> list[tuple[str, str]]:
    return (_qt_texts() + [(f"lesson panel {en!r}", zh) for en, zh in ui_texts()]
            + _message_texts() + _lesson_texts())


def _around(text: str, match: re.Match) -> str:
    return text[max(match.start() - 12, 0):match.end() + 12].replace("\n", " ")


def test_latin_words_and_numbers_stand_apart_from_chinese_characters():
    problems = []
    for where, text in _all_texts():
        plain = re.sub(FIELD, "\0", text)
        problems += [f"{where}: {_around(plain, m)!r}"
                     for m in re.finditer(f"{CJK}{LATIN}|{LATIN}{CJK}", plain)]
    assert not problems, "\n".join(problems)


def test_a_message_field_stands_apart_from_chinese_characters():
    """The fields of Qt's strings are filled without ``tidy_chinese``: there a space beside
    a field that holds Chinese would stay, so their spacing is the translator's."""
    problems = [f"{where}: {_around(text, m)!r}" for where, text in _message_texts()
                for m in re.finditer(f"{CJK}{FIELD}|{FIELD}{CJK}", text)]
    assert not problems, "\n".join(problems)


def test_chinese_prose_has_full_width_punctuation():
    problems = []
    for where, text in _all_texts():
        plain = NOTATION.sub(" ", re.sub(FIELD, "\0", text))
        problems += [f"{where}: {_around(plain, m)!r}" for m in ASCII_MARK.finditer(plain)]
    assert not problems, "\n".join(problems)


def test_a_latin_layer_name_keeps_its_space_in_a_rendered_finding():
    """The sentence the walkers read, rendered as the status line does."""
    from dlstudio.messages import Message, render

    text = render(Message("diagnosis.vanishing", first=Message("layer.named", number=2,
                                                               name="dense"),
                          ratio="10⁻⁴", last=Message("layer.numbered", number=5)), "zh")
    assert text == "第 2 层（dense）的梯度只有第 5 层的 10⁻⁴：梯度消失"
