"""The Preset box: pick a ready-made network, which brings the data and training settings
recommended for it; the box then shows the preset in use, "<preset> (modified)" once the
network has been edited (the preset it reads as an edit of), "784-64-8-10 MLP (custom)" for
a multilayer perceptron whose sizes no longer match a preset named by its sizes, or
"(custom network)".

Before a preset replaces training or data settings the student changed (anything other than
what the last preset, or the defaults, set), ``PresetBoxWidget`` asks whether to take the
preset's settings or keep theirs. ``apply_preset`` does the replacing for the box and for the
``--preset`` start-up option alike.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from dlstudio.engine.spec_edits import count_type
from dlstudio.gui import specs
from dlstudio.gui.i18n import sentences
from dlstudio.gui.widgets.eliding_combo import ElidingComboBox
from dlstudio.gui.widgets.param_form import compact, tr_help
from dlstudio.gui.widgets.retranslate import RetranslateMixin

#: the answers of the "replace your settings?" question
USE_PRESET, KEEP_MINE, CANCEL = "use", "keep", "cancel"


def recommended_settings(name: str) -> tuple[Any, Any]:
    """``(data_spec, train_spec)`` recommended for preset ``name`` (data None: any data)."""
    return specs.preset_data_spec(name), specs.preset_train_spec(name)


def apply_preset(studio, name: str, *, keep_training: bool = False,
                 record: bool = True) -> None:
    """Put preset ``name`` into ``studio``: its network, its dataset and (unless
    ``keep_training``) its recommended training settings. With ``record`` the network's
    undo history keeps the previous network."""
    data, train = recommended_settings(name)
    studio.set_network_spec(specs.preset_network(name), record=record)
    if data is not None and (not keep_training or data.dataset != studio.data_spec.dataset):
        studio.set_data_spec(data)
    if not keep_training:
        studio.set_train_spec(train)


class PresetBoxWidget(RetranslateMixin, ElidingComboBox):
    """The preset chooser of the network editor, bound to a ``Studio``.

    ``ask(name) -> "use" | "keep" | "cancel"`` decides what happens to settings the student
    changed (a dialog by default; tests replace it).
    """

    def __init__(self, studio, parent: QWidget | None = None):
        super().__init__(parent)
        from dlstudio.engine.presets import PRESETS

        compact(self)
        self.setObjectName("preset_combo")
        self.studio = studio
        self.presets = PRESETS
        #: the preset applied last (None: none yet) and the settings it brought
        self.last_preset: str | None = None
        self._baseline: tuple[Any, Any] | None = None
        self.ask: Callable[[str], str] = self._ask_dialog
        self.addItem("", None)
        for entry in PRESETS.entries():
            self.addItem(entry.display, entry.name)
        self.activated.connect(self._on_activated)
        studio.sigNetworkChanged.connect(self.show_current)
        self.retranslate()

    # -- model -> view ----------------------------------------------------------------------------
    def current_preset(self) -> str | None:
        """The preset whose network is in the studio now (None: none, or edited)."""
        return specs.matching_preset(self.studio.network_spec)

    def show_current(self) -> None:
        """Select the preset in use; otherwise say "<nearest preset> (modified)" or "(custom
        network)"."""
        name = self.current_preset()
        if name is not None:
            self.last_preset = name
        blocker = QSignalBlocker(self)
        self.setItemText(0, self._first_item_text(name))
        self.setCurrentIndex(self.findData(name) if name is not None else 0)
        del blocker

    def _first_item_text(self, current: str | None) -> str:
        if current is None:
            # "(modified)" names the preset this network reads as an edit of, not merely the
            # last one applied (a restored MNIST network is no "toy network, modified")
            spec = self.studio.network_spec
            near = specs.nearest_preset(spec, prefer=self.last_preset)
            display = tr_help(self.presets.entry(near).display) if near is not None else ""
            # a preset whose name states layer sizes is no name for other sizes: an MLP is
            # then named by its own ("784-64-8-10 MLP", not "784-300-100-10 MLP (modified)")
            sizes = specs.mlp_sizes(spec)
            if sizes is not None and (near is None or (
                    any(c.isdigit() for c in self.presets.entry(near).display)
                    and not specs.same_layer_sizes(spec, near))):
                return self.tr("%1 MLP (custom)").replace("%1", sizes)
            # likewise a convnet with another number of convolution layers is no edit of
            # the textbook one ("1 conv layer", walker8 W8-10)
            convs = count_type(spec, "Conv2D")
            if convs and near is not None and convs != count_type(self.presets[near](),
                                                                  "Conv2D"):
                return (self.tr("Convnet with 1 convolution layer (custom)") if convs == 1
                        else self.tr("Convnet with %1 convolution layers (custom)")
                        .replace("%1", str(convs)))
            if near is None:
                return self.tr("(custom network)")
            return self.tr("%1 (modified)").replace("%1", display)
        return self.tr("(choose a ready-made network)")

    def retranslate(self) -> None:
        for i in range(1, self.count()):
            entry = self.presets.entry(self.itemData(i))
            self.setItemText(i, tr_help(entry.display))
            self.setItemData(i, tr_help(entry.help), Qt.ItemDataRole.ToolTipRole)
        self.setToolTip(self.tr("Replace the network with a ready-made one, with the data and "
                                "training settings recommended for it. Undo brings your "
                                "network back."))
        self.show_current()

    # -- view -> model ----------------------------------------------------------------------------
    def edited_settings(self, name: str) -> tuple[bool, bool]:
        """``(training, data)``: whether choosing preset ``name`` would replace training
        settings or data settings the student (or a lesson) changed since the last preset
        (before any preset: since the defaults). Data of another dataset than the preset's
        are replaced whatever the answer, and settings equal to the preset's lose nothing:
        neither counts (walker34 W34-8: after only the data changed, the question said
        the training settings were, which were the previous preset's own)."""
        if self._baseline is None:
            base_data, base_train = specs.default_data_spec(), specs.default_train_spec()
        else:
            base_data, base_train = self._baseline
        data, train = recommended_settings(name)
        now_data, now_train = self.studio.data_spec, self.studio.train_spec
        training = now_train != base_train and now_train != train
        kept_data = data is not None and data.dataset == now_data.dataset
        data_edited = base_data is not None and now_data != base_data \
            and kept_data and now_data != data
        return training, data_edited

    def choose(self, name: str) -> bool:
        """Apply preset ``name`` as if picked in the box; returns False when cancelled."""
        answer = USE_PRESET
        if any(self.edited_settings(name)):
            answer = self.ask(name)
        if answer == CANCEL:
            self.show_current()
            return False
        apply_preset(self.studio, name, keep_training=answer == KEEP_MINE)
        self.last_preset = name
        if answer == USE_PRESET:
            self._baseline = (self.studio.data_spec, self.studio.train_spec)
        # a ready-made network is a setup of its own: a lesson's comparison variants go,
        # and the status line says so (walker23 W23-14)
        dropped = self.studio.drop_lesson_variants()
        if dropped:
            self.studio.sigMessage.emit(self.tr(
                "The lesson's comparison variants (%1) were removed: Start trains the preset "
                "alone. Add variants in the Compare panel.").replace(
                    "%1", self.tr(", ").join(dropped)))
        self.show_current()
        return True

    def _on_activated(self, index: int) -> None:
        name = self.itemData(index)
        if name is None:
            self.show_current()
            return
        self.choose(name)

    def settings_sentence(self, name: str) -> str:
        """Preset ``name``'s recommended settings in a sentence, naming the optimizer and
        the data as the docks do."""
        _, train = recommended_settings(name)
        data = specs.preset_data_spec(name)
        text = self.tr("%1 comes with its recommended settings: %2, learning rate %3, %4 "
                       "epochs, batch size %5.").replace("%1", tr_help(
                           self.presets.entry(name).display))
        text = (text.replace("%2", specs.optimizer_name(train.optimizer))
                .replace("%3", f"{train.learning_rate:g}")
                .replace("%4", str(train.epochs)).replace("%5", str(train.batch_size)))
        if data is not None:
            text = sentences(text, self.tr("Data: %1.").replace(
                "%1", specs.dataset_name(data.dataset)))
        return text

    def question_text(self, name: str) -> str:
        """The question before preset ``name`` replaces changed training settings: what the
        preset brings, and who changed the settings (a lesson step, when it was: the
        question said "You have changed" to a teacher after lesson 10 step 4 had, walker23
        W23-14), and that the lesson's variants go too (``drop_lesson_variants``)."""
        source = self.studio.lesson_training_source()
        training, data = self.edited_settings(name)
        if data and not training:
            ask = self.tr("You have changed the data settings. Replace them with the "
                          "preset's?")
        elif source:
            ask = self.tr("%1 changed the training settings. Replace them with the "
                          "preset's?").replace("%1", source)
        elif data:
            ask = self.tr("You have changed the training and data settings. Replace them "
                          "with the preset's?")
        else:
            ask = self.tr("You have changed the training settings. Replace them with the "
                          "preset's?")
        parts = [self.settings_sentence(name)]
        if self.studio.variants_from_lesson:
            parts.append(self.tr("The lesson's comparison variants (%1) go with it: Start "
                                 "then trains the preset alone.").replace(
                "%1", self.tr(", ").join(v.name for v in self.studio.variants[1:])))
        return "\n\n".join(parts + [ask])

    def _ask_dialog(self, name: str) -> str:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Use the preset's settings?"))
        box.setText(self.question_text(name))
        use = box.addButton(self.tr("Use the preset's settings"),
                            QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("Keep my settings"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(use)
        box.exec()
        clicked = box.clickedButton()
        return USE_PRESET if clicked is use else KEEP_MINE if clicked is keep else CANCEL
