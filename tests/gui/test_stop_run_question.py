"""The question before closing during a run names its epoch and what is kept."""
from __future__ import annotations

from types import SimpleNamespace

from dlstudio.gui.stop_run_question import stop_run_question
from dlstudio.training.telemetry import SINGLE_RUN


def studio(state: str, epoch: int | None, names: tuple[str, ...] = (SINGLE_RUN,)):
    train = SimpleNamespace(epochs=20)
    settings = SimpleNamespace(variants=tuple((name, None, train) for name in names))
    snap = None if epoch is None else SimpleNamespace(epoch=epoch)
    return SimpleNamespace(state=state, last_telemetry=snap, last_run_settings=settings)


def test_a_training_run_is_asked_about_with_its_epoch(qapp):
    text, detail = stop_run_question(studio("running", 4))
    assert text == "A run is training (epoch 5 of 20). Stop it and quit?"
    assert "Run > Continue" in detail and detail.endswith("Cancel keeps it training.")


def test_a_paused_comparison_or_a_starting_run(qapp):
    text, detail = stop_run_question(studio("paused", 0, ("A", "B")))
    assert text.startswith("A run is paused (epoch 1 of 20)")
    assert detail.startswith("The curves and weights") and detail.endswith("paused.")
    text, _ = stop_run_question(studio("preparing", None))
    assert text == "A run is starting. Stop it and quit?"


def test_chinese_sentences_are_joined_without_a_space(qapp):
    """walker29 W29-11: "…停止时的状态。 选择“取消”…": two catalogue sentences joined with
    an ASCII space."""
    from dlstudio.gui import i18n
    from dlstudio.gui.i18n import sentences

    assert sentences("Stop it?", "", "Cancel keeps it.") == "Stop it? Cancel keeps it."
    assert sentences("已完成。", "dense_1 层", "（最好的）") == "已完成。dense_1 层（最好的）"
    i18n.set_language("zh_CN")
    try:
        _, detail = stop_run_question(studio("running", 4, ("A", "B")))
    finally:
        i18n.set_language("en")
    assert "。选择" in detail and "。 " not in detail
