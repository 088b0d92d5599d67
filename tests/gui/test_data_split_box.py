"""The data panel's splits box: shows a data spec, greys out the Test fraction for data with
its own test set."""
from __future__ import annotations

from dlstudio.data.spec import DataSpec
from dlstudio.gui.data.split_box import SplitBoxWidget, preprocessing_choices


def test_the_box_shows_a_spec_without_signalling_edits(qtbot):
    box = SplitBoxWidget()
    qtbot.addWidget(box)
    edits = []
    box.val_split.valueChanged.connect(edits.append)
    spec = DataSpec(dataset="moons", validation_split=0.25, test_split=0.1, seed=7,
                    preprocessing=({"type": "standardize"},))
    box.set_spec(spec)
    assert (box.val_split.value(), box.test_split.value(), box.seed.value()) == (0.25, 0.1, 7)
    assert box.preprocessing.currentData() == "standardize" and edits == []
    assert [box.preprocessing.itemData(i) for i in range(box.preprocessing.count())] == \
        [name for name, _, _ in preprocessing_choices()]
    assert box.preprocessing.itemText(0) == "none"


def test_own_test_set_greys_out_the_test_fraction(qtbot):
    box = SplitBoxWidget()
    qtbot.addWidget(box)
    box.show_own_test(10_000)
    assert not box.test_split.isEnabled() and "10,000" in box.test_split.toolTip()
    box.retranslate()                                  # the tooltip keeps the count
    assert "10,000" in box.test_split.toolTip()
    box.show_own_test(0)
    assert box.test_split.isEnabled() and "no test set of its own" in box.test_split.toolTip()
