"""Issue 10: lesson steps that check the network before training (``experiment =
"preflight"``). The check kinds that read a pre-flight report, on hand-made reports (every
such kind registered has a passing and a failing case); each pre-flight step of lessons 02-06
passes headless with its setting and fails with the wrong one; the loader's validation of
the new fields; ``dlstudio lesson --check`` runs such a step."""
from __future__ import annotations

import dataclasses

import pytest

from dlstudio.lessons.checks import CHECKS, RunRecord, evaluate
from dlstudio.lessons.loader import find_lesson, load_all
from dlstudio.lessons.runner import run_step
from dlstudio.messages import render
from dlstudio.training.preflight import LayerCheck, PreflightReport


def report(ratios, verdicts=(), reference=None, dead=None) -> PreflightReport:
    """A report over Dense layers 1..n (layer 0 is a Flatten) whose signal_rms are
    ``ratios`` (the reference layer's is 1)."""
    layers = [LayerCheck(0, "flatten", "Flatten", None)]
    for i, r in enumerate(ratios, start=1):
        layers.append(LayerCheck(i, f"dense_{i}", "Dense", "relu", signal_rms=r,
                                 signal_ratio=r, weight_grad_rms=10 * r, dead_fraction=dead,
                                 verdicts=tuple(verdicts) if i == 1 else ()))
    ref = reference if reference is not None else len(ratios) - 1
    return PreflightReport(layers=tuple(layers), verdicts=tuple(verdicts), notes=(),
                           loss=2.3, learning_rate=0.1, optimizer="sgd", batch_size=8,
                           reference_layer=ref)


def runs(rep) -> dict[str, RunRecord]:
    return {"": RunRecord("", (), {"preflight": rep})}


VANISHING = report([1e-8, 1e-4, 1.0, 3.0], verdicts=("vanishing",))
EXPLODING = report([5e3, 40.0, 1.0, 3.0], verdicts=("exploding",))
DEAD = report([0.0, 0.0, 0.0, 1.0], verdicts=("dead units", "saturated"), dead=1.0)
HEALTHY = report([0.8, 0.9, 1.0, 3.0])

#: check kind -> (params, report, should pass)
CASES = {
    "preflight_verdict": [
        ({"includes": "vanishing"}, VANISHING, True),
        ({"includes": "vanishing"}, HEALTHY, False),
        ({"includes": "healthy"}, HEALTHY, True),
        ({"includes": "healthy"}, EXPLODING, False),
        ({"excludes": "vanishing"}, HEALTHY, True),
        ({"excludes": "vanishing"}, VANISHING, False),
        ({"includes": "dead units", "excludes": "exploding"}, DEAD, True),
        ({"includes": "saturated", "excludes": "dead units"}, DEAD, False),
    ],
    "preflight_layer_ratio": [
        ({"below": 1e-6}, VANISHING, True),                        # 1e-8 vs the reference
        ({"below": 1e-6}, HEALTHY, False),
        ({"above": 100.0}, EXPLODING, True),
        ({"above": 100.0}, VANISHING, False),
        ({"above": 0.1, "last_layer": -1}, HEALTHY, True),          # 0.8 / 3.0
        ({"above": 0.5, "last_layer": -1}, HEALTHY, False),
        ({"below": 1e-2, "first_layer": 1}, VANISHING, True),       # 1e-4
        ({"below": 1.0, "quantity": "weight_grad_rms"}, DEAD, False),   # 0 / 0: no ratio
    ],
}
PREFLIGHT_KINDS = [e.name for e in CHECKS.entries() if e.meta.get("experiment") == "preflight"]


def test_every_preflight_check_has_cases():
    assert set(PREFLIGHT_KINDS) == set(CASES)
    for kind, cases in CASES.items():
        assert {ok for _, _, ok in cases} == {True, False}, kind


@pytest.mark.parametrize("kind", PREFLIGHT_KINDS)
def test_preflight_check_passes_and_fails(kind):
    for params, rep, ok in CASES[kind]:
        result = evaluate(kind, params, runs(rep))
        assert result.passed is ok, (kind, params, result.message)
        assert str(result.message) and render(result.message, "zh") != str(result.message)


@pytest.mark.parametrize("kind", PREFLIGHT_KINDS)
def test_preflight_check_without_a_report_says_what_is_missing(kind):
    params = CASES[kind][0][0]
    result = evaluate(kind, params, {"": RunRecord("", (), {})})
    assert not result.passed and 'experiment = "preflight"' in result.message


def test_layer_ratio_names_a_missing_layer():
    result = evaluate("preflight_layer_ratio", {"below": 1.0, "first_layer": 9},
                      runs(HEALTHY))
    assert not result.passed and "no layer 9 with weights" in result.message


# -- the lessons' pre-flight steps ---------------------------------------------------------------
def _preflight_steps():
    for lesson in load_all():
        for step in lesson.steps:
            if step.experiment == "preflight":
                yield lesson, step


def _with_network_edits(step, edits, replace=False):
    net = step.changes.network
    edits = tuple(edits) if replace else net.edits + tuple(edits)
    return dataclasses.replace(step, changes=dataclasses.replace(
        step.changes, network=dataclasses.replace(net, edits=edits)))


#: lesson -> the wrong setting for its pre-flight step: (network edits, replace the step's)
WRONG = {
    "02_init_xavier_he": ([{"op": "set", "layers": "hidden", "key": "kernel_initializer",
                            "value": "he_normal"}], False),
    "03_vanishing_gradients": ([{"op": "set", "layers": "hidden", "key": "activation",
                                 "value": "relu"},
                                {"op": "set", "layers": "hidden", "key": "kernel_initializer",
                                 "value": "he_normal"}], False),
    "04_exploding_gradients": ([{"op": "set", "layers": "hidden", "key": "kernel_initializer",
                                 "value": "he_normal"}], False),
    "05_activations": ([{"op": "set", "layers": "hidden", "key": "bias_initializer",
                         "value": "zeros"}], False),
    "06_batch_norm": ([], True),                 # without the batch norm
}


def test_lessons_two_to_six_each_have_a_preflight_step():
    assert {lesson.id for lesson, _ in _preflight_steps()} >= set(WRONG)


@pytest.mark.parametrize("lesson_id", sorted(WRONG))
def test_preflight_step_passes_with_its_setting_and_fails_with_the_wrong_one(lesson_id):
    lesson = find_lesson(lesson_id)
    step = next(s for s in lesson.steps if s.experiment == "preflight")
    assert step.show.panel == "preflight" and step.show.highlight is not None
    good = run_step(lesson, step, raise_errors=True)
    assert good.result.passed, good.result.message
    assert good.runs[""].info["preflight"].layers          # the record holds the report
    edits, replace = WRONG[lesson_id]
    bad = run_step(lesson, _with_network_edits(step, edits, replace), raise_errors=True)
    assert not bad.result.passed, bad.result.message
    assert "before training" in bad.result.message


def test_lesson_check_command_runs_a_preflight_step(capsys):
    from dlstudio.cli import main

    assert main(["lesson", "vanishing_gradients", "--check", "--step", "1", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "梯度消失" in out and "训练之前" in out


def test_a_verdict_check_names_the_verdict_not_its_sentences():
    """walker21 W21-2: lesson 04 step 1's check repeated both pre-flight sentences word for
    word (nine lines under Apply, the answer's feedback pushed out of the lesson pane); they
    stand on the Pre-flight page and in the status line already."""
    sentences = ("exploding: the initial weights of layer 2 (dense) are about 20 times the He "
                 "scale", "exploding: with these weights one step at learning rate 0.01 would "
                 "already change the weights of layer 8")
    rep = dataclasses.replace(EXPLODING, notes=sentences)
    result = evaluate("preflight_verdict", {"includes": "exploding"}, runs(rep))
    assert result.passed
    assert str(result.message) == "before training: exploding (the step expects exploding)"
    assert render(result.message, "zh") == "训练之前：梯度爆炸（这一步预期出现“梯度爆炸”）"
    dead = dataclasses.replace(DEAD, notes=sentences)
    result = evaluate("preflight_verdict", {"excludes": "exploding"}, runs(dead))
    assert str(result.message) == ("before training: dead units, saturated (the step expects "
                                   "no exploding)")


def test_lesson_05_step_3_names_the_colour_and_words_the_page_shows():
    """Walker26 W26-2: the text said the pre-flight bars "are orange, dead units" and Look at
    said "orange 'dead units'", while every bar and badge was blue and read "vanishing, dead
    units" (a layer takes the colour of its first verdict, and a dead layer passes no
    signal: vanishing comes first). The text now says what the page shows (en and zh)."""
    from dlstudio.gui.preflight_check import VERDICT_COLORS

    lesson = find_lesson("05_activations")
    step = next(s for s in lesson.steps if s.experiment == "preflight")
    report = run_step(lesson, step, raise_errors=True).runs[""].info["preflight"]
    hidden = [c for c in report.layers if c.kind == "Dense"][:-1]     # not the output
    assert hidden and all(c.verdicts[:2] == ("vanishing", "dead units") for c in hidden)
    assert VERDICT_COLORS["vanishing"] != VERDICT_COLORS["dead units"]
    for text in (step.text.en, step.show.highlight.en):
        assert "blue" in text and "vanishing, dead units" in text
    for text in (step.text.zh, step.show.highlight.zh):
        assert "蓝色" in text and "梯度消失" in text and "死亡单元" in text
    # orange only where it is drawn: the pass-through chart colours the activation's own
    # verdict, dead units (walker38 W38-2); the badges and the signal's ▼ stay blue
    assert "orange" not in step.show.highlight.en and "橙" not in step.show.highlight.zh
    assert step.text.en.count("orange") == 1 and step.text.zh.count("橙") == 1
    assert "**Pass-through f′(z)/f′(0)** is orange" in step.text.en
    assert "“梯度通过率 f′(z)/f′(0)”图中的柱子则是橙色" in step.text.zh
