"""The lesson panel's widgets and the texts it shows around a step (layout and wording only;
behaviour lives in ``panel.py``; the line under the text while a question waits for its answer
is ``question_hint.py``'s)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPushButton,
                               QScrollArea, QSizePolicy, QSplitter, QTextBrowser, QVBoxLayout,
                               QWidget)

from dlstudio.gui.lessons.lesson_list import LessonListWidget
from dlstudio.gui.lessons.markup import inline
from dlstudio.gui.lessons.question import RIGHT, WRONG, QuestionWidget
from dlstudio.gui.lessons.question_hint import QuestionHintLabelWidget
from dlstudio.gui.lessons.strings import LESSON_KEYS, panel_label, ui
from dlstudio.gui.widgets.about import key_text
from dlstudio.lessons.checks import CheckResult
from dlstudio.lessons.model import Lesson, Step
from dlstudio.lessons.path import number_text, numbers
from dlstudio.messages import render


class FittingTextBrowser(QTextBrowser):
    """A text box exactly as tall as its text at its width, without a scrollbar of its own:
    it scrolls together with what follows it (the step's question)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def _fit(self, *_args) -> None:
        margins = self.contentsMargins()
        height = (int(self.document().size().height() + 0.999) + margins.top()
                  + margins.bottom())
        if height != self.height() or height != self.minimumHeight():
            self.setFixedHeight(max(height, 1))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()


class ReadingScrollArea(QScrollArea):
    """The lesson's reading column: a scroll area whose range follows its column's height
    at its width. Qt's scroll area refits its widget when it is resized, not always when a
    word-wrapped line inside it grows: a locked-in explanation kept the column's old height
    and its last line could not be scrolled to (walker30, lesson 2 step 1)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.setInterval(0)
        self._refit_timer.timeout.connect(self.refit)

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 (Qt's name)
        super().setWidget(widget)
        widget.installEventFilter(self)

    def refit(self) -> None:
        """Give the column the height its text needs at its width (at least the view's)."""
        column = self.widget()
        if column is None:
            return
        wanted = max(column.heightForWidth(column.width()), self.viewport().height())
        if column.height() != wanted:
            # what the scroll area does after a resize: refit the column and the range
            QCoreApplication.sendEvent(self, QEvent(QEvent.Type.LayoutRequest))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.widget() and event.type() in (QEvent.Type.LayoutRequest,
                                                         QEvent.Type.Resize):
            self._refit_timer.start()     # once the column is laid out
        return super().eventFilter(watched, event)


def build_view(panel) -> None:
    """Create the panel's widgets as attributes of ``panel`` (list, title, navigation, text,
    question, run line, buttons, check status); the panel connects them to its slots."""
    outer = QVBoxLayout(panel)
    outer.setContentsMargins(4, 4, 4, 4)
    split = QSplitter(Qt.Orientation.Vertical, panel)
    outer.addWidget(split)
    panel.lesson_list = LessonListWidget(split)
    body = QWidget(split)
    lay = QVBoxLayout(body)
    lay.setContentsMargins(0, 0, 0, 0)
    panel.lesson_title = QLabel(body)
    panel.lesson_title.setWordWrap(True)
    panel.lesson_title.setStyleSheet("font-size: 115%; font-weight: bold")
    panel.lesson_meta = QLabel(body)
    panel.lesson_meta.setWordWrap(True)
    lay.addWidget(panel.lesson_title)
    lay.addWidget(panel.lesson_meta)
    nav = QHBoxLayout()
    panel.prev_button = QPushButton("◀", body)
    panel.prev_button.setFixedWidth(36)
    panel.prev_button.clicked.connect(lambda: panel.go_to_step(panel.step_index - 1))
    panel.step_label = QLabel(body)
    panel.step_label.setWordWrap(True)
    panel.step_label.setStyleSheet("font-weight: bold")
    panel.next_button = QPushButton("▶", body)
    panel.next_button.setFixedWidth(36)
    panel.next_button.clicked.connect(panel.go_forward)
    nav.addWidget(panel.prev_button)
    nav.addWidget(panel.step_label, 1)
    nav.addWidget(panel.next_button)
    lay.addLayout(nav)
    # the text and the question below it scroll as one column that takes the body's free
    # height (a question of its own below the text box left the text ~160 px at 1366x768)
    panel.reading = ReadingScrollArea(body)
    panel.reading.setObjectName("lessonReading")
    panel.reading.setWidgetResizable(True)
    panel.reading.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    column = QWidget()
    column_lay = QVBoxLayout(column)
    column_lay.setContentsMargins(0, 0, 0, 0)
    panel.text = FittingTextBrowser(column)
    panel.text.setOpenExternalLinks(False)
    column_lay.addWidget(panel.text)
    # the question comes before the run: predict, lock in, then apply and see
    panel.question = QuestionWidget(column)
    column_lay.addWidget(panel.question)
    column_lay.addStretch(1)
    panel.reading.setWidget(column)
    lay.addWidget(panel.reading, 1)
    panel.run_info = QLabel(body)
    panel.run_info.setWordWrap(True)
    lay.addWidget(panel.run_info)
    # while a question waits for its answer (Apply is grey), why, and a link to the
    # question, which may sit below the visible part of the text (walker10 W10-1)
    panel.question_hint = QuestionHintLabelWidget(panel.reading, panel.question, body)
    lay.addWidget(panel.question_hint)
    buttons = QHBoxLayout()
    panel.apply_button = QPushButton(body)
    panel.apply_button.setObjectName("applyStep")
    panel.check_button = QPushButton(body)
    panel.check_button.setObjectName("checkStep")
    buttons.addWidget(panel.apply_button, 1)
    buttons.addWidget(panel.check_button)
    lay.addLayout(buttons)
    panel.check_label = QLabel(body)
    panel.check_label.setObjectName("checkStatus")
    panel.check_label.setWordWrap(True)
    panel.check_label.setTextFormat(Qt.TextFormat.RichText)
    lay.addWidget(panel.check_label)
    split.addWidget(panel.lesson_list)
    split.addWidget(body)
    split.setStretchFactor(0, 1)
    split.setStretchFactor(1, 4)
    split.setSizes([150, 600])


def with_key(tip: str, name: str) -> str:
    """``tip`` with the key of the lesson action ``name`` (``LESSON_KEYS``) after it."""
    return f"{tip} ({key_text(LESSON_KEYS[name])})"


def lesson_meta_text(lesson: Lesson, lessons: list[Lesson], lang: str) -> str:
    """The line under a lesson's title: its level, minutes and the lessons to take before
    it (numbered by their place on the learning path, titled from ``lessons``)."""
    meta = f"{ui(lesson.level, lang)} · {lesson.minutes} {ui('min', lang)}"
    if lesson.prerequisites:
        titles = {other.id: other.title.get(lang) for other in lessons}
        shown = numbers([*titles, *lesson.prerequisites])
        meta += f" · {ui('after', lang)} " + ("；" if lang.startswith("zh") else "; ").join(
            f"{number_text(shown[p])} {titles.get(p, p)}"
            for p in sorted(lesson.prerequisites, key=shown.__getitem__))
    return meta


def step_heading(step: Step, n: int, done: bool, lang: str) -> str:
    """"Step 2/4: title", with " ✓" when the step is ``done``."""
    step_word, colon = ("步骤", "：") if lang.startswith("zh") else ("Step", ": ")
    return f"{step_word} {step.index + 1}/{n}{colon}{step.title.get(lang)}{' ✓' if done else ''}"


def label_names(label: str, name: str) -> bool:
    """Whether a variant's ``label`` begins with its ``name`` ("SGD η = 0.01" of variant
    "SGD", "ELU + He" of "elu"), so that saying both repeats the name."""
    head = label[:len(name)]
    rest = label[len(name):len(name) + 1]
    return head.casefold() == name.casefold() and not rest.isalnum()


def run_info_text(step: Step, lang: str, notes: list,
                  mapping: dict[str, str] | None = None, answered: bool = True) -> str:
    """The line under the text: what runs, what it compares (each variant with the letter
    the window's legends give it, from ``mapping``), where to look, and notes (keys of
    ``strings``, or ``(key, values)``). What to look for there (the step's ``highlight``)
    is said only once the step's question is ``answered``: it often is the answer ("B far
    ahead of A" under "where will the two networks stand?": walker15 W15-3)."""
    parts = []
    mapping = mapping or {}
    zh = lang.startswith("zh")
    # zh punctuation in zh; "；" between variants, whose labels may hold "，" (walker10)
    colon, comma = ("：", "；") if zh else (": ", ", ")
    if step.experiment == "train":
        parts.append(f"{ui('Runs', lang)}{colon}{step.run.describe(lang)}")
        if step.variants:
            def named(v) -> str:
                letter = mapping.get(v.name, "")
                label = v.label.get(lang)
                if label_names(label, v.name):      # "A = SGD η = 0.01", not
                    return label if letter in ("", v.name) else f"{letter} = {label}"
                name = v.name if letter in ("", v.name) else f"{letter} {v.name}"
                return f"{name} = {label}"           # "A SGD = SGD η = 0.01" (walker32)

            # (variants the window does not train are named in the "left_out" note)
            shown = [v for v in step.variants if not mapping or v.name in mapping]
            names = comma.join(named(v) for v in shown)
            parts.append(f"{ui('Compares', lang)}{colon}{names}")
    else:
        parts.append(ui(f"experiment_{step.experiment}", lang))
    look = f"{ui('Look at', lang)}{colon}{panel_label(step.show.panel, lang)}"
    if step.show.highlight is not None and (answered or step.question is None):
        hint = step.show.highlight.get(lang)
        look += f"（{hint}）" if lang.startswith("zh") else f" ({hint})"
    parts.append(look)
    if step.slow:
        parts.append(ui("slow_note", lang))
    labels = {v.name: (v.label.get(lang) if v.label else v.name) for v in step.variants}
    separator = "、" if lang.startswith("zh") else ", "

    def values(given: dict) -> dict:      # variant names as the lesson labels them
        return {k: separator.join(labels.get(n, n) for n in v) if isinstance(v, list) else v
                for k, v in given.items()}

    lines = [ui(n, lang) if isinstance(n, str) else ui(n[0], lang).format(**values(n[1]))
             for n in notes]
    return "\n".join([" · ".join(parts)] + lines)


def result_html(result: CheckResult, hint: str, lang: str, note: str = "",
                classroom: bool = False) -> str:
    """✓ and what was measured, or ✗, the hint and what was measured (in ``lang``); a
    ``note`` (plain text, e.g. about the student's own network) follows the verdict. The
    measured figures are small print, except in classroom mode: there they are the proof
    the room has to read (walker8 W8-6)."""
    detail = inline(render(result.message, lang))
    detail = detail if classroom else f"<small>{detail}</small>"
    extra = f"<br>{inline(note)}" if note else ""
    if result.passed:
        return (f"<span style='color:{RIGHT}; font-size:130%; font-weight:bold'>✓</span> "
                f"<span style='color:{RIGHT}; font-weight:bold'>{ui('passed', lang)}</span>"
                f"{extra}<br>{detail}")
    return (f"<span style='color:{WRONG}; font-size:130%; font-weight:bold'>✗</span> "
            f"<span style='color:{WRONG}; font-weight:bold'>{ui('not_yet', lang)}</span> "
            f"{inline(hint)}{extra}<br>{detail}")
