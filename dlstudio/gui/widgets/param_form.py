"""Forms generated from registry ``Param`` metadata.

``ParamFormWidget`` turns a list of ``Param`` into labelled editors (spin boxes, check boxes,
combo boxes, text fields: ``make_editor``), each with the parameter's help as its tooltip, and
reports edits with ``sigChanged(name, value)``. ``set_values`` updates the editors with their
signals blocked (model -> view never echoes back). Editors for parameters that need a registry
are supplied by ``editor_factory``. The float editor is ``sci_spin.SciSpinBox``; choosing a
registry member with its own parameters is ``registry_chooser.RegistryChooserWidget``.
"""
from __future__ import annotations

import math
import re
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QSpinBox,
                               QWidget)

from dlstudio.gui.i18n import tr_registry
from dlstudio.gui.widgets.clamping_spin import ClampingSpinBox
from dlstudio.gui.widgets.sci_spin import SciSpinBox


def compact(combo: QComboBox, chars: int = 8) -> QComboBox:
    """Let a combo box shrink below its longest item (long names never widen a dock)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


def tr_help(text: str) -> str:
    """Registry help texts are translated in the ``Registry`` context."""
    return tr_registry(text)


class IntsEdit(QLineEdit):
    """Edits an int or a tuple of ints ("3" or "3, 3")."""

    sigEdited = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.editingFinished.connect(self._on_editing_finished)

    def set_value(self, value: Any) -> None:
        if isinstance(value, (list, tuple)):
            self.setText(", ".join(str(v) for v in value))
        else:
            self.setText("" if value is None else str(value))

    def value(self) -> Any:
        parts = [p for p in re.split(r"[,\sx×]+", self.text().strip()) if p]
        try:
            ints = [int(p) for p in parts]
        except ValueError:
            return self.text()  # passed on as is; the spec's validation explains the problem
        if len(ints) == 1:
            return ints[0]
        return tuple(ints) if ints else None

    def _on_editing_finished(self) -> None:
        self.sigEdited.emit(self.value())


def shown_number(value: Any, low: float, high: float, whole: bool = False) -> float | None:
    """``value`` as a number a spin box from ``low`` to ``high`` can show, None if it is none.

    A spec read from a file can hold inf (``1e400``), NaN, ``10**30``, text or a list where a
    number belongs: its validation names the problem for the student, and the editor shows the
    nearest value it can instead of raising (walker25 W25-2). Text holding a number is read.
    """
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    if not isinstance(value, (int, float)) or (isinstance(value, float) and math.isnan(value)):
        return None
    value = min(max(value, low), high)
    return int(value) if whole else float(value)


EditorFactory = Callable[[Any], "QWidget | None"]


def make_editor(param, factory: EditorFactory | None = None) -> QWidget:
    """An editor widget for ``param`` with ``value()``, ``set_value(v)`` and ``sigEdited``."""
    if factory is not None:
        special = factory(param)
        if special is not None:
            return special
    kind = param.kind
    if kind == "bool":
        w = QCheckBox()
        w.value = w.isChecked
        w.set_value = lambda v, w=w: w.setChecked(bool(v))
        w.sigEdited = w.toggled
    elif kind == "int":
        w = ClampingSpinBox()
        w.setKeyboardTracking(False)
        low = int(param.low) if param.low is not None else (0 if param.default is None
                                                             else -10**9)
        # a required setting (a layer's units) has no "not set": 0 units turned the field
        # into "-" and the layer into a Python error (walker23 W23-9)
        optional = param.default is None and not param.required
        if optional:  # one step below the range stands for "not set"
            low -= 1
            w.setSpecialValueText("-")
        w.setRange(low, int(param.high) if param.high is not None else 10**9)
        w.offered_range = (w.minimum(), w.maximum())
        w.set_value = lambda v, w=w: _show_number(w, v, whole=True, fallback=w.minimum())
        if optional:
            w.value = lambda w=w: None if w.value_raw() == w.minimum() else w.value_raw()
            w.value_raw = QSpinBox.value.__get__(w)
        w.sigEdited = w.valueChanged
    elif kind == "float":
        w = SciSpinBox(log=param.log)
        w.setRange(param.low if param.low is not None else -1e12,
                   param.high if param.high is not None else 1e12)
        w.offered_range = (w.minimum(), w.maximum())
        w.set_value = lambda v, w=w: _show_number(w, v, whole=False, fallback=0.0)
        w.sigEdited = w.valueChanged
    elif kind == "choice":
        w = compact(QComboBox())
        for choice in param.choices:
            w.addItem(str(choice), choice)
        w.value = w.currentData
        w.set_value = lambda v, w=w: w.setCurrentIndex(_choice_index(w, v))
        w.sigEdited = w.activated
    elif kind == "ints":
        w = IntsEdit()
    else:
        w = QLineEdit()
        w.value = w.text
        w.set_value = lambda v, w=w: w.setText("" if v is None else str(v))
        w.sigEdited = w.editingFinished
    return w


#: the largest numbers a spin box holds (QSpinBox: a C int; the float ones' default range)
_INT_LIMIT, _FLOAT_LIMIT = 2**31 - 1, 1e12


def _show_number(w: QSpinBox, value: Any, whole: bool, fallback: float) -> None:
    """Show ``value`` in the spin box ``w``: a number beyond the range the form offers that the
    box can hold (stddev 30, 5,000 units) widens its range for as long as it is shown; inf,
    ``10**30`` and the like show as the nearest end of the offered range; no number at all
    (text, a list, NaN) as ``fallback``."""
    low, high = w.offered_range
    w.setRange(low, high)
    limit = _INT_LIMIT if whole else _FLOAT_LIMIT
    number = shown_number(value, -limit, limit, whole)
    if number is None:
        w.setValue(fallback)
        return
    if -limit < number < limit:
        if number > high:
            w.setMaximum(number)
        # (an optional int's lowest value stands for "not set": that end stays)
        if number < low and not w.specialValueText():
            w.setMinimum(number)
    w.setValue(number)


def _choice_index(combo: QComboBox, value: Any) -> int:
    """The item holding ``value`` (the first when none does); compared in Python, as Qt's
    ``findData`` raises on values it cannot convert (``10**30``)."""
    for i in range(combo.count()):
        data = combo.itemData(i)
        if data == value and isinstance(data, bool) == isinstance(value, bool):
            return i
    return 0


def _emit_value(widget: QWidget, callback: Callable[[Any], None]) -> None:
    widget.sigEdited.connect(lambda *_: callback(widget.value()))


class ParamFormWidget(QWidget):
    """Labelled editors for a list of ``Param``; ``sigChanged(name, value)`` on each edit."""

    sigChanged = Signal(str, object)

    def __init__(self, params=(), values: dict | None = None,
                 factory: EditorFactory | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.factory = factory
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.params = ()
        self.set_params(params, values or {})

    def set_params(self, params, values: dict) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors.clear()
        self.labels.clear()
        self.params = tuple(params)
        for p in self.params:
            editor = make_editor(p, self.factory)
            label = QLabel(self)
            self.labels[p.name] = label
            self.editors[p.name] = editor
            _emit_value(editor, lambda v, n=p.name: self.sigChanged.emit(n, v))
            self.form.addRow(label, editor)
        self.retranslate()
        self.set_values(values)

    def retranslate(self) -> None:
        for p in self.params:
            label = QCoreApplication.translate("Param", p.label)
            self.labels[p.name].setText(label[:1].upper() + label[1:])
            tip = tr_help(p.help)
            self.labels[p.name].setToolTip(tip)
            self.editors[p.name].setToolTip(tip)
            if p.kind == "choice" and isinstance(self.editors[p.name], QComboBox):
                combo = self.editors[p.name]
                for i, choice in enumerate(p.choices):   # "auto" -> a word of the language
                    if isinstance(choice, str) and i < combo.count():
                        combo.setItemText(i, QCoreApplication.translate("ParamChoice", choice))

    def set_values(self, values: dict) -> None:
        """Show ``values`` (defaults for missing names) without emitting ``sigChanged``."""
        for p in self.params:
            editor = self.editors[p.name]
            blocker = QSignalBlocker(editor)
            try:
                editor.set_value(values.get(p.name, p.default))
            finally:
                blocker.unblock()

    def values(self) -> dict:
        return {name: editor.value() for name, editor in self.editors.items()}
