"""Step merging, saved progress, and the ``dlstudio lesson`` command (network edits:
``tests/engine/test_spec_edits.py``)."""
from __future__ import annotations

from dlstudio.cli import main
from dlstudio.lessons.progress import ProgressStore
from dlstudio.lessons.resolve import merge


def test_merge_replaces_with_an_empty_table():
    assert merge({"a": {"x": 1}, "b": 2}, {"a": {"y": 2}}) == {"a": {"x": 1, "y": 2}, "b": 2}
    assert merge({"augmentation": {"zoom_range": 0.1}}, {"augmentation": {}}) == {
        "augmentation": {}}


def test_progress_round_trip_and_damaged_file(tmp_path):
    path = tmp_path / "p.json"
    store = ProgressStore(path)
    store.mark_completed("01_init_symmetry", "random-weights")
    store.mark_completed("01_init_symmetry", "clones")
    store.record_answer("01_init_symmetry", "clones", 1)
    store.set_current("01_init_symmetry", "random-weights")
    again = ProgressStore(path)
    p = again.get("01_init_symmetry")
    assert p.completed == {"clones", "random-weights"} and p.answers == {"clones": 1}
    assert p.current_step == "random-weights"
    assert again.fraction_done("01_init_symmetry", ["clones", "a", "b", "c"]) == 0.25
    path.write_text("{not json", encoding="utf-8")
    fresh = ProgressStore(path)
    assert fresh.lessons == {} and (tmp_path / "p.json.bad").exists()


def test_cli_list_and_check(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("DLSTUDIO_HOME", str(tmp_path))
    assert main(["lesson", "list"]) == 0
    out = capsys.readouterr().out
    # in the order to take them, each numbered by its place (lesson 4: 03_vanishing_gradients)
    lines = out.splitlines()
    assert len(lines) >= 17 and lines[3].startswith("04  vanishing_gradients ")
    assert [line[:2] for line in lines[:17]] == [f"{n:02d}" for n in range(1, 18)]
    assert main(["lesson", "softmax_classifiers", "--check", "--step", "2", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "步骤 2/3：" in out and "[PASS] accuracy_below" in out
    # the check's detail and the summary in Chinese, no English left
    assert "验证准确率" in out and "需要 <" in out and "1/1 项检查通过" in out
    assert "accuracy (needs" not in out and "checks passed" not in out


def test_cli_unknown_lesson(capsys):
    assert main(["lesson", "nope"]) == 2
    assert "no lesson 'nope'" in capsys.readouterr().err
