"""dlstudio: a desktop studio that teaches how deep neural networks train.

``from dlstudio import Network`` gives the engine's network class. Importing the package is
cheap (no numpy, no Qt) so that the CLI and the bootstrap can start quickly; the thread
settings below must be in place before numpy or numba load their thread pools.
"""
from __future__ import annotations

from dlstudio.thread_env import configure_thread_environment

configure_thread_environment()

__version__ = "0.1.0"
__all__ = ["Network", "__version__"]


def __getattr__(name: str):
    if name == "Network":
        from dlstudio.engine.network import Network

        return Network
    raise AttributeError(f"module 'dlstudio' has no attribute {name!r}")
