"""Shared set-up for the GUI tests: offscreen Qt, per-test user folders, small fast specs."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    """Send the autosave and log of the code under test to a temporary folder."""
    from dlstudio.gui import errors

    monkeypatch.setattr(errors, "user_data_dir", lambda: tmp_path)
    return tmp_path


@pytest.fixture
def small_studio(qapp, user_dir):
    """A Studio on a tiny 2-D problem (toy_2d on 240 spiral points, 2 epochs)."""
    from dlstudio.gui.studio import Studio

    studio = Studio()
    studio.set_data_spec(studio.data_spec.with_(dataset="spirals")
                         .with_params(n_samples=240))
    studio.set_train_spec(studio.train_spec.replace(epochs=2, batch_size=16,
                                                    learning_rate=0.01))
    yield studio
    studio.shutdown()
