"""``engine.kernel_cache``: whether Numba's cache holds compiled kernels, read from their
index files (fix89: a run started at once said "the very first run compiles them" with a
warm cache too)."""
from __future__ import annotations

import importlib.util
import sys

from dlstudio.engine import kernel_cache

SOURCE = '''
from numba import njit


@njit(cache=True)
def twice(x):
    return 2 * x


@njit
def not_cached(x):
    return x
'''


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_kernel_reads_cold_until_compiled_and_again_once_its_source_changed(tmp_path):
    path = tmp_path / "fix89_kernels.py"
    path.write_text(SOURCE, encoding="utf-8")
    first = _load(path, "fix89_kernels_a")
    assert kernel_cache.index_states([first]) == ["missing"]     # the uncached one: left out
    assert not kernel_cache.cache_warm([first])                  # never compiled: cold
    assert first.twice(2.0) == 4.0                               # compiled, and cached
    assert kernel_cache.index_states([first]) == ["valid"]
    assert kernel_cache.cache_warm([first])
    again = _load(path, "fix89_kernels_b")                       # a later start: loads it
    assert kernel_cache.cache_warm([again])
    path.write_text(SOURCE + "\n# updated\n", encoding="utf-8")  # dlstudio was updated
    updated = _load(path, "fix89_kernels_c")
    assert kernel_cache.index_states([updated]) == ["stale"]
    assert not kernel_cache.cache_warm([updated])                # it compiles again
    assert updated.twice(3.0) == 6.0
    assert kernel_cache.cache_warm([updated])


def test_the_engines_kernels_are_read_when_imported(monkeypatch):
    """The default reads the imported kernel modules only (a few milliseconds); Numba's
    internals not as expected read as cold (the longer message stays)."""
    from dlstudio.engine.kernels import reductions

    assert reductions in kernel_cache.kernel_modules()
    assert "dlstudio.engine.kernels" not in {m.__name__ for m in kernel_cache.kernel_modules()}
    monkeypatch.setattr(kernel_cache, "_known_warm", False)
    monkeypatch.setattr(kernel_cache, "index_states",
                        lambda _modules: (_ for _ in ()).throw(AttributeError("_cache")))
    assert kernel_cache.cache_warm() is False
    assert sys.modules[kernel_cache.KERNEL_PACKAGE]
