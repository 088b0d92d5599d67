"""Read and validate lesson files (TOML, read with the standard library's ``tomllib``).

Layout of a lesson file (the file name without ``.toml`` is the lesson id)::

    id = "03_vanishing_gradients"        # must equal the file name
    level = "intermediate"               # beginner | intermediate | advanced
    minutes = 15
    prerequisites = ["02_init_xavier_he"]
    title = { en = "...", zh = "..." }
    summary = { en = "...", zh = "..." }

    [setup]                              # applied before every step (all optional)
    network = { preset = "deep_sigmoid_mlp", edits = [...] }
    data = { dataset = "digits", params = { n_samples = 2000 } }   # DataSpec fields
    train = { optimizer = "sgd", learning_rate = 0.1 }               # TrainSpec fields

    [[steps]]
    id = "the-loss-plateaus"             # optional: names the step in saved progress; default:
                                         # the English title's slug. When retitling a step,
                                         # keep its old id so students' progress follows it.
    title = { en = "...", zh = "..." }
    text = { en = "...", zh = "..." }    # Markdown-ish: paragraphs, **bold**, `code`, - lists;
                                         # "lesson {lesson:03_vanishing_gradients}" shows that
                                         # lesson's number (its place on ``path.PATH``)
    run = { epochs = 2 }                 # or { steps = 200 }
    show = { panel = "gradients", highlight = { en = "...", zh = "..." } }  # highlight optional
    slow = false                         # true: needs minutes or the real MNIST
    experiment = "train"                 # train | playground | search | transfer | inspect
                                         # | preflight (no training: the network judged at
                                         # initialization on one batch; give no run)
    network = { edits = [...] }          # changes on top of setup (also data, train)
    [[steps.variants]]                   # optional side-by-side runs
    name = "A"
    label = { en = "...", zh = "..." }
    network = { ... }   data = { ... }   train = { ... }
    [steps.question]                     # optional
    kind = "choice"                      # or "predict_curve"
    predicts = true                      # false: the run does not show the answer (a
                                         # question to think through, not to predict)
    prompt = { en = "...", zh = "..." }
    [[steps.question.answers]]
    text = { en = "...", zh = "..." }
    correct = true
    explanation = { en = "...", zh = "..." }
    [steps.check]
    kind = "grad_ratio_below"            # a name registered in dlstudio.lessons.checks
    ratio = 0.01                         # the check's parameters
    hint = { en = "...", zh = "..." }

Problems are collected and raised together as one ``LessonError`` whose lines name the file,
the step and the field.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlstudio.paths import shared_dir
from dlstudio.lessons.model import (EXPERIMENTS, LEVELS, PANELS, Lesson, RunLength, Show, Step,
                                    Text, Variant)
from dlstudio.lessons.path import lesson_name, numbers, ordered
from dlstudio.lessons.schema import (CHANGE_KEYS, ReadContext, read_changes, read_check,
                                     read_question, read_table, read_text)

#: the folder holding the lesson files (top level of the repository / installation)
LESSONS_DIR = shared_dir("lessons")

#: a lesson file is a few dozen kilobytes; refuse anything absurd
MAX_LESSON_BYTES = 4 * 2**20

_LESSON_KEYS = {"id", "title", "level", "minutes", "prerequisites", "summary", "setup", "steps"}
_STEP_KEYS = {"id", "title", "text", "network", "data", "train", "variants", "run", "show",
              "question", "check", "slow", "experiment", "config"}


class LessonError(ValueError):
    """A lesson file that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{path}: {len(problems)} problem(s) in this lesson file:\n{lines}")


def step_slug(title: str) -> str:
    """A step's default id: its English title in lower case, words joined by "-" ("The
    cure: ReLU with He" -> "the-cure-relu-with-he")."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _step(ctx: ReadContext, index: int, raw: Any) -> Step | None:
    title_hint = raw.get("title", {}).get("en", "") if isinstance(raw, dict) else ""
    where = f"step {index + 1}" + (f" ({title_hint})" if title_hint else "")
    if not isinstance(raw, dict):
        ctx.bad(where, "each [[steps]] must be a table")
        return None
    unknown = set(raw) - _STEP_KEYS
    if unknown:
        ctx.bad(where, f"unknown key(s) {sorted(unknown)}; known: {', '.join(sorted(_STEP_KEYS))}")
    title = read_text(ctx, f"{where}: title", raw.get("title"))
    text = read_text(ctx, f"{where}: text", raw.get("text"))
    changes = read_changes(ctx, f"{where}: ", raw)
    variants = []
    for i, v in enumerate(raw.get("variants", []) or []):
        here = f"{where}: variants[{i}]"
        v = read_table(ctx, here, v)
        name = v.get("name")
        if not isinstance(name, str) or not name:
            ctx.bad(f"{here}.name", "each variant needs a short name such as \"A\"")
            continue
        bad = set(v) - CHANGE_KEYS - {"name", "label"}
        if bad:
            ctx.bad(here, f"unknown key(s) {sorted(bad)}; a variant has name, label, "
                          f"network, data, train")
        label = read_text(ctx, f"{here}.label", v.get("label"))
        variants.append(Variant(name, label or Text(name, name), read_changes(ctx, here + ".", v)))
    names = tuple(v.name for v in variants)
    config = read_table(ctx, f"{where}: config", raw.get("config"))
    if raw.get("experiment") == "playground":
        runs = config.get("runs")
        if not isinstance(runs, list) or not runs or not all(
                isinstance(r, dict) and {"label", "optimizer", "learning_rate"} <= set(r)
                for r in runs):
            ctx.bad(f"{where}: config.runs", "a playground step needs runs = [ {label = ..., "
                                             "optimizer = ..., learning_rate = ...}, ... ]")
        else:
            names = tuple(str(r["label"]) for r in runs)
        if "surface" not in config:
            ctx.bad(f"{where}: config.surface", "name a loss surface, e.g. \"valley\"")
    if len(set(names)) != len(names):
        ctx.bad(f"{where}: variants", f"variant names must be unique, got {names}")
    run_t = read_table(ctx, f"{where}: run", raw.get("run"))
    experiment = raw.get("experiment", "train")
    if experiment not in EXPERIMENTS:
        ctx.bad(f"{where}: experiment", f"must be one of {', '.join(EXPERIMENTS)}")
    epochs, steps = run_t.get("epochs"), run_t.get("steps")
    if experiment in ("train", "transfer") and (epochs is None) == (steps is None):
        ctx.bad(f"{where}: run", "give exactly one of epochs or steps, e.g. run = { epochs = 3 }")
    if experiment == "preflight" and run_t:
        ctx.bad(f"{where}: run", "a pre-flight step trains nothing: leave out run (it checks "
                                 "the network on one batch before the first step)")
    for key, val in (("epochs", epochs), ("steps", steps)):
        if val is not None and (not isinstance(val, int) or isinstance(val, bool) or val < 1):
            ctx.bad(f"{where}: run.{key}", f"must be a whole number >= 1, got {val!r}")
    show_t = read_table(ctx, f"{where}: show", raw.get("show"))
    panel = show_t.get("panel", "convergence")
    if panel not in PANELS:
        ctx.bad(f"{where}: show.panel", f"unknown panel {panel!r}; use one of {', '.join(PANELS)}")
    note = read_text(ctx, f"{where}: show.note", show_t.get("note"), required=False)
    view = show_t.get("view")
    if view is not None and (not isinstance(view, str) or not view):
        ctx.bad(f"{where}: show.view", f"name a view of the panel, e.g. \"inside\", got {view!r}")
        view = None
    highlight = read_text(ctx, f"{where}: show.highlight", show_t.get("highlight"),
                          required=False)
    question = read_question(ctx, f"{where}: question", raw.get("question"))
    check = read_check(ctx, f"{where}: check", raw.get("check"), names,
                       experiment if isinstance(experiment, str) else "train")
    slow = raw.get("slow", False)
    if not isinstance(slow, bool):
        ctx.bad(f"{where}: slow", "must be true or false")
    step_id = raw.get("id", step_slug(title.en) if title is not None else "")
    if not isinstance(step_id, str) or not step_slug(step_id) == step_id or not step_id:
        ctx.bad(f"{where}: id", f"must be lower-case words joined by '-', e.g. "
                                f"\"the-loss-plateaus\", got {step_id!r}")
    if None in (title, text, check):
        return None
    return Step(id=step_id, index=index, title=title, text=text, changes=changes, variants=tuple(variants),
                run=RunLength(epochs=epochs, steps=steps),
                show=Show(panel, highlight, note, view),
                check=check, question=question, experiment=experiment,
                experiment_config=dict(config), slow=bool(slow))


def parse_lesson(data: dict, path: str | Path, lesson_id: str | None = None) -> Lesson:
    """Build a ``Lesson`` from parsed TOML ``data``; raise ``LessonError`` listing problems."""
    path = Path(path)
    ctx = ReadContext(str(path))
    expected_id = lesson_id or path.stem
    unknown = set(data) - _LESSON_KEYS
    if unknown:
        ctx.bad("lesson", f"unknown key(s) {sorted(unknown)}; known: {', '.join(sorted(_LESSON_KEYS))}")
    lid = data.get("id")
    if lid != expected_id:
        ctx.bad("id", f"must equal the file name {expected_id!r}, got {lid!r}")
    title = read_text(ctx, "title", data.get("title"))
    summary = read_text(ctx, "summary", data.get("summary"))
    level = data.get("level")
    if level not in LEVELS:
        ctx.bad("level", f"must be one of {', '.join(LEVELS)}, got {level!r}")
    minutes = data.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 1:
        ctx.bad("minutes", f"must be a whole number of minutes >= 1, got {minutes!r}")
    prereq = data.get("prerequisites", [])
    if not isinstance(prereq, list) or not all(isinstance(p, str) for p in prereq):
        ctx.bad("prerequisites", "must be a list of lesson ids")
        prereq = []
    setup_t = read_table(ctx, "setup", data.get("setup"))
    bad = set(setup_t) - CHANGE_KEYS
    if bad:
        ctx.bad("setup", f"unknown key(s) {sorted(bad)}; use network, data, train")
    setup = read_changes(ctx, "setup.", setup_t)
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        ctx.bad("steps", "a lesson needs at least one [[steps]] table")
        raw_steps = []
    steps = [_step(ctx, i, s) for i, s in enumerate(raw_steps)]
    ids = [s.id for s in steps if s is not None]
    for twice in sorted({i for i in ids if ids.count(i) > 1}):
        ctx.bad("steps", f"two steps have the id {twice!r} (from their English titles unless "
                         f"given): give one of them its own id = \"...\"")
    if ctx.problems:
        raise LessonError(str(path), ctx.problems)
    lesson = Lesson(id=expected_id, title=title, level=level, minutes=minutes,
                    prerequisites=tuple(prereq), summary=summary, setup=setup,
                    steps=tuple(s for s in steps if s is not None), path=path)
    _check_values(ctx, lesson)
    if ctx.problems:
        raise LessonError(str(path), ctx.problems)
    return lesson


def _check_values(ctx: ReadContext, lesson: Lesson) -> None:
    """The data and training settings each step runs with (setup, step and variant changes
    merged) must name a known dataset and pass the specs' own checks, so that a lesson with
    ``learning_rate = -1`` fails when it is loaded, not when a student runs the step."""
    from dlstudio.data import DATASETS
    from dlstudio.data.spec import DataSpec
    from dlstudio.lessons.resolve import resolve_step
    from dlstudio.training.spec import TrainSpec

    seen: set[str] = set()
    for step in lesson.steps:
        where = f"step {step.index + 1}"
        try:
            runs = resolve_step(lesson, step)
        except Exception as exc:      # noqa: BLE001 - a network edit that cannot apply
            ctx.bad(f"{where}: network", str(exc))
            continue
        for run in runs:
            here = where + (f" variant {run.name}" if run.name else "")
            problems: list[str] = []
            try:
                data = DataSpec.from_dict(run.data)
                if data.dataset not in DATASETS:
                    DATASETS.resolve(data.dataset)
                problems += [f"data: {p}" for p in data.validate()]
            except KeyError as exc:
                problems.append(f"data.dataset: {exc.args[0] if exc.args else exc}")
            except (TypeError, ValueError) as exc:
                problems.append(f"data: {exc}")
            try:
                problems += [f"train.{p}" for p in TrainSpec.from_dict(run.train).validate()]
            except (TypeError, ValueError, KeyError) as exc:
                problems.append(f"train: {exc}")
            for problem in problems:
                if problem not in seen:       # a setup problem is reported once, not per step
                    seen.add(problem)
                    ctx.bad(here, problem)


def load_lesson(path: str | Path) -> Lesson:
    """Read and validate one lesson file."""
    from dlstudio.engine.fileio import FileFormatError, read_text as read_file_text

    path = Path(path)
    try:
        data = tomllib.loads(read_file_text(path, limit=MAX_LESSON_BYTES, shown=path.name))
    except FileFormatError as exc:
        raise LessonError(str(path), [str(exc).removeprefix(f"{path.name}: ")]) from None
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        raise LessonError(str(path), [f"not valid TOML: {exc}"]) from None
    return parse_lesson(data, path)


def lesson_paths(directory: str | Path | None = None) -> list[Path]:
    """The lesson files in ``directory`` (default: the bundled ``lessons/``), sorted by name."""
    return sorted(Path(directory or LESSONS_DIR).glob("*.toml"))


def load_all(directory: str | Path | None = None) -> list[Lesson]:
    """Every lesson in ``directory``, in file-name order; prerequisites are cross-checked."""
    lessons = [load_lesson(p) for p in lesson_paths(directory)]
    ids = {lesson.id for lesson in lessons}
    for lesson in lessons:
        missing = [p for p in lesson.prerequisites if p not in ids]
        if missing:
            raise LessonError(str(lesson.path), [f"prerequisites: no lesson named "
                                                 f"{', '.join(missing)}"])
    return lessons


@dataclass(frozen=True)
class BrokenLesson:
    """A lesson file that could not be loaded: shown in lists with its error."""

    id: str
    path: Path
    error: str


def scan(directory: str | Path | None = None) -> tuple[list[Lesson], list[BrokenLesson]]:
    """Every lesson that loads, in the order a student takes them (``path.ordered``), and
    every file that does not (with its error): one broken file never hides the others.
    Missing prerequisites make a lesson broken too."""
    lessons, broken = [], []
    for path in lesson_paths(directory):
        try:
            lessons.append(load_lesson(path))
        except LessonError as exc:
            broken.append(BrokenLesson(path.stem, path, str(exc)))
    ids = {lesson.id for lesson in lessons} | {b.id for b in broken}
    good = []
    for lesson in lessons:
        missing = [p for p in lesson.prerequisites if p not in ids]
        if missing:
            broken.append(BrokenLesson(lesson.id, lesson.path, str(LessonError(
                str(lesson.path), [f"prerequisites: no lesson named {', '.join(missing)}"]))))
        else:
            good.append(lesson)
    return ordered(good), sorted(broken, key=lambda b: b.id)


def lesson_numbers(directory: str | Path | None = None) -> dict[str, int]:
    """The number every lesson file in ``directory`` shows (``path.numbers``), by id."""
    return numbers(p.stem for p in lesson_paths(directory))


def find_lesson(key: str, directory: str | Path | None = None) -> Lesson:
    """The lesson whose id is ``key``, or whose name is ``key`` ("vanishing_gradients":
    ``path.lesson_name``), or whose shown number is ``key`` ("4", "04": its place on the
    learning path, ``path.numbers``; never the id's own leading digits); raise
    ``LookupError`` with the choices."""
    paths = {p.stem: p for p in lesson_paths(directory)}
    shown = numbers(paths)
    found = [i for i in paths if i == key]
    if not found and key.isdigit():
        found = [i for i in paths if shown[i] == int(key)]
    if not found:
        found = [i for i in paths if lesson_name(i) == key]
    if len(found) != 1:
        choices = ", ".join(f"{n} {i}" for i, n in sorted(shown.items(), key=lambda kv: kv[1]))
        raise LookupError(f"no lesson {key!r}; lessons: {choices or 'none'}")
    return load_lesson(paths[found[0]])
