"""Structured messages: what the Qt-free packages say to a student, in any language.

A ``Message`` is a message id plus the values it talks about. It *is* a ``str`` -- its
English text -- so code that prints, logs, compares or searches it keeps working; anything
that shows it to a student renders it in the chosen language instead:

    >>> m = Message("check.accuracy", split=Message("term.split.val"), acc=0.979, needs=">",
    ...             value=90)
    >>> m
    'validation accuracy 97.9% (needs > 90%)'
    >>> render(m, "zh")
    '验证准确率 97.9%（需要 > 90%）'

The GUI renders with ``dlstudio.gui.i18n.render(text)`` (the window's language), the CLI with
``render(text, args.lang)``. Plain strings pass through ``render`` unchanged, so a function may
return either while its sites are converted.

Adding a message (one edit, both languages)
-------------------------------------------
Put an entry in a catalogue file ``dlstudio/messages/catalogue/<area>.toml`` (one file per
package or area, so people working in parallel rarely touch the same file)::

    [run.finished]                                   # the id: the dotted table name
    en = "Finished {epochs} epochs"                  # str.format fields and format specs
    zh = "已完成 {epochs} 轮"
    example = { epochs = 15 }                        # one value per field: the test formats
                                                     # both languages with these

then create it with ``Message("run.finished", epochs=15)``. A value may itself be a
``Message`` (rendered in the same language: layer labels, split names, remedies) or a list
or tuple of values (joined by the language's list separator). Numbers keep their format
specs in both languages. ``tests/test_messages.py`` checks that every entry has ``en`` and
``zh``, that both use exactly the fields of ``example`` and that both format with it, and
that every ``Message("id", ...)`` in the code names an existing id with exactly its fields.
A Chinese text that still fails to format at run time shows the English instead.

Errors for bad input keep their English text but may carry a message, e.g.
``raise SpecError(Message("spec.no_layers"))`` (a layer's own error: ``layer_error`` in
``engine/layers/common.py``): ``str(exc)`` is the English text, ``message_of(exc)`` finds the
message, ``render_error(exc, lang)`` shows it; the window's ``gui.i18n.render(exc)`` does so in
its language.
"""
from __future__ import annotations

import re
import string
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from dlstudio.messages.numbers import MathFloat, math_number

LANGUAGES = ("en", "zh")
CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
_SEPARATOR_ID = "list.separator"


def normalise_language(lang: str | None) -> str:
    """ "zh", "zh_CN", "zh-Hans" -> "zh"; anything else -> "en"."""
    return "zh" if lang and str(lang).lower().startswith("zh") else "en"


def language_option(text: str) -> str:
    """The value of a ``--lang`` option: "en", or "zh" for any spelling of Chinese ("zh",
    "zh_CN", "zh-CN", "zh_cn", "zh-Hans"), for every command that takes it (walker25 W25-11:
    the window took only "zh_CN", the subcommands only "zh"). Use it as argparse's ``type``;
    another language raises ``argparse.ArgumentTypeError`` naming the choices."""
    import argparse

    code = str(text).strip().lower().replace("-", "_")
    for lang in ("en", "zh"):
        if code == lang or code.startswith(lang + "_"):
            return lang
    raise argparse.ArgumentTypeError(f"choose en or zh (zh_CN and zh-CN also work), "
                                     f"got {text!r}")


#: ``metavar`` of a ``--lang`` option (its ``type`` is ``language_option``)
LANGUAGE_METAVAR = "{en,zh}"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, Any]]:
    """Every message entry by id: ``{"en": ..., "zh": ..., "example": {...}}``."""
    entries: dict[str, dict[str, Any]] = {}
    for path in sorted(CATALOGUE_DIR.glob("*.toml")):
        with open(path, "rb") as fh:
            table = tomllib.load(fh)
        for mid, entry in _flatten(table, ""):
            if mid in entries:
                raise ValueError(f"message id {mid!r} is defined twice ({path.name})")
            entries[mid] = {**entry, "file": path.name}
    return entries


def _flatten(table: Mapping[str, Any], prefix: str):
    """(id, entry) for every table holding an ``en`` text; nested tables make dotted ids."""
    for key, value in table.items():
        if not isinstance(value, dict):
            continue
        mid = f"{prefix}{key}"
        if "en" in value:
            yield mid, value
        yield from _flatten({k: v for k, v in value.items() if isinstance(v, dict)
                             and k != "example"}, mid + ".")


def fields(template: str) -> set[str]:
    """The ``str.format`` field names a template uses."""
    return {name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(template) if name}


class Message(str):
    """A message id plus its values; the ``str`` value is the English text.

    Immutable like a str. Pickles as (id, values), so it crosses process boundaries.
    """

    id: str
    values: Mapping[str, Any]

    def __new__(cls, id: str, /, **values: Any) -> "Message":  # noqa: A002
        obj = super().__new__(cls, _format(id, values, "en"))
        object.__setattr__(obj, "id", id)
        object.__setattr__(obj, "values", dict(values))
        return obj

    def __setattr__(self, name, value):
        raise AttributeError("a Message cannot be changed")

    def __reduce__(self):
        return _rebuild, (self.id, dict(self.values))

    def __repr__(self) -> str:
        return str.__repr__(self)

    def render(self, lang: str) -> str:
        """The text in ``lang`` ("en" or "zh"; "zh_CN" works too)."""
        return _format(self.id, self.values, normalise_language(lang))


def _rebuild(id: str, values: dict) -> Message:  # noqa: A002
    return Message(id, **values)


def render(text: Any, lang: str | None = "en") -> str:
    """``text`` in ``lang``: a ``Message`` is rendered, anything else is ``str()``-ed."""
    lang = normalise_language(lang)
    if isinstance(text, Message):
        return _format(text.id, text.values, lang)
    if isinstance(text, (list, tuple)):
        return _separator(lang).join(render(t, lang) for t in text)
    return "" if text is None else str(text)


def counted(base: str, count: int, **values: Any) -> Message:
    """The message ``base.one`` when ``count`` is 1, else ``base.many``, with ``count`` among
    its values: English says "1 class" but "2 classes" (walker27 W27-15: "1 classes");
    Chinese has no plural and writes both entries alike."""
    return Message(f"{base}.{'one' if count == 1 else 'many'}", count=count, **values)


def join_sentences(parts) -> str:
    """``parts`` (messages or strs) as one text, separated by "; " ("；" in Chinese)."""
    parts = [p for p in parts if p]
    if not parts:
        return ""
    joined = parts[0]
    for part in parts[1:]:
        joined = Message("text.and", first=joined, second=part)
    return joined


def to_data(text: Any) -> Any:
    """``text`` as JSON-friendly data that :func:`from_data` turns back into it: a
    ``Message`` becomes ``{"message": id, "values": {...}, "en": English text}`` (values
    converted the same way), a list or tuple a list, anything else stays as it is."""
    if isinstance(text, Message):
        return {"message": text.id, "values": {k: to_data(v) for k, v in text.values.items()},
                "en": str(text)}
    if isinstance(text, (list, tuple)):
        return [to_data(v) for v in text]
    return text


def from_data(data: Any) -> Any:
    """The text :func:`to_data` saved: a ``Message`` again (so it renders in any language),
    or, for a message this version does not know or cannot format, its English text."""
    if isinstance(data, list):
        return [from_data(v) for v in data]
    if not (isinstance(data, dict) and "message" in data):
        return data
    values = data.get("values")
    try:
        return Message(str(data["message"]),
                       **{str(k): from_data(v) for k, v in dict(values or {}).items()})
    except (KeyError, IndexError, ValueError, TypeError):
        return str(data.get("en", ""))


def message_of(exc: BaseException) -> Message | None:
    """The ``Message`` an exception was raised with (its first argument), if any."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Message) else None


def error_text(exc: BaseException) -> "Message | str":
    """What an exception says, to put inside another message: the ``Message`` it was raised
    with (so it still renders in any language), else ``str(exc)``."""
    msg = message_of(exc)
    return msg if msg is not None and len(exc.args) == 1 else str(exc)


def render_error(exc: BaseException, lang: str | None = "en") -> str:
    """An exception's text in ``lang`` (its message when it carries one, else ``str(exc)``)."""
    msg = message_of(exc)
    return render(msg, lang) if msg is not None and len(exc.args) == 1 else str(exc)


def _separator(lang: str) -> str:
    entry = catalogue().get(_SEPARATOR_ID)
    return entry.get(lang, entry["en"]) if entry else ", "


def _format(mid: str, values: Mapping[str, Any], lang: str) -> str:
    entry = catalogue().get(mid)
    if entry is None:
        raise KeyError(f"no message {mid!r} in {CATALOGUE_DIR}; add it there (see "
                       f"dlstudio/messages/__init__.py)")
    template = entry.get(lang) or entry["en"]
    shown = {k: _value(v, lang) for k, v in values.items()}
    try:
        text = template.format(**shown)
        return tidy_chinese(text) if lang == "zh" else text
    except (KeyError, IndexError, ValueError, TypeError):
        if lang == "en":
            raise
        # a translation that does not fit its values: show the English rather than fail
        return entry["en"].format(**{k: _value(v, "en") for k, v in values.items()})


#: spaces between two Chinese characters or full-width punctuation marks, which a value
#: placed in a template's spaces leaves ("到达 第 2 层（dense） 的信号": walker12 W12-11;
#: two of them when the value is empty)
_SPACE_IN_CHINESE = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) +"
                               r"(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def tidy_chinese(text: str) -> str:
    """``text`` without spaces between two Chinese characters or full-width marks, nor at its
    end: Chinese puts none there; spaces beside Latin words and numbers ("第 2 层", "dL/dz
    的") stay. So a Chinese template sets each field apart by a space ("只有 {last} 的"),
    which stays for a Latin value ("只有 dense_4 层的") and goes for a Chinese one."""
    return _SPACE_IN_CHINESE.sub("", text).rstrip(" ")


def _value(value: Any, lang: str) -> Any:
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, (list, tuple)):
        return render(value, lang)
    if isinstance(value, float):
        return MathFloat(value)           # 1e-06 shown as 10⁻⁶ (``numbers``)
    if isinstance(value, str):
        return math_number(value)         # a number formatted before (``lessons.metrics.fmt``)
    return value
