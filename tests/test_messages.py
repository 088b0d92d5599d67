"""Structured messages: every id has English and Chinese text that formats with its declared
example values; a Message is its English text, renders in Chinese, and survives pickling."""
from __future__ import annotations

import pickle

import pytest

from dlstudio.messages import (LANGUAGES, Message, catalogue, fields, message_of, render,
                               render_error)
from dlstudio.messages.numbers import MathFloat, math_number, power_of_ten, readable_ratio

ENTRIES = sorted(catalogue().items())


@pytest.mark.parametrize("mid,entry", ENTRIES, ids=[m for m, _ in ENTRIES])
def test_every_message_has_both_languages_and_formats_with_its_example(mid, entry):
    example = entry.get("example", {})
    for lang in LANGUAGES:
        template = entry.get(lang)
        assert isinstance(template, str) and template.strip(), f"{mid}: no {lang} text"
        assert fields(template) == set(example), (
            f"{mid} ({entry['file']}): {lang} uses {sorted(fields(template))}, "
            f"example declares {sorted(example)}")
        assert template.format(**example)
    assert set(entry) <= {"en", "zh", "example", "file"}, f"{mid}: unknown keys"
    # the constructor checks the same way, in English, each number as a student reads it
    shown = {k: math_number(v) if isinstance(v, str) else v for k, v in example.items()}
    assert Message(mid, **example) == entry["en"].format(**shown)


def test_numbers_in_messages_are_written_with_powers_of_ten():
    """walker23 W23-2: "8.88e-09 (needs < 1e-06)" beside axes labelled 10⁻⁸; the same
    number now reads the same way in the check line, in both languages, whether it came as
    a float or formatted before."""
    m = Message("check.preflight_ratio", what="the signal", first="layer 2", last="layer 10",
                ratio="8.88e-09", needs="<", limit=1e-06)
    assert m.endswith("= 8.88 × 10⁻⁹ (needs < 10⁻⁶)")
    assert render(m, "zh").endswith("= 8.88 × 10⁻⁹（需要 < 10⁻⁶）")
    # ordinary numbers, format specs and names are left alone
    assert Message("check.accuracy", split="val", acc=0.979, needs=">", value=90) \
        == "val accuracy 97.9% (needs > 90%)"
    assert math_number("dense_1e5") == "dense_1e5" and math_number("0.0001") == "0.0001"
    assert math_number("-2.5e+12") == "−2.5 × 10¹²" and math_number("1.0e3") == "10³"
    assert f"{MathFloat(3e-07):.3g}" == "3 × 10⁻⁷" and str(MathFloat(0.25)) == "0.25"


def test_ratios_read_like_numbers_not_exponents():
    """Walker3 W3-12: badges said "signal x1e+00"; sentences said "10^-4"."""
    assert readable_ratio(1.0) == "1.0"
    assert readable_ratio(0.5) == "0.50"
    assert readable_ratio(0.03) == "0.03"
    assert readable_ratio(250.0) == "250"
    assert readable_ratio(9e-9) == "10⁻⁸"
    assert readable_ratio(2e5) == "10⁵"
    assert power_of_ten(1.2e-5) == "10⁻⁵"
    assert power_of_ten(3e4) == "10⁴"
    assert readable_ratio(0.0) == "0" and power_of_ten(float("inf")) == "inf"


def test_message_is_its_english_text_and_renders_in_chinese():
    m = Message("check.accuracy", split=Message("term.split.val"), acc=0.979, needs=">",
                value=90)
    assert m == "validation accuracy 97.9% (needs > 90%)" and "97.9%" in m
    assert render(m, "zh") == "验证准确率 97.9%（需要 > 90%）"
    assert render(m, "zh_CN") == render(m, "zh") and render(m, "en") == m
    assert m.render("zh") == render(m, "zh")
    assert render("plain text", "zh") == "plain text" and render(None, "zh") == ""
    assert render([Message("term.split.val"), "x"], "zh") == "验证、x"


def test_message_is_immutable_and_pickles_with_its_values():
    m = Message("layer.named", number=2, name="dense_1")
    with pytest.raises(AttributeError):
        m.id = "other"
    back = pickle.loads(pickle.dumps(m))
    assert isinstance(back, Message) and back.id == m.id and back.values == m.values
    assert render(back, "zh") == "第 2 层（dense_1）"


def test_unknown_id_names_the_catalogue():
    with pytest.raises(KeyError, match="catalogue"):
        Message("no.such.message")


def test_errors_can_carry_a_message():
    exc = ValueError(Message("layer.numbered", number=3))
    assert str(exc) == "layer 3" and message_of(exc).id == "layer.numbered"
    assert render_error(exc, "zh") == "第 3 层"
    assert render_error(ValueError("plain"), "zh") == "plain"


def _message_calls():
    """(place, id, keyword names or None when a ``**`` spreads more) of every
    ``Message("literal id", ...)`` in the package."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "dlstudio"
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "Message" and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                names = [k.arg for k in node.keywords]
                yield (f"{path.relative_to(root.parent)}:{node.lineno}", node.args[0].value,
                       None if None in names else set(names))


def test_every_message_the_code_creates_exists_with_the_values_it_declares():
    """A typo in an id or a value name would otherwise surface only when that message is
    first shown -- possibly in front of a student."""
    entries = catalogue()
    problems = []
    for place, mid, names in _message_calls():
        if mid not in entries:
            problems.append(f"{place}: no message {mid!r}")
        elif names is not None and names != fields(entries[mid]["en"]):
            problems.append(f"{place}: {mid} gets {sorted(names)}, its text uses "
                            f"{sorted(fields(entries[mid]['en']))}")
    assert not problems, "\n".join(problems)


def test_a_translation_that_does_not_fit_falls_back_to_english(monkeypatch):
    entry = dict(catalogue()["layer.named"], zh="第 {numbr} 层")    # a translator's typo
    monkeypatch.setitem(catalogue(), "layer.named", entry)
    assert render(Message("layer.named", number=2, name="d"), "zh") == "layer 2 (d)"


def test_chinese_sentences_have_no_space_between_chinese_characters():
    """Walker12 W12-11: a layer named in a template's spaces read "到达 第 2 层（dense） 的
    信号"; spaces beside Latin words and numbers stay ("第 2 层", "dL/dz 的")."""
    from dlstudio.messages import Message, render, tidy_chinese
    from dlstudio.training.diagnosis import layer_label

    text = render(Message("check.signal_ratio", first=layer_label(1, "dense"),
                          last=layer_label(9, "dense_8"), ratio="8.78e-09", needs="<",
                          limit="0.01"), "zh")
    assert text.startswith("到达第 2 层（dense）的信号 dL/dz / 到达第 10 层（dense_8）的信号")
    assert tidy_chinese("但 绘制的数字 有 10 个类别") == "但绘制的数字有 10 个类别"
    assert tidy_chinese("the MNIST data 的 2 层") == "the MNIST data 的 2 层"


def test_counted_picks_the_singular_for_one():
    """Walker27 W27-15: "1 classes"."""
    from dlstudio.messages import counted

    assert counted("data.task.text", 1) == "classification: the labels are text, 1 class"
    assert counted("data.task.text", 3) == "classification: the labels are text, 3 classes"
    assert render(counted("data.task.text", 1), "zh") == "分类：标签是文字，共 1 个类别"
    assert counted("check.search_best", 1, best="93.0%", value="90%").startswith(
        "best score 93.0% over 1 trial (")
    assert counted("check.problem.no_layer_of", 1, layer=7).endswith("the network has 1 layer")
