"""Issue 12.5: the data panel says how the task of the user's data was inferred, with a
warning when it was a guess."""
from __future__ import annotations

from dlstudio.data import load


def test_data_panel_shows_the_inferred_task_and_warns_on_a_guess(qtbot, small_studio,
                                                                  tmp_path):
    from dlstudio.gui.data.panel import DataPanel

    panel = DataPanel(small_studio)
    qtbot.addWidget(panel)
    panel.show()
    path = tmp_path / "ids.csv"
    path.write_text("\n".join(f"{i},{i}" for i in range(150)) + "\n")
    panel._on_studio_dataset_ready(load("csv", path=str(path)))
    assert panel.task_note.isVisible() and panel.task_note.text().startswith("Warning: task regression, guessed")
    assert panel.task_note.property("role") == "problem"
    path.write_text("\n".join(f"{i},{i % 2}" for i in range(40)) + "\n")
    panel._on_studio_dataset_ready(load("csv", path=str(path)))
    assert "each value is a class" in panel.task_note.text() and panel.task_note.property("role") == "hint"
    panel._on_studio_dataset_ready(load("blobs"))
    assert not panel.task_note.isVisible()
