"""The Data dock speaks the window's language and describes only the data it shows
(walker3 W3-15/W3-19 leftovers): the task choices are words, the split note names the
"Validation fraction" field, the notes leave when the data changes, and a live language
switch retranslates the dataset description and the task note."""
from __future__ import annotations

from dlstudio.data import load
from dlstudio.gui import i18n


def _csv(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("a,b,label\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(60)))
    return path


def test_notes_follow_the_data_and_the_language(qtbot, small_studio, tmp_path):
    from dlstudio.gui.data.panel import DataPanel

    studio = small_studio
    path = _csv(tmp_path)
    studio.set_data_spec(studio.data_spec.with_(dataset="csv", params={"path": str(path)}))
    panel = DataPanel(studio)
    qtbot.addWidget(panel)
    panel.show()
    panel._on_studio_dataset_ready(load("csv", path=str(path)))
    split = panel.split_note.text()
    assert split.startswith("Validation fraction 0.1") and "validation_split" not in split
    assert "rule" not in panel.task_note.text() and "each value is a class" in panel.task_note.text()
    task = panel.params.editors["task"]
    assert [task.itemText(i) for i in range(task.count())] == ["auto", "classification",
                                                               "regression"]
    english_help = panel.help.text()
    i18n.set_language("zh_CN")
    try:
        qtbot.wait(50)
        assert task.itemText(0) == "自动" and task.itemData(0) == "auto"
        assert panel.help.text() != english_help and not panel.help.text().isascii()
        assert panel.task_note.text().startswith("任务：分类")
        assert panel.split_note.text().startswith("验证集比例 0.1")
    finally:
        i18n.set_language("en")
    qtbot.wait(50)
    assert panel.task_note.text().startswith("Task: classification")
    # another file, not loaded yet: the notes of the previous one leave
    studio.set_data_spec(studio.data_spec.with_(params={"path": str(tmp_path / "other.csv")}))
    assert not panel.split_note.isVisible() and not panel.task_note.isVisible()


def test_not_downloaded_note_has_no_english_inside_the_chinese(qtbot, small_studio,
                                                               monkeypatch, tmp_path):
    """The MNIST "not downloaded yet" note renders where to get it in the window's language
    (it showed "not found (download with: ...)" inside the Chinese sentence)."""
    from dlstudio.data import cache
    from dlstudio.gui.data.panel import DataPanel

    monkeypatch.delenv("DLSTUDIO_DATA", raising=False)
    monkeypatch.setenv("DLSTUDIO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_settings_data_dir", None)
    studio = small_studio
    monkeypatch.setattr(studio, "load_dataset", lambda *a, **k: None)   # no download here
    panel = DataPanel(studio)
    qtbot.addWidget(panel)
    studio.set_data_spec(studio.data_spec.with_(dataset="mnist", params={}))
    english = panel.where.text()
    # walker5 W5-20: the window names its own ways (download on load, the Path field), not
    # the terminal command "dlstudio data fetch mnist"
    assert english.startswith("Not on this computer yet") and "Path" in english
    assert "dlstudio data fetch" not in english
    # walker32 W32-10: which file was looked for, and where
    cache_dir = tmp_path / "cache"
    assert f"train-images-idx3-ubyte.gz in {cache_dir} (user cache)" in english
    try:
        i18n.set_language("zh_CN")
        qtbot.wait(20)
        chinese = panel.where.text()
        assert chinese.startswith("还不在这台电脑上") and "路径" in chinese
        assert "not found" not in chinese and "dlstudio" not in chinese
        assert f"{cache_dir}（用户缓存）" in chinese and "train-images-idx3-ubyte.gz" in chinese
    finally:
        i18n.set_language("en")


def test_a_path_with_damaged_files_is_not_said_to_download_on_load(qtbot, small_studio,
                                                                   monkeypatch, tmp_path):
    """walker20 W20-8: with a folder of damaged MNIST files in Path, the line above the
    preview said "Not on this computer yet: it is downloaded when loaded" while loading said
    the folder's files were damaged."""
    from dlstudio.data import cache, idxsets
    from dlstudio.gui.data.panel import DataPanel

    monkeypatch.delenv("DLSTUDIO_DATA", raising=False)
    monkeypatch.setenv("DLSTUDIO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_settings_data_dir", None)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / idxsets.MNIST.files["train_images"].name).write_bytes(b"garbage")
    studio = small_studio
    monkeypatch.setattr(studio, "load_dataset", lambda *a, **k: None)   # no download here
    panel = DataPanel(studio)
    qtbot.addWidget(panel)
    studio.set_data_spec(studio.data_spec.with_(dataset="mnist", params={"path": str(folder)}))
    assert panel.where.text().startswith(f"{folder} holds some of its files")
    try:
        i18n.set_language("zh_CN")
        qtbot.wait(20)
        assert panel.where.text().startswith(f"{folder} 里有它的部分文件")
    finally:
        i18n.set_language("en")
