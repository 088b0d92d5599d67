"""A theme or language switch redraws the page shown and leaves the hidden pages for when
they are shown (walker21 W21-16: every page was rebuilt at once, hidden ones too: the window
froze for 15 s in a classroom session, 24 s for a language switch)."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("switch", ["theme", "language"])
def test_a_switch_redraws_only_the_page_shown_and_a_hidden_one_when_shown(
        window, qtbot, qapp, app_look_restored, switch):
    from dlstudio.gui import i18n

    studio = window.studio
    with qtbot.waitSignal(studio.runner.sigFinished, timeout=120000):
        studio.start(max_steps=5)                  # curves for every page to draw
    tabs = window.plot_tabs
    shown, hidden = tabs.widget(0), tabs.widget(1)
    tabs.setCurrentWidget(shown)
    qapp.processEvents()
    redrawn = []
    for page in (shown, hidden):
        page.sigRedrawn.connect(lambda page=page: redrawn.append(page))
    try:
        if switch == "theme":
            window.set_theme("dark")
        else:
            window.set_language("zh_CN")
        qapp.processEvents()
        assert hidden not in redrawn
        tabs.setCurrentWidget(hidden)
        qtbot.waitUntil(lambda: hidden in redrawn)
    finally:
        if switch == "language":
            window.set_language("en")
            i18n.set_language("en")
        else:
            window.set_theme("light")
