"""The convergence page's options above its plots (``plots/convergence_options.py``)."""
from __future__ import annotations

from dlstudio.gui import i18n
from dlstudio.gui.plots.convergence_options import ConvergenceOptions


def test_the_options_read_in_chinese(qapp):
    """The options moved to their own module behind a ``_tr(text)`` helper, which
    ``pyside6-lupdate`` cannot read: the regenerated catalogue lost their strings, and the
    zh page said "Smoothing", "Log scale loss" and "x axis" (found regenerating it for
    walker37 W37-12)."""
    options = ConvergenceOptions(0.8)
    try:
        assert i18n.set_language("zh_CN")
        options.retranslate()
        texts = [options.smoothing_label.text(), options.log_box.text(),
                 options.x_label.text(), options.smoothing_box.toolTip(),
                 options.log_box.toolTip(), options.x_box.toolTip()]
        assert texts[:3] == ["平滑", "损失用对数坐标", "横轴"], texts
        assert all(not any("a" <= c <= "z" for c in text.lower().replace("0.99", ""))
                   for text in texts[3:]), texts
    finally:
        i18n.set_language("en")
