"""Regression: thousands of signal emits from Python must not crash the interpreter.

PySide6 6.12.0 on CPython 3.11 aborts with "Fatal Python error: bool_dealloc" after a few
hundred emits that carry Python bools (a reference-count bug in the signal marshalling);
pyproject pins PySide6-Essentials below 6.12 for that reason. This test fails (by crashing)
if a broken version slips in.
"""
from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QObject, Signal


class _Emitter(QObject):
    sigBool = Signal(bool)
    sigMixed = Signal(int, bool, str, object)
    sigObject = Signal(object)


class _Receiver(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0
        self.true = 0

    def on_bool(self, value: bool) -> None:
        self.count += 1
        self.true += bool(value)

    def on_mixed(self, i: int, b: bool, s: str, o: object) -> None:
        self.count += 1

    def on_object(self, o: object) -> None:
        self.count += 1


def test_many_direct_emits_with_bools(qapp):
    e, r = _Emitter(), _Receiver()
    e.sigBool.connect(r.on_bool)
    e.sigMixed.connect(r.on_mixed)
    e.sigObject.connect(r.on_object)
    n = 3000
    for i in range(n):
        e.sigBool.emit(i % 2 == 0)
        e.sigMixed.emit(i, i % 3 == 0, "x", {"step": i, "flag": True})
        e.sigObject.emit(None if i % 5 else False)
    assert r.count == 3 * n
    assert r.true == n // 2


def test_many_queued_emits_from_a_thread(qapp):
    """Cross-thread (queued) emits, as the training worker does, delivered in order."""
    e, r = _Emitter(), _Receiver()
    e.sigMixed.connect(r.on_mixed)
    e.sigBool.connect(r.on_bool)
    n = 2000

    def work():
        for i in range(n):
            e.sigMixed.emit(i, True, "snapshot", (i, False))
            e.sigBool.emit(True)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    for _ in range(50):
        QCoreApplication.processEvents()
        if r.count >= 2 * n:
            break
    assert r.count == 2 * n
    assert r.true == n
