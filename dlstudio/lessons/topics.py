"""The topics the lessons are grouped by on the start page, in both languages, and the
lessons of each in the order a student takes them.

Read top to bottom, ``TOPICS`` is the learning path (``dlstudio.lessons.path``): every lesson
comes after the lessons it requires (tests/lessons/test_lesson_order.py), and the number a
student sees is its place there. A lesson no topic lists falls under ``OTHER``, after them.
Kept here (not in the window) so the command line groups and numbers lessons the same way.
"""
from __future__ import annotations

from dlstudio.lessons.model import Lesson

#: (topic id, English name, Chinese name, lesson ids in the order they are taken), in
#: teaching order. Lesson ids are file names, kept when the path changed (saved progress and
#: workspaces name them), so their leading numbers are no order. The softmax classifier (what
#: a classifier and its boundary are) comes first because the optimizer and convolution
#: lessons build on it; within a topic the levels rise (beginner before intermediate); small
#: data needs both regularization and a convnet.
TOPICS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("classifier", "A first classifier", "第一个分类器", ("16_softmax_classifiers",)),
    ("init", "Starting weights", "初始权重", ("01_init_symmetry", "02_init_xavier_he")),
    ("gradients", "Gradients and activations", "梯度与激活函数",
     ("03_vanishing_gradients", "04_exploding_gradients", "05_activations", "06_batch_norm")),
    ("optimization", "Optimizers and learning rates", "优化器与学习率",
     ("07_optimizers", "08_learning_rate")),
    ("generalization", "Overfitting and data", "过拟合与数据",
     ("09_overfitting", "11_preprocessing", "10_regularization")),
    ("images", "Images and convolutions", "图像与卷积",
     ("12_convolutions", "13_small_data", "14_transfer_learning")),
    ("practice", "In practice", "实践", ("15_hyperparameter_search", "17_default_recipe")),
)
OTHER = ("other", "More lessons", "更多课程")


def topic_of(lesson: Lesson) -> str:
    """The id of the topic ``lesson`` belongs to."""
    for topic, _, _, ids in TOPICS:
        if lesson.id in ids:
            return topic
    return OTHER[0]


def topic_name(topic: str, lang: str) -> str:
    for key, en, zh, _ in TOPICS + (OTHER + ((),),):
        if key == topic:
            return zh if lang.startswith("zh") else en
    return topic


def by_topic(lessons: list[Lesson]) -> list[tuple[str, list[Lesson]]]:
    """``[(topic id, its lessons in the order listed)]`` in teaching order, empty topics left
    out; ``OTHER`` last, its lessons by id. Read in turn, this is the learning path
    (``path.ordered``)."""
    by_id = {lesson.id: lesson for lesson in lessons}
    groups = [(topic, [by_id[i] for i in ids if i in by_id]) for topic, _, _, ids in TOPICS]
    listed = {i for *_, ids in TOPICS for i in ids}
    groups.append((OTHER[0], sorted((lesson for lesson in lessons if lesson.id not in listed),
                                    key=lambda lesson: lesson.id)))
    return [(topic, group) for topic, group in groups if group]
