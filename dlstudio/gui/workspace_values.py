"""Which settings of a workspace being opened the session could not use (``unusable_settings``).

A hand-edited workspace can hold a learning rate of "fast", an epoch count of -5 or a layer's
"units" of "sixty-four". The Training panel's widgets and the layer form's number boxes and
check boxes take only values of their kind, so such a file is refused where it is read, naming
each setting as the panels name it (walker18 W18-6), rather than handed to the panels.
"""
from __future__ import annotations

from dlstudio.engine.spec import NetworkSpec
from dlstudio.gui import i18n
from dlstudio.gui.setting_labels import problem_text
from dlstudio.messages import Message
from dlstudio.training.spec import TrainSpec


def unusable_settings(network: NetworkSpec, train: TrainSpec) -> str:
    """The settings of ``network`` and ``train`` the session could not use, one "• <where>:
    <problem>" line each in the UI language ("" when all are usable).

    Checked where a file is read, so that no panel is handed a learning rate of "fast" or
    an epoch count of -5 (walker18 W18-6): the Training panel's widgets and the layer
    form's number boxes and check boxes take only values of their kind. (A layer setting
    of the right kind that does not fit, e.g. a kernel larger than its input, opens: the
    network editor shows it at its layer, as it does while the student edits.)"""
    lines = ([_capital(i18n.render(p)) for p in _layer_setting_problems(network)]
             + [problem_text(p) for p in train.validate()])
    return "\n".join(f"• {line}" for line in lines)


def _capital(line: str) -> str:
    return line[:1].upper() + line[1:]


def _layer_setting_problems(network: NetworkSpec) -> list[Message]:
    """Layer settings whose value is not of its kind (a number setting holding text, a list
    or null where it has no "not set"; a yes/no setting holding anything but true/false)."""
    from dlstudio.engine.layers import LAYERS

    found = []
    for i, (layer, name) in enumerate(zip(network.layers, network.layer_names())):
        entry = LAYERS.entry(layer.type) if layer.type in LAYERS else None
        for param in entry.params if entry is not None else ():
            value = layer.config.get(param.name, param.default)
            if value is None and param.default is None:
                continue
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            if (param.kind in ("int", "float") and not numeric) or (
                    param.kind == "bool" and not isinstance(value, bool)):
                found.append(Message("spec.at_layer", number=i + 1, name=name,
                                     text=param.check(value)))
    return found
