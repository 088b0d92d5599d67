"""What a plot page says while it has no plots (``plots/page_placeholder.py``): its own
words, "The run is starting" while a run has sent it nothing, both languages; the
placeholder is on screen and Export is off until the plots are."""
from __future__ import annotations

from dlstudio.gui import i18n
from dlstudio.gui.plots.convergence import ConvergencePanel
from dlstudio.gui.plots.units import UnitsPanel
from dlstudio.gui.run_store import RunStore


def test_a_page_says_the_run_is_starting_then_its_own_words_again(qtbot):
    page = ConvergencePanel(RunStore())
    qtbot.addWidget(page)
    own = page.placeholder.text()
    assert own.startswith("Start training") and page.stack.currentWidget() is page.placeholder
    assert not page.export_button.isEnabled()
    page.set_run_starting(True)
    assert page.placeholder.text().startswith("The run is starting")
    i18n.set_language("zh_CN")
    try:
        page.retranslate()
        assert "训练正在开始" in page.placeholder.text()
        page.set_run_starting(False)
        assert "训练" in page.placeholder.text() and "正在开始" not in page.placeholder.text()
    finally:
        i18n.set_language("en")
    page.retranslate()
    assert page.placeholder.text() == own


def test_a_page_whose_data_needs_a_choice_keeps_its_own_words(qtbot):
    page = UnitsPanel(RunStore())                 # (says_run_starting False)
    qtbot.addWidget(page)
    own = page.placeholder.text()
    page.set_run_starting(True)
    assert page.placeholder.text() == own
