"""Lesson text rendering: paragraphs, emphasis, lists, tables and formula lines; escaping."""
from __future__ import annotations

from dlstudio.gui.lessons.markup import to_html


def test_paragraphs_emphasis_and_escaping():
    html = to_html("A **bold** and *italic* `code` <b>not markup</b>.\n\nSecond paragraph.")
    assert html.count("<p>") == 2
    assert "<b>bold</b>" in html and "<i>italic</i>" in html and "<code>code</code>" in html
    assert "&lt;b&gt;not markup&lt;/b&gt;" in html


def test_formula_lines_are_set_apart_but_sentences_are_not():
    assert "font-family:serif" in to_html("Var(w) = 2 / (fan_in + fan_out)")
    assert "font-family:serif" in to_html("σ'(z) = σ(z)(1 − σ(z)) ≤ 0.25")
    sentence = "随机权重的尺度同样重要。一个单元把 n 个输入加起来：z = Σᵢ wᵢxᵢ，则这个和的方差为"
    assert "font-family:serif" not in to_html(sentence)
    assert "font-family:serif" not in to_html(
        "The learning rate η sets the step: w ← w − η·∇L and it matters most")


def test_lists_and_tables():
    html = to_html("- one\n- **two**")
    assert html.count("<li>") == 2
    table = to_html("| setting | default |\n|---|---|\n| init | He |")
    assert "<th>setting</th>" in table and "<td>He</td>" in table and "---" not in table


def test_emphasis_next_to_chinese_characters():
    html = to_html("每个*滤波器*（卷积核）和**特征图**")
    assert "<i>滤波器</i>" in html and "<b>特征图</b>" in html and "*" not in html


def test_a_letter_with_a_combining_hat_is_its_own_italic_run():
    """Walker5 W5-2: in the Chinese window Adam's m̂ (m + U+0302) lost its hat, which landed
    on a minus sign elsewhere in the paragraph; as a run of its own it keeps it."""
    from dlstudio.gui.lessons.markup import inline

    out = inline("m̂ = m/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ)")
    assert out.startswith("<i>m\u0302</i> = m/(1 − β₁ᵗ)")
    assert out.count("<i>") == 1                          # ŝ is one precomposed letter



def test_a_formula_is_drawn_larger_than_the_text(qapp):
    """Walker14 W14-7: formulas were meant to be 110% of the text, but Qt's rich text
    ignores sizes in %: they came out at body size, their subscripts ~5 px high."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(to_html("Some text.\n\nr = cov(x, y) / (σₓ · σᵧ)"))
    text, formula = doc.begin(), doc.begin().next()
    size = lambda block: block.begin().fragment().charFormat().font().pointSizeF()
    assert "σₓ" in formula.text() and size(formula) >= 1.15 * size(text)


def test_an_exponent_in_brackets_is_a_superscript():
    """fix65's list: the learning-rate lesson wrote η₀ · r^(t/s) with a caret, where the
    other lessons set exponents as superscripts (eᶻ, e⁻ᶻ); a slash has no Unicode
    superscript, so ``^(...)`` is set as one."""
    html = to_html("- **exponential decay**: η(t) = η₀ · r^(t/s). With η₀ = 0.5")
    assert "r<sup>t/s</sup>" in html and "^" not in html


def test_no_lesson_text_shows_a_caret():
    """Every step text of every lesson, in both languages, as the lesson panel shows it;
    and the texts shown without markup (variant labels, hints, questions, answers)."""
    from dlstudio.lessons.loader import load_all
    from tests.lesson_texts import lesson_texts

    problems = []
    for lesson in load_all():
        for where, text in lesson_texts(lesson):
            for lang in ("en", "zh"):
                shown = to_html(text.get(lang)) if where.endswith(" text") else text.get(lang)
                if "^" in shown:
                    problems.append(f"{lesson.id} {where} ({lang}): {text.get(lang)[:60]}")
    assert not problems, "\n".join(problems)


def test_classroom_mode_sets_sub_and_superscripts_larger():
    """Walker33 W33-13: zᵢ, ŷₖ were ~9 px high beside 17-px text at 1920x1080 in classroom
    mode; there they get a larger face, given in points (Qt ignores % and em), larger
    again in a formula line, which is larger than the text."""
    text = ("each score zᵢ = wᵢ·x + bᵢ is linear in x, and eᶻ grows.\n\n"
            "η(t) = η₀ · r^(t/s)\n\n- a list with σ²")
    plain = to_html(text)
    assert "pt'" not in plain and "z<span" not in plain
    big = to_html(text, script_pt=20)
    assert "z<span style='font-size:20.0pt'>ᵢ</span>" in big
    assert "e<span style='font-size:20.0pt'>ᶻ</span>" in big
    assert "σ<span style='font-size:20.0pt'>²</span>" in big
    assert "η<span style='font-size:24.0pt'>₀</span>" in big            # in the formula
    assert "<sup style='font-size:24.0pt'>t/s</sup>" in big
    assert "linear in x" in big                 # the text itself untouched
