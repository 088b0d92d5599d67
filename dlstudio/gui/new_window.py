"""File > New window: a second dlstudio process, started as the command line starts one.

Two windows are two processes: the one started first owns the session the next start
restores, a later one finds its lock taken, starts fresh, autosaves to a file of its own and
asks about unsaved work when it closes (``gui/session_recovery.py``). So a new window is
``dlstudio`` started again with no options, without this window's start-up choices from the
environment (``DLSTUDIO_AUTOSTART`` would start a run in it, ``DLSTUDIO_LESSON`` open a
lesson...); the data folders and the language or theme set there are kept.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping

#: variables that choose what one start does (``gui/app.py``); a new window starts plainly
START_CHOICES = ("DLSTUDIO_PRESET", "DLSTUDIO_DATASET", "DLSTUDIO_AUTOSTART", "DLSTUDIO_PANEL",
                 "DLSTUDIO_LESSON", "DLSTUDIO_FRESH", "DLSTUDIO_STARTUP_TRACE")


def command() -> list[str]:
    """The program and arguments that start dlstudio in a new process."""
    if getattr(sys, "frozen", False):          # a bundled application is its own program
        return [sys.executable]
    return [sys.executable, "-m", "dlstudio"]


def environment(env: Mapping[str, str]) -> dict[str, str]:
    """``env`` without this start's choices (``START_CHOICES``)."""
    return {key: value for key, value in env.items() if key not in START_CHOICES}


def start_new_window() -> bool:
    """Start a new dlstudio window (a process of its own, not ended with this one); False
    when it could not be started."""
    from PySide6.QtCore import QProcess, QProcessEnvironment

    program, *arguments = command()
    process = QProcess()
    process.setProgram(program)
    process.setArguments(arguments)
    env = QProcessEnvironment()
    for key, value in environment(os.environ).items():
        env.insert(key, value)
    process.setProcessEnvironment(env)
    started, _pid = process.startDetached()
    return bool(started)
