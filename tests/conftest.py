"""Isolate the whole test session from the user's own dlstudio state.

The app keeps settings, an autosaved workspace, lesson progress and a data cache in the user's
folders. Tests must neither read a developer's leftovers nor write into them, so the session
gets its own empty home before anything (Qt included) looks up those folders.
"""
from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

_HOME = tempfile.mkdtemp(prefix="dlstudio-test-home-")
# each session (and each xdist worker) gets its own; a data cache in it can reach 50 MB
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
for _var, _sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                   ("XDG_CACHE_HOME", ".cache"), ("DLSTUDIO_HOME", ".local/share/dlstudio")):
    _path = os.path.join(_HOME, _sub) if _sub else _HOME
    os.makedirs(_path, exist_ok=True)
    os.environ[_var] = _path
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# shared helpers (float_tolerance.py) live beside this file; with --import-mode=importlib
# pytest does not put this folder on sys.path itself
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))


# Property-based tests explore the same examples on every run and every machine (CI must not
# pass or fail by luck); DLSTUDIO_FUZZ_RANDOM=1 explores new ones when hunting for bugs.
try:
    from hypothesis import settings as _hypothesis_settings
except ImportError:          # hypothesis is in the test extra; a bare install can still import
    pass
else:
    _hypothesis_settings.register_profile(
        "dlstudio", derandomize=not os.environ.get("DLSTUDIO_FUZZ_RANDOM"), deadline=None,
        database=None)
    _hypothesis_settings.load_profile("dlstudio")



@pytest.fixture
def one_thread():
    """The engine on one thread: two runs to compare add their sums in the same order (a
    parallel sum splits its terms by thread)."""
    from dlstudio.engine import threads

    before = threads.chosen_threads()
    threads.set_threads(1)
    yield
    threads.set_threads(before)
