"""The sentence that reads a computed landscape (``landscape_summary``): the loss at the
centre and the lowest on the grid, on how many examples of which data, whether the surface
is flat, how much of the run's path the PCA plane holds and where a continued run's path
starts."""
from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication

from dlstudio.gui.i18n import sentences, tidy


def landscape_summary(item: Any, data_name: str, other_data: bool,
                      continued_at: int | None) -> str:
    """What ``item`` (a finished ``LandscapeProgress``) shows, in the UI language.
    ``data_name``: the data it was computed on, as the Data panel names it; ``other_data``:
    the Data panel shows other data now; ``continued_at``: the step where the run was
    continued from a saved workspace (None: it was not), whose earlier path is unknown."""
    land = item.result
    finite = land.loss[np.isfinite(land.loss)]
    text = QCoreApplication.translate(
        "LandscapeSummary", "Loss at the centre %1, lowest on the grid %2 (%3 examples of %4)."
    ).replace("%1", f"{land.centre_loss:.3g}").replace(
        "%2", f"{finite.min():.3g}" if finite.size else "-").replace(
        "%3", str(land.meta.get("examples", ""))).replace("%4", data_name)
    if other_data:
        text = sentences(text, QCoreApplication.translate(
            "LandscapeSummary", "These are the data the network trained on; the Data panel "
            "shows other data now."))
    if land.is_flat():
        # highest minus lowest on this grid, also as a share of the centre's loss: a lesson's
        # check measures the mean rise at one distance instead, and says so (walker27 W27-11)
        share = 100 * land.spread / abs(land.centre_loss)
        text = sentences(text, QCoreApplication.translate(
            "LandscapeSummary", "This surface is flat: across the whole grid the loss "
            "changes by only %1 (highest minus lowest, %2% of the loss at the centre), so "
            "the gradient is nearly zero in every direction."
        ).replace("%1", f"{land.spread:.3g}").replace("%2", f"{share:.2g}"))
    if item.trajectory is not None:
        share = float(item.trajectory.explained.sum())
        text = sentences(text, QCoreApplication.translate(
            "LandscapeSummary", "The plane holds %1% of the path's movement.").replace(
            "%1", f"{100 * share:.0f}"))
        if continued_at is not None and item.trajectory.steps.size \
                and item.trajectory.steps[0] >= continued_at:       # W9-5
            text = sentences(text, QCoreApplication.translate(
                "LandscapeSummary",
                "The path starts at step %1, where the run was continued: its earlier "
                "steps came from a saved workspace, which keeps no weights along the way."
            ).replace("%1", f"{int(item.trajectory.steps[0]):,}"))

    # a Chinese data name fills "%4 中的" without the space a Latin one keeps (W22-2)
    return tidy(text)
