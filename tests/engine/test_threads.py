"""Thread-count choice: automatic from the idle cores, overridable, applied per thread."""
from __future__ import annotations

import threading

import numba

from dlstudio.engine import threads


def test_auto_threads_is_between_one_and_the_cores(monkeypatch):
    cores = threads.available_cores()
    monkeypatch.setattr(threads.os, "getloadavg", lambda: (100.0, 0, 0))
    assert threads.auto_threads() == 1
    monkeypatch.setattr(threads.os, "getloadavg", lambda: (0.0, 0, 0))
    assert threads.auto_threads() == cores


def test_set_threads_applies_to_numba_in_each_thread():
    before = threads.chosen_threads()
    try:
        threads.set_threads(1)
        assert numba.get_num_threads() == 1
        seen = []
        t = threading.Thread(target=lambda: (threads.ensure(), seen.append(numba.get_num_threads())))
        t.start()
        t.join()
        assert seen == [1]
    finally:
        threads.set_threads(before)


def test_a_lagging_load_average_does_not_cost_a_thread(monkeypatch):
    monkeypatch.setattr(threads, "available_cores", lambda: 2)
    monkeypatch.setattr(threads.os, "getloadavg", lambda: (0.7, 0, 0))
    assert threads.auto_threads() == 2
    monkeypatch.setattr(threads.os, "getloadavg", lambda: (1.1, 0, 0))
    assert threads.auto_threads() == 1
