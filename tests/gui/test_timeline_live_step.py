"""The timeline's "live (step N)" names the step the run is at, not its newest kept moment
(after a few F10 steps of the small VGG-style network on MNIST the timeline said "live (step
0)": a large network's moments are thinned ahead of a long run, so steps 1-3 kept none)."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")


def test_single_steps_show_their_step_when_no_moment_is_kept_for_them(small_studio, qtbot):
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.gui.timeline_bar import TimelineBarWidget

    s = small_studio
    # large moments (a million weights and Adam's state) over a long run: thinned ahead
    s.set_network_spec(NetworkSpec((2,), (
        LayerSpec("Dense", {"units": 1000, "activation": "relu"}),
        LayerSpec("Dense", {"units": 1000, "activation": "relu"}),
        LayerSpec("Dense", {"units": 2, "activation": "softmax"}))))
    s.set_train_spec(s.train_spec.replace(epochs=2000))
    bar = TimelineBarWidget(s)
    qtbot.addWidget(bar)
    bar.show()
    for n in range(1, 4):
        s.step_once()
        qtbot.waitUntil(lambda: (s.store.latest(live=True) is not None
                                 and s.store.latest(live=True).step == n), timeout=60000)
        qtbot.waitUntil(lambda: bar.where.text() == f"live (step {n})", timeout=3000)
    assert s.timeline_steps()[-1] < 3          # (what the bar said before: the moments')
    s.stop()
