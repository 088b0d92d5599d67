"""The data panel says which rows of the user's file were skipped and why (they used to be
dropped silently in the window: only `dlstudio data` printed the loader's report)."""
from __future__ import annotations


def _load(qtbot, studio, path):
    with qtbot.waitSignal(studio.sigDatasetReady, timeout=60000):
        studio.set_data_spec(studio.data_spec.with_(dataset="csv", params={"path": str(path)}))


def test_skipped_rows_are_named_and_few_examples_warned(qtbot, small_studio, tmp_path):
    from dlstudio.gui.data.data_notes import SKIPS_SHOWN
    from dlstudio.gui.data.panel import DataPanel

    panel = DataPanel(small_studio)
    qtbot.addWidget(panel)
    panel.show()
    bad = tmp_path / "broken.csv"
    bad.write_text("x1,x2,label\n0.1,0.2,0\nabc,0.3,1\n0.4,1\n0.5,0.6,1\n"
                   "3,4,5,6\n7,y8,1\n9,10\n")   # 5 bad rows, 2 good ones
    _load(qtbot, small_studio, bad)
    assert panel.skip_note.isVisible() and panel.skip_note.property("role") == "problem"
    text = panel.skip_note.text()
    lines = text.splitlines()
    assert lines[0].endswith("were skipped:") and lines[0].split()[0].isdigit()
    assert lines[0].startswith("5 rows")
    assert sum(line.startswith("• broken.csv:") for line in lines) == SKIPS_SHOWN
    assert "not a number" in text and f"and {5 - SKIPS_SHOWN} more" in text
    assert "training examples are left: check the file" in lines[-1]
    good = tmp_path / "good.csv"
    good.write_text("x1,x2,label\n" + "".join(f"{i},{i / 2},{i % 2}\n" for i in range(60)))
    _load(qtbot, small_studio, good)
    assert not panel.skip_note.isVisible()


def test_one_skipped_row_is_said_in_the_singular(qtbot, small_studio, tmp_path):
    from dlstudio.gui.data.panel import DataPanel

    panel = DataPanel(small_studio)
    qtbot.addWidget(panel)
    path = tmp_path / "one.csv"
    path.write_text("x1,x2,label\n" + "".join(f"{i},{i / 2},{i % 2}\n" for i in range(60))
                    + "1,abc,0\n")
    _load(qtbot, small_studio, path)
    lines = panel.skip_note.text().splitlines()
    assert lines[0] == "One row or file was skipped:"
    assert lines[1] == "• one.csv:62: a feature is not a number ('abc' in column x2)"


def test_one_class_and_one_example_left_are_said_in_the_singular(qtbot, small_studio,
                                                                  tmp_path):
    """Walker27 W27-15: "the labels are text, 1 classes", "Only 1 training examples are
    left"."""
    from dlstudio.gui.data.panel import DataPanel

    panel = DataPanel(small_studio)
    qtbot.addWidget(panel)
    path = tmp_path / "bad.csv"
    path.write_text("a,b,label\n1,2,x\nfoo,bar\n garbage,,\n")
    _load(qtbot, small_studio, path)
    assert panel.task_note.text().endswith("the labels are text, 1 class")
    n_train = len(small_studio.dataset.x_train)
    last = panel.skip_note.text().splitlines()[-1]
    assert last == ("Only one training example is left: check the file." if n_train == 1
                    else f"Only {n_train} training examples are left: check the file.")


def test_a_skipped_image_is_named_with_its_class_folder():
    """Two classes may each have a 17.png: the folder tells which one is bad (W7-6)."""
    from dlstudio.gui.data.data_notes import skipped_place

    assert skipped_place("/home/me/shapes/square/17.png") == "square/17.png"
    assert skipped_place("/home/me/data/table.csv:58") == "table.csv:58"
    assert skipped_place("17.png") == "17.png"
