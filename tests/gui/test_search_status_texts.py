"""The search panel's own sentences (``status_texts``), in both languages."""
from __future__ import annotations

from types import SimpleNamespace

from dlstudio.gui import i18n
from dlstudio.gui.search import status_texts
from dlstudio.gui.search.panel import SearchPanel
from dlstudio.training.search_space import Dimension


def test_a_search_after_one_run_says_1_run(qapp):
    """Walker32: counts in the singular: "1 run", not "1 runs"."""
    panel = SimpleNamespace(state="running", so_far=SimpleNamespace(done_this_round=lambda: 1))
    assert SearchPanel.busy_text(panel) == "A hyperparameter search is running (1 run done so far)."
    assert status_texts.running_text(3) == \
        "A hyperparameter search is running (3 runs done so far)."


def test_the_sentences_follow_the_ui_language(qapp):
    finer = [Dimension("learning_rate", 0.0123, 0.456, "log")]
    try:
        i18n.set_language("zh_CN")
        assert status_texts.running_text(2) == "超参数搜索正在进行（目前已完成 2 次运行）。"
        assert "取消" in status_texts.in_the_way_text(2)
        assert status_texts.zoomed_text(finer).startswith("已细化：")
        assert "0.0123–0.456" in status_texts.zoomed_text(finer)
        for text in (status_texts.first_sentence(), status_texts.cancelling_text(),
                     status_texts.nothing_to_apply_text(), status_texts.failed_text("x")):
            assert any("\u4e00" <= c <= "\u9fff" for c in text), text
    finally:
        i18n.set_language("en")
