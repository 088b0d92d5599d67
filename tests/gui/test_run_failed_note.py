"""A run that stops with an error says so, live and after reopening (walker13 W13-13: it was
explained as "dlstudio closed during it")."""
from __future__ import annotations

from dlstudio.gui.studio import Studio
from dlstudio.training.minibatch import MiniBatchMixin


def test_a_failed_run_is_explained_as_an_error_not_a_closed_app(small_studio, qtbot,
                                                                  monkeypatch):
    trained = MiniBatchMixin._train_batch         # noqa: SLF001 (the step to break)
    calls = []

    def breaks_in_epoch_two(self, probe):
        calls.append(1)
        if len(calls) > 20:                       # 15 mini-batches an epoch: in epoch 2
            raise TypeError("get_weights() takes 1 positional argument but 2 were given")
        return trained(self, probe)

    monkeypatch.setattr(MiniBatchMixin, "_train_batch", breaks_in_epoch_two)
    s = small_studio
    s.start()
    qtbot.waitUntil(lambda: s.state == "failed", timeout=60000)
    live = s.curves_note()
    assert "stopped with an error in epoch 2" in live, live
    assert "get_weights() takes 1 positional argument" in live
    assert "closed" not in live
    assert s.resume_point() is None
    reopened = Studio()                           # the workspace's curves, in a new session
    try:
        reopened.restore_history(s.history)
        assert reopened.curves_note() == live
        assert reopened.resume_point() is None
    finally:
        reopened.shutdown()
