"""The landscape's settings form: its defaults, the settings key and the job's arguments."""
from __future__ import annotations

from dlstudio.gui.landscape.settings_form import MODES, LandscapeSettingsWidget


def test_the_form_gives_the_grids_settings_and_arguments(qtbot):
    form = LandscapeSettingsWidget()
    qtbot.addWidget(form)
    assert [form.mode_combo.itemData(i) for i in range(form.mode_combo.count())] == list(MODES)
    assert form.mode_combo.itemText(2) == "Plane of the run's path (PCA)"
    assert form.labels["resolution"].text() == "Points per axis"
    form.resolution_spin.setValue(7)
    form.span_spin.setValue(0.5)
    form.examples_spin.setValue(64)
    assert form.settings("random_1d") == ("random_1d", 7, 0.5, 64, 0)
    assert form.job_arguments("random_1d") == dict(dims=1, resolution=7, span=0.5, seed=0,
                                                   examples=64)
    assert form.job_arguments("run_plane")["dims"] == 2
