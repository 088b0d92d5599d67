"""Whether Numba's on-disk cache already holds the engine's compiled kernels.

The first run after dlstudio is installed or updated compiles the kernels (a minute or two
here); every later start loads them from Numba's cache (``@njit(cache=True)``: an index file
``<module>.<function>-<line>.pyXY.nbi`` per kernel, beside its ``.nbc`` data, in the
module's ``__pycache__`` or ``NUMBA_CACHE_DIR``). A window that starts a run at once, before
its warm-up has loaded them (``warmup.kernels_ready``), said "the very first run compiles
them" on every start (fix89): ``cache_warm`` tells the two cases apart by reading the index
files of the kernels already imported, a few milliseconds.

The cache is cold when no kernel has an index that Numba would use, or when any index
exists but is stale: it was written for other source files (its stamp: their time and size)
or another Numba version, as after an update, and those kernels compile again. A kernel
without an index file is left out either way: kernels that other kernels inline, and ones
no warm-up has called, never get one. (A first warm-up interrupted half-way leaves the rest
of the kernels cold without a stale index: that case reads as warm.)

Numba offers no public call for this: the index is read through its ``FunctionCache`` (the
dispatcher's ``_cache``), and anything unexpected there reads as cold, which keeps the
longer message.
"""
from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable
from types import ModuleType

log = logging.getLogger(__name__)

#: the engine's modules whose Numba kernels the cache holds
KERNEL_PACKAGE = "dlstudio.engine.kernels"

#: once warm, the cache stays warm in this process (compiling only adds to it)
_known_warm = False


def kernel_modules() -> list[ModuleType]:
    """The engine's kernel modules imported so far (nothing is imported here)."""
    return [module for name, module in list(sys.modules.items())
            if module is not None and name.startswith(KERNEL_PACKAGE + ".")]


def index_states(modules: Iterable[ModuleType]) -> list[str]:
    """For each cached Numba kernel defined in ``modules``: ``"valid"`` (its index file
    holds compiled versions Numba would load), ``"stale"`` (an index file for other source
    files or another Numba version) or ``"missing"`` (no index file)."""
    from numba.core.caching import NullCache
    from numba.core.dispatcher import Dispatcher

    states = []
    for module in modules:
        for value in list(vars(module).values()):
            if not isinstance(value, Dispatcher) or value.__module__ != module.__name__:
                continue
            cache = value._cache
            if isinstance(cache, NullCache):
                continue                # not cached: compiled at every start anyway
            index = cache._cache_file
            if not os.path.exists(index._index_path):
                states.append("missing")
            else:
                states.append("valid" if index._load_index() else "stale")
    return states


def cache_warm(modules: Iterable[ModuleType] | None = None) -> bool:
    """Whether the kernels of ``modules`` (default: the engine's kernel modules imported so
    far) load from Numba's cache instead of compiling: some kernel has a valid index and
    none a stale one (see the module docstring)."""
    global _known_warm
    if modules is None and _known_warm:
        return True
    try:
        states = index_states(kernel_modules() if modules is None else modules)
    except Exception as exc:  # noqa: BLE001 - Numba's internals moved: say it may compile
        log.info("cannot read Numba's cache index: %s", exc)
        return False
    warm = "valid" in states and "stale" not in states
    if modules is None:
        _known_warm = warm
    return warm
