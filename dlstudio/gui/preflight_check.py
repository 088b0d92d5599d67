"""The pre-flight check in the window: run it, and say its verdict on the layers.

The check itself is ``dlstudio.training.preflight`` (Qt-free). Here:

* :func:`preflight_result` runs it for one network spec on a loaded dataset (used by the
  training job before the first step, and by :func:`check_job` for the "Check before
  training" action, both on a worker thread);
* :class:`PreflightResult` is what travels to the GUI thread: the variant and the report, or
  the reason the check could not run;
* :func:`layer_badge` turns one layer's figures into the short text and colour the layer
  stack shows;
* :func:`status_note` is the sentence the status line adds while the result is current.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from dlstudio.messages.numbers import readable_ratio
# (not training.preflight: it loads the engine's kernels, and this module is imported before
# the window's first paint)
from dlstudio.training.diagnosis import dead_share_is_problem, update_is_too_large

#: stack colours per verdict word (the worst word of a layer decides)
VERDICT_COLORS = {"healthy": "#3aa655", "saturated": "#c9a227", "dead units": "#f28e2b",
                  "vanishing": "#3b82d6", "exploding": "#e15759"}


@dataclass(frozen=True)
class PreflightResult:
    """A pre-flight report for ``variant`` ("A", ...) of the network ``network_spec``,
    checked with ``train_spec`` on the data of ``data_spec`` (None when not known)."""

    variant: str
    network_spec: Any
    report: Any = None
    error: str = ""
    train_spec: Any = None
    data_spec: Any = None

    def settings(self) -> tuple:
        """What was checked: ``(network_spec, train_spec, data_spec)`` (so that a lesson
        can tell whether the check was made for its step's setup)."""
        return self.network_spec, self.train_spec, self.data_spec


def verdict_word(word: str) -> str:
    """A verdict word in the window's language (literal calls, so lupdate finds them)."""
    words = {"healthy": QCoreApplication.translate("Preflight", "healthy"),
             "vanishing": QCoreApplication.translate("Preflight", "vanishing"),
             "exploding": QCoreApplication.translate("Preflight", "exploding"),
             "dead units": QCoreApplication.translate("Preflight", "dead units"),
             "saturated": QCoreApplication.translate("Preflight", "saturated")}
    return words.get(word, word)


def preflight_result(variant: str, network: Any, network_spec: Any, dataset: Any,
                     train_spec: Any, data_spec: Any = None) -> PreflightResult:
    """Check ``network`` (left unchanged) on a batch of ``dataset`` (loaded from
    ``data_spec``); never raises."""
    from dlstudio.training.preflight import preflight_training

    try:
        report = preflight_training(network, dataset, train_spec)
    except Exception as exc:  # noqa: BLE001 - a check that cannot run must not stop training
        return PreflightResult(variant, network_spec, None, f"{type(exc).__name__}: {exc}",
                               train_spec, data_spec)
    return PreflightResult(variant, network_spec, report, "", train_spec, data_spec)


def check_job(network_spec: Any, train_spec: Any, data_spec: Any, dataset: Any, job: Any,
              compiling: bool = False, others: tuple = ()):
    """Generator job: load the data if needed, build the network, yield its result (variant
    "A"), then one for each of ``others``, ``(letter, network spec, train spec)`` of the
    comparison's other variants. ``compiling``: the engine's kernels are still being
    compiled (the first check after the window opened waits for them), which the progress
    text then says."""
    from dlstudio.gui import specs
    from dlstudio.training.preflight import network_at_init

    if dataset is None:
        job.progress(0, 0, QCoreApplication.translate("Preflight",
                                                      "Loading the data for the check..."))
        dataset = specs.load_dataset(data_spec, job.progress)
    network = network_at_init(network_spec, train_spec)
    job.progress(0, 0, QCoreApplication.translate(
        "Preflight", "Checking the network before training: waiting for the engine's kernels "
        "to compile (only the first time after dlstudio starts; up to a minute on a busy "
        "computer)...") if compiling else QCoreApplication.translate(
        "Preflight", "Checking the network before training..."))
    yield preflight_result("A", network, network_spec, dataset, train_spec, data_spec)
    for name, other_network, other_train in others:
        try:
            built = network_at_init(other_network, other_train)
        except Exception as exc:  # noqa: BLE001 - one variant's failure ends no other check
            yield PreflightResult(name, other_network, None, f"{type(exc).__name__}: {exc}",
                                  other_train, data_spec)
            continue
        yield preflight_result(name, built, other_network, dataset, other_train, data_spec)


def layer_badge(check: Any) -> tuple[str, str] | None:
    """(text, colour) for one layer's row, or None for a layer without weights.

    The text names the verdict, the signal dL/dz reaching the layer relative to the reference
    layer (the last hidden one), the share of dead units when it is a problem
    (``dead_share_is_problem``, the rule of the "dead units" verdict: "3% dead" on a healthy
    ReLU layer read as a warning; the Pre-flight page still shows every share), how much
    one step would change the weights when that makes the layer explode, and, for
    sigmoid/tanh, the gradient pass-through: mean f'(z) over the batch as a share of f'(0),
    the derivative's maximum (worded "f' at 97% of its max", so that a healthy sigmoid layer
    does not seem to pass 97% of the gradient: each sigmoid layer passes at most 0.25 of
    it)."""

    if check is None or (check.signal_rms is None and not check.verdicts):
        return None
    words = check.verdicts or ("healthy",)
    color = VERDICT_COLORS.get(words[0], VERDICT_COLORS["healthy"])
    parts = [", ".join(verdict_word(w) for w in words)]
    if update_is_too_large(check.update_ratio):
        # the reason for "exploding" when the signal is fine (a learning rate far too
        # large): said next to the word, not a modest "signal ×0.06" alone (walker8 W8-8)
        ratio = check.update_ratio
        size = f"{100 * ratio:,.0f}%" if math.isfinite(ratio) else "∞"
        parts.append(QCoreApplication.translate(
            "Preflight", "a step changes its weights by %1").replace("%1", size))
    if check.signal_rms == 0:         # nothing reaches it, beside a reference that may get
        # nothing either (lesson 01's equal weights: walker23 W23-1)
        parts.append(QCoreApplication.translate("Preflight", "no signal"))
    elif check.signal_ratio is not None:
        parts.append(QCoreApplication.translate("Preflight", "signal ×%1").replace(
            "%1", readable_ratio(check.signal_ratio)))
    if dead_share_is_problem(check.dead_fraction):
        parts.append(QCoreApplication.translate("Preflight", "%1 dead").replace(
            "%1", f"{100 * check.dead_fraction:.0f}%"))
    if check.pass_through is not None and check.activation in ("sigmoid", "tanh"):
        parts.append(QCoreApplication.translate("Preflight", "f′ at %1 of its max").replace(
            "%1", f"{100 * check.pass_through:.0f}%"))
    return " · ".join(parts), color


def status_note(result: PreflightResult | None) -> str:
    """The status line's words for a result ("" when healthy or unknown)."""
    from dlstudio.gui.i18n import render

    if result is None or result.report is None or result.report.healthy:
        return ""
    note = render(result.report.notes[0]) if result.report.notes else result.report.verdict
    return QCoreApplication.translate("Preflight", "Pre-flight check: %1").replace("%1", note)
