"""The note about a session a crash left (``gui/crash_note.py``); the window showing it at a
start after a crash is ``test_startup_session.py``."""
from __future__ import annotations

from dlstudio.gui import i18n
from dlstudio.gui.crash_note import CrashNote
from dlstudio.gui.widgets.status_line import RunNoteWidget


def test_the_note_says_when_the_session_was_saved_in_the_language_in_use(qtbot):
    widget = RunNoteWidget()
    qtbot.addWidget(widget)
    note = CrashNote(widget)
    note.retranslate()                        # nothing to say yet: stays hidden
    assert widget.isHidden()
    note.show("09:01")
    assert not widget.isHidden()
    assert "did not close properly" in widget.label.text() and "09:01" in widget.label.text()
    try:
        i18n.set_language("zh_CN", chosen=False)
        note.retranslate()
        assert "没有正常关闭" in widget.label.text() and "09:01" in widget.label.text()
    finally:
        i18n.set_language("en", chosen=False)
    note.retranslate()
    assert "did not close properly" in widget.label.text()


def test_a_closed_note_stays_closed_after_a_language_switch(qtbot):
    widget = RunNoteWidget()
    qtbot.addWidget(widget)
    note = CrashNote(widget)
    note.show("09:01")
    widget.close_button.click()               # read: closed
    assert widget.isHidden()
    note.retranslate()
    assert widget.isHidden()
