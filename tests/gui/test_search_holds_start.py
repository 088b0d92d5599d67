"""Start (the studio's run) while a search round runs is refused, saying which search and how
to get it out of the way, as Run search is refused while a run trains (fix60's leftover: the
run trained beside the search, each at half speed)."""
from __future__ import annotations

import pytest

from dlstudio.gui import i18n
from dlstudio.gui.search.demo import demo_studio
from dlstudio.gui.search.panel import SearchPanel

pytest.importorskip("pytestqt")


def test_start_is_refused_while_a_search_runs_and_says_how_to_stop_it(qtbot):
    studio = demo_studio()
    panel = SearchPanel(studio)
    qtbot.addWidget(panel)
    said: list[str] = []
    studio.sigError.connect(said.append)
    try:
        panel.runs_spin.setValue(4)
        panel.epochs_spin.setValue(50)
        assert panel.start() and panel.state == "running"
        studio.start()
        assert studio.state == "idle" and not studio.is_active()
        assert said and "hyperparameter search is running" in said[-1]
        assert "Cancel" in said[-1] and "Search page" in said[-1]
        # the window's status line takes the first line, the box all of it: one short
        # sentence there, not the box's whole text again (fix63's leftover)
        first, *rest = said[-1].splitlines()
        assert first.startswith("A hyperparameter search is running") and first.count(".") == 1
        assert rest and "Cancel" in rest[-1]
        i18n.set_language("zh_CN")
        try:
            assert "超参数搜索" in panel.in_the_way_text() and "取消" in panel.in_the_way_text()
        finally:
            i18n.set_language("en")
        said.clear()
        studio.start_or_resume()                # the toolbar's Start
        assert not studio.is_active() and said
        panel.cancel()
        qtbot.waitUntil(lambda: panel.state == "idle", timeout=60_000)
        said.clear()
        studio.start(max_steps=1)               # the way is clear again
        assert studio.is_active() and not said
        qtbot.waitUntil(lambda: not studio.is_active(), timeout=60_000)
    finally:
        panel.shutdown()
        studio.runner.cancel()
