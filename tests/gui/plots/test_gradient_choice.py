"""The controls choosing the gradients page's series (``plots/gradient_choice.py``): every
choice maps to its series and back, and its titles follow the language."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget

from dlstudio.gui.plots.gradient_choice import QUANTITIES, GradientChoice


def test_every_series_is_chosen_by_the_controls_and_read_back(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    choice = GradientChoice(page)
    assert choice.chosen() == "signal_rms"               # the default: dL/dz per value
    changes = []
    choice.sigChanged.connect(lambda: changes.append(choice.chosen()))
    for name in QUANTITIES.values():
        choice.choose(name)
        assert choice.chosen() == name
    assert changes and changes[-1] == "grad_norm"
    with pytest.raises(ValueError, match="unknown gradient quantity"):
        choice.choose("weight_rms")


def test_chinese_gradient_axis_labels_are_no_wider_than_the_english(qtbot):
    """The zh y-axis label '每个权重的 dL/dW，均方根（对数）' was cut off at the plot's
    height; no zh gradient axis label takes more room than the longest English one."""
    from dlstudio.gui import i18n

    page = QWidget()
    qtbot.addWidget(page)
    choice = GradientChoice(page)
    names = ("signal_rms", "signal_norm", "grad_rms", "grad_norm")
    metrics = QFontMetrics(QApplication.font())
    en = {n: metrics.horizontalAdvance(choice.titles(n)[1]) for n in names}
    try:
        i18n.set_language("zh_CN")
        for n in names:
            label = choice.titles(n)[1]
            assert "（对数）" in label, label                     # really translated
            assert metrics.horizontalAdvance(label) <= max(en.values()), (n, label)
    finally:
        i18n.set_language("en")
