"""Thread-safe run control: pause, resume, step once, stop and live setting changes.

The GUI thread (or a test) calls the request methods while the training loop, on another
thread, calls ``wait_for_turn()`` between mini-batches. A paused loop sleeps on a
``threading.Condition`` (no busy waiting) until it is resumed, stepped or stopped.
"""
from __future__ import annotations

import math
import threading
from typing import Any, Callable

#: the live settings: what ``update`` accepts during a run (each checked by
#: ``check_live_setting``). ``saturation_margin`` is ``TrainSpec.telemetry``'s (it changes
#: what the probes count, not the training); ``dropout_rate`` is no ``TrainSpec`` field; the
#: others are ``TrainSpec`` fields.
LIVE_SETTINGS = ("learning_rate", "dropout_rate", "clipnorm", "clipvalue", "l1", "l2",
                 "max_norm", "saturation_margin")
#: live settings read from the spec's ``telemetry`` rather than from the spec itself
TELEMETRY_SETTINGS = ("saturation_margin",)
#: largest accepted ``saturation_margin`` (a sigmoid output within 0.5 of 0 or 1 is any output)
MAX_SATURATION_MARGIN = 0.5

_MISSING = object()


def live_value(spec: Any, name: str, default: Any = None) -> Any:
    """The value of live setting ``name`` in a training spec (``default`` if it has none)."""
    holder = getattr(spec, "telemetry", None) if name in TELEMETRY_SETTINGS else spec
    return getattr(holder, name, default)


def live_changes(old_spec: Any, new_spec: Any) -> dict[str, Any]:
    """The live settings whose values differ between two training specs (what a running
    trainer should be told when its spec is edited)."""
    out = {}
    for name in LIVE_SETTINGS:
        new = live_value(new_spec, name, _MISSING)
        if new is not _MISSING and new != live_value(old_spec, name, _MISSING):
            out[name] = new
    return out


def check_live_setting(name: str, value: Any) -> Any:
    """Return ``value`` if acceptable for live setting ``name``; raise ``ValueError``."""
    if name not in LIVE_SETTINGS:
        raise ValueError(f"{name!r} cannot be changed during a run; live settings are "
                         f"{', '.join(LIVE_SETTINGS)}")
    optional = name in ("clipnorm", "clipvalue", "max_norm", "saturation_margin")
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if name == "learning_rate" and value <= 0:
        raise ValueError(f"learning_rate must be positive, got {value!r}")
    if name == "dropout_rate" and not 0.0 <= value < 1.0:
        raise ValueError(f"dropout_rate must be in [0, 1), got {value!r}")
    if name in ("l1", "l2") and value < 0:
        raise ValueError(f"{name} must be zero or positive, got {value!r}")
    if name == "saturation_margin" and not 0.0 < value <= MAX_SATURATION_MARGIN:
        raise ValueError(f"saturation_margin must be above 0 and at most "
                         f"{MAX_SATURATION_MARGIN} (or None for the default), got {value!r}")
    if optional and value <= 0:
        raise ValueError(f"{name} must be positive (or None to turn it off), got {value!r}")
    return value


class RunControl:
    """Requests from other threads, read by the training loop between mini-batches."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._paused = False
        self._stop = False
        self._single_steps = 0
        self._waiting = False
        self._pending: dict[str, Any] = {}
        self._stop_callbacks: list[Callable[[], None]] = []
        self._listener: Callable[[str, dict], None] | None = None

    # -- requests (any thread) -----------------------------------------------------------
    def pause(self) -> None:
        with self._cond:
            self._paused = True
            listener = self._listener
        self._tell(listener, "pause")

    def resume(self) -> None:
        with self._cond:
            self._paused = False
            self._single_steps = 0
            self._cond.notify_all()
            listener = self._listener
        self._tell(listener, "resume")

    def step_once(self) -> None:
        """Train exactly one more mini-batch, then stay paused."""
        with self._cond:
            self._paused = True
            self._single_steps += 1
            self._cond.notify_all()
            listener = self._listener
        self._tell(listener, "step_once")

    def stop(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify_all()
            callbacks, self._stop_callbacks = self._stop_callbacks, []
            listener = self._listener
        for callback in callbacks:
            callback()
        self._tell(listener, "stop")

    def on_stop(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` when a stop is requested (at once if one already was), on the
        requesting thread: work that cannot read this control, such as a hyperparameter
        search's processes, stops with it."""
        with self._cond:
            if not self._stop:
                self._stop_callbacks.append(callback)
                return
        callback()

    def update(self, **settings: Any) -> None:
        """Queue live changes (checked now, applied before the next mini-batch)."""
        checked = {k: check_live_setting(k, v) for k, v in settings.items()}
        with self._cond:
            self._pending.update(checked)
            listener = self._listener
        self._tell(listener, "update", checked)

    def listen(self, listener: Callable[[str, dict], None] | None) -> dict[str, Any]:
        """Call ``listener(request, settings)`` after each later request (``"pause"``,
        ``"resume"``, ``"step_once"``, ``"stop"`` with ``{}``; ``"update"`` with the checked
        settings), on the requesting thread, so that a run trained elsewhere (a child
        process) gets the same requests; None stops telling. Returns the requests' state at
        that moment (``paused``, ``stop``, ``single_steps``, ``updates`` not yet taken): each
        request is either in it or told, never both, never neither."""
        with self._cond:
            self._listener = listener
            return {"paused": self._paused, "stop": self._stop,
                    "single_steps": self._single_steps, "updates": dict(self._pending)}

    def follow(self, state: dict[str, Any]) -> None:
        """Take on the requests' state another control's ``listen`` returned."""
        if state.get("updates"):
            self.update(**state["updates"])
        for _ in range(int(state.get("single_steps", 0))):
            self.step_once()
        if state.get("paused"):
            self.pause()
        if state.get("stop"):
            self.stop()

    def mark_waiting(self, waiting: bool) -> None:
        """The run this control stands for is trained elsewhere (a child process, with a
        control of its own): say whether that run waits in ``wait_for_turn`` now."""
        with self._cond:
            self._waiting = bool(waiting)

    @staticmethod
    def _tell(listener: Callable[[str, dict], None] | None, request: str,
              settings: dict | None = None) -> None:
        if listener is not None:
            listener(request, settings or {})

    # -- state ---------------------------------------------------------------------------
    @property
    def paused(self) -> bool:
        with self._cond:
            return self._paused

    @property
    def waiting(self) -> bool:
        """True while the training loop is blocked in ``wait_for_turn`` (paused, between
        mini-batches): a pause has taken hold and no step is in flight."""
        with self._cond:
            return self._waiting

    @property
    def stop_requested(self) -> bool:
        with self._cond:
            return self._stop

    # -- the training loop's side ----------------------------------------------------------
    def take_updates(self) -> dict[str, Any]:
        with self._cond:
            pending, self._pending = self._pending, {}
        return pending

    def wait_for_turn(self, timeout: float | None = None) -> str:
        """Block while paused. Returns ``"stop"``, ``"single"`` (one step allowed, then paused
        again) or ``"run"``; ``"paused"`` only when ``timeout`` (seconds) ran out."""
        with self._cond:
            while True:
                if self._stop:
                    return "stop"
                if self._single_steps > 0:
                    self._single_steps -= 1
                    return "single"
                if not self._paused:
                    return "run"
                self._waiting = True
                try:
                    woken = self._cond.wait(timeout)
                finally:
                    self._waiting = False
                if not woken:
                    return "paused"


class Controlled:
    """Run-control methods for anything holding a ``RunControl`` as ``self.control`` (the
    trainer and the comparison runner), safe to call from any thread."""

    control: RunControl

    def pause(self) -> None:
        self.control.pause()

    def resume(self) -> None:
        self.control.resume()

    def step_once(self) -> None:
        self.control.step_once()

    def stop(self) -> None:
        self.control.stop()

    def update(self, **settings: Any) -> None:
        self.control.update(**settings)

    @property
    def paused(self) -> bool:
        return self.control.paused
