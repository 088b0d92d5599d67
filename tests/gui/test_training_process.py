"""Training in a child process (Run > Train in a separate process): the same run as on the
worker's thread, the same controls, the same failures (``gui/training_process.py``)."""
from __future__ import annotations

import pickle

import numpy as np
import pytest

from dlstudio.gui import training_child, training_process
from dlstudio.gui.training_run import (MomentKept, RunPlan, VariantPlan, WeightsCopy,
                                       training_job)
from dlstudio.training.control import RunControl


class FakeJob:
    """What the worker hands a job: its control and a progress report."""

    id = 1

    def __init__(self) -> None:
        self.control = RunControl()
        self.reports: list[tuple] = []

    def progress(self, done: int, total: int = 0, message: str = "") -> None:
        self.reports.append((done, total, message))


def drain(job_function, plan, job):
    """Every item the job yields and its return value."""
    run = job_function(plan, job)
    items = []
    while True:
        try:
            items.append(next(run))
        except StopIteration as end:
            return items, end.value


@pytest.fixture
def toy_plan(small_studio):
    from dlstudio.data import load

    dataset = load(small_studio.data_spec)
    return RunPlan(data_spec=small_studio.data_spec,
                   variants=[VariantPlan("A", small_studio.network_spec,
                                         small_studio.train_spec)], dataset=dataset)


def test_the_plan_pickles_without_the_datasets_loader_functions(toy_plan):
    assert toy_plan.dataset.info.loader is not None
    with pytest.raises(Exception):                  # a local function: it cannot go over
        pickle.dumps(toy_plan)
    plan = pickle.loads(pickle.dumps(training_process.portable_plan(toy_plan)))
    assert plan.dataset.info.loader is None
    assert plan.dataset.info.name == toy_plan.dataset.info.name
    np.testing.assert_array_equal(plan.dataset.x_train, toy_plan.dataset.x_train)


def test_a_run_in_a_child_process_yields_what_the_thread_yields(toy_plan):
    here, here_end = drain(training_job, toy_plan, FakeJob())
    there, there_end = drain(training_process.process_training_job, toy_plan, FakeJob())
    assert here_end == there_end == "finished"
    assert [type(i).__name__ for i in here if type(i).__name__ != "WeightsCopy"] == \
        [type(i).__name__ for i in there if type(i).__name__ != "WeightsCopy"]
    steps = [(s.step, s.event) for s in here if hasattr(s, "event")]
    assert steps and [(s.step, s.event) for s in there if hasattr(s, "event")] == steps
    mine = [i for i in here if isinstance(i, WeightsCopy)][-1].weights["A"]
    theirs = [i for i in there if isinstance(i, WeightsCopy)][-1].weights["A"]
    for a, b in zip(mine, theirs):               # the same steps on the same data: the same
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)   # weights (float32 rounding)
    # each moment holds the weights of its own step (the child pickles them before the next
    # step changes them), not the run's last ones
    moments = [(m.moment, n.moment) for m, n in zip(
        [i for i in here if isinstance(i, MomentKept)],
        [i for i in there if isinstance(i, MomentKept)])]
    assert len(moments) > 2 and moments[0][0].step < moments[-1][0].step
    for m, n in moments:
        assert m.step == n.step
        for a, b in zip(m.weights, n.weights):
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    assert not np.allclose(moments[0][1].weights[0], moments[-1][1].weights[0])
    # what the child leaves out of a moment (``run_item_wire``) is back: its snapshot is the
    # snapshot item received just before it, its history and spec are the thread's
    for i, item in enumerate(there):
        if isinstance(item, MomentKept):
            assert item.moment.telemetry is there[i - 1]
    assert any(n.trainer_state["history"] for _, n in moments)
    for m, n in moments:
        assert n.trainer_state["spec"] == m.trainer_state["spec"]
        assert [sorted(e) for e in n.trainer_state["history"]] == \
            [sorted(e) for e in m.trainer_state["history"]]
        assert [e.get("epoch") for e in n.trainer_state["history"]] == \
            [e.get("epoch") for e in m.trainer_state["history"]]


def test_pause_step_and_stop_reach_the_run_in_the_child(toy_plan):
    job = FakeJob()
    job.control.pause()                             # as Start paused does
    run = training_process.process_training_job(toy_plan, job)
    first = next(run)
    while getattr(first, "step", None) is None:     # the pre-flight result comes first
        first = next(run)
    assert first.step == 0
    job.control.step_once()
    job.control.step_once()
    seen = []
    while len([s for s in seen if getattr(s, "event", None) == "step"]) < 2:
        seen.append(next(run))
    job.control.stop()
    items, end = [], None
    try:
        while True:
            items.append(next(run))
    except StopIteration as stop:
        end = stop.value
    assert end == "stopped"
    snaps = [s for s in seen + items if hasattr(s, "step")]
    assert max(s.step for s in snaps) == 2           # two steps, then it held until stopped


def test_a_failure_in_the_child_is_raised_as_the_same_error(toy_plan, small_studio):
    from dlstudio.engine.spec import NetworkSpec

    wrong = NetworkSpec.from_dict({**small_studio.network_spec.to_dict(),
                                   "input_shape": [5]})           # the data has 2 features
    plan = RunPlan(data_spec=toy_plan.data_spec, dataset=toy_plan.dataset,
                   variants=[VariantPlan("A", wrong, small_studio.train_spec)])
    with pytest.raises(Exception) as here:
        drain(training_job, plan, FakeJob())
    with pytest.raises(Exception) as there:
        drain(training_process.process_training_job, plan, FakeJob())
    assert type(there.value) is type(here.value)
    assert str(there.value) == str(here.value)


def test_the_run_menu_switches_the_studio_to_training_in_a_child(window, qtbot):
    studio = window.studio
    action = window.acts["train_in_process"]
    assert action.isCheckable() and not action.isChecked() and not studio.train_in_process
    action.trigger()
    assert studio.train_in_process and action.isChecked()
    child = training_process.idle_child()
    assert child is not None and child.alive()        # started ahead of the first run
    with qtbot.waitSignal(studio.runner.sigFinished, timeout=120000):
        studio.start()
    assert studio.state == "finished" and studio.store.latest("A").event == "finished"
    assert training_process.idle_child() is child       # it trained the run, and waits
    action.trigger()
    assert not studio.train_in_process


def test_back_to_back_runs_use_one_child_and_a_run_cut_short_lets_its_child_go(toy_plan):
    drain(training_process.process_training_job, toy_plan, FakeJob())
    first = training_process.idle_child()
    assert first is not None and first.alive()      # it waits for the next run
    drain(training_process.process_training_job, toy_plan, FakeJob())
    assert training_process.idle_child() is first          # the same process trained it
    job = FakeJob()
    run = training_process.process_training_job(toy_plan, job)
    while getattr(next(run), "step", None) is None:
        pass
    run.close()                                      # a new Start cancels this one
    first.process.join(timeout=60)
    assert not first.alive() and training_process.idle_child() is None


def test_the_dataset_goes_to_a_child_once_and_a_new_one_goes_again(toy_plan, monkeypatch):
    sent = []
    real = training_process.portable_plan
    monkeypatch.setattr(training_process, "portable_plan",
                        lambda plan: sent.append(plan.dataset) or real(plan))
    drain(training_process.process_training_job, toy_plan, FakeJob())
    again, end = drain(training_process.process_training_job, toy_plan, FakeJob())
    assert end == "finished" and sent == [toy_plan.dataset]     # the child had it already
    assert [s.step for s in again if hasattr(s, "event")][-1] > 0
    import dataclasses

    other = dataclasses.replace(toy_plan, dataset=dataclasses.replace(toy_plan.dataset))
    drain(training_process.process_training_job, other, FakeJob())
    assert len(sent) == 2 and sent[1] is other.dataset


def test_the_jobs_control_says_when_the_run_in_the_child_waits(toy_plan, qtbot):
    """As on the worker's thread: paused, the job's control says the run waits for its turn
    once the pause has taken hold, and stops saying so when the run goes on."""
    import threading

    job = FakeJob()
    job.control.pause()
    out: dict = {"items": []}
    def consume():
        out["items"], out["end"] = drain(training_process.process_training_job, toy_plan, job)
    worker = threading.Thread(target=consume)
    worker.start()
    qtbot.waitUntil(lambda: job.control.waiting, timeout=60000)   # held before step 1
    job.control.step_once()
    qtbot.waitUntil(lambda: job.control.waiting, timeout=60000)   # and again after it
    job.control.resume()
    qtbot.waitUntil(lambda: not worker.is_alive(), timeout=120000)
    assert out["end"] == "finished" and not job.control.waiting


def test_a_child_that_died_after_saying_it_was_ready_fails_the_run_with_our_error(
        toy_plan, monkeypatch):
    """Killed between its 'ready' and the run's hand-over (the out-of-memory killer): the run
    ends with the training process's own message, not a raw 'Broken pipe'."""
    drain(training_process.process_training_job, toy_plan, FakeJob())
    child = training_process.idle_child()
    for _ in range(60):                          # it says it is ready for the next run
        if child.ready:
            break
        child.receive(1.0)
    assert child.ready
    child.process.kill()
    child.process.join(timeout=60)
    monkeypatch.setattr(type(child), "alive", lambda self: True)    # not noticed in time
    with pytest.raises(training_process.TrainingProcessEnded, match="ended unexpectedly"):
        drain(training_process.process_training_job, toy_plan, FakeJob())


def test_the_spare_child_says_when_its_kernels_are_loaded():
    training_process.start_spare()
    assert training_process.wait_for_spare_kernels(120)
    assert training_process.idle_child().kernels_loaded.is_set()


def test_the_windows_warm_up_waits_for_the_childs_kernels(small_studio, qtbot, monkeypatch):
    """In process mode the window loads what its child compiled instead of compiling every
    kernel at the same time as the child (a cold cache: two compilations on two cores)."""
    waited = []
    monkeypatch.setattr(training_process, "wait_for_spare_kernels",
                        lambda timeout: waited.append(timeout) or True)
    small_studio.train_in_process = True
    with qtbot.waitSignal(small_studio.warmer.sigFinished, timeout=120000):
        small_studio.warm_up_engine()
    assert waited and waited[0] > 0
    small_studio.train_in_process = False
    with qtbot.waitSignal(small_studio.warmer.sigFinished, timeout=120000):
        small_studio.warm_up_engine()
    assert len(waited) == 1


def test_a_run_waiting_for_its_child_to_start_says_it_prepares(toy_plan):
    """A child just started (the window opened a moment ago) is still loading the engine:
    the run says so at once, not only once the child builds the network."""
    from dlstudio.gui.training_run import preparing_text

    spare = training_process.idle_child()
    if spare is not None:
        spare.close()
        spare.process.join(timeout=60)
    training_process.start_spare()
    job = FakeJob()
    drain(training_process.process_training_job, toy_plan, job)
    texts = [message for _, _, message in job.reports]
    building = texts.index("Building the network...")
    assert {preparing_text(True), preparing_text(False)} & set(texts[:building])


def test_a_child_whose_files_changed_since_the_window_started_says_so(toy_plan, monkeypatch):
    """walker20 W20-13: a window left open while dlstudio was updated failed its next
    separate-process run with a raw "TypeError: training_job() got an unexpected keyword
    argument 'pickled_at_once'" (the child imports the new files)."""
    from dlstudio.gui import code_stamp

    training_process.take_child().close()        # no child started with today's files
    monkeypatch.setattr(code_stamp, "STARTED", (("training_run.py", 1, 1),))  # older files
    try:
        with pytest.raises(training_child.FilesUpdated, match="was updated while"):
            drain(training_process.process_training_job, toy_plan, FakeJob())
    finally:
        training_process.take_child().close()    # the child kept holds the old stamp


def test_waiting_for_the_kernels_of_a_child_that_dies_meanwhile_ends_then():
    """The window's warm-up (and so its closing) is not held for minutes by a child that
    dies before it has loaded its kernels."""
    import threading
    import time

    training_process.start_spare()
    child = training_process.idle_child()
    child.kernels_loaded = threading.Event()          # one it will never set
    threading.Timer(0.5, child.process.kill).start()
    started = time.monotonic()
    assert not training_process.wait_for_spare_kernels(300)
    assert time.monotonic() - started < 150           # not the whole 300 s
    child.process.join(timeout=60)


def test_a_window_trains_in_a_child_until_the_user_turns_it_off(tmp_path, monkeypatch):
    """The default (issue 13: the window's plots then take no GIL from the training), the
    user's choice kept in the settings, and the environment variable over both."""
    from PySide6.QtCore import QSettings

    from dlstudio.gui.app import training_in_process

    monkeypatch.delenv("DLSTUDIO_TRAIN_PROCESS", raising=False)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert training_in_process(settings)                  # nothing chosen yet
    settings.setValue("train_in_process", False)
    assert not training_in_process(settings)              # the user turned it off
    monkeypatch.setenv("DLSTUDIO_TRAIN_PROCESS", "1")
    assert training_in_process(settings)
    monkeypatch.setenv("DLSTUDIO_TRAIN_PROCESS", "0")
    settings.setValue("train_in_process", True)
    assert not training_in_process(settings)
    monkeypatch.delenv("DLSTUDIO_TRAIN_PROCESS")
    assert not training_in_process(None)                  # a studio without settings (tests)


class _ChildThatDies:
    """A child that dies while it starts (before it could take the run)."""

    ready = False

    def __init__(self) -> None:
        import threading

        self.kernels_loaded = threading.Event()
        self.closed = False

    def receive(self, timeout: float):
        raise training_process.TrainingProcessEnded("ended unexpectedly (exit code -9)")

    def alive(self) -> bool:
        return False

    def close(self) -> None:
        self.closed = True


def _no_process(*_args):
    raise OSError("Resource temporarily unavailable")


def test_a_child_whose_files_changed_writes_one_message_per_frame(toy_plan):
    """A window of an earlier version reads one message per frame: a child started with
    other files than the window's never gathers messages into one frame, so that window
    reads its 'ready' and the 'files updated' failure (instead of waiting forever for
    arrays that a gathered frame's head seemed to announce)."""
    import multiprocessing
    import threading

    from dlstudio.gui import message_pipe

    items, child_items = multiprocessing.Pipe(duplex=False)
    child_commands, commands = multiprocessing.Pipe(duplex=False)
    child = threading.Thread(target=training_child.child_main,
                             args=(child_commands, child_items, None,
                                   (("training_run.py", 1, 1),)), daemon=True)
    child.start()
    assert items.poll(60) and message_pipe.receive(items) == ("ready",)
    message_pipe.send(commands, ("run", training_process.portable_plan(toy_plan), "en",
                                 RunControl().listen(None)))
    assert items.poll(60)
    kind, error = message_pipe.receive(items)
    assert kind == "failed" and isinstance(error, training_child.FilesUpdated)
    commands.close()
    child.join(60)
    assert not child.is_alive()


@pytest.mark.parametrize("problem", ["cannot start", "dies while starting"])
def test_a_run_without_a_child_trains_on_the_workers_thread(toy_plan, monkeypatch, problem):
    """Training in a child is the default: where none can start (process limits, a
    sandbox) or it dies before taking the run, the run still trains, and says where."""
    dying = _ChildThatDies()
    monkeypatch.setattr(training_process, "take_child",
                        _no_process if problem == "cannot start" else lambda: dying)
    job = FakeJob()
    items, end = drain(training_process.process_training_job, toy_plan, job)
    reference, _ = drain(training_job, toy_plan, FakeJob())
    assert end == "finished"
    assert [type(i).__name__ for i in items] == [type(i).__name__ for i in reference]
    assert any("trains in the window's process" in m for _, _, m in job.reports)
    assert problem == "cannot start" or dying.closed


def test_a_child_takes_a_run_before_its_warm_up_is_over(toy_plan, monkeypatch):
    """With a cold Numba cache the whole warm-up takes minutes: the child says it is ready
    at once, a run sent meanwhile trains (compiling only what it needs) while the warm-up
    waits, and the warm-up goes on after it (as on the window's own thread)."""
    import multiprocessing
    import threading

    from dlstudio.engine import warmup as warmup_module
    from dlstudio.gui import message_pipe

    release, during_run = threading.Event(), []

    def slow_warmup(dtypes=None, between=None):
        release.wait(120)                      # a long compilation of the first stage
        during_run.append(between())           # the next stage waits for the run's end
        return True

    monkeypatch.setattr(warmup_module, "warmup", slow_warmup)
    items, child_items = multiprocessing.Pipe(duplex=False)
    child_commands, commands = multiprocessing.Pipe(duplex=False)
    loaded = threading.Event()
    child = threading.Thread(target=training_child.child_main,
                             args=(child_commands, child_items, loaded), daemon=True)
    child.start()
    received: list = []

    def next_message():
        while not received:
            assert items.poll(120)
            received.extend(message_pipe.receive_many(items))
        return received.pop(0)

    assert next_message() == ("ready",)
    assert not loaded.is_set()
    message_pipe.send(commands, ("run", training_process.portable_plan(toy_plan), "en",
                                 RunControl().listen(None)))
    kinds = []
    while not kinds or kinds[-1] not in ("end", "failed"):
        kinds.append(next_message()[0])
    assert kinds[-1] == "end" and "item" in kinds and not loaded.is_set()
    release.set()
    assert loaded.wait(60) and during_run == [True]
    commands.close()
    child.join(60)
    assert not child.is_alive()
