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


def test_a_failed_runs_error_reads_in_the_language_shown(small_studio, qtbot, monkeypatch):
    """The note kept the error as written when the run failed (English in a session that
    then switched to Chinese, or reopened in it): an error raised with a message is kept as
    that message and rendered when the note is shown."""
    from dlstudio.gui import i18n
    from dlstudio.messages import Message

    trained = MiniBatchMixin._train_batch         # noqa: SLF001 (the step to break)
    calls = []

    def breaks(self, probe):
        calls.append(1)
        if len(calls) > 20:
            raise ValueError(Message("search.no_validation"))
        return trained(self, probe)

    monkeypatch.setattr(MiniBatchMixin, "_train_batch", breaks)
    s = small_studio
    i18n.set_language("en")
    s.start()
    qtbot.waitUntil(lambda: s.state == "failed", timeout=60000)
    assert "the run produced no validation metrics" in s.curves_note()
    reopened = Studio()
    try:
        reopened.restore_history(s.history)
        i18n.set_language("zh_CN")
        for studio in (s, reopened):
            note = studio.curves_note()
            assert "这次运行没有产生验证指标；请给数据划出验证集。曲线" in note, note
            assert "validation" not in note
    finally:
        i18n.set_language("en")
        reopened.shutdown()
