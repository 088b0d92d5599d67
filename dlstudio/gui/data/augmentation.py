"""Augmentation in the data panel: its settings as form parameters (``AUGMENT_PARAMS``) and
``AugmentationBoxWidget``, the box with the settings' form under a grid of training images
as the network will see them augmented."""
from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from dlstudio.engine.registry import Param
from dlstudio.gui.data.preview import DataPreviewWidget
from dlstudio.gui.widgets.param_form import ParamFormWidget
from dlstudio.gui.widgets.retranslate import RetranslateMixin

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


def augmentation_with(augmentation: dict, name: str, value: Any) -> dict:
    """``augmentation`` with the setting ``name`` set to ``value`` (left out at its
    default, so an untouched setting is not stored)."""
    aug = dict(augmentation)
    default = next(p.default for p in AUGMENT_PARAMS if p.name == name)
    if value == default:
        aug.pop(name, None)
    else:
        aug[name] = value
    return aug


class AugmentationBoxWidget(RetranslateMixin, QGroupBox):
    """The augmentation box: ``users`` (which variants train with it, when not all do) over
    ``augmented`` (a preview of 16 augmented training images) over ``augment`` (the form of
    ``AUGMENT_PARAMS``; its ``sigChanged(name, value)`` is the edit)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.augment = ParamFormWidget(AUGMENT_PARAMS, {}, parent=self)
        self.augmented = DataPreviewWidget(self)
        self.augmented.setMinimumHeight(170)
        #: which variants train with the augmentation (hidden when every one does)
        self.users = QLabel(self)
        self.users.setWordWrap(True)
        self.users.setProperty("role", "hint")
        self.users.setVisible(False)
        self._users: tuple[list[str], list[str]] = ([], [])
        lay = QVBoxLayout(self)
        lay.addWidget(self.users)
        lay.addWidget(self.augmented)
        lay.addWidget(self.augment)
        self.retranslate()

    def retranslate(self) -> None:
        """The box's title and the form's labels in the current language (the preview
        follows by itself)."""
        self.setTitle(self.tr("Augmentation (training images only)"))
        self.augment.retranslate()
        self._show_users()

    def show_users(self, variants: Any, augments: bool) -> None:
        """Say which of ``variants`` (``Studio.variants``: their training settings'
        ``augment`` switches the augmenter on or off) train with the augmentation set here
        when some do not (walker17 W17-9: lesson 13's A trains on plain images while the box
        showed B's settings); nothing when no augmentation is set or every variant uses it."""
        on = [v.name for v in variants if getattr(v.train_spec, "augment", True)]
        off = [v.name for v in variants if not getattr(v.train_spec, "augment", True)]
        self._users = (on, off) if augments and off else ([], [])
        self._show_users()

    def _show_users(self) -> None:
        on, off = self._users
        if not off:
            self.users.setVisible(False)
            return
        comma = ", "                # between variant letters, in either language
        if not on:
            text = self.tr("Not used: the training settings switch augmentation off, so the "
                           "network trains on the plain images.")
        else:
            text = self.tr("Only %1 trains with this augmentation; %2 trains on the plain "
                           "images.").replace(
                "%1", comma.join(on)).replace("%2", comma.join(off))
        self.users.setText(text)
        self.users.setVisible(True)

    def show_for(self, dataset: Any, spec: Any) -> None:
        """Show the first 16 training images of ``dataset`` augmented as the data spec
        ``spec`` asks, or say why there is nothing to show."""
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
