"""Choosing the transfer panel's source network (``SourceChoiceMixin``, mixed into
:class:`~dlstudio.gui.transfer.panel.TransferPanel`): a saved network or a workspace's
trained network from a file, or the studio's current network; the reused layers, the frozen
ones and the new head's classes start from the source.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Slot

from dlstudio.gui import file_choice
from dlstudio.gui.i18n import render
from dlstudio.gui.trained_network import open_filter, open_trained_network


class SourceChoiceMixin:
    """Loading or choosing the source (it uses the panel's ``studio``, spin boxes, ``say``
    and the refreshes of its layers, labels and buttons)."""

    def load_source(self, path: str | Path) -> bool:
        """Load the trained network in ``path`` (a saved network, or a workspace's network
        with its trained weights) as the source; False (with a message) on failure."""
        try:
            net = open_trained_network(path)
        except (ValueError, OSError) as exc:
            self.say(lambda exc=exc: self.tr("Not loaded: %s") % render(exc), error=True)
            return False
        self.set_source(net, Path(path).name)
        return True

    def use_studio_network(self) -> bool:
        """Use the studio's network as the source: with several variants, the one the
        variant choice asks (``variant_choice``: the best-scoring until the student picks
        one; it always took A: walker33 W33-8)."""
        variant = self.variant_choice.variant()
        net = self.studio.network_for(variant)
        if net is None:
            self.say(lambda: self.tr("The studio has no valid network to reuse."), error=True)
            return False
        trained = self.studio.weights(variant) is not None
        several = len(self.studio.variants) > 1

        def name() -> str:
            said = self.tr("the studio's variant %1").replace("%1", variant) if several \
                else self.tr("the studio's network")
            return said + ("" if trained else self.tr(" (untrained!)"))

        self.set_source(net, name)
        return True

    @Slot(int)
    def _on_variant_picked(self, _index: int) -> None:
        """The student picked another variant: while the source is the studio's network
        (not a file's, not a lesson step's) and nothing trains, it becomes that variant."""
        if callable(getattr(self, "source_name", None)) and not self.source_from_lesson \
                and self.state == "idle":
            self.use_studio_network()

    def set_source(self, net, name: str | Callable[[], str] = "", *,
                   from_lesson: bool = False) -> None:
        """Use ``net`` (an engine ``Network`` with weights) as the source; ``name`` is shown
        (a function of no arguments making it in the UI language, or a fixed text);
        ``from_lesson``: a lesson step's source (``source_from_lesson``)."""
        self.source, self.source_name = net, name
        self.source_from_lesson = bool(from_lesson)
        n = len(net.layers)
        data = getattr(self.studio, "dataset", None)
        n_classes = getattr(data, "n_classes", None) or int(net.output_shape[-1])
        # the controls take the new source's values quietly: their slots would mark the
        # old table's rows for the new source (W26-1); the table is rebuilt once, below
        spins = (self.reuse_spin, self.fine_layers_spin, self.classes_spin)
        for spin in spins:
            spin.blockSignals(True)
        self.reuse_spin.setRange(1, n)
        self.reuse_spin.setValue(max(1, n - 1))
        self.fine_layers_spin.setValue(0)
        self.classes_spin.setValue(int(n_classes))
        for spin in spins:
            spin.blockSignals(False)
        self._classes_from_data = False
        self._show_source_label()
        self.plan_editor.set_source(net.spec, frozen=range(n - 1))
        self._update_data_label()
        self.update_buttons()

    @Slot()
    def _on_load_clicked(self) -> None:
        path = file_choice.get_open_path(self, self.tr("Load a trained network"),
                                         open_filter())
        if path:
            self.load_source(path)
