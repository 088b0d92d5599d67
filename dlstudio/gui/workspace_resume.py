"""The run position a workspace keeps, so that a stopped or interrupted run can be continued.

While the base run may still be continued (``Studio.run_checkpoint``: it trains, was stopped,
or was interrupted when dlstudio closed), a workspace keeps the run's newest moment: a JSON
part under ``"resume"`` in ``workspace.json``, ``{"data": <the data spec it trains on>,
"position": <training.timeline.moment_to_document>}``, and the arrays in ``resume.npz``.
Files without it (older ones, finished runs) open as before: Start trains again.

The size is bounded: a moment above ``LIMIT_BYTES`` is kept without its optimizer's state
(the run then continues from the weights with a fresh optimizer, and says so); when the
weights alone pass the limit, nothing is kept. The arrays are stored uncompressed
(``COMPRESS``: they hardly compress, and the autosave writes them on the GUI thread).
"""
from __future__ import annotations

import io
import zipfile
from typing import Any

import numpy as np

from dlstudio.gui import specs
from dlstudio.training.timeline import Moment, moment_from_document, moment_to_document

#: the key of the JSON part and the archive member of the arrays
KEY = "resume"
MEMBER = "resume.npz"
#: the most bytes of arrays a workspace keeps for continuing a run
LIMIT_BYTES = 64 * 2**20
#: how the archive member is written
COMPRESS = zipfile.ZIP_STORED

#: the newest moment written and its parts: the autosave writes the same moment again and
#: again while nothing trains (a stopped run), so it is converted once
_last: tuple[tuple, dict, bytes] | None = None


def resume_parts(kept: tuple[Moment, Any] | None) -> tuple[dict, bytes] | None:
    """``(JSON part, .npz bytes)`` to keep ``kept`` = ``(moment, data spec)`` in a
    workspace; None when there is nothing to keep or it is too large."""
    global _last
    if kept is None:
        return None
    moment, data_spec = kept
    if moment.nbytes - moment.optimizer_nbytes > LIMIT_BYTES:
        return None
    key = (moment, data_spec, moment.nbytes <= LIMIT_BYTES)
    if _last is not None and _last[0][0] is moment and _last[0][1:] == key[1:]:
        return _last[1], _last[2]
    position, arrays = moment_to_document(moment, keep_optimizer=key[2])
    buf = io.BytesIO()
    # stored, not compressed: weights and optimizer state hardly compress (measured on the
    # MNIST MLP's 3.7 MB: 16% smaller for 360 ms on the GUI thread at every autosave, 19 ms
    # stored)
    np.savez(buf, **arrays)
    part = {"data": data_spec.to_dict(), "position": position}
    _last = (key, part, buf.getvalue())
    return part, _last[2]


def read_resume(part: Any, arrays: dict[str, np.ndarray]) -> tuple[Moment, Any]:
    """``(moment, data spec)`` from what ``resume_parts`` wrote; ``ValueError`` (or another
    exception of a damaged spec) when it cannot be used."""
    if not isinstance(part, dict) or not isinstance(part.get("data"), dict):
        raise ValueError("the saved run position has no data settings")
    return moment_from_document(part.get("position"), arrays), specs.coerce_data(part["data"])
