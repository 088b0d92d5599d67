"""walker13 W13-4: augmentation set on an image dataset must not block 2-D data, where the
Augmentation box is hidden and could not be cleared: it is set aside, said so, and comes
back on images."""
from __future__ import annotations

from dlstudio.data import load


def _activate(panel, name: str) -> None:
    index = panel.dataset.findData(name)
    panel.dataset.setCurrentIndex(index)
    panel.dataset.activated.emit(index)


def test_augmentation_is_set_aside_for_moons_and_back_on_shapes(qtbot, small_studio):
    from dlstudio.gui.data.panel import DataPanel

    studio = small_studio
    panel = DataPanel(studio)
    qtbot.addWidget(panel)
    panel.show()
    _activate(panel, "shapes")
    panel._on_augment_changed("rotation_range", 25.0)
    panel._on_augment_changed("zoom_range", 0.2)
    assert studio.data_spec.augments
    _activate(panel, "moons")
    spec = studio.data_spec
    assert spec.dataset == "moons" and not spec.augments
    assert panel.aside_note.isVisible() and "images only" in panel.aside_note.text()
    assert load(spec.with_params(n_samples=200)).augmenter is None   # Start/search/preview load
    _activate(panel, "shapes")
    assert studio.data_spec.augmentation == {"rotation_range": 25.0, "zoom_range": 0.2}
    assert not panel.aside_note.isVisible()


def test_a_run_starts_on_moons_right_after_augmenting_shapes(qtbot, small_studio):
    from dlstudio.gui.data.panel import DataPanel

    studio = small_studio
    panel = DataPanel(studio)
    qtbot.addWidget(panel)
    _activate(panel, "shapes")
    panel._on_augment_changed("rotation_range", 25.0)
    _activate(panel, "moons")
    studio.set_data_spec(studio.data_spec.with_params(n_samples=200))
    studio.start(paused=True)
    studio.runner.step_once()
    qtbot.waitUntil(lambda: studio.store.latest("A") is not None, timeout=60000)
    with qtbot.waitSignal(studio.runner.sigFinished, timeout=60000):
        studio.stop()


def test_moons_given_with_augmentation_loads_without_it(qtbot, small_studio):
    """A session saved with the augmentation on 2-D data (before this fix) or a dataset
    given on the command line keeps the augmentation of the images before."""
    from dlstudio.gui.data.panel import DataPanel

    studio = small_studio
    panel = DataPanel(studio)
    qtbot.addWidget(panel)
    studio.set_data_spec(studio.data_spec.with_(dataset="moons")
                         .with_augmentation(rotation_range=25.0))
    assert studio.data_spec.dataset == "moons" and not studio.data_spec.augments
    assert not panel.aside_note.isHidden()
