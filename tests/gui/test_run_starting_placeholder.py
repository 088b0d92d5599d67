"""While a run is under way and has sent a page nothing yet, the page says its plots are
coming, not "Start training to see..." beside a status line saying the run trains (walker12
W12-3: 6-14 s on a 12-layer comparison)."""
from __future__ import annotations

from dlstudio.gui import i18n


def test_pages_say_the_run_is_starting_until_it_measures(window, small_studio, qtbot):
    s = small_studio
    pages = window.plot_panels
    assert "Start training" in pages["activations"].placeholder.text()
    s.start(paused=True)                         # preparing, then waiting at step 0
    assert s.is_active()
    for key in ("convergence", "gradients", "activations", "weights"):
        assert "The run is starting" in pages[key].placeholder.text(), key
    # the Units page keeps saying how its units get recorded (a layer chosen before Start)
    assert "Choose a layer" in pages["units"].placeholder.text()
    i18n.set_language("zh_CN")                   # and in Chinese
    try:
        assert "训练正在开始" in pages["convergence"].placeholder.text()
    finally:
        i18n.set_language("en")
    with qtbot.waitSignal(s.runner.sigFinished, timeout=60000):
        s.stop()
    assert not s.is_active()
    assert "Start training" in pages["activations"].placeholder.text()
