"""Which view settings of an opened workspace the window follows: classroom mode, language.

A workspace keeps the view it was saved in (``ui`` in ``workspace.json``: ``classroom``,
``theme`` and ``language``). The view belongs more to the screen and the person in front of
it than to the work, so opening a file changes it only where a teacher expects it, and never
against a choice the user made:

Classroom mode
    A file saved in classroom mode turns classroom mode on (the teacher prepared the
    workspace for the projector, then opens it on the projector laptop). A file saved without
    it never turns it off: it says nothing about the screen it is opened on, and small text
    on a projector is worse than large text at a desk (View > Classroom mode, F11, turns it
    off).
Language
    The file's language is used only while the language in use is not the user's own choice:
    neither ``--lang`` (or ``DLSTUDIO_LANG``) on the command line nor View > Language (which
    is remembered) chose it, so it came from the system's language. A student who picked
    English keeps English when opening a teacher's Chinese workspace.
Theme
    Never followed (a dark projector picture is the room's business, not the file's).

Neither change is remembered for the next start: what the user chose stays their choice
(``i18n.language_chosen``). Files without these entries (older ones) change nothing. The
opening's message says what changed and where to change it back (``classroom_note``,
``language_note``).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from dlstudio.gui.i18n import LANGUAGES, current_language


def view_to_follow(ui: Any, *, classroom: bool, language: str,
                   language_chosen: bool) -> dict[str, Any]:
    """What the window changes when it opens a workspace whose view settings are ``ui``
    (``{"classroom": True}`` and/or ``{"language": "zh_CN"}``; empty: nothing), given the
    window's ``classroom`` mode and ``language`` now and whether the user chose that
    language (see the module docstring)."""
    follow: dict[str, Any] = {}
    if not isinstance(ui, dict):
        return follow
    if ui.get("classroom") is True and not classroom:
        follow["classroom"] = True
    saved = ui.get("language")
    if isinstance(saved, str) and saved in LANGUAGES and saved != language \
            and not language_chosen:
        follow["language"] = saved
    return follow


def classroom_note() -> str:
    """The opening's sentence when the window went into classroom mode with the workspace:
    a start without --classroom that came up with huge text, after a session kept in
    classroom mode, said nothing of why (walker32 W32-1)."""
    return QCoreApplication.translate(
        "WorkspaceView", "Classroom mode is on, as when this was saved (View > Classroom "
        "mode, F11, turns it off).")


def language_note() -> str:
    """The opening's sentence when the window took on the workspace's language, in that
    language and naming it: a start without --lang after a session kept in Chinese came up in
    Chinese and nothing said why, nor where to change it (walker35)."""
    return QCoreApplication.translate(
        "WorkspaceView", "The window is in %1, as when this was saved (View > Language "
        "changes it).").replace("%1", LANGUAGES[current_language()])
