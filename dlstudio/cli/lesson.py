"""``dlstudio lesson``: list the guided lessons, read one, or run its checks headless.

    dlstudio lesson list [--lang zh]                            # in the order to take them
    dlstudio lesson vanishing_gradients [--lang zh]             # print the steps
    dlstudio lesson 4 --check [--step 2] [--slow] [--lang zh]   # run each step, check it

A lesson's number is its place on the learning path, as ``list`` and the window show it
(lesson 4 is 03_vanishing_gradients: the ids are file names and keep their old digits).

``--check`` runs every step's experiment on its small data and prints the check's result;
steps marked slow (real MNIST, minutes) are skipped unless ``--slow`` is given. The exit
code is 1 when a check fails.
"""
from __future__ import annotations

import argparse
import textwrap

from dlstudio.cli import UserError
from dlstudio.messages import LANGUAGE_METAVAR, Message, catalogue, language_option, render


def add_parser(sub) -> None:
    p = sub.add_parser("lesson", help="list guided lessons, or run a lesson's checks headless",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("lesson", help="'list', or a lesson: its number as 'list' shows it, its "
                                  "name, or its id (file name without .toml)")
    p.add_argument("--check", action="store_true",
                   help="run each step's experiment and evaluate its check")
    p.add_argument("--step", type=int, default=None, help="only this step (1-based)")
    p.add_argument("--slow", action="store_true", help="also run steps marked slow")
    p.add_argument("--lang", default="en", type=language_option, metavar=LANGUAGE_METAVAR,
                   help="language of the texts (zh_CN and zh-CN also work)")
    p.add_argument("--quiet", action="store_true", help="do not print the step texts")
    p.set_defaults(func=run)


def _width() -> int:
    return 92


def _list(lang: str) -> int:
    from dlstudio.lessons.loader import scan
    from dlstudio.lessons.path import lesson_name, number_text, numbers
    from dlstudio.lessons.progress import ProgressStore

    store = ProgressStore()
    lessons, broken = scan()                        # in path order
    shown = numbers(lesson.id for lesson in lessons)
    for lesson in lessons:
        done = store.fraction_done(lesson.id, [s.id for s in lesson.steps])
        level = render(_level(lesson.level), lang)
        row = Message("cli.lesson.row", minutes=lesson.minutes, steps=len(lesson.steps),
                      done=done)
        name = lesson_name(lesson.id)
        print(f"{number_text(shown[lesson.id])}  {name:<24} {level:<13} {render(row, lang)}  "
              f"{lesson.title.get(lang)}")
    for b in broken:                  # listed with the error; the other lessons still work
        error = b.error.splitlines()[-1].strip(" -")
        print(f"    {b.id:<24} {render(Message('cli.lesson.broken', error=error), lang)}")
    return 0


def _level(level: str) -> str:
    key = f"term.level.{level}"
    return Message(key) if key in catalogue() else level


def _print_step(lesson, step, lang: str, quiet: bool) -> None:
    n = len(lesson.steps)
    slow = "  [slow]" if step.slow else ""
    head = f"步骤 {step.index + 1}/{n}：" if lang == "zh" else f"Step {step.index + 1}/{n}: "
    print(f"\n== {head}{step.title.get(lang)}{slow}")
    if quiet:
        return
    for para in step.text.get(lang).split("\n\n"):
        print(textwrap.fill(para.strip(), _width()) if lang == "en" else para.strip())
        print()
    if step.question is not None:
        q = step.question
        print(("问题：" if lang == "zh" else "Question: ") + q.prompt.get(lang))
        for i, a in enumerate(q.answers):
            mark = "*" if a.correct else " "
            print(f"  {mark} {chr(65 + i)}. {a.text.get(lang)}")


def run(args) -> int:
    from dlstudio.lessons.loader import LessonError, find_lesson, lesson_numbers

    if args.lesson == "list":
        try:
            return _list(args.lang)
        except LessonError as exc:
            raise UserError(str(exc)) from None
    try:
        lesson = find_lesson(args.lesson)
    except (LookupError, LessonError) as exc:
        raise UserError(str(exc)) from None
    number = lesson_numbers()[lesson.id]
    print(render(Message("cli.lesson.header", number=number, title=lesson.title.get(args.lang),
                         id=lesson.id, level=_level(lesson.level), minutes=lesson.minutes),
                 args.lang))
    print(lesson.summary.get(args.lang))
    steps = lesson.steps
    if args.step is not None:
        if not 1 <= args.step <= len(steps):
            raise UserError(f"lesson {lesson.id} has steps 1 to {len(steps)}, not {args.step}")
        steps = (steps[args.step - 1],)
    failed = 0
    for step in steps:
        _print_step(lesson, step, args.lang, args.quiet or args.check)
        if not args.check:
            continue
        if step.slow and not args.slow:
            print("   " + render(Message("cli.lesson.skipped_slow"), args.lang))
            continue
        from dlstudio.lessons.runner import run_step

        outcome = run_step(lesson, step)
        res = outcome.result
        mark = "PASS" if res.passed else "FAIL"
        print(f"   [{mark}] {step.check.kind}: {render(res.message, args.lang)}  "
              f"({outcome.seconds:.1f} s)")
        if not res.passed:
            failed += 1
            print(f"   {'提示' if args.lang == 'zh' else 'hint'}: {step.check.hint.get(args.lang)}")
    if args.check:
        summary = (Message("cli.lesson.all_passed", passed=len(steps), total=len(steps))
                   if not failed else
                   Message("cli.lesson.some_failed", failed=failed, total=len(steps)))
        print("\n" + render(summary, args.lang))
    return 1 if failed else 0
