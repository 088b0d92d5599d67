"""Issue 12.8: a broken lesson file is listed as broken with its error and the others still
work (command line and window); the schema checks values when a lesson is loaded."""
from __future__ import annotations

import shutil

import pytest

from dlstudio.cli import main
from dlstudio.lessons import loader
from dlstudio.lessons.loader import LessonError, load_lesson, scan

GOOD = "01_init_symmetry"


@pytest.fixture
def lesson_dir(tmp_path, monkeypatch):
    good = loader.LESSONS_DIR / f"{GOOD}.toml"
    shutil.copy(good, tmp_path)
    text = good.read_text(encoding="utf-8")
    (tmp_path / "02_latin1.toml").write_bytes("id = \"02_latin1\"\ntitle = \"caf\xe9\"\n"
                                              .encode("latin-1"))
    (tmp_path / "03_not_toml.toml").write_text("id = [unclosed\n", encoding="utf-8")
    (tmp_path / "04_unknown_data.toml").write_text(
        text.replace(GOOD, "04_unknown_data").replace('dataset = "circles"',
                                                      'dataset = "no_such_data"'),
        encoding="utf-8")
    (tmp_path / "05_negative_lr.toml").write_text(
        text.replace(GOOD, "05_negative_lr").replace("learning_rate = 0.3",
                                                     "learning_rate = -1"),
        encoding="utf-8")
    monkeypatch.setattr(loader, "LESSONS_DIR", tmp_path)
    return tmp_path


def test_scan_lists_broken_files_beside_the_good_ones(lesson_dir):
    lessons, broken = scan()
    assert [lesson.id for lesson in lessons] == [GOOD]
    errors = {b.id: b.error for b in broken}
    assert set(errors) == {"02_latin1", "03_not_toml", "04_unknown_data", "05_negative_lr"}
    assert "UTF-8" in errors["02_latin1"]
    assert "TOML" in errors["03_not_toml"]
    assert "no_such_data" in errors["04_unknown_data"]
    assert "learning_rate" in errors["05_negative_lr"]


def test_values_are_checked_at_load(lesson_dir):
    with pytest.raises(LessonError, match="learning_rate"):
        load_lesson(lesson_dir / "05_negative_lr.toml")
    with pytest.raises(LessonError, match="dataset"):
        load_lesson(lesson_dir / "04_unknown_data.toml")


def test_lesson_list_on_the_command_line_survives_broken_files(lesson_dir, capsys,
                                                                tmp_path, monkeypatch):
    monkeypatch.setenv("DLSTUDIO_HOME", str(tmp_path / "home"))
    assert main(["lesson", "list"]) == 0
    out = capsys.readouterr().out
    assert "02  init_symmetry " in out                      # its number on the path, its name
    assert out.count("BROKEN") == 4 and "02_latin1" in out
