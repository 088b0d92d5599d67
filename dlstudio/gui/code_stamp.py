"""Whether dlstudio's files on disk are still the ones this window started with.

A child process training a run (Run > Train in a separate process) imports dlstudio from
disk; the window runs the code it started with. After an update while a window is open
(pip install -U, or a new checkout) the two disagree, and the child failed with a raw
"TypeError: training_job() got an unexpected keyword argument ..." (walker20 W20-13). The
stamp is the size and modification time of the files that make up the parent-child
protocol (an update rewrites them; a few ``stat`` calls cost nothing at start-up);
``STARTED`` is taken when the window's code is imported.
"""
from __future__ import annotations

from pathlib import Path

_GUI = Path(__file__).resolve().parent
#: the files both sides of a separate-process run must agree on
FILES = (_GUI / "training_process.py", _GUI / "training_run.py", _GUI / "message_pipe.py",
         _GUI.parent / "__init__.py")


def stamp() -> tuple:
    """``(name, size, mtime_ns)`` of each of ``FILES`` as they are on disk now."""
    out = []
    for path in FILES:
        try:
            st = path.stat()
            out.append((path.name, st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((path.name, -1, -1))
    return tuple(out)


#: the stamp of the code this process started with
STARTED = stamp()
