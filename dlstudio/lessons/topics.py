"""The topics the lessons are grouped by on the start page, in both languages.

A lesson belongs to the topic that lists its number; a lesson no topic lists falls under
``OTHER``. Kept here (not in the window) so the command line can group lessons the same way.
"""
from __future__ import annotations

from dlstudio.lessons.model import Lesson

#: (topic id, English name, Chinese name, lesson numbers), in teaching order. A student who
#: reads the start page top to bottom meets every lesson after the lessons it requires
#: (tests/lessons/test_lesson_order.py): lesson 16, what a classifier and its boundary are, comes
#: first because the optimizer and convolution lessons build on it; lesson 13 needs a convnet.
TOPICS: tuple[tuple[str, str, str, tuple[int, ...]], ...] = (
    ("classifier", "A first classifier", "第一个分类器", (16,)),
    ("init", "Starting weights", "初始权重", (1, 2)),
    ("gradients", "Gradients and activations", "梯度与激活函数", (3, 4, 5, 6)),
    ("optimization", "Optimizers and learning rates", "优化器与学习率", (7, 8)),
    ("generalization", "Overfitting and data", "过拟合与数据", (9, 10, 11)),
    ("images", "Images and convolutions", "图像与卷积", (12, 13, 14)),
    ("practice", "In practice", "实践", (15, 17)),
)
OTHER = ("other", "More lessons", "更多课程")
#: levels in the order a newcomer meets them
LEVELS = ("beginner", "intermediate", "advanced")


def topic_of(lesson: Lesson) -> str:
    """The id of the topic ``lesson`` belongs to."""
    for topic, _, _, numbers in TOPICS:
        if lesson.number in numbers:
            return topic
    return OTHER[0]


def topic_name(topic: str, lang: str) -> str:
    for key, en, zh, _ in TOPICS + (OTHER + ((),),):
        if key == topic:
            return zh if lang.startswith("zh") else en
    return topic


def by_topic(lessons: list[Lesson]) -> list[tuple[str, list[Lesson]]]:
    """``[(topic id, its lessons by level then number)]`` in teaching order, empty topics
    left out."""
    order = [t[0] for t in TOPICS] + [OTHER[0]]
    groups: dict[str, list[Lesson]] = {t: [] for t in order}
    for lesson in lessons:
        groups[topic_of(lesson)].append(lesson)

    def level(lesson: Lesson) -> int:
        return LEVELS.index(lesson.level) if lesson.level in LEVELS else len(LEVELS)

    return [(t, sorted(groups[t], key=lambda l: (level(l), l.number or 0, l.id)))
            for t in order if groups[t]]
