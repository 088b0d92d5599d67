"""Issue 10.7: the data panel says plainly how many training examples the validation split
took (DataSpec's default 0.1 takes 6,000 of MNIST's 60,000)."""
from __future__ import annotations

from dlstudio.data import load
from dlstudio.data.split import validation_note


def test_validation_note_counts_the_examples_held_out():
    ds = load("blobs", n_samples=334)
    note = validation_note(ds)
    held, kept = len(ds.x_val), len(ds.x_train)
    assert str(note).startswith(f"validation_split = 0.1 holds out {held} of the "
                                f"{held + kept} training examples")
    assert validation_note(load("blobs", n_samples=334, validation_split=0.0)) is None


def test_data_panel_shows_the_validation_split(qtbot, small_studio):
    from dlstudio.gui.data.panel import DataPanel

    panel = DataPanel(small_studio)
    qtbot.addWidget(panel)
    panel.show()
    ds = load("blobs", n_samples=334)
    panel._on_studio_dataset_ready(ds)
    assert panel.split_note.isVisible()
    assert f"holds out {len(ds.x_val)} of the" in panel.split_note.text()
    panel._on_studio_dataset_ready(load("blobs", n_samples=334, validation_split=0.0))
    assert not panel.split_note.isVisible()


def test_cli_data_info_and_train_say_so(capsys):
    from dlstudio.cli import main

    assert main(["data", "info", "mnist"]) == 0
    assert "about 6,000 of the 60,000 training examples" in capsys.readouterr().out
    assert main(["train", "toy_2d", "--data", "moons", "--epochs", "1", "--quiet"]) == 0
    assert "data: validation_split = 0.1 holds out" in capsys.readouterr().out


def test_a_dataset_with_its_own_test_set_greys_out_the_test_fraction(qtbot, small_studio):
    """Walker5 W5-20: with MNIST the Test fraction stayed editable though MNIST's own 10,000
    test images are used."""
    from dlstudio.gui.data.panel import DataPanel

    panel = DataPanel(small_studio)
    qtbot.addWidget(panel)
    small_studio.set_data_spec(small_studio.data_spec.with_(dataset="mnist", params={}))
    panel.refresh()
    assert not panel.test_split.isEnabled()
    assert "10,000" in panel.test_split.toolTip()
    small_studio.set_data_spec(small_studio.data_spec.with_(dataset="moons", params={}))
    panel.refresh()
    assert panel.test_split.isEnabled()
    assert "no test set of its own" in panel.test_split.toolTip()


def test_the_note_counts_a_subset_apart_from_the_validation_split():
    """Walker17 W17-12: lesson 13/2 read "Validation fraction 0.25 holds out 400 of the 700
    training examples": the 400 were 0.25 of 1,600, and 300 of the other 1,200 were kept
    afterwards (30 per class)."""
    from dlstudio.data.spec import DataSpec

    ds = load(DataSpec(dataset="blobs", params={"n_samples": 2000, "n_classes": 4},
                       validation_split=0.25, subset={"per_class": 30}))
    total = len(ds.x_val) + ds.before_subset
    assert len(ds.x_train) == 4 * 30 and ds.before_subset > len(ds.x_train)
    assert abs(len(ds.x_val) - 0.25 * total) <= 4         # stratified: per-class rounding
    text = str(validation_note(ds, "Validation fraction"))
    assert text.startswith(f"Validation fraction 0.25 holds out {len(ds.x_val):,} of the "
                           f"{total:,} training examples for validation; of the other "
                           f"{ds.before_subset:,}, training uses 120 (30 per class")
