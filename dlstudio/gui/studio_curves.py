"""The run's curves in the studio's store, and what they belong to.

``StudioCurves`` is a mixin of :class:`~dlstudio.gui.studio.Studio` (it uses the studio's
store, specs, weights and timeline). The curves are the snapshots in the run store; a
workspace keeps their scalar records (``history``, ``restore_history``) and the network each
variant's curves were trained with (``curve_networks``). ``curves_note`` says, for the status
line and the run note, why the curves on the pages do not belong to the network the pages
draw.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from dlstudio.gui.i18n import render
from dlstudio.training.telemetry import END_EVENTS, SINGLE_RUN, from_record, to_record


class StudioCurves:
    """The run's curves, their saved records and the networks they were trained with (mixed
    into ``Studio``)."""

    def _init_curves(self) -> None:
        self._records: dict = {}       # scalar records of snapshots, for ``history``
        #: the network each variant's curves in the store were trained with
        self._curve_networks: dict[str, Any] = {}
        #: the curves' trained weights were saved but came back damaged (a workspace)
        self._curve_weights_lost = False

    def _curves_trained_by(self, networks: dict[str, Any], weights_lost: bool = False) -> None:
        """The curves in the store are now those of a run of ``networks`` (variant ->
        network spec; empty: unknown); ``weights_lost``: its saved weights were damaged."""
        self._curve_networks = networks
        self._curve_weights_lost = bool(weights_lost)

    @property
    def history(self) -> list[dict]:
        """Scalar metrics of the run's snapshots kept in the store (saved in workspaces).

        Records made for an earlier call are reused, so the autosave of a long run does not
        convert every snapshot again."""
        made, records = {}, []
        for snap in self.store.snapshots():
            key = (id(snap), snap.step, snap.variant, snap.event)
            rec = self._records.get(key)
            if rec is None:
                rec = to_record(snap)
            made[key] = rec
            records.append(rec)
        self._records = made
        return records

    def restore_history(self, records: list[dict], networks: dict[str, Any] | None = None,
                        weights_lost: bool = False, tags: dict[str, str] | None = None) -> None:
        """Refill the store from saved scalar records (opening a workspace). ``networks``:
        the network each variant's run trained (when the workspace knows it);
        ``weights_lost``: that run's saved weights were damaged and left out; ``tags``: the
        short names the run's legends gave its variants ("sigmoid" for A, ``curve_tags``)."""
        self.store.clear()
        for rec in records:
            snap = from_record(rec)
            if snap is not None:
                self.store.append(snap)
                self.last_telemetry = snap
        if tags:
            self.store.set_variant_tags(tags)
        self._curves_trained_by(dict(networks or {}), weights_lost)
        self.sigWeightsChanged.emit()        # the pages' curves and weights may now differ

    def curve_tags(self) -> dict[str, str]:
        """The short names the run's legends give its variants ("A sigmoid"), by letter.
        Saved in workspaces (walker13 W13-17: a reopened comparison's legends said "A")."""
        return self.store.variant_tags()

    def curve_networks(self) -> dict[str, Any]:
        """The network each variant's curves were trained with (the newest run's, or those
        of an opened workspace; empty when unknown). Saved in workspaces."""
        return dict(self._curve_networks)

    def untrained_since_run(self) -> bool:
        """Whether the pages that judge the network (Outcome, Draw a digit) draw it with new
        random weights while the curves are a run's: it was edited after the run (even a
        Dropout layer added) or the run's weights are not here. Start trains it (walker15
        W15-14: a 98.6% run's page turned chance-level after an edit, unexplained)."""
        if self.is_active() or self.store.latest(SINGLE_RUN, live=True) is None:
            return False
        return self.shown_weights(SINGLE_RUN) is None

    def curves_note(self) -> str:
        """Why the curves on the pages do not belong to the network the pages draw ("" when
        they do): the network was edited (or another model opened) after the run; the run
        was interrupted when dlstudio closed; or its trained weights are not here (damaged
        in the workspace, or not kept)."""
        latest = self.store.latest(SINGLE_RUN, live=True)
        if self.is_active() or latest is None:
            return ""
        trained = self._curve_networks.get(SINGLE_RUN)
        if trained != self._network_spec \
                and self.weights_to_start_from(self._network_spec) is not None:
            if self.start_from_origin:      # File > Open Keras model (walker11 W11-11)
                return QCoreApplication.translate(
                    "Studio", "The studio holds the network opened from %1, with its trained "
                    "weights; the curves are from the earlier run. Start trains it on from "
                    "these weights; Reset weights gives it new random weights.").replace(
                    "%1", self.start_from_origin)
            return QCoreApplication.translate(
                "Studio", "The studio holds the network sent from Transfer learning, with "
                "its trained weights; the curves are from the earlier run. Start trains the "
                "sent network on from these weights.")
        if trained is not None and trained != self._network_spec:
            # first: whatever else happened to the run, its weights are not this network's
            # (an edit, an imported model: W7-21)
            return QCoreApplication.translate(
                "Studio", "The network was edited after this run: the curves are from the "
                "earlier network; press Start to train this one.")
        if latest.event == "failed":
            # the error in the language shown now (a structured message renders in it), as
            # a sentence of that language
            error = QCoreApplication.translate("Studio", "%1.").replace(
                "%1", render(latest.message).rstrip(".。"))
            return QCoreApplication.translate(
                "Studio", "This run stopped with an error in epoch %1: %2 The curves and "
                "weights are from then (details in the log). Press Start to train again from "
                "new weights.").replace("%1", f"{latest.epoch + 1:,}").replace("%2", error)
        if latest.event not in END_EVENTS:
            # restored from a session that ended during the run (a crash, kill -9, power cut):
            # its last line would read like a live run (W7-8)
            moment = self.resume_point()
            if moment is not None:
                # what the last autosave holds, not where the run was when it died (W9-4)
                resume = self.resume_epoch(moment)
                if latest.event == "epoch_end" and resume == latest.epoch + 2:
                    text = QCoreApplication.translate(
                        "Studio", "dlstudio closed during this run. Its last autosave has it "
                        "at the end of epoch %1 (later steps were not saved): Continue trains "
                        "it on from epoch %2; Start trains again from new weights.")
                else:
                    text = QCoreApplication.translate(
                        "Studio", "dlstudio closed during this run. Its last autosave has it "
                        "in epoch %1 (later steps were not saved): Continue trains it on from "
                        "its last saved moment (epoch %2); Start trains again from new "
                        "weights.")
                return text.replace("%1", f"{latest.epoch + 1:,}").replace(
                    "%2", f"{resume:,}")
            return QCoreApplication.translate(
                "Studio", "This run was interrupted at epoch %1 (dlstudio closed during it): "
                "the curves and weights are from then. Press Start to train again from new "
                "weights.").replace("%1", str(latest.epoch + 1))
        if self.shown_weights(SINGLE_RUN) is not None:
            return ""
        moment = self.resume_point()
        if moment is not None:      # an edit undone, say: the run's weights are in its moment
            return QCoreApplication.translate(
                "Studio", "The network on screen has new random weights (it was edited "
                "after this run); Continue puts the run's weights from epoch %1 back and "
                "trains on.").replace("%1", f"{self.resume_epoch(moment):,}")
        if self._curve_weights_lost:
            return QCoreApplication.translate(
                "Studio", "The saved weights inside this workspace are damaged: the network "
                "starts from new random weights, and the curves are from its earlier run. "
                "Press Start to train it again.")
        return QCoreApplication.translate(
            "Studio", "The trained weights of this run are not here: the curves are from the "
            "run, the network has new random weights; press Start to train it again.")
