"""The sentences of the transfer-learning panel (``PlanSentencesMixin``, mixed into
:class:`~dlstudio.gui.transfer.panel.TransferPanel`): the source network, why it cannot read
the studio's data, what Train will do (the head, then the fine-tuning), and what the studio
holds after Send to studio. Every one is made in the current UI language.
"""
from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Slot

from dlstudio.gui import specs, theme
from dlstudio.gui.i18n import joined_sentence_ends
from dlstudio.gui.shape_text import format_example_shape


class PlanSentencesMixin:
    """The panel's describing sentences (it uses the panel's ``source``, ``source_name``,
    ``studio``, spin boxes and labels)."""

    def _show_source_label(self) -> None:
        net = self.source
        if net is None:
            self.source_label.setText(self.tr("No source network yet."))
            return
        name = self.source_name() if callable(self.source_name) else self.source_name
        text = html.escape(
            self.tr("Source: %s — %d layers, %s parameters, trained for %s outputs.")
            % (name or self.tr("network"), len(net.layers), f"{net.n_params:,}",
               net.output_shape[-1]), quote=False)
        problem = self.data_problem()
        if problem:         # right under the source, where it is read (W9-13)
            text += (f"<br><span style='color:{theme.error_color()}'>"
                     f"{html.escape(problem, quote=False)}</span>")
        self.source_label.setText(text)
        self.train_button.setToolTip(problem)

    def data_problem(self) -> str:
        """Why the source cannot train on the studio's data ("" when it can, or the data
        are not loaded yet): its input shape is not the data's (W9-13)."""
        dataset = getattr(self.studio, "dataset", None)
        if self.source is None or dataset is None:
            return ""
        wants = tuple(self.source.spec.input_shape)
        has = tuple(dataset.x_train.shape[1:])
        if wants == has:
            return ""
        return self.tr("The source reads examples of shape %1, but the studio's data "
                       "(%2) has %3: choose data of that shape in the Data panel, or load "
                       "another source.").replace("%1", format_example_shape(wants)).replace(
            "%2", specs.dataset_name(self.studio.data_spec.dataset)).replace(
            "%3", format_example_shape(has))

    @Slot()
    def _update_data_label(self) -> None:
        data, train = self.studio.data_spec, self.studio.train_spec
        subset = getattr(data, "subset", None)
        extra = ""
        if subset is not None and subset.classes is not None:
            extra = self.tr(", classes %s") % ", ".join(map(str, subset.classes))
        if subset is not None and subset.per_class is not None:
            extra += self.tr(", %d training images per class") % subset.per_class
        text = self.tr("Train: the new head learns for %1 on the studio's data "
                       "(<b>%2</b>%3) with %4, learning rate %5 (the Training panel's); "
                       "%6").replace("%1", self._epochs_text(self.head_epochs_spin.value())
                                     ).replace(
            "%2", specs.dataset_name(data.dataset)).replace("%3", extra).replace(
            "%4", specs.optimizer_name(train.optimizer)).replace(
            "%5", f"{train.learning_rate:g}").replace("%6", self._fine_tune_text(train))
        self.data_label.setText(joined_sentence_ends(text))    # no "0）。" alone in zh
        self._show_source_label()       # whether the source reads these data

    def _epochs_text(self, epochs: int) -> str:
        """"1 epoch", "3 epochs" (walker32: counts in the singular)."""
        return (self.tr("1 epoch") if epochs == 1 else self.tr("%1 epochs")).replace(
            "%1", str(epochs))

    def _fine_tune_text(self, train: Any) -> str:
        """The end of the plan's sentence: the fine-tuning Train does after the head."""
        layers, epochs = self.fine_layers_spin.value(), self.fine_epochs_spin.value()
        if layers == 0:
            return self.tr("no fine-tuning after it (Unfreeze top layers is 0).")
        if epochs == 0:
            return self.tr("no fine-tuning after it (its Epochs is 0).")
        if layers == 1:
            text = self.tr("then the top reused layer with weights is fine-tuned for %2 "
                           "at learning rate %3.")
        else:
            text = self.tr("then the top %1 reused layers with weights are fine-tuned for %2 "
                           "at learning rate %3.").replace("%1", str(layers))
        return text.replace("%2", self._epochs_text(epochs)).replace(
            "%3", f"{train.learning_rate * self.lr_factor_spin.value():g}")

    def sent_text(self, accuracy: float | None, frozen: int) -> str:
        """What the studio holds after Send to studio and what Start does with it (W9-26)."""
        if frozen:
            text = self.tr("The studio now holds the transferred network with its trained "
                           "weights (validation accuracy %1). Start trains it on from these "
                           "weights; its frozen layers (%2) stay frozen: Layer settings > "
                           "Trainable unfreezes one. Reset weights gives every layer new "
                           "random weights.").replace("%2", str(frozen))
        else:
            text = self.tr("The studio now holds the transferred network with its trained "
                           "weights (validation accuracy %1). Start trains it on from these "
                           "weights; Reset weights gives every layer new random weights.")
        return text.replace("%1", "?" if accuracy is None else f"{accuracy:.1%}")
