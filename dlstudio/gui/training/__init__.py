"""Training controls (``TrainingPanel``) and comparison variants (``ComparePanel``)."""
from dlstudio.gui.training.compare import ComparePanel
from dlstudio.gui.training.panel import TrainingPanel

__all__ = ["TrainingPanel", "ComparePanel"]
