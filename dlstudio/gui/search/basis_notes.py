"""What a search's runs stand on, said beside the search: ``BasisLabelWidget`` (the network,
data and optimizer every run of the next round starts from) and ``OtherDataNoteWidget``
(the results shown were computed on other data than the studio holds now, W7-17)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QLabel, QWidget

from dlstudio.gui import specs
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.widgets.status_line import RunNoteWidget


class BasisLabelWidget(RetranslateMixin, QLabel):
    """One wrapped sentence naming the studio's current network (its number of layers), data
    set and optimizer; it follows the studio's spec signals and the UI language."""

    def __init__(self, studio: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.studio = studio
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        for name in ("sigNetworkChanged", "sigDataChanged", "sigTrainChanged"):
            sig = getattr(studio, name, None)
            if sig is not None:
                sig.connect(self.update_text)
        self.update_text()

    def retranslate(self) -> None:
        self.update_text()

    @Slot()
    def update_text(self) -> None:
        """Say again what the studio holds now."""
        net, data, train = self.studio.network_spec, self.studio.data_spec, self.studio.train_spec
        n_layers = len(getattr(net, "layers", ()))
        dataset = getattr(data, "dataset", "?")
        self.setText(
            self.tr("Each run trains the current network (%d layers) on <b>%s</b> with "
                    "<b>%s</b>, starting from the same initial weights; only the searched "
                    "settings change.") % (n_layers, specs.dataset_name(dataset),
                                           specs.optimizer_name(getattr(train, "optimizer",
                                                                        "?"))))


class OtherDataNoteWidget(RunNoteWidget):
    """A note above the results when they were computed on other data than the studio holds
    now, with a "Clear results" action (``sigAction``); hidden otherwise."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("search_other_data_note")

    def show_for(self, then: Any, now: Any) -> None:
        """Compare the results' data spec ``then`` (None: no results) with the studio's data
        spec ``now``; call again after a language change."""
        if then is None or then == now:
            self.clear()
            return
        then_name = specs.dataset_name(then.dataset)
        now_name = specs.dataset_name(getattr(now, "dataset", "?"))
        if then_name == now_name:
            then_name = self.tr("%1 with other data settings").replace("%1", then_name)
        self.show_note(self.tr("Other data:"), [
            self.tr("these results were computed on %1; the data is now %2. The next round "
                    "clears them and searches on the data as it is now.")
            .replace("%1", then_name).replace("%2", now_name)], error=False)
        self.set_action(self.tr("Clear results"))
