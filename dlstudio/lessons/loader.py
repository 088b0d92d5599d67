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
    title = { en = "...", zh = "..." }
    text = { en = "...", zh = "..." }    # Markdown-ish: paragraphs, **bold**, `code`, - lists
    run = { epochs = 2 }                 # or { steps = 200 }
    show = { panel = "gradients", highlight = "first vs last layer" }
    slow = false                         # true: needs minutes or the real MNIST
    experiment = "train"                 # train | playground | search | transfer | inspect
    network = { edits = [...] }          # changes on top of setup (also data, train)
    [[steps.variants]]                   # optional side-by-side runs
    name = "A"
    label = { en = "...", zh = "..." }
    network = { ... }   data = { ... }   train = { ... }
    [steps.question]                     # optional
    kind = "choice"                      # or "predict_curve"
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

import tomllib
from pathlib import Path
from typing import Any

from dlstudio.lessons.edits import EDIT_OPS
from dlstudio.lessons.model import (EXPERIMENTS, LANGUAGES, LEVELS, PANELS, Answer, Changes,
                                    CheckSpec, Lesson, NetworkChange, Question, RunLength, Show,
                                    Step, Text, Variant)

#: the folder holding the lesson files (top level of the repository / installation)
LESSONS_DIR = Path(__file__).resolve().parents[2] / "lessons"

_LESSON_KEYS = {"id", "title", "level", "minutes", "prerequisites", "summary", "setup", "steps"}
_STEP_KEYS = {"title", "text", "network", "data", "train", "variants", "run", "show",
              "question", "check", "slow", "experiment", "config"}
_CHANGE_KEYS = {"network", "data", "train"}
_NETWORK_KEYS = {"preset", "spec", "mlp", "edits"}


class LessonError(ValueError):
    """A lesson file that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{path}: {len(problems)} problem(s) in this lesson file:\n{lines}")


class _Ctx:
    """Collects problems while reading one file."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[str] = []

    def bad(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")


def _text(ctx: _Ctx, where: str, value: Any, required: bool = True) -> Text | None:
    if value is None:
        if required:
            ctx.bad(where, "missing; give it as { en = \"...\", zh = \"...\" }")
        return None
    if not isinstance(value, dict):
        ctx.bad(where, f"must be a table {{ en = ..., zh = ... }}, got {type(value).__name__}")
        return None
    for lang in LANGUAGES:
        v = value.get(lang)
        if not isinstance(v, str) or not v.strip():
            ctx.bad(f"{where}.{lang}", "missing or empty: every text needs English (en) and "
                                       "Simplified Chinese (zh)")
    extra = set(value) - set(LANGUAGES)
    if extra:
        ctx.bad(where, f"unknown language key(s) {sorted(extra)}; use en and zh")
    return Text(str(value.get("en", "")).strip(), str(value.get("zh", "")).strip())


def _table(ctx: _Ctx, where: str, value: Any) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        ctx.bad(where, f"must be a table, got {type(value).__name__}")
        return {}
    return value


def _network(ctx: _Ctx, where: str, value: Any) -> NetworkChange:
    table = _table(ctx, where, value)
    unknown = set(table) - _NETWORK_KEYS
    if unknown:
        ctx.bad(where, f"unknown key(s) {sorted(unknown)}; use {', '.join(sorted(_NETWORK_KEYS))}")
    preset = table.get("preset")
    if preset is not None:
        try:
            from dlstudio.engine.presets import PRESETS

            PRESETS.resolve(preset)
        except KeyError as exc:
            ctx.bad(f"{where}.preset", str(exc.args[0]))
        except ImportError:  # engine not importable: checked when the step runs
            pass
    edits = table.get("edits", [])
    if not isinstance(edits, list):
        ctx.bad(f"{where}.edits", "must be a list of tables with an 'op'")
        edits = []
    for i, edit in enumerate(edits):
        here = f"{where}.edits[{i}]"
        if not isinstance(edit, dict) or "op" not in edit:
            ctx.bad(here, "each edit is a table with an 'op', e.g. {op = \"set\", "
                          "layers = \"hidden\", key = \"activation\", value = \"relu\"}")
            continue
        op = edit["op"]
        if op not in EDIT_OPS:
            ctx.bad(here, f"unknown op {op!r}; known: {', '.join(EDIT_OPS)}")
            continue
        required, optional = EDIT_OPS[op]
        missing = required - set(edit)
        extra = set(edit) - required - optional - {"op"}
        if missing:
            ctx.bad(here, f"op {op!r} needs {', '.join(sorted(missing))}")
        if extra:
            ctx.bad(here, f"op {op!r} does not take {', '.join(sorted(extra))}")
    for key in ("spec", "mlp"):
        if key in table and not isinstance(table[key], dict):
            ctx.bad(f"{where}.{key}", "must be a table")
    return NetworkChange(preset=preset, spec=table.get("spec"), mlp=table.get("mlp"),
                         edits=tuple(dict(e) for e in edits if isinstance(e, dict)))


def _changes(ctx: _Ctx, prefix: str, table: dict) -> Changes:
    """``prefix`` ends with "." or ": " (e.g. "setup." or "step 2 (...): ")."""
    return Changes(network=_network(ctx, f"{prefix}network", table.get("network")),
                   data=dict(_table(ctx, f"{prefix}data", table.get("data"))),
                   train=dict(_table(ctx, f"{prefix}train", table.get("train"))))


def _question(ctx: _Ctx, where: str, value: Any) -> Question | None:
    if value is None:
        return None
    table = _table(ctx, where, value)
    kind = table.get("kind", "choice")
    if kind not in ("choice", "predict_curve"):
        ctx.bad(f"{where}.kind", f"must be 'choice' or 'predict_curve', got {kind!r}")
    prompt = _text(ctx, f"{where}.prompt", table.get("prompt"))
    answers = []
    raw = table.get("answers")
    if not isinstance(raw, list) or len(raw) < 2:
        ctx.bad(f"{where}.answers", "a question needs at least two [[...answers]]")
        raw = raw if isinstance(raw, list) else []
    for i, a in enumerate(raw):
        here = f"{where}.answers[{i}]"
        a = _table(ctx, here, a)
        text = _text(ctx, f"{here}.text", a.get("text"))
        expl = _text(ctx, f"{here}.explanation", a.get("explanation"))
        correct = a.get("correct", False)
        if not isinstance(correct, bool):
            ctx.bad(f"{here}.correct", "must be true or false")
        curve = a.get("curve", [])
        if kind == "predict_curve" and not curve:
            ctx.bad(f"{here}.curve", "a predict_curve answer needs a curve (a list of numbers)")
        if text and expl:
            answers.append(Answer(text, bool(correct), expl,
                                  tuple(float(c) for c in curve)))
    if raw and not any(isinstance(a, dict) and a.get("correct") is True for a in raw):
        ctx.bad(f"{where}.answers", "no answer is marked correct = true")
    if prompt is None:
        return None
    return Question(kind, prompt, tuple(answers))


def _check(ctx: _Ctx, where: str, value: Any, variants: tuple[str, ...]) -> CheckSpec | None:
    from dlstudio.lessons.checks import CHECKS

    table = _table(ctx, where, value)
    if not table:
        ctx.bad(where, "every step needs a [steps.check] with a kind and a hint")
        return None
    hint = _text(ctx, f"{where}.hint", table.get("hint"))
    params = {k: v for k, v in table.items() if k not in ("kind", "hint")}
    kind = table.get("kind")
    if kind not in CHECKS:
        ctx.bad(f"{where}.kind", f"unknown check {kind!r}; known: {', '.join(CHECKS.names())}")
        return None
    _check_params(ctx, where, kind, params, variants)
    if hint is None:
        return None
    return CheckSpec(CHECKS.resolve(kind), params, hint)


def _check_params(ctx: _Ctx, where: str, kind: str, params: dict,
                  variants: tuple[str, ...]) -> None:
    from dlstudio.lessons.checks import CHECKS

    entry = CHECKS.entry(kind)
    known = {p.name for p in entry.params}
    for name, value in params.items():
        if name not in known:
            ctx.bad(f"{where}.{name}", f"check {kind!r} has no parameter {name!r}; it takes "
                                       f"{', '.join(sorted(known)) or 'none'}")
            continue
        p = entry.param(name)
        if p.kind in ("float", "int", "bool", "choice"):
            problem = p.check(value)
            if problem:
                ctx.bad(f"{where}.{name}", problem)
    if kind == "all":
        subs = params.get("checks")
        if not isinstance(subs, list) or not subs:
            ctx.bad(f"{where}.checks", "kind 'all' needs checks = [ {kind = ...}, ... ]")
            return
        for i, sub in enumerate(subs):
            if not isinstance(sub, dict) or sub.get("kind") not in CHECKS:
                ctx.bad(f"{where}.checks[{i}]", "needs a known kind")
                continue
            _check_params(ctx, f"{where}.checks[{i}]", sub["kind"],
                          {k: v for k, v in sub.items() if k != "kind"}, variants)
        return
    if entry.meta.get("compare"):
        for key in ("better", "worse", "num", "den"):
            if key in params and variants and params[key] not in variants:
                ctx.bad(f"{where}.{key}", f"no variant named {params[key]!r}; the step has "
                                          f"{', '.join(variants)}")
        if not variants and kind != "all":
            ctx.bad(where, f"check {kind!r} compares variants, but the step has none")
    elif len(variants) > 1 and "variant" not in params:
        ctx.bad(f"{where}.variant", f"the step runs {', '.join(variants)}: say which one "
                                    f"the check reads")
    elif "variant" in params and params["variant"] not in variants:
        ctx.bad(f"{where}.variant", f"no variant named {params['variant']!r}")


def _step(ctx: _Ctx, index: int, raw: Any) -> Step | None:
    title_hint = raw.get("title", {}).get("en", "") if isinstance(raw, dict) else ""
    where = f"step {index + 1}" + (f" ({title_hint})" if title_hint else "")
    if not isinstance(raw, dict):
        ctx.bad(where, "each [[steps]] must be a table")
        return None
    unknown = set(raw) - _STEP_KEYS
    if unknown:
        ctx.bad(where, f"unknown key(s) {sorted(unknown)}; known: {', '.join(sorted(_STEP_KEYS))}")
    title = _text(ctx, f"{where}: title", raw.get("title"))
    text = _text(ctx, f"{where}: text", raw.get("text"))
    changes = _changes(ctx, f"{where}: ", raw)
    variants = []
    for i, v in enumerate(raw.get("variants", []) or []):
        here = f"{where}: variants[{i}]"
        v = _table(ctx, here, v)
        name = v.get("name")
        if not isinstance(name, str) or not name:
            ctx.bad(f"{here}.name", "each variant needs a short name such as \"A\"")
            continue
        bad = set(v) - _CHANGE_KEYS - {"name", "label"}
        if bad:
            ctx.bad(here, f"unknown key(s) {sorted(bad)}; a variant has name, label, "
                          f"network, data, train")
        label = _text(ctx, f"{here}.label", v.get("label"))
        variants.append(Variant(name, label or Text(name, name), _changes(ctx, here + ".", v)))
    names = tuple(v.name for v in variants)
    config = _table(ctx, f"{where}: config", raw.get("config"))
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
    run_t = _table(ctx, f"{where}: run", raw.get("run"))
    experiment = raw.get("experiment", "train")
    if experiment not in EXPERIMENTS:
        ctx.bad(f"{where}: experiment", f"must be one of {', '.join(EXPERIMENTS)}")
    epochs, steps = run_t.get("epochs"), run_t.get("steps")
    if experiment in ("train", "transfer") and (epochs is None) == (steps is None):
        ctx.bad(f"{where}: run", "give exactly one of epochs or steps, e.g. run = { epochs = 3 }")
    for key, val in (("epochs", epochs), ("steps", steps)):
        if val is not None and (not isinstance(val, int) or isinstance(val, bool) or val < 1):
            ctx.bad(f"{where}: run.{key}", f"must be a whole number >= 1, got {val!r}")
    show_t = _table(ctx, f"{where}: show", raw.get("show"))
    panel = show_t.get("panel", "convergence")
    if panel not in PANELS:
        ctx.bad(f"{where}: show.panel", f"unknown panel {panel!r}; use one of {', '.join(PANELS)}")
    note = _text(ctx, f"{where}: show.note", show_t.get("note"), required=False)
    question = _question(ctx, f"{where}: question", raw.get("question"))
    check = _check(ctx, f"{where}: check", raw.get("check"), names)
    slow = raw.get("slow", False)
    if not isinstance(slow, bool):
        ctx.bad(f"{where}: slow", "must be true or false")
    if None in (title, text, check):
        return None
    return Step(index=index, title=title, text=text, changes=changes, variants=tuple(variants),
                run=RunLength(epochs=epochs, steps=steps),
                show=Show(panel, str(show_t.get("highlight", "")), note),
                check=check, question=question, experiment=experiment,
                experiment_config=dict(config), slow=bool(slow))


def parse_lesson(data: dict, path: str | Path, lesson_id: str | None = None) -> Lesson:
    """Build a ``Lesson`` from parsed TOML ``data``; raise ``LessonError`` listing problems."""
    path = Path(path)
    ctx = _Ctx(str(path))
    expected_id = lesson_id or path.stem
    unknown = set(data) - _LESSON_KEYS
    if unknown:
        ctx.bad("lesson", f"unknown key(s) {sorted(unknown)}; known: {', '.join(sorted(_LESSON_KEYS))}")
    lid = data.get("id")
    if lid != expected_id:
        ctx.bad("id", f"must equal the file name {expected_id!r}, got {lid!r}")
    title = _text(ctx, "title", data.get("title"))
    summary = _text(ctx, "summary", data.get("summary"))
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
    setup_t = _table(ctx, "setup", data.get("setup"))
    bad = set(setup_t) - _CHANGE_KEYS
    if bad:
        ctx.bad("setup", f"unknown key(s) {sorted(bad)}; use network, data, train")
    setup = _changes(ctx, "setup.", setup_t)
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        ctx.bad("steps", "a lesson needs at least one [[steps]] table")
        raw_steps = []
    steps = [_step(ctx, i, s) for i, s in enumerate(raw_steps)]
    if ctx.problems:
        raise LessonError(str(path), ctx.problems)
    return Lesson(id=expected_id, title=title, level=level, minutes=minutes,
                  prerequisites=tuple(prereq), summary=summary, setup=setup,
                  steps=tuple(s for s in steps if s is not None), path=path)


def load_lesson(path: str | Path) -> Lesson:
    """Read and validate one lesson file."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise LessonError(str(path), ["no such file"]) from None
    except tomllib.TOMLDecodeError as exc:
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


def find_lesson(key: str, directory: str | Path | None = None) -> Lesson:
    """The lesson whose id is ``key``, or whose id starts with ``key`` or ends with it after
    the number ("03", "vanishing_gradients"); raise ``LookupError`` with the choices."""
    paths = lesson_paths(directory)
    ids = [p.stem for p in paths]
    exact = [p for p in paths if p.stem == key]
    if not exact:
        exact = [p for p in paths if p.stem.split("_", 1)[-1] == key
                 or p.stem.split("_", 1)[0] == key.zfill(2)]
    if len(exact) != 1:
        raise LookupError(f"no lesson {key!r}; lessons: {', '.join(ids) or 'none'}")
    return load_lesson(exact[0])
