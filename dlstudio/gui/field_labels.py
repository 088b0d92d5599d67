"""Settings and losses named in messages as the window shows them.

The Qt-free packages name a setting by its key in their messages ("kernel_size must be at
least 1"), which is what a network file or the command line says; the window labels the
field otherwise ("Kernel size", 卷积核大小), and its Loss combo shows a loss by its display
name (稀疏分类交叉熵, not 'sparse_categorical_crossentropy'). ``labelled`` gives such a
message the names on screen, in the window's language (walker34 W34-6), before
``i18n.render`` shows it.
"""
from __future__ import annotations

from functools import cache
from typing import Any

from PySide6.QtCore import QCoreApplication

from dlstudio.messages import Message

#: messages whose ``name`` is a setting of a layer or an optimizer (``engine/numbers.py``,
#: ``Param.check``)
SETTING_MESSAGES = ("setting.", "param.")
#: messages whose values name losses (quoted keys, ``training/run_data.loss_problem``)
LOSS_MESSAGES = ("data_fit.loss_needs_classes", "data_fit.loss_needs_numbers",
                 "data_fit.output_not_probabilities", "data_fit.output_not_logits")
LOSS_VALUES = ("loss", "use", "use2")
#: messages naming activations, shown by the Activation combo's names
ACTIVATION_MESSAGES = ("data_fit.output_not_probabilities", "data_fit.output_not_logits")
ACTIVATION_VALUES = ("activation", "use")


@cache
def _param_labels() -> dict[str, str]:
    """Setting key -> its form label in English (the layers' and optimizers' ``Param``)."""
    from dlstudio.engine.layers import LAYERS
    from dlstudio.engine.optimizers import OPTIMIZERS

    labels: dict[str, str] = {}
    for registry in (LAYERS, OPTIMIZERS):
        for name in registry.names():
            for param in registry.entry(name).params:
                labels.setdefault(param.name, param.label)
    return labels


def param_label(key: str) -> str | None:
    """The label of a layer's or optimizer's setting ``key`` on its form ("Kernel size"),
    translated as the form translates it (context ``Param``), or None when no form shows it
    (the training settings' names are ``setting_labels``')."""
    label = _param_labels().get(key)
    if label is None:
        return None
    label = QCoreApplication.translate("Param", label)
    return label[:1].upper() + label[1:]


def loss_label(value: Any, lang: str) -> str | None:
    """The Loss combo's name for the loss ``value`` names (its key, quoted or not), set
    apart as language ``lang`` sets a name apart; None for no known loss."""
    from dlstudio.engine.losses import LOSSES

    return _combo_label(LOSSES, value, lang)


def activation_label(value: Any, lang: str) -> str | None:
    """The Activation combo's name for the activation ``value`` names (as ``loss_label``)."""
    from dlstudio.engine.activations import ACTIVATIONS

    return _combo_label(ACTIVATIONS, value, lang)


def _combo_label(registry: Any, value: Any, lang: str) -> str | None:
    """The display name of ``registry``'s entry that ``value`` names (quoted or not), set
    apart as language ``lang`` sets a name apart; None when it names none."""
    try:
        key = registry.resolve(str(value).strip("'\""))     # 'mse' is an alias
    except (KeyError, ValueError):
        return None
    # translated as the combo translates it (``i18n.tr_registry``, which cannot be imported
    # here: i18n imports this module)
    label = QCoreApplication.translate("Registry", registry.entry(key).display)
    return f"“{label}”" if lang.startswith("zh") else label


def labelled(text: Any, lang: str) -> Any:
    """``text`` (a ``Message``, its values possibly messages too) with the settings and
    losses it names by their names on screen in language ``lang`` (the translator
    installed for it); anything else as it is."""
    if isinstance(text, (list, tuple)):
        return type(text)(labelled(t, lang) for t in text)
    if not isinstance(text, Message):
        return text
    values = {key: labelled(value, lang) for key, value in text.values.items()}
    name = values.get("name")
    if text.id.startswith(SETTING_MESSAGES) and isinstance(name, str) \
            and not isinstance(name, Message):
        values["name"] = param_label(name) or name
    if text.id in LOSS_MESSAGES:
        for key in LOSS_VALUES:
            if key in values:
                values[key] = loss_label(values[key], lang) or values[key]
    if text.id in ACTIVATION_MESSAGES:
        for key in ACTIVATION_VALUES:
            if key in values:
                values[key] = activation_label(values[key], lang) or values[key]
    if all(values[k] is v for k, v in text.values.items()):
        return text
    return Message(text.id, **values)
