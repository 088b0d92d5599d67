"""Where the files that live beside the package are found: ``lessons/`` and ``resources/``.

In a source checkout (and the editable install ``setup.sh`` makes) they sit at the top of the
repository. An installed wheel carries them as data files under ``<prefix>/share/dlstudio``.
"""
from __future__ import annotations

import sys
from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]


def shared_dir(name: str) -> Path:
    """The folder ``name`` ("lessons" or "resources"): the checkout's, else the installed copy."""
    local = _REPO / name
    if local.is_dir():
        return local
    return Path(sys.prefix) / "share" / "dlstudio" / name
