"""Glue between the GUI and the headless spec/engine/data packages.

Everything the GUI needs from ``dlstudio.engine``, ``dlstudio.data`` and ``dlstudio.training``
to create, read and convert specs goes through these few functions, imported lazily so that
the window can appear before the engine (and Numba) load.
"""
from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_PRESET = "toy_2d"


def default_network_spec():
    return preset_network(DEFAULT_PRESET)


def preset_network(name: str):
    """The ``NetworkSpec`` of preset ``name`` (registry entries are spec factories)."""
    from dlstudio.engine.presets import PRESETS

    return PRESETS[name]()


def default_data_spec():
    from dlstudio.data.spec import DataSpec

    return preset_data_spec(DEFAULT_PRESET) or DataSpec()


def default_train_spec():
    """The training settings a new session starts with: those recommended for the default
    network (Adam, η = 0.01, 50 epochs for the toy on spirals). A bare ``TrainSpec`` (RMSprop,
    η = 0.001, 5 epochs) left a newcomer's first Start at 67% with a straight boundary
    through both spirals (walker10 W10-19)."""
    return preset_train_spec(DEFAULT_PRESET)


def preset_data_spec(preset: str):
    """A ``DataSpec`` for the dataset a preset is meant for, when the preset says so."""
    try:
        from dlstudio.data.spec import DataSpec
        from dlstudio.engine.presets import PRESETS

        meta = PRESETS.entry(preset).meta
        if "dataset" in meta:
            return DataSpec(dataset=meta["dataset"])
    except Exception:
        log.debug("no dataset for preset %s", preset, exc_info=True)
    return None


def preset_train_spec(preset: str):
    """The ``TrainSpec`` recommended for a preset: a default spec with the preset's
    ``meta["train"]`` changes (the default spec when it recommends none)."""
    from dlstudio.engine.presets import PRESETS
    from dlstudio.training.spec import TrainSpec

    changes = dict(PRESETS.entry(preset).meta.get("train", {}))
    return TrainSpec().replace(**changes) if changes else TrainSpec()


def network_essence(network_spec: Any) -> tuple:
    """What makes ``network_spec`` the network it is: its input shape and each layer's type
    and settings, leaving out layer names and settings written out at their default value
    (a network read back from a Keras file spells out ``use_bias: true``, initializers and
    names "dense_1"...: it is still the preset it was exported from)."""
    import json

    from dlstudio.engine.layers import LAYERS

    layers = []
    for layer in network_spec.layers:
        try:
            defaults = {p.name: p.default for p in LAYERS.entry(layer.type).params}
        except Exception:   # an unknown type: compared with every setting
            defaults = {}
        kept = {}
        for key, value in layer.config.items():
            if key == "name" or value == defaults.get(key, object()):
                continue
            if key == "activation" and value == "linear" and defaults.get(key) is None:
                continue            # "linear" spelled out is no activation
            kept[key] = json.dumps(value, sort_keys=True)
        layers.append((layer.type, tuple(sorted(kept.items()))))
    return tuple(network_spec.input_shape), tuple(layers)


def matching_preset(network_spec: Any) -> str | None:
    """The name of the preset whose network is exactly ``network_spec`` (None if none is)."""
    from dlstudio.engine.presets import PRESETS

    mine = network_essence(network_spec)
    for name in PRESETS.names():
        try:
            if network_essence(PRESETS[name]()) == mine:
                return name
        except Exception:   # a preset that cannot build here is simply not a match
            log.debug("preset %s cannot be built", name, exc_info=True)
    return None


#: layers that do not change which network a spec is (for ``nearest_preset``)
SIDE_LAYERS = frozenset({"BatchNormalization", "Dropout", "Activation"})


def _core_layers(spec: Any) -> list[tuple]:
    """(type, units or filters) of the layers that shape the network, in order."""
    return [(layer.type, layer.config.get("units", layer.config.get("filters")))
            for layer in spec.layers if layer.type not in SIDE_LAYERS]


def _hidden_activations(spec: Any) -> frozenset:
    """The activations of a network's hidden layers (its own, or an Activation layer's),
    linear ones aside; the output layer's is left out (every classifier has softmax)."""
    weighted = [i for i, layer in enumerate(spec.layers) if layer.type not in SIDE_LAYERS
                and layer.config.get("units", layer.config.get("filters")) is not None]
    last = weighted[-1] if weighted else len(spec.layers)
    found = {_activation_name(layer.config.get("activation")) for layer in spec.layers[:last]}
    return frozenset(a for a in found if a not in (None, "linear", ""))


def _activation_name(value: Any) -> str | None:
    """The name in an activation identifier (``"elu"`` or a Keras-style dict), None in anything
    else a file can hold there (a list was unhashable here: walker25 W25-2's sweep)."""
    if isinstance(value, dict):
        value = value.get("class_name", value.get("name"))
    return value if isinstance(value, str) else None


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def mlp_sizes(network_spec: Any) -> str | None:
    """"784-64-8-10" for a plain multilayer perceptron (an optional Flatten, then Dense
    layers; ``SIDE_LAYERS`` ignored): the input size and each layer's units, three or more
    equal layers in a row as one with their count ("784-64×30-10"). None for any other
    network."""
    core = _core_layers(network_spec)
    if core and core[0][0] == "Flatten":
        core = core[1:]
    if not core or any(kind != "Dense" or not _whole(units) for kind, units in core):
        return None       # (units of a hand-edited file may be anything: no MLP to name)
    if not all(_whole(d) for d in network_spec.input_shape):
        return None
    n_inputs = 1
    for d in network_spec.input_shape:
        n_inputs *= int(d)
    # three or more equal layers in a row are written once with their count
    # ("784-64×10-10"): thirty 64-unit layers made the name run out of the box (walker8)
    parts, sizes = [str(n_inputs)], [int(units) for _, units in core]
    i = 0
    while i < len(sizes):
        j = i
        while j < len(sizes) and sizes[j] == sizes[i]:
            j += 1
        parts.append(f"{sizes[i]}×{j - i}" if j - i >= 3 else "-".join([str(sizes[i])] * (j - i)))
        i = j
    return "-".join(parts)


def same_layer_sizes(network_spec: Any, preset: str) -> bool:
    """Whether ``network_spec`` has the layer types and sizes of preset ``preset`` (side
    layers and activations aside)."""
    from dlstudio.engine.presets import PRESETS

    return _core_layers(PRESETS[preset]()) == _core_layers(network_spec)


def _changes(a: list, b: list) -> int:
    """Insertions, deletions and replacements turning ``a`` into ``b`` (edit distance)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def nearest_preset(network_spec: Any, prefer: str | None = None) -> str | None:
    """The preset ``network_spec`` reads as an edit of, or None (a custom network).

    A preset qualifies when its input shape is the same and its layers, ignoring
    ``SIDE_LAYERS`` and activations, differ by at most half of them (at least 1) in
    insertions, deletions or changed sizes, and its hidden layers share an activation with
    the network's (when both name one). The closest qualifying preset wins; ``prefer`` (the
    preset applied last) wins ties. So "deep sigmoid MLP with batch norm" is that preset
    modified, while an MNIST network is never "the 2-D toy network, modified", nor a
    ten-layer ReLU network "Deep sigmoid MLP, modified" (walker12 W12-13).
    """
    from dlstudio.engine.presets import PRESETS

    mine = _core_layers(network_spec)
    acts = _hidden_activations(network_spec)
    best: tuple[int, int, str] | None = None
    for name in PRESETS.names():
        try:
            preset = PRESETS[name]()
        except Exception:   # a preset that cannot build here is simply not a candidate
            log.debug("preset %s cannot be built", name, exc_info=True)
            continue
        if tuple(preset.input_shape) != tuple(network_spec.input_shape):
            continue
        theirs_acts = _hidden_activations(preset)
        if acts and theirs_acts and not acts & theirs_acts:
            continue
        theirs = _core_layers(preset)
        n = _changes(theirs, mine)
        if n <= max(1, len(theirs) // 2):
            key = (n, name != prefer, name)
            best = key if best is None or key < best else best
    return best[2] if best is not None else None


def coerce_data(spec: Any):
    from dlstudio.data.spec import DataSpec

    if isinstance(spec, DataSpec):
        return spec
    if isinstance(spec, dict):
        return DataSpec.from_dict(spec)
    if isinstance(spec, str):
        return DataSpec(dataset=spec)
    raise TypeError(f"cannot use {spec!r} as a data spec")


def make_store():
    """The plots' ``RunStore`` (or a minimal list until it exists)."""
    try:
        from dlstudio.gui.run_store import RunStore
    except ImportError:
        return ListStore()
    return RunStore()


class ListStore:
    """A stand-in for ``RunStore``: keeps every snapshot in a list."""

    def __init__(self) -> None:
        self.snapshots: list = []

    def append(self, snap) -> None:
        self.snapshots.append(snap)

    def clear(self) -> None:
        self.snapshots.clear()


def build_network(spec: Any, seed: int = 0):
    """Build a network from ``spec``; None (logged) when the spec is invalid."""
    from dlstudio.engine.network import Network

    try:
        return Network.from_spec(spec, seed=seed)
    except Exception:
        log.debug("cannot build the network", exc_info=True)
        return None


def load_dataset(data_spec: Any, progress=None):
    """Load (and for MNIST maybe download) a dataset; ``progress(done, total, message)``."""
    from dlstudio.data import load

    return load(data_spec, progress=progress)


def registry_name(registry: Any, name: str) -> str:
    """Member ``name`` of ``registry`` as the window names it, in its language; a name the
    registry does not know (a file or folder of the student's own) as given."""
    from dlstudio.gui.i18n import tr_registry

    try:
        return tr_registry(registry.entry(name).display)
    except Exception:   # not a registered name
        return str(name)


def dataset_name(dataset: str) -> str:
    """A dataset as the Data panel names it ("Two spirals")."""
    from dlstudio.data import DATASETS

    return registry_name(DATASETS, dataset)


def optimizer_name(optimizer: str) -> str:
    """An optimizer as the Training panel names it ("RMSprop", "Adam")."""
    from dlstudio.engine.optimizers import OPTIMIZERS

    return registry_name(OPTIMIZERS, optimizer)
