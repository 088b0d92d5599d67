"""The system asks the window to end (SIGTERM: a logout, ``kill``, a shutdown; SIGHUP: the
terminal closed): it closes as File > Quit does, on the GUI thread.

Python runs a signal's handler only between bytecodes of the main thread, and Qt's event
loop waits in C: the handler alone would run at the next mouse move, if ever. The signal's
number is written to one end of a socket pair (``signal.set_wakeup_fd``), whose other end a
``QSocketNotifier`` watches: the event loop wakes, and ``on_end`` is called from it.
"""
from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

#: the signals that end the window as Quit does (SIGHUP does not exist on Windows)
END_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                    if hasattr(signal, name))


class EndSignalWatcher(QObject):
    """Calls ``on_end`` on the GUI thread when one of ``END_SIGNALS`` arrives.

    Install it once, from the main thread, before the event loop runs; ``uninstall`` gives
    the signals back their previous handlers.
    """

    def __init__(self, on_end: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent)
        self._on_end = on_end
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._old_fd = signal.set_wakeup_fd(self._writer.fileno())
        # a Python-level handler is needed for the wake-up byte to be written; the work is
        # done by the notifier's slot, on the GUI thread
        self._old = {sig: signal.signal(sig, lambda _sig, _frame: None) for sig in END_SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notifier_activated)

    def _on_notifier_activated(self, *_args) -> None:
        try:
            received = self._reader.recv(64)
        except OSError:
            return
        if any(number in END_SIGNALS for number in received):
            self._on_end()

    def uninstall(self) -> None:
        self._notifier.setEnabled(False)
        for sig, old in self._old.items():
            signal.signal(sig, old)
        signal.set_wakeup_fd(self._old_fd)
        self._reader.close()
        self._writer.close()
