"""The best trial of a hyperparameter search: what to say about it, and applying it.

The trial offered as the best is ``training.search.best_result``'s: a run whose first step
the pre-flight check calls too large is offered only when no other run scored. The search
judges a run only by its validation accuracy after a few epochs, so ``caveat`` says when the
pre-flight check disagrees. ``apply_trial`` writes a
trial's settings into the studio's training (and network) spec; ``settings_text`` names
them; ``apply_best`` does both and says what it did. The texts are the search panel's (translation context ``SearchPanel``).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

from dlstudio.gui.i18n import render, sentences
from dlstudio.gui.search.results_view import accuracy_text, dimension_name, percent_of_size
from dlstudio.messages import counted
from dlstudio.training.search import first_step_too_large
from dlstudio.training.search_space import apply_params


def caveat(results: list[dict], best: dict | None) -> str:
    """A sentence to say next to ``best`` (a trial of ``results``) when the pre-flight check
    disagrees: it calls the best run's first step too large, or a higher-scoring run was
    passed over for that reason ("" otherwise)."""
    if best is None:
        return ""
    if first_step_too_large(best):
        return QCoreApplication.translate(
            "SearchPanel", "But the pre-flight check calls its first step exploding: one step "
            "would change a layer's weights by %1 of their size (about 0.1% is typical). The "
            "search judged it only by validation accuracy after %2; a smaller learning rate "
            "is safer.").replace(
            "%1", percent_of_size(best.get("first_update"))).replace(
            "%2", render(counted("search.epochs", int(best.get("epochs") or 0))))
    higher = [r for r in results if r.get("score") is not None
              and r["score"] > best["score"] and first_step_too_large(r)]
    if not higher:
        return ""
    top = max(higher, key=lambda r: r["score"])
    return QCoreApplication.translate(
        "SearchPanel", "Trial %1 scored higher (%2), but the pre-flight check calls its first "
        "step exploding (one step would change a layer's weights by %3 of their size), so it "
        "is not offered as the best.").replace(
        "%1", str(top["trial"])).replace("%2", accuracy_text(top["score"])).replace(
        "%3", percent_of_size(top.get("first_update")))


def settings_text(params: dict[str, Any]) -> str:
    """A trial's settings as "learning rate = 0.01, batch size = 64" (in the UI language)."""
    return ", ".join(f"{dimension_name(k)} = {v:.3g}" if isinstance(v, float)
                     else f"{dimension_name(k)} = {v}" for k, v in params.items())


def apply_trial(studio: Any, trial: dict) -> bool:
    """Write ``trial``'s settings into ``studio``'s training spec (and its network spec,
    when they change it); whether the network changed. ``ValueError`` when a setting does
    not apply to the studio's specs."""
    net, train = apply_params(studio.network_spec, studio.train_spec, trial["params"])
    studio.set_train_spec(train)
    changed = net != studio.network_spec
    if changed:
        studio.set_network_spec(net)
    return changed


def apply_best(studio: Any, best: dict, results: list[dict]) -> tuple[Callable[[], str], str]:
    """Apply ``best`` (a trial of ``results``) to ``studio`` (``apply_trial``) and say so:
    ``(sentence, message)``, the search panel's sentence (a function making it in the UI
    language) and the window's status-line message, which says where the settings show (the
    panel's sentence may sit below the fold of its settings: W13-18). ``ValueError`` as
    ``apply_trial``."""
    network_changed = apply_trial(studio, best)
    values = settings_text(best["params"])

    def sentence() -> str:
        applied = QCoreApplication.translate("SearchPanel", "Applied trial %d (%s).") \
            % (best["trial"], values)
        return sentences(applied, caveat(results, best))

    where = (QCoreApplication.translate("SearchPanel", "the Training and Network panels show "
                                        "them") if network_changed
             else QCoreApplication.translate("SearchPanel", "the Training panel shows them"))
    message = QCoreApplication.translate(
        "SearchPanel", "Search trial %1 applied: %2 (%3). Press Start (F5) to train with "
        "them.").replace("%1", str(best["trial"])).replace("%2", values).replace("%3", where)
    return sentence, message
