"""Languages: English (the source text) and Simplified Chinese.

Every user-visible string goes through ``self.tr()`` or ``QCoreApplication.translate``.
``set_language`` swaps the installed ``QTranslator``; Qt then sends every widget a
``LanguageChange`` event, on which our panels call their ``retranslate()`` -- so the switch is
live. Translations live in ``resources/translations/dlstudio_<lang>.ts`` (edited with
``pyside6-linguist`` or by hand) and are compiled to ``.qm`` with ``pyside6-lrelease``; when
the ``.qm`` is missing, the ``.ts`` file is read directly (``TsTranslator``). The ``.qm`` is
always preferred when present (file times say nothing after a git checkout); a test checks
that it agrees with the ``.ts``. Messages from the Qt-free packages (structured
``dlstudio.messages.Message``) are rendered by ``render`` in the current language.
"""
from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from dlstudio.gui.field_labels import labelled
from dlstudio.paths import shared_dir
from dlstudio.messages import render as render_message
from dlstudio.messages import render_error, tidy_chinese

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
TRANSLATIONS = shared_dir("resources") / "translations"

#: U+2060 WORD JOINER: no line break on either side, drawn as nothing
WORD_JOINER = "\u2060"
#: the words (a Chinese character, or a number or Latin word) a sentence's end keeps on its
#: line, with its full stop
SENTENCE_END_CHARS = 3
#: a Chinese sentence's last words: Chinese characters, and numbers or Latin words with
#: the space before them, then closing brackets or quotes, before "。！？" or the text's end
_SENTENCE_END = re.compile(
    r"(?:[\u4e00-\u9fff]|(?:(?<=[\u4e00-\u9fff]) )?[A-Za-z0-9][A-Za-z0-9_.%]*)"
    + "{2," + str(SENTENCE_END_CHARS) + "}"
    + r"(?=[）)」』”’]*(?:[。！？]|\Z))")

_installed: list[QTranslator] = []
_current = "en"
#: whether the user chose the language in use (command line, View > Language)
_chosen = False


class TsTranslator(QTranslator):
    """A translator that reads a Qt Linguist ``.ts`` file directly (no compile step)."""

    def __init__(self, path: Path, parent=None):
        super().__init__(parent)
        self.table: dict[tuple[str, str], str] = {}
        root = ET.parse(path).getroot()
        for context in root.iter("context"):
            name = context.findtext("name", "")
            for message in context.iter("message"):
                source = message.findtext("source")
                node = message.find("translation")
                if source is None or node is None or not (node.text or "").strip():
                    continue
                if node.get("type") in ("unfinished", "obsolete", "vanished"):
                    continue
                self.table[(name, source)] = node.text

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: N802
        # None (a null QString) means "not here": Qt then asks the next translator or keeps
        # the source. An empty str would count as a translation and blank the text -- which
        # is what happened to every string a base class translates for a subclass
        # (PySide's tr() asks the subclass's context first, e.g. BasePanel's "Export").
        return self.table.get((context, source_text))

    def isEmpty(self) -> bool:  # noqa: N802
        return not self.table


def current_language() -> str:
    return _current


def language_chosen() -> bool:
    """Whether the language in use is the user's own choice (``--lang``, ``DLSTUDIO_LANG``
    or View > Language) rather than the system's or an opened workspace's."""
    return _chosen


def system_language() -> str:
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def set_language(lang: str, chosen: bool = True) -> bool:
    """Install the translators for ``lang`` ("en" or "zh_CN"); True when it took effect.
    ``chosen``: the user chose it (False: the system's language, or an opened workspace's:
    see ``gui/workspace_view.py``)."""
    global _current, _chosen
    app = QCoreApplication.instance()
    if app is None:
        return False
    if lang not in LANGUAGES:
        lang = "en"
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    if lang != "en":
        ours = _load_ours(lang)
        if ours is None:
            log.warning("no translation found for %s", lang)
        else:
            _installed.append(ours)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt = QTranslator(app)
        if qt.load(f"qtbase_{lang}", qt_dir):
            _installed.append(qt)
        for tr in _installed:
            app.installTranslator(tr)
    _current = lang
    _chosen = bool(chosen)
    _announce(app)
    return True


def _announce(app) -> None:
    """Send ``LanguageChange`` to every top-level widget.

    Qt posts this itself when translators change, but not once the application has been
    told to quit (e.g. after a nested ``exec`` in tests); sending it directly always works.
    A widget may then retranslate twice, which is harmless. A widget that retranslates may
    delete others (a rebuilt plot page drops its popups), so each is checked before it is
    sent the event.
    """
    import shiboken6
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    if not isinstance(app, QApplication):
        return
    for widget in QApplication.topLevelWidgets():
        if shiboken6.isValid(widget):
            QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))


class MemoryTranslator(QTranslator):
    """A translator reading its catalogue from bytes it holds. ``QTranslator.load(path)``
    maps the file into memory: a catalogue rewritten while the app ran (an update, a
    developer regenerating it) then answered nothing, and the window drifted into English
    mid-lesson (walker17 W17-n), or the process died of a bus error at the next lookup of a
    file cut shorter. Qt does not copy the bytes: ``data`` keeps them."""

    def __init__(self, data: bytes, parent: QObject | None = None):
        super().__init__(parent)
        self.data = bytes(data)
        self.ok = self.load(self.data)


def _load_ours(lang: str) -> QTranslator | None:
    app = QCoreApplication.instance()
    qm = TRANSLATIONS / f"dlstudio_{lang}.qm"
    ts = TRANSLATIONS / f"dlstudio_{lang}.ts"
    if qm.exists():
        try:
            tr = MemoryTranslator(qm.read_bytes(), app)
        except OSError:
            log.warning("cannot read %s", qm, exc_info=True)
        else:
            if tr.ok:
                return tr
    if ts.exists():
        try:
            tr = TsTranslator(ts, app)
        except ET.ParseError:
            log.warning("cannot read %s", ts, exc_info=True)
            return None
        return tr
    return None


def render(text) -> str:
    """A message from the Qt-free packages (``dlstudio.messages.Message``, or a plain str) in
    the window's current language. A problem object with ``describe()`` (a network spec
    problem naming its layer) is shown through it; an exception raised with a ``Message`` is
    shown in the current language (others as ``str(exc)``). Settings and losses are named
    as the window shows them (``field_labels``)."""
    if isinstance(text, BaseException):
        return render_error(text, _current)
    describe = getattr(text, "describe", None)
    if callable(describe):
        text = describe()
    return render_message(labelled(text, _current), _current)


def tidy(text: str) -> str:
    """``text`` (translated, its fields filled in) without the spaces Chinese does not put
    between two Chinese characters (``messages.tidy_chinese``) when the window is in
    Chinese; as it is otherwise."""
    return tidy_chinese(text) if _current.startswith("zh") else text


def tr_registry(text: str) -> str:
    """A registry's display name or help text in the UI language (context ``Registry``; the
    update script collects them from the registries, since no ``tr()`` call holds them)."""
    return QCoreApplication.translate("Registry", text) if text else ""


def sentences(*parts: str) -> str:
    """Translated sentences (or a sentence and its bracketed aside) as one text, joined the
    language's way: a space after an English "." but none after a full-width mark or
    character ("…退出吗？曲线和权重…", not "…退出吗？ 曲线…": walker29 W29-11). Empty parts
    are left out."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out and not (full_width(out[-1]) or full_width(part[0])):
            out += " "
        out += part
    return out


def full_width(char: str) -> bool:
    """Whether ``char`` is a CJK character or a full-width mark (Chinese sets no space
    after it)."""
    return ord(char) >= 0x2E80


def joined_sentence_ends(text: str) -> str:
    """``text`` with the last ``SENTENCE_END_CHARS`` words of each Chinese sentence (before
    "。", "！" or "？", or at the text's end; a Chinese character, or a number or Latin word)
    bound by word joiners, a space among them made a no-break one, so that a wrapped
    Chinese label never leaves one or two characters and the full stop alone on a line
    ("复。" on the Training note's third line: walker31; "0）。" under the Transfer page's
    plan). Looks the same; text without Chinese comes back as it is."""
    def bind(match: re.Match) -> str:
        tail = match.group()
        if not re.search(r"[\u4e00-\u9fff]", tail):
            return tail                      # an English sentence's end
        return WORD_JOINER.join(tail.replace(" ", "\u00a0"))

    return _SENTENCE_END.sub(bind, text)
