"""Which workspace files other windows have open (``gui/open_files.py``, walker35 W35-10)."""
from __future__ import annotations

import json

from dlstudio.gui.open_files import FOLDER_NAME, OpenFileMark, open_elsewhere


def test_a_window_sees_the_files_the_others_have_open_and_their_changes(tmp_path):
    mine, other = OpenFileMark(tmp_path, "a"), OpenFileMark(tmp_path, "b")
    file = tmp_path / "net.dlsw"
    mine.mark(file, False)
    assert open_elsewhere(tmp_path, file, mine) == []          # its own note is left out
    other.mark(file, False)
    assert open_elsewhere(tmp_path, file, mine) == [False]
    other.mark(file, True)
    assert open_elsewhere(tmp_path, tmp_path / "." / "net.dlsw", mine) == [True]
    assert open_elsewhere(tmp_path, tmp_path / "other.dlsw", mine) == []
    other.mark(None, False)                                    # New: no file any more
    assert open_elsewhere(tmp_path, file, mine) == []
    other.mark(file, True)
    other.clear()                                              # closed
    assert open_elsewhere(tmp_path, file, mine) == []


def test_a_crashed_windows_note_blocks_nothing_and_goes(tmp_path):
    import subprocess
    import sys

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    note = tmp_path / FOLDER_NAME / f"{int(ended.stdout)}-dead.json"
    note.parent.mkdir()
    file = tmp_path / "net.dlsw"
    note.write_text(json.dumps({"path": str(file.resolve()), "modified": True}))
    (tmp_path / FOLDER_NAME / "junk.json").write_text("{")
    assert open_elsewhere(tmp_path, file) == []
    assert not note.exists()


def test_a_note_that_cannot_be_written_is_no_error(tmp_path):
    (tmp_path / FOLDER_NAME).write_text("a file where the folder goes")
    mark = OpenFileMark(tmp_path, "a")
    mark.mark(tmp_path / "net.dlsw", True)
    mark.clear()
    assert open_elsewhere(tmp_path, tmp_path / "net.dlsw") == []
