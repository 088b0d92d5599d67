"""Field-level validation of lesson files: bilingual texts, network changes, questions and
checks. Each reader records problems in a ``ReadContext`` (naming the step and field) instead of
raising, so one load reports every problem at once; ``loader.py`` assembles lessons and steps.
"""
from __future__ import annotations

import re
from typing import Any

from dlstudio.engine.spec_edits import EDIT_OPS
from dlstudio.lessons.model import (LANGUAGES, Answer, Changes, CheckSpec, NetworkChange,
                                    Question, Text)
from dlstudio.lessons.path import number_of

CHANGE_KEYS = {"network", "data", "train"}
_NETWORK_KEYS = {"preset", "spec", "mlp", "edits"}


class ReadContext:
    """Collects problems while reading one file."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[str] = []

    def bad(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")


def read_text(ctx: ReadContext, where: str, value: Any, required: bool = True) -> Text | None:
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
    en, zh = (_lesson_numbers(ctx, f"{where}.{lang}", str(value.get(lang, "")).strip())
              for lang in ("en", "zh"))
    return Text(en, zh)


#: a reference to another lesson in a lesson's text: ``{lesson:03_vanishing_gradients}``
LESSON_REFERENCE = re.compile(r"\{lesson:([^{}\s]+)\}")


def _lesson_numbers(ctx: ReadContext, where: str, text: str) -> str:
    """``text`` with each ``{lesson:ID}`` replaced by the number lesson ID shows (its place
    on the learning path), so "lesson {lesson:03_vanishing_gradients}" stays right when the
    path changes; an ID the path does not list is a problem of the file."""
    def number(match: re.Match) -> str:
        shown = number_of(match.group(1))
        if shown is None:
            ctx.bad(where, f"{match.group(0)}: no lesson on the learning path has that id")
            return match.group(0)
        return str(shown)

    return LESSON_REFERENCE.sub(number, text)


def read_table(ctx: ReadContext, where: str, value: Any) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        ctx.bad(where, f"must be a table, got {type(value).__name__}")
        return {}
    return value


def _network(ctx: ReadContext, where: str, value: Any) -> NetworkChange:
    table = read_table(ctx, where, value)
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
        required, optional, _apply = EDIT_OPS[op]
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


def read_changes(ctx: ReadContext, prefix: str, table: dict) -> Changes:
    """``prefix`` ends with "." or ": " (e.g. "setup." or "step 2 (...): ")."""
    return Changes(network=_network(ctx, f"{prefix}network", table.get("network")),
                   data=dict(read_table(ctx, f"{prefix}data", table.get("data"))),
                   train=dict(read_table(ctx, f"{prefix}train", table.get("train"))))


def read_question(ctx: ReadContext, where: str, value: Any) -> Question | None:
    if value is None:
        return None
    table = read_table(ctx, where, value)
    kind = table.get("kind", "choice")
    if kind not in ("choice", "predict_curve"):
        ctx.bad(f"{where}.kind", f"must be 'choice' or 'predict_curve', got {kind!r}")
    prompt = read_text(ctx, f"{where}.prompt", table.get("prompt"))
    answers = []
    raw = table.get("answers")
    if not isinstance(raw, list) or len(raw) < 2:
        ctx.bad(f"{where}.answers", "a question needs at least two [[...answers]]")
        raw = raw if isinstance(raw, list) else []
    for i, a in enumerate(raw):
        here = f"{where}.answers[{i}]"
        a = read_table(ctx, here, a)
        text = read_text(ctx, f"{here}.text", a.get("text"))
        expl = read_text(ctx, f"{here}.explanation", a.get("explanation"))
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
    predicts = table.get("predicts", True)
    if not isinstance(predicts, bool):
        ctx.bad(f"{where}.predicts", "must be true or false")
    if prompt is None:
        return None
    return Question(kind, prompt, tuple(answers), predicts is not False)


def read_check(ctx: ReadContext, where: str, value: Any,
               variants: tuple[str, ...], experiment: str = "train") -> CheckSpec | None:
    from dlstudio.lessons.checks import CHECKS

    table = read_table(ctx, where, value)
    if not table:
        ctx.bad(where, "every step needs a [steps.check] with a kind and a hint")
        return None
    hint = read_text(ctx, f"{where}.hint", table.get("hint"))
    params = {k: v for k, v in table.items() if k not in ("kind", "hint")}
    kind = table.get("kind")
    if kind not in CHECKS:
        ctx.bad(f"{where}.kind", f"unknown check {kind!r}; known: {', '.join(CHECKS.names())}")
        return None
    _check_params(ctx, where, kind, params, variants, experiment)
    if hint is None:
        return None
    return CheckSpec(CHECKS.resolve(kind), params, hint)


def _check_params(ctx: ReadContext, where: str, kind: str, params: dict,
                  variants: tuple[str, ...], experiment: str = "train") -> None:
    from dlstudio.lessons.checks import CHECKS

    entry = CHECKS.entry(kind)
    needs = entry.meta.get("experiment")
    if needs is not None and experiment != needs:
        ctx.bad(f"{where}.kind", f"check {kind!r} reads what a {needs!r} experiment records; "
                                 f"give the step experiment = \"{needs}\"")
    one_of = entry.meta.get("one_of") or ()
    if one_of and not any(params.get(name) is not None for name in one_of):
        ctx.bad(where, f"check {kind!r} needs {' or '.join(one_of)}")
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
                          {k: v for k, v in sub.items() if k != "kind"}, variants, experiment)
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
