"""A search round's progress bar counts the epochs its runs trained, and its sentences say
where the round is, in English and Chinese."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QProgressBar

from dlstudio.gui import i18n
from dlstudio.gui.search import round_progress
from dlstudio.gui.search.round_progress import RoundProgress
from dlstudio.gui.widgets.status_line import SentenceLabelWidget
from dlstudio.training.search import SearchProgress


class _Runner:
    n_runs, epochs = 3, 4
    kept: dict = {}


@pytest.fixture
def zh():
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("en")


def test_the_bar_counts_epochs_and_a_run_that_stopped_early_counts_whole(qtbot):
    bar = QProgressBar()
    qtbot.addWidget(bar)
    progress = RoundProgress(bar, SentenceLabelWidget(), clock=lambda: 0.0)
    progress.begin(_Runner())
    unit = round_progress.UNITS_PER_EPOCH
    assert (bar.minimum(), bar.maximum(), bar.value()) == (0, 12 * unit, 0)
    progress.advanced(SearchProgress(0, 0, 4, 0.5, 0.7))
    progress.advanced(SearchProgress(1, 0, 4, 0.5, 0.7))
    assert bar.value() == 2 * unit
    progress.run_ended({"trial": 0, "status": "ok", "epochs": 3})
    assert bar.value() == 5 * unit
    # diverged after its first epoch: the three it will not train count as done
    progress.run_ended({"trial": 1, "status": "diverged", "epochs": 0})
    assert bar.value() == 8 * unit
    progress.finish()
    assert bar.value() == 12 * unit
    progress.reset()
    assert bar.value() == 0
    progress.show_restored(12, 1)
    assert (bar.maximum(), bar.value()) == (1, 1)


def test_an_opened_search_says_so_on_its_full_bar(qtbot, zh):
    """walker28 W28-8: after reopening, the bar read "100% · time not known yet"."""
    bar = QProgressBar()
    qtbot.addWidget(bar)
    progress = RoundProgress(bar, SentenceLabelWidget(), clock=lambda: 0.0)
    progress.show_plan(None)
    i18n.set_language("en")
    progress.show_restored(12, 2)
    assert bar.text() == "100%  ·  saved search: 12 runs in 2 rounds"
    progress.show_restored(1, 1)            # no "round(s)" (walker27)
    assert bar.text() == "100%  ·  saved search: 1 run in 1 round"
    progress.show_restored(12, 2)
    progress.show_plan(30.0)                 # the next round's time does not replace it
    assert "saved search" in bar.text()
    i18n.set_language("zh_CN")
    progress.retranslate()
    assert "12" in bar.text() and "saved" not in bar.text()
    progress.begin(_Runner())
    assert "saved search" not in bar.format()


def test_a_run_on_its_way_through_an_epoch_moves_the_bar(qtbot):
    """Walker22 W22-7: with an MNIST epoch of two minutes, the bar sat at 0 % that long."""
    now = [10.0]
    bar = QProgressBar()
    qtbot.addWidget(bar)
    line = SentenceLabelWidget()
    progress = RoundProgress(bar, line, clock=lambda: now[0])
    progress.begin(_Runner())                                  # 3 runs x 4 epochs
    assert progress.seconds_left() is None
    now[0] = 40.0
    progress.advanced(SearchProgress(2, 1, 4, None, None, fraction=0.5))
    assert bar.value() == round(1.5 * round_progress.UNITS_PER_EPOCH)
    progress.advanced(SearchProgress(2, 1, 4, None, None, fraction=0.25))   # late: ignored
    assert progress.done() == pytest.approx(1.5 / 12)
    assert progress.elapsed() == pytest.approx(30.0)
    assert progress.seconds_left() == pytest.approx(30.0 * (12 - 1.5) / 1.5)
    # the line: the round's sentence with its time; a report within an epoch keeps it
    progress.say(lambda: "Round 1: 0 of 3 runs done.")
    assert line.text() == "Round 1: 0 of 3 runs done. 0:30 so far; about 4 min left."
    now[0] = 50.0
    progress.say()
    assert line.text().startswith("Round 1: 0 of 3 runs done. 0:40 so far;")
    assert progress.clock_timer.isActive()
    progress.stop()                           # cancelling: the line is the panel's again
    assert not progress.clock_timer.isActive()


def test_the_running_round_says_where_it_is(qapp):
    assert round_progress.starting_text(1, 4, 2, 2) == (
        "Round 1: 4 runs of 2 epochs in 2 processes (starting the processes takes a few "
        "seconds)…")
    event = SearchProgress(trial=3, epoch=1, epochs=2, val_accuracy=0.8, val_loss=0.4)
    assert round_progress.epoch_text(2, event, 1, 4) == \
        "Round 2: trial 3 reached epoch 2 of 2 (1 of 4 runs done)."
    assert round_progress.runs_done_text(2, 3, 4) == "Round 2: 3 of 4 runs done."


def test_a_finished_round_names_its_counts_and_best(qapp):
    best = {"trial": 1, "score": 0.9, "status": "ok"}
    text = round_progress.finished_text(1, {"ok": 2, "failed": 1}, best, [best])
    assert text.startswith("Round 1 finished: 2 ok, 1 failed.")
    assert "Best so far: trial 1, validation accuracy 90.0%." in text


def test_a_finished_round_counts_its_runs_in_chinese(qapp, zh):
    """Walker22 W22-7: the zh line read "第 1 轮完成：4 完成。 目前最佳…": no measure word,
    and a space after the full stop."""
    best = {"trial": 0, "score": 0.75, "status": "ok"}
    text = round_progress.finished_text(1, {"ok": 2}, best, [best])
    assert "第 1 组完成：2 次完成" in text, text
    assert "。 " not in text, text


def test_a_search_round_is_not_called_an_epoch_in_chinese(qapp, zh):
    """walker33 W33-6: 轮 is an epoch in the Chinese app (轮数), so "第 2 轮" in the
    search's legend and sentences read as "epoch 2": a search round is 组."""
    from PySide6.QtCore import QCoreApplication

    from dlstudio.gui.search.results_view import ResultsTableWidget

    event = SearchProgress(trial=3, epoch=1, epochs=2, val_accuracy=0.8, val_loss=0.4)
    texts = [round_progress.runs_done_text(2, 1, 4),
             round_progress.epoch_text(2, event, 1, 4),
             round_progress.finished_text(2, {"ok": 1}, None, []),
             round_progress.restored_text(12, 2),
             QCoreApplication.translate("ScatterGridWidget", "round %1"),
             QCoreApplication.translate("ResultsTableWidget", ResultsTableWidget.BASE[0])]
    for text in texts:
        assert "组" in text and "第 2 轮" not in text and "2 轮" not in text, text
    assert "第 2 组" in texts[0]


def test_the_time_so_far_and_left(qapp):
    assert round_progress.time_text(65.0, None) == "1:05 so far."
    assert round_progress.time_text(65.0, 540.0) == "1:05 so far; about 9 min left."
    assert round_progress.time_text(5.0, 30.0) == "0:05 so far; less than a minute left."


def test_the_time_so_far_and_left_in_chinese(qapp, zh):
    text = i18n.tidy(round_progress.runs_done_text(1, 2, 4) + " "
                     + round_progress.time_text(65.0, 540.0))
    assert text.endswith("已用 1:05，还剩约 9 分钟。"), text


@pytest.mark.parametrize("lang, took", [("en", "took 1:05"), ("zh_CN", "用时 1:05")])
def test_a_finished_round_says_how_long_it_took_not_the_next_ones_plan(qtbot, lang, took):
    """walker26 W26-13: a finished round's full bar read "100% · under a minute with these
    settings" (the next round's plan, "needs under a minute" in Chinese)."""
    bar = QProgressBar()
    qtbot.addWidget(bar)
    now = [100.0]
    progress = RoundProgress(bar, SentenceLabelWidget(), clock=lambda: now[0])
    bar.setValue(0)
    i18n.set_language(lang)
    try:
        progress.show_plan(20.0)
        plan = bar.text()
        progress.begin(_Runner())
        now[0] += 65.0
        progress.finish()
        progress.show_plan(20.0)                 # the panel says the next round's time again
        assert bar.text().startswith("100%") and bar.text().endswith(took)
        assert plan.split("·")[1].strip() not in bar.text()
        progress.begin(_Runner())                # a new round: its own time
        progress.reset()
        assert bar.text() == plan
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("lang, said", [("en", "2 of 3 runs done (1 cancelled)  ·  took 0:49"),
                                        ("zh_CN", "已完成 2/3 次运行（1 次已取消）  ·  用时 0:49")])
def test_a_cancelled_round_says_how_many_runs_were_done_not_100_percent(qtbot, lang, said):
    """walker33 W33-6: after Cancel the bar read "100% · took 0:49" though 2 of 6 runs had
    been cancelled."""
    bar = QProgressBar()
    qtbot.addWidget(bar)
    now = [100.0]
    progress = RoundProgress(bar, SentenceLabelWidget(), clock=lambda: now[0])
    i18n.set_language(lang)
    try:
        progress.begin(_Runner())                # 3 runs x 4 epochs
        now[0] += 49.0
        progress.finish(cancelled=1)
        assert bar.value() == 2 * 4 * round_progress.UNITS_PER_EPOCH < bar.maximum()
        assert bar.text() == said
        progress.show_plan(20.0)                 # the next round's time does not replace it
        assert bar.text() == said
        progress.begin(_Runner())                # a new round: its own percentage
        assert bar.text().startswith("0%")
        now[0] += 10.0
        progress.finish()
        assert bar.text().startswith("100%")
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("lang, said", [
    ("en", "“Run the 2 cancelled trials” trains them with the round's settings and seeds; "
           "Run search starts a new round"),
    ("zh_CN", "“运行这一组已取消的 2 次试验”会按这一组的设置和种子训练它们；按“开始搜索”会用新的随机设置开始新的一组")])
def test_a_round_with_cancelled_runs_says_what_start_does_next(qapp, lang, said):
    """walker33 W33-6: after Cancel, Start began a new round of new random settings while
    the teacher expected the cancelled runs to go on; the sentence says so, and which button
    finishes the round (fix81)."""
    i18n.set_language(lang)
    try:
        text = round_progress.finished_text(1, {"ok": 4, "cancelled": 2}, None, [])
        assert said in text, text
        assert said not in round_progress.finished_text(1, {"ok": 6}, None, [])
    finally:
        i18n.set_language("en")


class _Finishing(_Runner):
    """A cut short round of 3 runs restarted for its last one (trials 0 and 1 ended)."""
    kept = {0: {"trial": 0, "status": "ok"}, 1: {"trial": 1, "status": "ok"}}


def test_a_round_finishing_its_cancelled_runs_goes_on_from_those_that_ended(qtbot):
    """fix81: "Run the cancelled trial": the bar starts at the two runs that ended, not 0%;
    the time goes on from the round's; the time left follows the pace of the run left."""
    bar = QProgressBar()
    qtbot.addWidget(bar)
    now = [100.0]
    line = SentenceLabelWidget()
    progress = RoundProgress(bar, line, clock=lambda: now[0])
    progress.begin(_Runner())
    now[0] += 49.0
    progress.finish(cancelled=1)
    progress.begin(_Finishing())
    unit = round_progress.UNITS_PER_EPOCH
    assert bar.value() == 2 * 4 * unit and bar.maximum() == 3 * 4 * unit
    now[0] += 10.0
    progress.advanced(SearchProgress(2, 1, 4, 0.5, 0.7))      # half of the last run
    assert progress.seconds_left() == pytest.approx(10.0)
    progress.say(lambda: "Round 1.")
    assert "0:59 so far; " in line.text()
    now[0] += 10.0
    progress.run_ended({"trial": 2, "status": "ok", "epochs": 3})
    progress.finish()
    assert bar.value() == bar.maximum() and bar.text().endswith("took 1:09")
