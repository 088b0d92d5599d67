"""The generator worker: yields in order, failures, stop, pause and step through RunControl,
and a restart that cancels the old job without letting its signals through."""
from __future__ import annotations

import itertools
import threading

import pytest
from PySide6.QtCore import QCoreApplication

from dlstudio.gui.job_runner import blocking_job
from dlstudio.gui.worker import GeneratorWorker

TIMEOUT = 20000


@pytest.fixture
def worker(qapp):
    w = GeneratorWorker("test")
    yield w
    assert w.shutdown(TIMEOUT)


def _is(value):
    return lambda *args: args == (value,)


def test_yields_each_item_in_order_then_the_return_value(worker, qtbot):
    def numbers(job):
        yield "a"
        yield "b"
        return "done"

    signals = [worker.sigYielded, worker.sigYielded, worker.sigFinished]
    with qtbot.waitSignals(signals, order="strict", timeout=TIMEOUT,
                           check_params_cbs=[_is("a"), _is("b"), _is("done")]):
        worker.start(numbers)


def test_the_generator_runs_on_the_worker_thread(worker, qtbot):
    def where(job):
        yield threading.current_thread() is threading.main_thread()

    with qtbot.waitSignal(worker.sigYielded, timeout=TIMEOUT, check_params_cb=_is(False)):
        worker.start(where)


def test_progress_is_reported(worker, qtbot):
    def loading(job):
        job.progress(1, 4, "reading")
        yield 1

    with qtbot.waitSignals([worker.sigProgress, worker.sigYielded, worker.sigFinished],
                           order="strict", timeout=TIMEOUT,
                           check_params_cbs=[lambda *a: a == (1, 4, "reading"), None, None]):
        worker.start(loading)


def test_progress_messages_show_in_the_window_language(worker, qtbot):
    from dlstudio.gui import i18n
    from dlstudio.messages import Message

    def loading(job):
        job.progress(0, 2, Message("data.progress.downloading", name="train.gz"))
        yield 1

    i18n.set_language("zh_CN")
    try:
        with qtbot.waitSignal(worker.sigProgress, timeout=TIMEOUT,
                              check_params_cb=lambda *a: a == (0, 2, "正在下载 train.gz")):
            worker.start(loading)
    finally:
        i18n.set_language("en")


def test_a_failure_is_reported_after_the_items_before_it(worker, qtbot):
    def broken(job):
        yield 1
        raise ValueError("the file has no labels")

    with qtbot.waitSignals([worker.sigYielded, worker.sigFailed], order="strict",
                           timeout=TIMEOUT,
                           check_params_cbs=[_is(1), _is("the file has no labels")]):
        worker.start(broken)
    # the failure is reported from the worker thread, which then winds down on its own
    qtbot.waitUntil(lambda: not worker.running and worker.threads() == [], timeout=TIMEOUT)
    assert worker.failure_expected          # a file to fix, not a bug (walker5 W5-13)


def test_a_bug_is_not_an_expected_failure(worker, qtbot):
    def broken(job):
        raise RuntimeError("index out of range somewhere")
        yield  # pragma: no cover

    with qtbot.waitSignal(worker.sigFailed, timeout=TIMEOUT):
        worker.start(broken)
    assert not worker.failure_expected


def test_stop_closes_the_generator_and_finishes(worker, qtbot):
    closed = threading.Event()

    def endless(job):
        try:
            yield from itertools.count()
        finally:
            closed.set()

    with qtbot.waitSignal(worker.sigYielded, timeout=TIMEOUT):
        worker.start(endless)
    with qtbot.waitSignal(worker.sigFinished, timeout=TIMEOUT, check_params_cb=_is(None)):
        worker.stop()
    assert closed.is_set()


def test_pause_and_step_let_one_item_through_at_a_time(worker, qtbot):
    produced = []

    def counting(job):
        for i in itertools.count():
            produced.append(i)
            yield i

    worker.start(counting, paused=True)
    with qtbot.waitSignal(worker.sigYielded, timeout=TIMEOUT, check_params_cb=_is(0)):
        worker.step_once()
    with qtbot.waitSignal(worker.sigYielded, timeout=TIMEOUT, check_params_cb=_is(1)):
        worker.step_once()
    assert worker.control.paused
    with qtbot.waitSignal(worker.sigFinished, timeout=TIMEOUT):
        worker.stop()
    assert produced == [0, 1]


def test_resume_after_pause_continues(worker, qtbot):
    worker.start(lambda job: iter(range(3)), paused=True)
    with qtbot.waitSignals([worker.sigYielded] * 3 + [worker.sigFinished], order="strict",
                           timeout=TIMEOUT):
        worker.resume()


def test_a_controlled_generator_reads_the_control_itself(worker, qtbot):
    def trainer_like(job):
        step = 0
        while job.control.wait_for_turn() != "stop":
            step += 1
            yield step
        return f"stopped at {step}"

    worker.start(trainer_like, controlled=True, paused=True)
    with qtbot.waitSignal(worker.sigYielded, timeout=TIMEOUT, check_params_cb=_is(1)):
        worker.step_once()
    with qtbot.waitSignal(worker.sigFinished, timeout=TIMEOUT,
                          check_params_cb=_is("stopped at 1")):
        worker.stop()


def test_starting_again_cancels_the_old_job_and_silences_it(worker, qtbot):
    release = threading.Event()
    old_stopped = []

    def old(job):
        yield "old started"
        release.wait(TIMEOUT / 1000)
        old_stopped.append(job.control.stop_requested)
        yield "old late item"
        return "old result"

    seen = []
    worker.sigYielded.connect(seen.append)
    worker.sigFinished.connect(seen.append)
    with qtbot.waitSignal(worker.sigYielded, timeout=TIMEOUT):
        worker.start(old, controlled=True)
    first_control = worker.control
    with qtbot.waitSignals([worker.sigYielded, worker.sigFinished], order="strict",
                           timeout=TIMEOUT):
        worker.start(lambda job: iter(["new"]))
    assert first_control.stop_requested and worker.control is not first_control
    release.set()
    qtbot.waitUntil(lambda: not worker.threads(), timeout=TIMEOUT)
    QCoreApplication.processEvents()     # deliver whatever the old job emitted last
    assert old_stopped == [True]
    assert seen == ["old started", "new", None]


def test_a_blocking_call_returns_its_result(worker, qtbot):
    with qtbot.waitSignal(worker.sigFinished, timeout=TIMEOUT, check_params_cb=_is(42)):
        worker.start(blocking_job(lambda job: 6 * 7))


def test_items_and_progress_keep_their_order_and_come_before_the_end(worker, qtbot):
    seen = []

    def mixed(job):
        for i in range(50):
            yield i
            job.progress(i, 50, f"step {i}")
        return "done"

    worker.sigYielded.connect(lambda item: seen.append(("item", item)))
    worker.sigProgress.connect(lambda done, total, text: seen.append(("progress", done)))
    worker.sigFinished.connect(lambda result: seen.append(("end", result)))
    with qtbot.waitSignal(worker.sigFinished, timeout=TIMEOUT):
        worker.start(mixed)
    assert seen == [pair for i in range(50) for pair in (("item", i), ("progress", i))] + \
        [("end", "done")]


def test_a_fast_endless_generator_leaves_the_gui_thread_free(worker, qtbot):
    # items are collected a batch at a time: a generator yielding faster than the listeners
    # take them never keeps the GUI thread in one collection (it would hang here)
    def endless(job):
        yield from itertools.count()

    with qtbot.waitSignal(worker.sigYielded, timeout=TIMEOUT):
        worker.start(endless)
    qtbot.wait(50)
    with qtbot.waitSignal(worker.sigFinished, timeout=TIMEOUT):
        worker.stop()


def test_a_long_batch_lets_other_events_in_and_the_end_comes_last(worker, qtbot):
    import time

    from PySide6.QtCore import QTimer

    order = []

    def many(job):
        yield from range(30)
        return "done"

    def slow_listener(item):
        if item == 0:
            QTimer.singleShot(0, lambda: order.append("other event"))
        order.append(item)
        time.sleep(0.004)               # 30 items take 120 ms: several collections

    worker.sigYielded.connect(slow_listener)
    worker.sigFinished.connect(lambda result: order.append(result))
    with qtbot.waitSignal(worker.sigFinished, timeout=TIMEOUT):
        worker.start(many)
    assert order.index("other event") < order.index(29)
    assert [x for x in order if x != "other event"] == list(range(30)) + ["done"]


def test_pending_counts_items_not_yet_handed_over(worker, qtbot):
    """Items wait in the mailbox until the GUI thread collects them (events processed)."""
    release = threading.Event()

    def three(job):
        yield 1
        yield 2
        yield 3
        release.wait(TIMEOUT / 1000)

    got = []
    worker.sigYielded.connect(got.append)
    assert worker.pending() == 0                        # no job yet
    worker.start(three)
    qtbot.waitUntil(lambda: got == [1, 2, 3] and worker.pending() == 0, timeout=TIMEOUT)
    release.set()
    qtbot.waitUntil(lambda: not worker.running, timeout=TIMEOUT)


def test_wait_for_threads_outlasts_a_blocking_job():
    """A blocking job the worker's shutdown gave up on still ends before the process does."""
    from dlstudio.gui.job_runner import busy_threads, wait_for_threads

    entered, release = threading.Event(), threading.Event()

    def block(job):
        entered.set()
        release.wait(TIMEOUT / 1000)

    w = GeneratorWorker("slow")
    w.start(blocking_job(block))
    assert entered.wait(TIMEOUT / 1000)
    assert not w.shutdown(50)                          # still busy: left running
    assert busy_threads() >= 1
    assert not wait_for_threads(0.05)
    release.set()
    assert wait_for_threads(TIMEOUT / 1000) and busy_threads() == 0
