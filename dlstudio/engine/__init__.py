"""dlstudio.engine: layers, kernels, losses, optimizers, network build, save/load (no Qt).

The ready-made networks register themselves in ``spec.PRESETS`` when ``presets`` is
imported, which happens here, so a preset name works wherever a network spec is accepted.
"""
from dlstudio.engine import presets  # noqa: F401  (fills spec.PRESETS)
