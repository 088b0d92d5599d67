"""Choosing the user's own data: no error before a path is given, a Browse... button for the
file or folder, and a failed load said in the preview (walker3 W3-15)."""
from __future__ import annotations


def test_csv_waits_for_a_path_then_browse_loads_it_and_a_failure_shows(qtbot, small_studio,
                                                                        tmp_path):
    from dlstudio.gui.data.panel import DataPanel
    from dlstudio.gui.widgets.path_edit import PathEdit

    studio = small_studio
    panel = DataPanel(studio)
    qtbot.addWidget(panel)
    panel.show()
    errors, failures = [], []
    studio.sigError.connect(errors.append)
    studio.sigDatasetFailed.connect(failures.append)
    panel.dataset.setCurrentIndex(panel.dataset.findData("csv"))
    panel.dataset.activated.emit(panel.dataset.currentIndex())
    assert studio.data_spec.dataset == "csv" and panel.needs_path()
    editor = panel.params.editors["path"]
    assert isinstance(editor, PathEdit) and editor.kind == "file"
    assert "*.csv" in editor.patterns
    qtbot.wait(600)                          # longer than the reload delay: nothing loads
    assert errors == [] and "Browse..." in panel.preview.message.text()
    good = tmp_path / "good.csv"
    good.write_text("a,b,label\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(40)))
    editor.ask = lambda *_args: str(good)
    with qtbot.waitSignal(studio.sigDatasetReady, timeout=60000):
        editor.browse.click()
    assert studio.data_spec.params["path"] == str(good) and errors == []
    missing = tmp_path / "nothere.csv"
    editor.ask = lambda *_args: str(missing)
    with qtbot.waitSignal(studio.sigDatasetFailed, timeout=60000):
        editor.browse.click()
    assert failures and errors == []    # the reason reaches the preview, not a dialog
    assert panel.preview.message.text().startswith("Could not load the data: ")
    assert "nothere.csv" in panel.preview.message.text()


def test_folders_get_a_folder_chooser_and_built_in_sets_none(qtbot, small_studio):
    from dlstudio.gui.data.panel import DataPanel
    from dlstudio.gui.widgets.path_edit import PathEdit

    panel = DataPanel(small_studio)
    qtbot.addWidget(panel)
    for name, kind in (("folder", "folder"), ("idx", "folder"), ("npz", "file"),
                       ("mnist", "folder")):
        small_studio.set_data_spec(small_studio.data_spec.with_(dataset=name, params={}))
        editor = panel.params.editors["path"]
        assert isinstance(editor, PathEdit) and editor.kind == kind, name
    small_studio.set_data_spec(small_studio.data_spec.with_(dataset="spirals", params={}))
    assert "path" not in panel.params.editors and not panel.needs_path()
