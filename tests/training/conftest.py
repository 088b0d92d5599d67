"""Fixtures for the training tests (helpers live in ``training_helpers``)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def blobs():
    """3 gaussian blobs in the plane: 241 train / 27 validation / 66 test examples."""
    from dlstudio.data import load

    return load("blobs", seed=0, n_samples=334)
