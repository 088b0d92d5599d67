"""walker17 W17-9: lesson 13 step 2 keeps one augmentation in the data and switches it on
for B only (its training settings' ``augment``); the Data panel showed those settings and
an augmented preview with nothing saying that A trains on the plain images."""
from __future__ import annotations


def test_the_box_says_which_variants_train_with_the_augmentation(qtbot, small_studio):
    from dlstudio.gui.data.panel import DataPanel

    studio = small_studio
    panel = DataPanel(studio)
    qtbot.addWidget(panel)
    panel.show()
    index = panel.dataset.findData("shapes")
    panel.dataset.setCurrentIndex(index)
    panel.dataset.activated.emit(index)
    panel._on_augment_changed("rotation_range", 10.0)
    users = panel.box_augment.users
    assert not users.isVisible()                       # A trains with it: nothing to say
    studio.set_train_spec(studio.train_spec.replace(augment=False))
    assert users.isVisible() and "Not used" in users.text()
    variant = studio.add_variant("B")
    studio.set_variant(variant.name, train_spec=studio.train_spec.replace(augment=True))
    assert users.isVisible()
    assert users.text() == ("Only B trains with this augmentation; A trains on the plain "
                            "images.")
    panel._on_augment_changed("rotation_range", 0.0)   # no augmentation set: nothing to say
    assert not users.isVisible()
