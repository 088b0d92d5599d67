"""The sketches of a "predict the curve" question share one y range, so that their slopes
compare (walker16 W16-13: lesson 08's "almost flat" answer, 2.3 to 2.2, filled its box corner
to corner and looked steeper than the fall from 2.3 to 0.45)."""
from __future__ import annotations

from dlstudio.lessons.loader import find_lesson


def _sketched(lesson_id: str):
    """The first question of ``lesson_id`` whose answers carry sketches."""
    return next(s.question for s in find_lesson(lesson_id).steps
                if s.question is not None and any(a.curve for a in s.question.answers))


def _drop(item) -> float:
    """How far the sketch falls from its first point to its last, in pixels."""
    points = item.points()
    return points[-1].y() - points[0].y()


def test_an_almost_flat_answer_is_drawn_flatter_than_a_fall(qtbot):
    from dlstudio.gui.lessons.curve_sketch import CurveSketchItem
    from dlstudio.gui.lessons.question import QuestionWidget

    question = _sketched("08_learning_rate")
    widget = QuestionWidget()
    qtbot.addWidget(widget)
    widget.set_question(question, "en")
    sketches = {tuple(item.values): item for item in widget.findChildren(CurveSketchItem)}
    by_text = {a.text.en: sketches[tuple(a.curve)] for a in question.answers}
    flat = next(item for text, item in by_text.items() if "flat" in text.lower())
    fall = next(item for item in by_text.values()
                if item.values[-1] < 0.5 * item.values[0])
    assert abs(_drop(flat)) < 0.25 * abs(_drop(fall)), (_drop(flat), _drop(fall))
    rise = max(by_text.values(), key=lambda item: item.values[-1])
    assert _drop(rise) < 0 and _drop(fall) > 0          # up and down as the values go
    assert len({item.scale for item in by_text.values()}) == 1


def test_sketches_that_cross_zero_share_a_linear_range(qtbot):
    from dlstudio.gui.lessons.curve_sketch import CurveSketchItem
    from dlstudio.gui.lessons.question import QuestionWidget

    question = _sketched("03_vanishing_gradients")
    widget = QuestionWidget()
    qtbot.addWidget(widget)
    widget.set_question(question, "en")
    items = widget.findChildren(CurveSketchItem)
    assert items and all(item.scale[2] is False for item in items)
    flat = next(item for item in items if len(set(item.values)) == 1)
    assert _drop(flat) == 0


def test_sketches_grow_with_the_font_of_classroom_mode(qtbot, qapp, app_look_restored):
    """Walker32 (lesson 09 step 1 in classroom mode): the sketches stayed 64x28 px beside
    answers in 1.5x text, too small to read from the back of a room. A sketch is two
    lines of its font high, and follows classroom mode as the app turns it on (the theme:
    the application's font and style sheet)."""
    from dlstudio.gui import theme
    from dlstudio.gui.lessons.curve_sketch import CurveSketchItem
    from dlstudio.gui.lessons.question import QuestionWidget

    theme.apply(qapp, "light", False)
    widget = QuestionWidget()
    qtbot.addWidget(widget)
    widget.set_question(_sketched("08_learning_rate"), "zh_CN")
    small = widget.findChildren(CurveSketchItem)[0].height()
    theme.apply(qapp, "light", True)
    qapp.processEvents()
    sketch = widget.findChildren(CurveSketchItem)[0]
    assert sketch.height() >= 2 * sketch.fontMetrics().lineSpacing()
    assert sketch.height() > small and sketch.width() > 2 * sketch.height()
