"""Issue 12.8: the window's lesson list shows a broken lesson file, disabled, with its error
as the tooltip; the good lessons are still listed."""
from __future__ import annotations

import shutil

from dlstudio.lessons import loader
from dlstudio.lessons.progress import ProgressStore


def test_lesson_panel_lists_broken_files_disabled(qtbot, user_dir, tmp_path, monkeypatch):
    from dlstudio.gui.lessons.panel import LessonPanel
    from dlstudio.gui.studio import Studio

    folder = tmp_path / "lessons"
    folder.mkdir()
    shutil.copy(loader.LESSONS_DIR / "01_init_symmetry.toml", folder)
    (folder / "02_latin1.toml").write_bytes(b"id = \"caf\xe9\"\n")
    monkeypatch.setattr(loader, "LESSONS_DIR", folder)
    studio = Studio()
    panel = LessonPanel(studio, progress=ProgressStore(tmp_path / "p.json"), lang="en")
    qtbot.addWidget(panel)
    assert panel.lesson_list.count() == 2
    assert "0/" in panel.lesson_list.item(0).text()
    broken = panel.lesson_list.item(1)
    assert "02_latin1" in broken.text() and "cannot be opened" in broken.text()
    assert "UTF-8" in broken.toolTip() and not broken.flags()
    assert panel.lesson is not None and panel.lesson.id == "01_init_symmetry"
    studio.shutdown()
