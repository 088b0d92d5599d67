"""Data controls: dataset picker with parameters, preview, splits, preprocessing and
augmentation (with a live grid of augmented samples). ``DataPanel(studio)`` is the panel."""
from dlstudio.gui.data.panel import DataPanel

__all__ = ["DataPanel"]
