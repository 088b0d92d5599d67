"""The Optimizer box names plain SGD "SGD" (walker21 W21-12: "SGD (momentum, Nesterov)" above
"Momentum 0" and an unticked Nesterov read as if both were on; the status line quoted it
too). Momentum and Nesterov are the settings under the name."""
from __future__ import annotations

from dlstudio.gui import i18n
from dlstudio.gui.specs import optimizer_name
from dlstudio.gui.training.panel import TrainingPanel


def test_plain_sgd_is_called_sgd_in_both_languages(small_studio, qtbot):
    panel = TrainingPanel(small_studio)
    qtbot.addWidget(panel)
    names = [panel.optimizer.itemText(i) for i in range(panel.optimizer.count())]
    assert "SGD" in names and not [n for n in names if "Nesterov" in n], names
    try:
        i18n.set_language("zh_CN")
        assert optimizer_name("sgd") == "SGD"
    finally:
        i18n.set_language("en")
    assert optimizer_name("sgd") == "SGD"
