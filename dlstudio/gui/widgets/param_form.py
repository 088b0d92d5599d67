"""Forms generated from registry ``Param`` metadata.

``ParamFormWidget`` turns a list of ``Param`` into labelled editors (spin boxes, check boxes,
combo boxes, text fields), each with the parameter's help as its tooltip, and reports edits
with ``sigChanged(name, value)``. ``set_values`` updates the editors with their signals blocked
(model -> view never echoes back). ``RegistryChooserWidget`` picks a family member (an
activation, an initializer, an optimizer...) and shows that member's own parameters below it;
its value is a Keras identifier: ``"relu"`` or ``{"class_name": "leaky_relu", "config": {...}}``.
Editors for parameters that need a registry are supplied by ``editor_factory``.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QSignalBlocker, QSize, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QLabel,
                               QLineEdit, QSpinBox, QStyle, QStyleOptionSpinBox, QVBoxLayout,
                               QWidget)

from dlstudio.gui.i18n import tr_registry
from dlstudio.gui.widgets.clamping_spin import ClampingSpinBox
from dlstudio.gui.widgets.eliding_combo import ElidingComboBox


def compact(combo: QComboBox, chars: int = 8) -> QComboBox:
    """Let a combo box shrink below its longest item (long names never widen a dock)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


def tr_help(text: str) -> str:
    """Registry help texts are translated in the ``Registry`` context."""
    return tr_registry(text)


def plain_number(value: float, digits: int = 6) -> str:
    """``value`` to ``digits`` significant digits, written out in decimals as a student types
    it: "0.0000001", not Python's "1e-07" (walker29 W29-18: Adam's epsilon and a search's
    L2 range read "1e-07" and "1e-06" in fields beside "0.001")."""
    text = f"{value:.{digits}g}"
    if "e" not in text or not math.isfinite(value):
        return text
    exponent = int(text.split("e")[1])
    if abs(exponent) > 11:               # the box keeps 12 decimals: beyond, Python's form
        return text
    return format(Decimal(text), "f")


class SciSpinBox(QDoubleSpinBox):
    """A float spin box that shows ``0.001``/``0.00001`` (``plain_number``) and steps by x10^(1/4) on log scales.

    Six significant digits are shown, or ``digits`` (and then the box asks for the width of
    its widest such text); the value keeps all of its digits until the student edits the
    text (a search range of 0.00853617 reads "0.00854" with ``digits=3``, and the search
    still uses 0.00853617: walker25 W25-3).
    """

    def __init__(self, log: bool = False, parent: QWidget | None = None,
                 digits: int | None = None):
        super().__init__(parent)
        self._log = log
        self._digits = digits or 6
        self._fit = digits is not None
        self.setDecimals(12)
        self.setKeyboardTracking(False)

    def textFromValue(self, value: float) -> str:  # noqa: N802
        return plain_number(value, self._digits)

    def valueFromText(self, text: str) -> float:  # noqa: N802
        if text.strip() == self.textFromValue(self.value()):
            return self.value()         # shown rounded, not edited: the exact value stays
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return self.value()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self._fit_widest(super().sizeHint(), self.prefix() + self.suffix())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self._fit_widest(super().minimumSizeHint(), self.prefix())

    def _fit_widest(self, hint: QSize, fixed: str) -> QSize:
        """``hint`` (Qt's, for the range's ends) at least as wide as the widest text of
        ``digits`` digits ("-0.000888" for 3) needs, measured as Qt measures the ends: with
        the ``fixed`` text and a space after it, two pixels for the cursor, and the style's
        frame and arrows around it. (Adding the difference of the two texts' widths to
        ``hint`` made it depend on the range by a pixel with Noto Sans CJK, whose frame and
        arrows do not grow pixel for pixel with the text: fix71.)"""
        if not self._fit:
            return hint
        metrics = self.fontMetrics()
        texts = ["-0.000" + "8" * self._digits,
                 *(self.textFromValue(v) for v in (self.minimum(), self.maximum()))]
        width = max(metrics.horizontalAdvance(t + fixed + " ") for t in texts) + 2
        option = QStyleOptionSpinBox()
        self.initStyleOption(option)
        fitted = self.style().sizeFromContents(
            QStyle.ContentsType.CT_SpinBox, option,
            QSize(width, self.lineEdit().sizeHint().height()), self)
        return QSize(max(hint.width(), fitted.width()), hint.height())

    def validate(self, text: str, pos: int):
        if re.fullmatch(r"[-+]?(\d+[.,]?\d*|[.,]\d+)([eE][-+]?\d*)?", text.strip()):
            return QValidator.State.Acceptable, text, pos
        if re.fullmatch(r"[-+]?[\d.,eE+-]*", text.strip()):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos

    def stepBy(self, steps: int) -> None:  # noqa: N802
        value = self.value()
        if self._log and value > 0:
            self.setValue(value * 10 ** (0.25 * steps))
        else:
            step = 10 ** math.floor(math.log10(abs(value))) / 10 if value else 0.1
            self.setValue(value + steps * step)


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


def none_member(registry) -> str | None:
    """The registry member that "none" names (an alias: the linear activation), if any."""
    try:
        return registry.resolve("none")
    except KeyError:
        return None


class RegistryChooserWidget(QWidget):
    """Choose a registry member and set its parameters; the value is a Keras identifier."""

    sigEdited = Signal(object)

    def __init__(self, registry, allow_none: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.registry = registry
        self.allow_none = allow_none
        #: the member that no value means, when the registry names one ("none" is an
        #: alias of the linear activation): it stands for None, with no "(none)" item
        #: of its own beside it (walker14 W14-12: "(none)" and "Linear (none)")
        self.none_member = none_member(registry) if allow_none else None
        self.combo = compact(ElidingComboBox(self))
        if allow_none and self.none_member is None:
            self.combo.addItem("", None)
        for entry in registry.entries():
            self.combo.addItem(entry.display, entry.name)
        self.sub = ParamFormWidget(parent=self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.combo)
        lay.addWidget(self.sub)
        self.combo.activated.connect(self._on_combo_activated)
        self.sub.sigChanged.connect(lambda *_: self.sigEdited.emit(self.value()))
        self._show_entry(self.combo.currentData(), {})
        self.retranslate()

    def retranslate(self) -> None:
        self.combo.setPlaceholderText(QCoreApplication.translate("Param", "(mixed)"))
        if self.allow_none and self.none_member is None:
            self.combo.setItemText(0, QCoreApplication.translate("Param", "(none)"))
        for i in range(self.combo.count()):
            name = self.combo.itemData(i)
            if name is not None:
                entry = self.registry.entry(name)
                self.combo.setItemText(i, QCoreApplication.translate("Registry", entry.display))
                self.combo.setItemData(i, tr_help(entry.help), 3)  # Qt.ToolTipRole
        self.sub.retranslate()

    def _show_entry(self, name: str | None, config: dict) -> None:
        params = self.registry.entry(name).params if name is not None else ()
        self.sub.set_params(params, config)
        self.sub.setVisible(bool(params))

    def _on_combo_activated(self, _index: int) -> None:
        self._show_entry(self.combo.currentData(), {})
        self.sigEdited.emit(self.value())

    def value(self) -> Any:
        name = self.combo.currentData()
        if name is None:
            return None
        entry = self.registry.entry(name)
        config = {k: v for k, v in self.sub.values().items()
                  if k in {p.name for p in entry.params}
                  and v != entry.param(k).default}
        if not config and name == self.none_member:
            return None
        return {"class_name": name, "config": config} if config else name

    def set_mixed(self) -> None:
        """Show "(mixed)" and no member: the things this box stands for disagree."""
        blocker = QSignalBlocker(self.combo)
        self.combo.setCurrentIndex(-1)
        blocker.unblock()
        sub_blocker = QSignalBlocker(self.sub)
        self._show_entry(None, {})
        sub_blocker.unblock()

    def is_mixed(self) -> bool:
        return self.combo.currentIndex() < 0

    def set_value(self, identifier: Any) -> None:
        if identifier is None:
            name, config = ((self.none_member, {}) if self.allow_none
                            else (self.combo.itemData(0), {}))
        else:
            try:
                name, config = self.registry.split_identifier(identifier)
            except (KeyError, ValueError):
                name, config = self.combo.itemData(0), {}
        blocker = QSignalBlocker(self.combo)
        self.combo.setCurrentIndex(max(0, self.combo.findData(name)))
        blocker.unblock()
        sub_blocker = QSignalBlocker(self.sub)
        self._show_entry(name, config)
        sub_blocker.unblock()
