"""A search round's progress bar counts the epochs its runs trained, and its sentences say
where the round is, in English and Chinese."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QProgressBar

from dlstudio.gui import i18n
from dlstudio.gui.search import round_progress
from dlstudio.gui.search.round_progress import RoundProgress
from dlstudio.training.search import SearchProgress


class _Runner:
    n_runs, epochs = 3, 4


@pytest.fixture
def zh():
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("en")


def test_the_bar_counts_epochs_and_a_run_that_stopped_early_counts_whole(qtbot):
    bar = QProgressBar()
    qtbot.addWidget(bar)
    progress = RoundProgress(bar)
    progress.begin(_Runner())
    assert (bar.minimum(), bar.maximum(), bar.value()) == (0, 12, 0)
    progress.epoch_reached(SearchProgress(0, 0, 4, 0.5, 0.7))
    progress.epoch_reached(SearchProgress(1, 0, 4, 0.5, 0.7))
    assert bar.value() == 2
    progress.run_ended({"status": "ok", "epochs": 4}, 4)       # its epochs were reported
    assert bar.value() == 2
    # diverged after its first epoch (reported): the three it will not train count as done
    progress.run_ended({"status": "diverged", "epochs": 0}, 4)
    assert bar.value() == 5
    progress.finish()
    assert bar.value() == 12
    progress.reset()
    assert bar.value() == 0
    progress.show_restored()
    assert (bar.maximum(), bar.value()) == (1, 1)


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
    assert "Best so far: trial 1, validation accuracy 0.900." in text


def test_a_finished_round_counts_its_runs_in_chinese(qapp, zh):
    """Walker22 W22-7: the zh line read "第 1 轮完成：4 完成。 目前最佳…": no measure word,
    and a space after the full stop."""
    best = {"trial": 0, "score": 0.75, "status": "ok"}
    text = round_progress.finished_text(1, {"ok": 2}, best, [best])
    assert "第 1 轮完成：2 次完成" in text, text
    assert "。 " not in text, text
