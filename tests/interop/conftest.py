"""Fixtures for the interop tests (the networks live in ``interop_cases``)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

# with --import-mode=importlib pytest does not put this folder on sys.path itself
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

from interop_cases import CASES, trained_like  # noqa: E402


@pytest.fixture(params=CASES)
def network(request):
    """Each preset and mixed network, with non-trivial biases and batch-norm statistics."""
    return trained_like(request.param)
