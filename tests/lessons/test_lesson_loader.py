"""The lesson schema: good files load; bad files give one error listing every problem with
the file, the step and the field."""
from __future__ import annotations

import textwrap

import pytest

from dlstudio.lessons.loader import LessonError, find_lesson, load_lesson, parse_lesson

GOOD = textwrap.dedent('''
    id = "99_demo"
    level = "beginner"
    minutes = 5
    title = { en = "Demo", zh = "演示" }
    summary = { en = "A demo lesson.", zh = "一个演示课程。" }
    [setup]
    network = { mlp = { input_shape = [2], hidden = [4], outputs = 2 } }
    data = { dataset = "moons", params = { n_samples = 100 } }
    [[steps]]
    title = { en = "One", zh = "一" }
    text = { en = "Text.", zh = "文字。" }
    run = { epochs = 1 }
    show = { panel = "convergence" }
    [steps.check]
    kind = "loss_finite"
    hint = { en = "Hint.", zh = "提示。" }
''')


def write(tmp_path, text, name="99_demo.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path, text, name="99_demo.toml"):
    with pytest.raises(LessonError) as info:
        load_lesson(write(tmp_path, text, name))
    return info.value


def test_good_file_loads(tmp_path):
    lesson = load_lesson(write(tmp_path, GOOD))
    assert lesson.id == "99_demo"
    assert lesson.steps[0].check.kind == "loss_finite"
    assert lesson.title.get("zh_CN") == "演示"


def test_missing_chinese_names_step_and_field(tmp_path):
    err = problems_of(tmp_path, GOOD.replace('text = { en = "Text.", zh = "文字。" }',
                                             'text = { en = "Text." }'))
    assert "99_demo.toml" in str(err)
    assert any("step 1 (One): text.zh" in p for p in err.problems), err.problems


def test_unknown_check_and_bad_parameter(tmp_path):
    bad = GOOD.replace('kind = "loss_finite"', 'kind = "loss_finit"')
    err = problems_of(tmp_path, bad)
    assert any("check.kind" in p and "unknown check 'loss_finit'" in p for p in err.problems)
    bad = GOOD.replace('kind = "loss_finite"', 'kind = "accuracy_above"\nvalue = 1.5')
    err = problems_of(tmp_path, bad)
    assert any("check.value" in p and "at most" in p for p in err.problems), err.problems
    bad = GOOD.replace('kind = "loss_finite"', 'kind = "accuracy_above"\nvalu = 0.5')
    err = problems_of(tmp_path, bad)
    assert any("check.valu" in p and "no parameter" in p for p in err.problems)


def test_id_must_match_file_name_and_every_problem_is_listed(tmp_path):
    bad = GOOD.replace('level = "beginner"', 'level = "expert"').replace(
        'panel = "convergence"', 'panel = "nowhere"')
    err = problems_of(tmp_path, bad, name="98_other.toml")
    text = "\n".join(err.problems)
    assert "id: must equal the file name '98_other'" in text
    assert "level" in text and "expert" in text
    assert "show.panel" in text and "nowhere" in text


def test_comparison_needs_variant_names(tmp_path):
    bad = GOOD.replace('[steps.check]', textwrap.dedent('''
        [[steps.variants]]
        name = "A"
        label = { en = "a", zh = "甲" }
        [[steps.variants]]
        name = "B"
        label = { en = "b", zh = "乙" }
        [steps.check]'''))
    err = problems_of(tmp_path, bad)
    assert any("check.variant" in p and "say which one" in p for p in err.problems)
    bad2 = bad.replace('kind = "loss_finite"',
                       'kind = "variant_better"\nbetter = "C"\nworse = "A"')
    err = problems_of(tmp_path, bad2)
    assert any("check.better" in p and "no variant named 'C'" in p for p in err.problems)


def test_question_needs_explanations_and_a_correct_answer(tmp_path):
    bad = GOOD.replace('[steps.check]', textwrap.dedent('''
        [steps.question]
        prompt = { en = "Q?", zh = "问？" }
        [[steps.question.answers]]
        text = { en = "a", zh = "甲" }
        explanation = { en = "because", zh = "因为" }
        [[steps.question.answers]]
        text = { en = "b", zh = "乙" }
        [steps.check]'''))
    err = problems_of(tmp_path, bad)
    text = "\n".join(err.problems)
    assert "answers[1].explanation: missing" in text
    assert "no answer is marked correct" in text


def test_bad_edit_and_bad_toml(tmp_path):
    bad = GOOD.replace('run = { epochs = 1 }',
                       'run = { epochs = 1 }\nnetwork = { edits = [ { op = "explode" } ] }')
    err = problems_of(tmp_path, bad)
    assert any("network.edits[0]" in p and "unknown op" in p for p in err.problems)
    err = problems_of(tmp_path, GOOD + "\n[[steps]\n")
    assert "not valid TOML" in err.problems[0]


def test_run_needs_epochs_or_steps(tmp_path):
    err = problems_of(tmp_path, GOOD.replace("run = { epochs = 1 }", "run = {}"))
    assert any("run: give exactly one of epochs or steps" in p for p in err.problems)


def test_parse_lesson_accepts_a_dict(tmp_path):
    import tomllib

    lesson = parse_lesson(tomllib.loads(GOOD), tmp_path / "99_demo.toml")
    assert lesson.steps[0].run.epochs == 1


def test_find_lesson_by_number_or_name():
    """A number is the one the student sees (the place on the learning path: lesson 4 is
    03_vanishing_gradients), never the digits that start an id; ids and names still work."""
    assert find_lesson("03_vanishing_gradients").id == "03_vanishing_gradients"
    assert find_lesson("vanishing_gradients").id == "03_vanishing_gradients"
    assert find_lesson("4").id == find_lesson("04").id == "03_vanishing_gradients"
    assert find_lesson("1").id == "16_softmax_classifiers"
    with pytest.raises(LookupError, match="no lesson 'nope'"):
        find_lesson("nope")


# -- pre-flight steps (issue 10) -----------------------------------------------------------------
PREFLIGHT = GOOD.replace('run = { epochs = 1 }\n', 'experiment = "preflight"\n').replace(
    'kind = "loss_finite"', 'kind = "preflight_verdict"\nincludes = "healthy"')


def test_preflight_step_loads():
    lesson = parse_lesson(__import__("tomllib").loads(PREFLIGHT), "99_demo.toml")
    step = lesson.steps[0]
    assert step.experiment == "preflight" and step.check.params == {"includes": "healthy"}


@pytest.mark.parametrize("change, words", [
    (('experiment = "preflight"', 'experiment = "preflight"\nrun = { steps = 5 }'),
     "a pre-flight step trains nothing"),
    (('experiment = "preflight"\n', 'run = { epochs = 1 }\n'),
     'give the step experiment = "preflight"'),
    (('includes = "healthy"', ''), "needs includes or excludes"),
    (('includes = "healthy"', 'includes = "vanish"'), "includes must be one of"),
    (('kind = "preflight_verdict"\nincludes = "healthy"',
      'kind = "preflight_layer_ratio"\nfirst_layer = 0'), "needs below or above"),
    (('kind = "preflight_verdict"\nincludes = "healthy"',
      'kind = "all"\nchecks = [ { kind = "loss_finite" }, { kind = "preflight_verdict" } ]'),
     "checks[1]: check 'preflight_verdict' needs includes or excludes"),
])
def test_preflight_fields_are_validated(tmp_path, change, words):
    old, new = change
    assert old in PREFLIGHT
    err = problems_of(tmp_path, PREFLIGHT.replace(old, new))
    assert any(words in p for p in err.problems), err.problems
