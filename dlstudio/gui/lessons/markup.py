"""Render the Markdown-ish text of a lesson step as simple HTML for a ``QTextBrowser``.

Supported: paragraphs separated by blank lines, ``**bold**``, ``*italic*``, ```code```,
bullet lists (lines starting with ``- ``), pipe tables (``| a | b |`` rows, the ``|---|``
rule skipped), single-line formulas kept on their own line, and ``^(...)`` set as a
superscript: an exponent with no Unicode superscript form (the slash of r^(t/s)), where the
others are written as Unicode superscripts (eᶻ, e⁻ᶻ, 10⁻⁵). Everything else is escaped,
so a lesson can never inject markup. Formulas are plain Unicode (σ(z) = 1/(1 + e⁻ᶻ)) and
are shown in a larger serif face (CSS "large": Qt ignores sizes in %). A letter carrying combining marks (m̂ is "m" +
U+0302, with no precomposed form) is set in italics, as a maths variable: in a run of its
own the mark stays on its letter (in one run with CJK text, Qt drew m̂ without its hat and
put the hat on a minus sign elsewhere in the paragraph).

In classroom mode sub- and superscripts (zᵢ, z₁, ŷₖ, eᶻ, 10⁻⁵, the ``^(...)`` ones) are set
in a larger face (``script_pt``, about ``CLASSROOM_SCRIPT_SCALE`` times the text): a font
draws them at about 0.55 of the text, ~9 px high beside 17-px text at 1920x1080, unreadable
from the back of a room (walker33 W33-13). The size is given in points: Qt's rich text
ignores sizes in % and em, and its keywords (large, x-large) are steps of 1.2 and 1.5 of the
document's font whatever the paragraph's (1.5 made a subscript digit look like a digit).
"""
from __future__ import annotations

import html
import re

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![A-Za-z0-9*])\*(?!\s)(.+?)(?<!\s)\*(?![A-Za-z0-9*])")
_CODE = re.compile(r"`([^`]+)`")
#: a letter followed by combining diacritical marks
_COMBINED = re.compile(r"([^\W\d_][\u0300-\u036f]+)")
#: an exponent written ``^(...)``
_EXPONENT = re.compile(r"\^\(([^()]+)\)")
_FORMULA_CHARS = set("=←≤≥≈·Σ√∇²³⁻ᵢⱼσμλβηεγ")
#: a run of Unicode sub- or superscript characters (digits, signs, brackets, letters)
_SCRIPTS = re.compile("[\u00b2\u00b3\u00b9\u02b0-\u02b8\u02e1-\u02e4\u1d2c-\u1d6a"
                      "\u1d9b-\u1dbf\u2070-\u209c\u2c7c]+")
#: the size of sub- and superscripts in classroom mode, relative to the text around them:
#: a subscript digit comes out about 0.75 of a digit's height, still read as a subscript
CLASSROOM_SCRIPT_SCALE = 1.35
#: a formula line's size relative to the text (the CSS keyword "large")
FORMULA_SCALE = 1.2


def inline(text: str) -> str:
    """Escape ``text`` and apply the inline styles."""
    out = html.escape(text, quote=False)
    out = _CODE.sub(r"<code>\1</code>", out)
    out = _BOLD.sub(r"<b>\1</b>", out)
    out = _ITALIC.sub(r"<i>\1</i>", out)
    out = _EXPONENT.sub(r"<sup>\1</sup>", out)
    return _COMBINED.sub(r"<i>\1</i>", out)


_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z]{4,}")


def _is_formula(line: str) -> bool:
    """A short line of maths: formula symbols, no sentence punctuation at the end, no
    Chinese characters and hardly any long words (a sentence that mentions a formula stays
    a sentence)."""
    s = line.strip()
    return (0 < len(s) <= 90 and any(c in _FORMULA_CHARS for c in s)
            and not s.endswith((".", ":", "。", "：")) and not s.startswith(("- ", "|"))
            and not _CJK.search(s) and len(_WORD.findall(s)) <= 3)


def _table(rows: list[str]) -> str:
    cells = []
    for i, row in enumerate(rows):
        parts = [p.strip() for p in row.strip().strip("|").split("|")]
        if all(set(p) <= set("-: ") for p in parts):
            continue
        tag = "th" if i == 0 else "td"
        cells.append("<tr>" + "".join(f"<{tag}>{inline(p)}</{tag}>" for p in parts) + "</tr>")
    return ("<table cellspacing='0' cellpadding='4' border='1' "
            "style='border-collapse:collapse; margin:4px 0'>" + "".join(cells) + "</table>")


def larger_scripts(html_text: str, point_size: float) -> str:
    """``html_text`` (made by ``inline``) with its sub- and superscripts set at
    ``point_size``."""
    size = f"font-size:{point_size:.1f}pt"
    out = _SCRIPTS.sub(lambda m: f"<span style='{size}'>{m.group(0)}</span>", html_text)
    return out.replace("<sup>", f"<sup style='{size}'>")


def to_html(text: str, script_pt: float | None = None) -> str:
    """The HTML of a step text (see the module docstring); ``script_pt``: the point size of
    sub- and superscripts in the text (classroom mode: ``CLASSROOM_SCRIPT_SCALE`` times the
    text's; in a formula line ``FORMULA_SCALE`` times more), None: the font's own."""
    def scripts(body: str, scale: float = 1.0) -> str:
        return body if script_pt is None else larger_scripts(body, scale * script_pt)

    blocks = re.split(r"\n\s*\n", text.strip())
    out = []
    for block in blocks:
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not lines:
            continue
        if all(ln.lstrip().startswith("|") for ln in lines):
            out.append(scripts(_table(lines)))
            continue
        if all(ln.lstrip().startswith("- ") for ln in lines):
            items = "".join(f"<li>{scripts(inline(ln.lstrip()[2:]))}</li>" for ln in lines)
            out.append(f"<ul style='margin-top:2px; margin-bottom:2px'>{items}</ul>")
            continue
        if all(_is_formula(ln) for ln in lines):
            body = scripts("<br>".join(inline(ln.strip()) for ln in lines), FORMULA_SCALE)
            # "large" (1.2x the text, whatever its size): Qt's rich text ignores a
            # font-size in %, and at body size a formula's subscripts (σₓ, wᵢ) were ~5 px
            # high at 1366x768 (walker14 W14-7)
            out.append("<p style='margin-left:18px; font-family:serif; "
                       f"font-size:large'>{body}</p>")
            continue
        out.append("<p>" + scripts(" ".join(inline(ln.strip()) for ln in lines)) + "</p>")
    return "<div>" + "".join(out) + "</div>"
