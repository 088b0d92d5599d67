"""The data panel: which dataset, its parameters, splits, preprocessing and augmentation.

Bound both ways to ``Studio.data_spec``. The dataset is (re)loaded on a background thread a
moment after the last edit; the preview then shows a scatter plot (2-D points) or an image
grid with labels, and, when augmentation is on, a grid of the same images augmented.
Downloads (MNIST) show a progress dialog. The boxes' parts live beside it: the notes on the
loaded data (``data_notes.py``), the splits (``split_box.py``), augmentation
(``augmentation.py``) and the preview (``preview.py``).
"""
from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QGroupBox, QLabel, QProgressDialog, QScrollArea,
                               QVBoxLayout, QWidget)

from dlstudio.gui.data.augmentation import AugmentationBoxWidget, augmentation_with
from dlstudio.gui.data.data_notes import SkipNoteWidget, TaskNoteWidget
from dlstudio.gui.data.preview import DataPreviewWidget
from dlstudio.gui.data.split_box import SplitBoxWidget
from dlstudio.gui.i18n import render
from dlstudio.gui.widgets.param_form import compact, ParamFormWidget, tr_help
from dlstudio.gui.widgets.placement import keep_clear_when_shown
from dlstudio.gui.widgets.retranslate import RetranslateMixin

log = logging.getLogger(__name__)

#: least height of the scatter/image preview, in pixels, and in classroom mode
PREVIEW_HEIGHT = 220
PREVIEW_HEIGHT_CLASSROOM = 380


class DataPanel(RetranslateMixin, QWidget):
    """Choose and inspect the data a run trains on."""

    panel_name = "data"

    def __init__(self, studio, parent: QWidget | None = None):
        super().__init__(parent)
        from dlstudio.data import DATASETS

        self.studio = studio
        self.datasets = DATASETS
        self.setObjectName("data_panel")
        self.dataset = compact(QComboBox(self))
        self.dataset.setObjectName("dataset_combo")
        for entry in DATASETS.entries():
            self.dataset.addItem(entry.display, entry.name)
        self.dataset.activated.connect(self._on_dataset_activated)
        self.help = QLabel(self)
        self.help.setWordWrap(True)
        self.help.setProperty("role", "hint")
        self.where = QLabel(self)
        self.where.setWordWrap(True)
        self.where.setProperty("role", "hint")
        #: how the task and classes of the user's own data were inferred (a warning when
        #: guessed); hidden for the built-in sets
        self.task_note = TaskNoteWidget(self)
        #: rows or files of the user's data that were skipped, and why (hidden when none)
        self.skip_note = SkipNoteWidget(self)
        #: augmentation set aside while the data are not images (hidden otherwise)
        self.aside_note = QLabel(self)
        self.aside_note.setWordWrap(True)
        self.aside_note.setProperty("role", "hint")
        self.aside_note.setVisible(False)
        self._aside: dict = {}
        self.params = ParamFormWidget(factory=self._path_editor, parent=self)
        self.params.sigChanged.connect(self._on_param_changed)

        self.box_split = split = SplitBoxWidget(self)
        self.val_split, self.test_split = split.val_split, split.test_split
        self.seed, self.preprocessing = split.seed, split.preprocessing
        self.split_labels, self.split_note = split.split_labels, split.split_note
        self.val_split.valueChanged.connect(
            lambda v: self._edit(validation_split=round(float(v), 4)))
        self.test_split.valueChanged.connect(lambda v: self._edit(test_split=round(float(v), 4)))
        self.seed.valueChanged.connect(lambda v: self._edit(seed=int(v)))
        self.preprocessing.activated.connect(self._on_preprocessing_activated)
        self.box_augment = AugmentationBoxWidget(self)
        self.augment, self.augmented = self.box_augment.augment, self.box_augment.augmented
        self.augment.sigChanged.connect(self._on_augment_changed)

        self.preview = DataPreviewWidget(self)
        self.preview.setMinimumHeight(PREVIEW_HEIGHT)

        self.box_dataset = QGroupBox(self)
        lay = QVBoxLayout(self.box_dataset)
        lay.addWidget(self.dataset)
        lay.addWidget(self.help)
        lay.addWidget(self.params)
        lay.addWidget(self.where)
        lay.addWidget(self.task_note)
        lay.addWidget(self.skip_note)
        lay.addWidget(self.aside_note)
        self.box_preview = QGroupBox(self)
        lay = QVBoxLayout(self.box_preview)
        lay.addWidget(self.preview)

        inner = QWidget(self)
        col = QVBoxLayout(inner)
        for box in (self.box_dataset, self.box_preview, self.box_split, self.box_augment):
            col.addWidget(box)
        col.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self._reload = QTimer(self)
        self._reload.setSingleShot(True)
        self._reload.setInterval(400)
        self._reload.timeout.connect(studio.load_dataset)
        self.progress: QProgressDialog | None = None
        self._last_dataset = None
        studio.sigDataChanged.connect(self.refresh)
        studio.sigVariantsChanged.connect(self._show_augment_users)
        studio.sigTrainChanged.connect(self._show_augment_users)
        studio.sigDatasetReady.connect(self._on_studio_dataset_ready)
        studio.sigDatasetLoading.connect(self._on_studio_loading)
        studio.sigDatasetProgress.connect(self._on_studio_progress)
        studio.sigDatasetFailed.connect(self._on_studio_dataset_failed)
        if hasattr(studio, "sigAppearanceChanged"):
            studio.sigAppearanceChanged.connect(self._on_studio_appearance)
        self._on_studio_appearance()
        self.retranslate()
        self.refresh()
        if studio.dataset is not None:
            self._on_studio_dataset_ready(studio.dataset)

    # -- translation ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """The panel's own texts in the current language, and the notes on the data loaded
        (the split and augmentation boxes retranslate themselves)."""
        self.box_dataset.setTitle(self.tr("Dataset"))
        self.box_preview.setTitle(self.tr("Preview (training split)"))
        for i in range(self.dataset.count()):
            entry = self.datasets.entry(self.dataset.itemData(i))
            self.dataset.setItemText(i, tr_help(entry.display))
            self.dataset.setItemData(i, tr_help(entry.help), Qt.ItemDataRole.ToolTipRole)
        if getattr(self, "_last_dataset", None) is not None:
            self._show_notes(self._last_dataset)
        entry = self._entry()
        if entry is not None:
            self.help.setText(tr_help(entry.help))
        self.params.retranslate()
        self._update_where()
        self._show_aside_note()

    # -- model -> view ----------------------------------------------------------------------------
    def refresh(self) -> None:
        spec = self.studio.data_spec
        if self._set_aside_off_images(spec):
            return                             # the edit refreshes the panel again
        with QSignalBlocker(self.dataset):
            self.dataset.setCurrentIndex(max(0, self.dataset.findData(
                self.datasets.resolve(spec.dataset) if spec.dataset in self.datasets
                else spec.dataset)))
        self.box_split.set_spec(spec)
        entry = self._entry()
        if entry is not None:
            if self.params.params != tuple(entry.params):
                self.params.set_params(entry.params, spec.params)
            else:
                self.params.set_values(spec.params)
            self.help.setText(tr_help(entry.help))
            is_image = entry.meta.get("kind") == "image"
            self.box_augment.setVisible(is_image)
            if is_image:
                self._aside = {}       # back on images (or replaced there): nothing set aside
        self._show_aside_note()
        self.augment.set_values(spec.augmentation)
        self._show_augment_users()
        self._show_test_split()
        self._update_where()
        if self.studio.dataset is None:
            self._clear_notes()                # they described the data loaded before
            if self.needs_path():
                self._reload.stop()            # nothing to load yet: no error either
                self.preview.show_message(lambda: self.tr(
                    "Give the path of your data above (type it, or press Browse... to choose "
                    "it); it loads as soon as the path is set."))
            else:
                self.preview.show_message(lambda: self.tr("Loading the data..."))
                self._reload.start()

    def _show_augment_users(self) -> None:
        """Which variants train with the augmentation shown (``show_users``)."""
        self.box_augment.show_users(self.studio.variants, bool(self.studio.data_spec.augments))

    def own_test_size(self) -> int:
        """How many test examples the chosen dataset brings (MNIST: 10,000); 0 when the
        test set is split off the training data by the Test fraction."""
        from dlstudio.data import info

        try:
            return int(info(self.studio.data_spec.dataset).size[1])
        except Exception:  # noqa: BLE001 - an unknown or own dataset: the fraction applies
            return 0

    def _show_test_split(self) -> None:
        """The Test fraction is greyed out, and says why, for data with its own test set."""
        self.box_split.show_own_test(self.own_test_size())

    def needs_path(self) -> bool:
        """The chosen dataset is the user's own data and no path is set yet."""
        entry = self._entry()
        return bool(entry is not None and entry.meta.get("path_required")
                    and not str(self.studio.data_spec.params.get("path") or "").strip())

    def _path_editor(self, param):
        """A Browse... editor for a dataset's ``path`` (file or folder, from the registry)."""
        entry = self._entry()
        kind = entry.meta.get("path_kind") if entry is not None else ""
        if param.name != "path" or not kind:
            return None
        from dlstudio.gui.widgets.path_edit import PathEdit

        return PathEdit(kind, entry.meta.get("path_patterns", ()))

    def _clear_notes(self) -> None:
        """Hide the notes about the data loaded before (task, skipped rows, split)."""
        for note in (self.task_note, self.skip_note, self.split_note):
            note.setVisible(False)

    def _on_studio_dataset_failed(self, message: str) -> None:
        self._last_dataset = None
        self._clear_notes()
        self.preview.show_message(lambda: self.tr("Could not load the data: %1")
                                  .replace("%1", message))

    def _entry(self):
        try:
            return self.datasets.entry(self.studio.data_spec.dataset)
        except KeyError:
            return None

    def _update_where(self) -> None:
        entry = self._entry()
        if entry is None or entry.meta.get("offline", True):
            self.where.setVisible(False)
            return
        try:
            from dlstudio.data import availability

            ok, where = availability(entry.name, **self.studio.data_spec.params)
        except Exception as exc:  # a bad path parameter, for instance
            ok, where = False, render(exc)
        if ok and getattr(where, "id", "").startswith("data.where.instead"):
            text = render(where)        # the folder in Path was passed over (W20-7)
        elif ok:
            text = self.tr("Found in %1").replace("%1", render(where))
        elif getattr(where, "id", "") == "data.where.not_found":
            # the catalogue's sentence names a terminal command: here the window's own ways,
            # with the file looked for and the folders looked in (walker32 W32-10)
            text = self.tr("Not on this computer yet (looked for %1 in %2): it is downloaded "
                           "when loaded (this needs the internet), or give the folder that "
                           "holds its files in Path above (Browse...).") \
                .replace("%1", render(where.values["expected"])) \
                .replace("%2", render(where.values["looked"]))
        else:       # what is wrong with the folder given (walker20 W20-8)
            text = render(where)
        self.where.setText(text)
        self.where.setVisible(True)

    def _on_studio_appearance(self) -> None:
        """Classroom mode on or off: the scatter preview's fonts, and its height (on a
        projector the cloud, ellipse or circle of lesson 11 must be seen from the back)."""
        on = bool(getattr(self.studio, "classroom", False))
        self.preview.set_classroom(on)
        self.preview.setMinimumHeight(PREVIEW_HEIGHT_CLASSROOM if on else PREVIEW_HEIGHT)

    def _on_studio_dataset_ready(self, dataset) -> None:
        self._last_dataset = dataset
        self._show_notes(dataset)
        try:
            # 2-D points show their spread (covariance ellipse, σx, σy, r), raw or
            # preprocessed: lesson 11 compares the raw cloud with what each step makes of it
            self.preview.show_dataset(dataset, spread=True)
            self._show_augmented(dataset)
        except Exception:
            log.warning("cannot preview the dataset", exc_info=True)
            self.preview.show_message(lambda: self.tr("No preview for this dataset."))

    def _show_notes(self, dataset) -> None:
        """The notes on ``dataset``: its task, its skipped rows, its validation split."""
        self.task_note.show_for(dataset)
        self.skip_note.show_for(dataset)
        self.split_note.show_for(dataset)

    def _show_augmented(self, dataset) -> None:
        self.box_augment.show_for(dataset, self.studio.data_spec)

    def _on_studio_loading(self, loading: bool) -> None:
        entry = self._entry()
        if loading and entry is not None and not entry.meta.get("offline", True):
            self.progress = QProgressDialog(self.tr("Loading %1...").replace(
                "%1", tr_help(entry.display)), self.tr("Hide"), 0, 0, self)
            self.progress.setWindowTitle(self.tr("Loading data"))
            self.progress.setMinimumDuration(500)
            self.progress.setAutoClose(True)
            # beside the start page, not over its lesson table (walker20)
            keep_clear_when_shown(self.progress)
        elif not loading and self.progress is not None:
            self.progress.close()
            self.progress = None

    def _on_studio_progress(self, done: int, total: int, message: str) -> None:
        if self.progress is not None:
            self.progress.setMaximum(max(total, 0))
            self.progress.setValue(done if total else 0)
            if message:
                self.progress.setLabelText(message)

    # -- view -> model ----------------------------------------------------------------------------
    def _edit(self, **changes) -> None:
        self.studio.set_data_spec(dataclasses.replace(self.studio.data_spec, **changes))

    def _on_dataset_activated(self, index: int) -> None:
        """Switch the dataset. Augmentation works on images only: leaving images for other
        data sets the augmentation aside (the Augmentation box is hidden there, so it could
        not be cleared) and going back to images brings it back."""
        name = self.dataset.itemData(index)
        spec = self.studio.data_spec
        if name == spec.dataset:
            return
        to_images = self.datasets.entry(name).meta.get("kind") == "image"
        augmentation = dict(spec.augmentation)
        if not to_images and augmentation:
            self._aside, augmentation = augmentation, {}
        elif to_images and not augmentation and self._aside:
            augmentation = self._aside
        self._edit(dataset=name, params={}, augmentation=augmentation)

    def _set_aside_off_images(self, spec) -> bool:
        """Set the augmentation of ``spec`` aside when its data are not images (a session
        saved so, or a dataset chosen from the command line): nothing could load it, and the
        hidden Augmentation box could not clear it. True when it edited the spec."""
        try:
            entry = self.datasets.entry(spec.dataset)
        except KeyError:
            return False
        if entry.meta.get("kind") == "image" or not spec.augmentation:
            return False
        self._aside = dict(spec.augmentation)
        self._edit(augmentation={})
        return True

    def _show_aside_note(self) -> None:
        self.aside_note.setVisible(bool(self._aside))
        self.aside_note.setText(self.tr(
            "Augmentation is off for these data: it works on images only. Your augmentation "
            "settings come back when you pick an image dataset.") if self._aside else "")

    def _on_param_changed(self, name: str, value) -> None:
        self._edit(params={**self.studio.data_spec.params, name: value})

    def _on_preprocessing_activated(self, index: int) -> None:
        value = self.preprocessing.itemData(index)
        self._edit(preprocessing=() if value is None else ({"type": value},))

    def _on_augment_changed(self, name: str, value) -> None:
        self._edit(augmentation=augmentation_with(self.studio.data_spec.augmentation, name,
                                                  value))
        self._show_augmented(self._last_dataset)  # at once, from the images already loaded

