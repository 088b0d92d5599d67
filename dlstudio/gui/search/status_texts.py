"""The search panel's own sentences, in the UI language: for its status line (nothing
searched yet, cancelling, zoomed in, nothing to apply, a failed search) and for the window
(a running search named in the Quit question, and why the studio's run waits for it).

A round's sentences while it runs and when it ends are ``round_progress``'s; why a round
cannot start is ``start_check``'s. The texts are the search panel's (translation context
``SearchPanel``).
"""
from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from dlstudio.gui.search.results_view import dimension_name
from dlstudio.training.search_space import Dimension


def first_sentence() -> str:
    """The status sentence of a panel with nothing searched yet."""
    return QCoreApplication.translate("SearchPanel", "Choose what to search, then run.")


def running_text(done: int) -> str:
    """A search runs and has ``done`` runs so far (for the Quit question)."""
    if done == 1:
        return QCoreApplication.translate(
            "SearchPanel", "A hyperparameter search is running (1 run done so far).")
    return QCoreApplication.translate(
        "SearchPanel", "A hyperparameter search is running (%1 runs done so far)."
    ).replace("%1", str(done))


def in_the_way_text(done: int) -> str:
    """Why the studio's run does not start while a search with ``done`` runs so far runs
    (the first line, which the window's status line shows), and how to get it out of the
    way (the next line)."""
    return running_text(done) + "\n" + QCoreApplication.translate(
        "SearchPanel",
        "A training run beside it would share the processor and both would crawl: "
        "cancel the search on the Search page (Cancel) or wait until it ends, then "
        "press Start again.")


def cancelling_text() -> str:
    return QCoreApplication.translate(
        "SearchPanel", "Cancelling: the running trials stop at their next step…")


def zoomed_text(finer: Iterable[Dimension]) -> str:
    """The ranges a zoom narrowed to, and what to do next."""
    return QCoreApplication.translate(
        "SearchPanel", "Zoomed in: %s. Run the search again to sample the new ranges.") \
        % ", ".join(f"{dimension_name(d.name)} {d.low:.3g}–{d.high:.3g}" for d in finer)


def nothing_to_apply_text() -> str:
    return QCoreApplication.translate("SearchPanel", "No successful run yet.")


def failed_text(first: str) -> str:
    """The search failed; ``first``: the first line of its error."""
    return QCoreApplication.translate("SearchPanel", "The search failed: %s") % first
