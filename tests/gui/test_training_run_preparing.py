"""What a run says before its first step (``training_run.preparing_text``): the compiling
only with a cold Numba cache (fix89: a window started with --autostart said "the very first
run compiles them" at every start, while its child loaded the cached kernels)."""
from __future__ import annotations

import pytest

from dlstudio.engine import kernel_cache
from dlstudio.gui import i18n
from dlstudio.gui.training_run import preparing_text


@pytest.mark.parametrize("warm", [True, False])
def test_the_compiling_is_said_only_with_a_cold_cache(qapp, monkeypatch, warm):
    monkeypatch.setattr(kernel_cache, "cache_warm", lambda: warm)
    assert preparing_text(True) == "Preparing the run..."       # loaded: nothing to wait for
    if warm:
        assert preparing_text(False) == "Preparing the run (loading the compiled kernels)..."
    else:
        assert preparing_text(False).startswith(
            "Preparing the kernels (the very first run compiles them")
    i18n.set_language("zh_CN")
    try:
        assert ("加载已编译的计算内核" in preparing_text(False)) == warm
        assert ("第一次运行需要编译" in preparing_text(False)) == (not warm)
    finally:
        i18n.set_language("en")
