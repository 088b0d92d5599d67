"""The data panel: which dataset, its parameters, splits, preprocessing and augmentation.

Bound both ways to ``Studio.data_spec``. The dataset is (re)loaded on a background thread a
moment after the last edit; the preview then shows a scatter plot (2-D points) or an image
grid with labels, and, when augmentation is on, a grid of the same images augmented.
Downloads (MNIST) show a progress dialog.
"""
from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel,
                               QProgressDialog, QScrollArea, QSpinBox, QVBoxLayout, QWidget)

from dlstudio.engine.registry import Param
from dlstudio.gui.data.preview import DataPreviewWidget
from dlstudio.gui.i18n import render
from dlstudio.gui.widgets.param_form import compact, ParamFormWidget, tr_help
from dlstudio.gui.widgets.retranslate import RetranslateMixin

log = logging.getLogger(__name__)

#: augmentation settings as form parameters (help in student language)
AUGMENT_PARAMS = (
    Param("rotation_range", "float", 0.0, 0.0, 180.0, display="rotation (degrees)",
          help="Rotate each training image by a random angle up to this many degrees."),
    Param("width_shift_range", "float", 0.0, 0.0, 0.5, display="horizontal shift",
          help="Shift images left or right by up to this fraction of their width."),
    Param("height_shift_range", "float", 0.0, 0.0, 0.5, display="vertical shift",
          help="Shift images up or down by up to this fraction of their height."),
    Param("zoom_range", "float", 0.0, 0.0, 0.5, display="zoom",
          help="Zoom in or out by a random factor between 1 - zoom and 1 + zoom."),
    Param("shear_range", "float", 0.0, 0.0, 45.0, display="shear (degrees)",
          help="Slant images by a random angle up to this many degrees."),
    Param("horizontal_flip", "bool", False, display="flip horizontally",
          help="Mirror half of the images left-right (wrong for digits: a mirrored 3 is "
               "not a 3)."),
    Param("brightness_range", "float", 0.0, 0.0, 0.5, display="brightness",
          help="Add a random brightness change of up to this amount."),
    Param("noise_std", "float", 0.0, 0.0, 0.5, display="noise",
          help="Add random gaussian noise with this standard deviation to every pixel."),
)

#: preprocessing choices: (stored value, label)
PREPROCESSING = (
    (None, "none"),
    ("standardize", "standardize (mean 0, std 1 per feature)"),
    ("minmax", "scale to [0, 1]"),
)


#: skipped rows or files named one by one in the data panel (the rest are counted)
SKIPS_SHOWN = 3
#: least height of the scatter/image preview, in pixels, and in classroom mode
PREVIEW_HEIGHT = 220
PREVIEW_HEIGHT_CLASSROOM = 380
#: fewer training examples than this after skipping rows earns a warning
FEW_EXAMPLES = 10


def augment_preview(spec, images: np.ndarray, seed: int = 0) -> np.ndarray | None:
    """The ``images`` passed through the augmentation ``spec`` asks for (None if unavailable)."""
    try:
        from dlstudio.data.augment import augmenter_from
    except ImportError:
        return None
    augmenter = augmenter_from(spec.augmentation_settings)
    if augmenter is None:
        return None
    return np.asarray(augmenter(np.ascontiguousarray(images, dtype=np.float32),
                                np.random.default_rng(seed)))


def preprocessing_choices() -> list[tuple[str | None, str, str]]:
    """(stored name, display, help) of every preprocessing step, "none" first."""
    out: list[tuple[str | None, str, str]] = [(None, "none", "")]
    try:
        from dlstudio.data.preprocess import PREPROCESSORS
    except ImportError:
        return out + [(name, label, "") for name, label in PREPROCESSING[1:]]
    return out + [(e.name, e.display, e.help) for e in PREPROCESSORS.entries()]


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
        self.task_note = QLabel(self)
        self.task_note.setWordWrap(True)
        self.task_note.setVisible(False)
        #: rows or files of the user's data that were skipped, and why (hidden when none)
        self.skip_note = QLabel(self)
        self.skip_note.setObjectName("skip_note")
        self.skip_note.setWordWrap(True)
        self.skip_note.setProperty("role", "problem")
        self.skip_note.setVisible(False)
        self.params = ParamFormWidget(factory=self._path_editor, parent=self)
        self.params.sigChanged.connect(self._on_param_changed)

        self.val_split = self._fraction_box("validation_split")
        self.test_split = self._fraction_box("test_split")
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setKeyboardTracking(False)
        self.seed.valueChanged.connect(lambda v: self._edit(seed=int(v)))
        self.preprocessing = compact(QComboBox(self))
        self.preprocessing.setObjectName("preprocessing_combo")
        self._preprocessing = preprocessing_choices()
        for value, _label, _help in self._preprocessing:
            self.preprocessing.addItem("", value)
        self.preprocessing.activated.connect(self._on_preprocessing_activated)
        self.augment = ParamFormWidget(AUGMENT_PARAMS, {}, parent=self)
        self.augment.sigChanged.connect(self._on_augment_changed)

        self.preview = DataPreviewWidget(self)
        self.preview.setMinimumHeight(PREVIEW_HEIGHT)
        self.augmented = DataPreviewWidget(self)
        self.augmented.setMinimumHeight(170)

        self.box_dataset = QGroupBox(self)
        lay = QVBoxLayout(self.box_dataset)
        lay.addWidget(self.dataset)
        lay.addWidget(self.help)
        lay.addWidget(self.params)
        lay.addWidget(self.where)
        lay.addWidget(self.task_note)
        lay.addWidget(self.skip_note)
        self.box_split = QGroupBox(self)
        self.split_form = QFormLayout(self.box_split)
        self.split_labels = [QLabel(self) for _ in range(4)]
        for label, field in zip(self.split_labels, (self.val_split, self.test_split,
                                                    self.preprocessing, self.seed)):
            self.split_form.addRow(label, field)
        #: how many training examples the validation split took (said plainly: 6,000 of
        #: MNIST's 60,000 by default)
        self.split_note = QLabel(self)
        self.split_note.setObjectName("split_note")
        self.split_note.setWordWrap(True)
        self.split_note.setProperty("role", "hint")
        self.split_note.setVisible(False)
        self.split_form.addRow(self.split_note)
        self.box_augment = QGroupBox(self)
        lay = QVBoxLayout(self.box_augment)
        lay.addWidget(self.augmented)
        lay.addWidget(self.augment)
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

    def _fraction_box(self, name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setObjectName(name)
        box.setRange(0.0, 0.9)
        box.setSingleStep(0.05)
        box.setDecimals(2)
        box.setKeyboardTracking(False)
        box.valueChanged.connect(lambda v: self._edit(**{name: round(float(v), 4)}))
        return box

    # -- translation ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.box_dataset.setTitle(self.tr("Dataset"))
        self.box_split.setTitle(self.tr("Splits and preprocessing"))
        self.box_augment.setTitle(self.tr("Augmentation (training images only)"))
        self.box_preview.setTitle(self.tr("Preview (training split)"))
        for i in range(self.dataset.count()):
            entry = self.datasets.entry(self.dataset.itemData(i))
            self.dataset.setItemText(i, tr_help(entry.display))
            self.dataset.setItemData(i, tr_help(entry.help), Qt.ItemDataRole.ToolTipRole)
        texts = (self.tr("Validation fraction"), self.tr("Test fraction"),
                 self.tr("Preprocessing"), self.tr("Seed"))
        for label, text in zip(self.split_labels, texts):
            label.setText(text)
        if getattr(self, "_last_dataset", None) is not None:
            self._show_split_note(self._last_dataset)
            self._show_skip_note(self._last_dataset)
            self._show_task_note(self._last_dataset)
        entry = self._entry()
        if entry is not None:
            self.help.setText(tr_help(entry.help))
        self.val_split.setToolTip(self.tr("Part of the training data held out to check how "
                                          "well the network does on examples it never "
                                          "trains on."))
        self._show_test_split()
        self.seed.setToolTip(self.tr("The same seed gives the same data, split and order."))
        for i, (value, label, help_text) in enumerate(self._preprocessing):
            self.preprocessing.setItemText(i, self.tr("none") if value is None
                                           else tr_help(label))
            self.preprocessing.setItemData(i, tr_help(help_text), Qt.ItemDataRole.ToolTipRole)
        self.preprocessing.setToolTip(self.tr("Statistics are fitted on the training split "
                                              "only, then applied to every split."))
        self.params.retranslate()
        self.augment.retranslate()
        self._update_where()

    # -- model -> view ----------------------------------------------------------------------------
    def refresh(self) -> None:
        spec = self.studio.data_spec
        blockers = [QSignalBlocker(w) for w in (self.dataset, self.val_split, self.test_split,
                                                self.seed, self.preprocessing)]
        self.dataset.setCurrentIndex(max(0, self.dataset.findData(
            self.datasets.resolve(spec.dataset) if spec.dataset in self.datasets
            else spec.dataset)))
        self.val_split.setValue(spec.validation_split)
        self.test_split.setValue(spec.test_split)
        self.seed.setValue(int(spec.seed))
        steps = [s.get("type") for s in spec.preprocessing]
        self.preprocessing.setCurrentIndex(max(0, self.preprocessing.findData(
            steps[0] if steps else None)))
        del blockers
        entry = self._entry()
        if entry is not None:
            if self.params.params != tuple(entry.params):
                self.params.set_params(entry.params, spec.params)
            else:
                self.params.set_values(spec.params)
            self.help.setText(tr_help(entry.help))
            is_image = entry.meta.get("kind") == "image"
            self.box_augment.setVisible(is_image)
        self.augment.set_values(spec.augmentation)
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
        own = self.own_test_size()
        self.test_split.setEnabled(own == 0)
        self.split_labels[1].setEnabled(own == 0)
        if own:
            self.test_split.setToolTip(self.tr(
                "Not used: this dataset brings its own test set of %1 examples, which the "
                "final test uses.").replace("%1", f"{own:,}"))
        else:
            self.test_split.setToolTip(self.tr("Part held out for a final test, used only "
                                               "when the dataset has no test set of its own."))

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
        if ok:
            text = self.tr("Found in %1").replace("%1", render(where))
        elif getattr(where, "id", "") == "data.where.not_found":
            # the catalogue's sentence names a terminal command: here the window's own ways
            text = self.tr("Not on this computer yet: it is downloaded when loaded (this "
                           "needs the internet), or give the folder that holds its files in "
                           "Path above (Browse...).")
        else:
            text = self.tr("Not downloaded yet: it will be downloaded when loaded "
                           "(%1)").replace("%1", render(where))
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
        self._show_task_note(dataset)
        self._show_skip_note(dataset)
        self._show_split_note(dataset)
        try:
            # 2-D points show their spread (covariance ellipse, σx, σy, r), raw or
            # preprocessed: lesson 11 compares the raw cloud with what each step makes of it
            self.preview.show_dataset(dataset, spread=True)
            self._show_augmented(dataset)
        except Exception:
            log.warning("cannot preview the dataset", exc_info=True)
            self.preview.show_message(lambda: self.tr("No preview for this dataset."))

    def _show_task_note(self, dataset) -> None:
        info = getattr(dataset, "info", None)
        note = getattr(info, "task_note", "")
        guessed = bool(getattr(info, "task_guessed", False))
        if note:
            text = (self.tr("Warning: task %1") if guessed
                    else self.tr("Task: %1")).replace("%1", render(note))
            self.task_note.setText(text)
        self.task_note.setProperty("role", "problem" if guessed else "hint")
        self.task_note.style().polish(self.task_note)
        self.task_note.setVisible(bool(note))

    def _show_skip_note(self, dataset) -> None:
        """What the loader left out of the user's file(s), and a warning when almost nothing
        is left to train on."""
        report = list(getattr(dataset, "report", None) or [])
        lines = []
        if report:
            lines.append(self.tr("One row or file was skipped:") if len(report) == 1 else
                         self.tr("%1 rows or files were skipped:").replace("%1", str(len(report))))
            for where, why in report[:SKIPS_SHOWN]:
                lines.append(f"• {skipped_place(where)}: {render(why)}")
            if len(report) > SKIPS_SHOWN:
                lines.append(self.tr("... and %1 more (the command dlstudio data lists them "
                                     "all)").replace("%1", str(len(report) - SKIPS_SHOWN)))
        n_train = len(getattr(dataset, "x_train", ()))
        if report and n_train < FEW_EXAMPLES:
            lines.append(self.tr("Only %1 training examples are left: check the file.")
                         .replace("%1", str(n_train)))
        self.skip_note.setText("\n".join(lines))
        self.skip_note.setVisible(bool(lines))

    def _show_split_note(self, dataset) -> None:
        from dlstudio.data.split import validation_note
        from dlstudio.gui.i18n import render

        note = (validation_note(dataset, self.tr("Validation fraction"))
                if hasattr(dataset, "x_val") else None)
        self.split_note.setText(render(note) if note is not None else "")
        self.split_note.setVisible(note is not None)

    def _show_augmented(self, dataset) -> None:
        spec = self.studio.data_spec
        if dataset is None or dataset.x_train.ndim != 4 or not spec.augments:
            self.augmented.show_message(lambda: self.tr("Set an augmentation below to see "
                                                        "examples of what the network will "
                                                        "train on."))
            return
        images = dataset.x_train[:16]
        out = augment_preview(spec, images, seed=int(spec.seed))
        if out is None:
            self.augmented.show_message(lambda: self.tr("Augmentation preview is not "
                                                        "available."))
        else:
            self.augmented.show_images(out, dataset.y_train[:16],
                                       getattr(dataset.info, "class_names", None))

    def _on_studio_loading(self, loading: bool) -> None:
        entry = self._entry()
        if loading and entry is not None and not entry.meta.get("offline", True):
            self.progress = QProgressDialog(self.tr("Loading %1...").replace(
                "%1", tr_help(entry.display)), self.tr("Hide"), 0, 0, self)
            self.progress.setWindowTitle(self.tr("Loading data"))
            self.progress.setMinimumDuration(500)
            self.progress.setAutoClose(True)
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
        name = self.dataset.itemData(index)
        if name != self.studio.data_spec.dataset:
            self._edit(dataset=name, params={})

    def _on_param_changed(self, name: str, value) -> None:
        self._edit(params={**self.studio.data_spec.params, name: value})

    def _on_preprocessing_activated(self, index: int) -> None:
        value = self.preprocessing.itemData(index)
        self._edit(preprocessing=() if value is None else ({"type": value},))

    def _on_augment_changed(self, name: str, value) -> None:
        aug = dict(self.studio.data_spec.augmentation)
        default = next(p.default for p in AUGMENT_PARAMS if p.name == name)
        if value == default:
            aug.pop(name, None)
        else:
            aug[name] = value
        self._edit(augmentation=aug)
        self._show_augmented(self._last_dataset)  # at once, from the images already loaded


def skipped_place(where: object) -> str:
    """Where a skipped row or file was, as short as the student needs: a CSV line as
    "data.csv:58", an image with its class folder as "square/17.png" (two classes may each
    have a 17.png)."""
    place = Path(str(where))
    if ":" in place.name or not place.parent.name:
        return place.name
    return f"{place.parent.name}/{place.name}"
