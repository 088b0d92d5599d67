"""Fixtures for the training tests (helpers live in ``training_helpers``)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

# the tests import small helpers from training_helpers.py beside this file; with
# --import-mode=importlib pytest does not put this folder on sys.path itself
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def blobs():
    """3 gaussian blobs in the plane: 240 train / 27 validation / 67 test examples."""
    from dlstudio.data import load

    return load("blobs", seed=0, n_samples=334)
