"""The data panel's augmentation box: its settings, the stored spec, the preview."""
from __future__ import annotations

from dlstudio.data import load
from dlstudio.data.spec import DataSpec
from dlstudio.gui.data.augmentation import (AUGMENT_PARAMS, AugmentationBoxWidget,
                                            augment_preview, augmentation_with)


def test_a_setting_at_its_default_is_not_stored():
    aug = augmentation_with({}, "rotation_range", 20.0)
    assert aug == {"rotation_range": 20.0}
    assert augmentation_with(aug, "rotation_range", 0.0) == {}
    assert augmentation_with(aug, "horizontal_flip", True) == {"rotation_range": 20.0,
                                                               "horizontal_flip": True}
    assert {p.name for p in AUGMENT_PARAMS} >= {"rotation_range", "noise_std"}


def test_the_box_previews_augmented_images_or_says_how_to_get_them(qtbot):
    box = AugmentationBoxWidget()
    qtbot.addWidget(box)
    assert box.title() == "Augmentation (training images only)"
    digits = load("digits", n_samples=100)
    plain = DataSpec(dataset="digits")
    box.show_for(digits, plain)                       # no augmentation set: says how
    assert box.augmented.currentWidget() is box.augmented.message
    box.show_for(load("moons", n_samples=100), plain)  # 2-D points: nothing to augment
    assert box.augmented.currentWidget() is box.augmented.message
    rotated = DataSpec(dataset="digits", augmentation={"rotation_range": 30.0})
    box.show_for(digits, rotated)
    assert box.augmented.currentWidget() is box.augmented.grid
    out = augment_preview(rotated, digits.x_train[:4])
    assert out is not None and out.shape == digits.x_train[:4].shape
