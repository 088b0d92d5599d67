"""Malformed network specs: every one gives the project's own error naming the layer and the
fix, without allocating weights, in time linear in the number of layers."""
from __future__ import annotations

import inspect
import json
import math
import tracemalloc

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlstudio.engine import validation
from dlstudio.engine.network import Network
from dlstudio.engine.presets import PRESETS
from dlstudio.engine.spec import LayerSpec, NetworkSpec, SpecError

NAN, INF, BIG = float("nan"), float("inf"), 10**400


def net(layers, shape=(4,)) -> dict:
    return {"input_shape": list(shape), "layers": layers}


def dense(**settings) -> dict:
    return {"type": "Dense", "units": 2, **settings}


def init(name, **config) -> dict:
    return dense(kernel_initializer={"class_name": name, "config": config})


CONV = {"type": "Conv2D", "filters": 2, "kernel_size": 3}
#: (spec dict, layer number the problem names or None, words the message contains)
BAD = {
    "name is a list": (net([dense(name=["a"])]), 1, "name must be text"),
    "name is a dict": (net([dense(name={"a": 1}), dense()]), 1, "name must be text"),
    "units 10**400": (net([dense(units=BIG)]), 1, "units must be at most"),
    # walker23 W23-9: "Dense.__init__() missing 1 required positional argument: 'units'"
    "units left out": (net([{"type": "Dense"}]), 1, "units must be set"),
    "units None": (net([dense(units=None)]), 1, "units must be set"),
    "kernel_size left out": (net([{"type": "Conv2D", "filters": 2}, {"type": "Flatten"},
                                  dense()], (8, 8, 1)), 1, "kernel_size must be set"),
    "filters 10**400": (net([{**CONV, "filters": BIG}, {"type": "Flatten"}, dense()], (8, 8, 1)),
                        1, "filters must be at most"),
    "strides 2**64": (net([{**CONV, "strides": 2**64}, {"type": "Flatten"}, dense()], (8, 8, 1)),
                      1, "strides must be at most"),
    "pool 2**64": (net([{"type": "MaxPooling2D", "pool_size": 2**64}, {"type": "Flatten"},
                        dense()], (8, 8, 1)), 1, "pool_size must be at most"),
    "input 10**400": (net([dense()], (BIG,)), None, "input shape"),
    "input Infinity": (net([dense()], (INF,)), None, "input shape"),
    "stddev NaN": (net([init("random_normal", stddev=NAN)]), 1, "stddev must be"),
    "stddev Infinity": (net([init("random_normal", stddev=INF)]), 1, "stddev must be"),
    "stddev 10**400": (net([init("truncated_normal", stddev=BIG)]), 1, "stddev must be"),
    "mean NaN": (net([init("random_normal", mean=NAN)]), 1, "mean must be"),
    "mean -Infinity": (net([init("random_normal", mean=-INF)]), 1, "mean must be"),
    "constant NaN": (net([init("constant", value=NAN)]), 1, "value must be"),
    "constant 10**400": (net([init("constant", value=BIG)]), 1, "value must be"),
    "minval -Infinity": (net([init("random_uniform", minval=-INF)]), 1, "minval must be"),
    "BN epsilon NaN": (net([dense(), {"type": "BatchNormalization", "epsilon": NAN}]), 2,
                       "epsilon must be a number between"),
    "BN momentum NaN": (net([dense(), {"type": "BatchNormalization", "momentum": NAN}]), 2,
                        "momentum must be a number between 0 and 1"),
    "BN momentum 10**400": (net([dense(), {"type": "BatchNormalization", "momentum": BIG}]),
                            2, "momentum must be"),
    "max_norm axis 7": (net([dense(kernel_constraint={"class_name": "max_norm",
                                                      "config": {"axis": 7}})]),
                        1, "axis 7 does not exist"),
    "max_norm axis twice": (net([dense(kernel_constraint={"class_name": "max_norm",
                                                          "config": {"axis": [0, -2]}})]),
                            1, "names an axis twice"),
    "max_norm NaN": (net([dense(kernel_constraint={"class_name": "max_norm",
                                                   "config": {"max_value": NAN}})]),
                     1, "max_value must be"),
    "l2 10**400": (net([dense(kernel_regularizer={"l2": BIG})]), 1, "l2 must be"),
    "leaky_relu alpha NaN": (net([dense(activation={"class_name": "leaky_relu",
                                                    "config": {"alpha": NAN}})]),
                             1, "alpha must be"),
    "identifier with a list": (net([dense(activation={"class_name": ["relu"]})]), 1,
                               "cannot read"),
    "dropout NaN": (net([dense(), {"type": "Dropout", "rate": NAN}]), 2, "rate"),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_values_are_problems_naming_the_layer(case):
    spec_dict, layer, words = BAD[case]
    problems = NetworkSpec.from_dict(spec_dict).validate()
    assert problems, case
    assert words in str(problems[0])
    assert problems[0].layer_index == (None if layer is None else layer - 1)
    assert len(str(problems[0])) < 400            # a 400-digit number is not repeated


@pytest.mark.parametrize("text, words", [
    ("[" * 1500 + "]" * 1500, "nested too deeply"),
    ('{"input_shape": [2], "layers": [{"type": "Dense", "units": 2, "x": '
     + "[" * 1500 + "]" * 1500 + "}]}", "nested too deeply"),
    ('{"input_shape": [2], "layers": [{"type": ["Dense"]}]}', "layer 1: a layer's \"type\""),
    ('{"input_shape": [2], "layers": ["Dense"]}', "layer 1: each layer needs"),
    ('{"input_shape": [2], "layers": [{"type": "Dense", "units": 1' + "0" * 5000 + "}]}",
     "not valid JSON"),
])
def test_unreadable_json_is_a_spec_error(text, words):
    with pytest.raises(SpecError, match=words.replace("[", r"\[").replace('"', '"')):
        NetworkSpec.from_json(text)


def test_deep_python_data_is_a_spec_error():
    deep: list = []
    for _ in range(1500):
        deep = [deep]
    with pytest.raises(SpecError, match="nested more than"):
        NetworkSpec.from_dict(net([dense(units=deep)]))


def test_a_network_of_more_layers_than_dlstudio_builds_is_refused_when_read():
    """walker18 W18-7: a file with 5,002 layers froze the window for minutes."""
    from dlstudio.engine.spec import MAX_LAYERS

    fits = NetworkSpec.from_dict(net([dense(units=4)] * MAX_LAYERS))
    assert len(fits.layers) == MAX_LAYERS
    with pytest.raises(SpecError, match=f"has {MAX_LAYERS + 1} layers.*at most {MAX_LAYERS}"):
        NetworkSpec.from_dict(net([dense(units=4)] * (MAX_LAYERS + 1)))


def test_minus_infinity_and_huge_literals_in_json():
    text = json.dumps(net([init("random_uniform", minval=-INF)]))     # writes -Infinity
    assert "-Infinity" in text
    assert "minval must be" in str(NetworkSpec.from_json(text).validate()[0])
    text = '{"input_shape": [2], "layers": [{"type": "Dense", "units": 2, ' \
           '"kernel_regularizer": {"l2": 1e400}}]}'
    assert "l2 must be" in str(NetworkSpec.from_json(text).validate()[0])


def test_huge_networks_are_counted_without_allocating(monkeypatch):
    monkeypatch.setenv(validation.LIMIT_VARIABLE, "1")
    cases = [(net([dense(units=10**9)]), 4 * 10**9 + 10**9),
             (net([dense()], (10**9,)), 2 * 10**9 + 2),
             (net([CONV, {"type": "Flatten"}, dense()], (3, 3, 10**6)), 3 * 3 * 10**6 * 2 + 2 + 6)]
    tracemalloc.start()
    try:
        for spec_dict, n_params in cases:
            spec = NetworkSpec.from_dict(spec_dict)
            assert sum(r.n_params for r in spec.describe_layers()) == n_params
            problems = spec.validate()
            assert problems and problems[-1].layer_index is None
            assert "memory" in problems[-1].message
            assert validation.LIMIT_VARIABLE in problems[-1].message
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 2**20      # no weights: far below the gigabytes they would take


def test_the_memory_limit_can_be_raised(monkeypatch):
    spec_dict = net([{"type": "Flatten"}, dense()], (3000, 3000, 3))   # ~3.5 GB at batch 32
    monkeypatch.setenv(validation.LIMIT_VARIABLE, "1")
    message = str(NetworkSpec.from_dict(spec_dict).validate()[0])
    assert "for a batch of 32" in message and "limit of 1.0 GB" in message
    monkeypatch.setenv(validation.LIMIT_VARIABLE, "64")
    assert NetworkSpec.from_dict(spec_dict).validate() == []
    huge = NetworkSpec.from_dict(net([{"type": "Flatten"}, dense()], (100000, 100000, 3)))
    assert "TB" in str(huge.validate()[0])


@pytest.mark.parametrize("preset", PRESETS.names())
def test_counts_without_building_equal_the_built_network(preset):
    spec = PRESETS[preset]()
    built = Network.from_spec(spec, seed=0)
    rows = spec.describe_layers()
    assert [r.n_params for r in rows] == [layer.n_params for layer in built.layers]
    assert [r.n_trainable for r in rows] == [layer.n_trainable for layer in built.layers]


def test_batchnorm_and_frozen_counts_without_building():
    spec = NetworkSpec.from_dict(net([
        {**CONV, "use_bias": False}, {"type": "BatchNormalization", "center": False},
        {"type": "Flatten"}, dense(trainable=False)], (6, 6, 3)))
    built = Network.from_spec(spec)
    for row, layer in zip(spec.describe_layers(), built.layers):
        assert (row.n_params, row.n_trainable) == (layer.n_params, layer.n_trainable)


def test_a_spec_is_checked_once(monkeypatch):
    calls = []
    real = validation.check
    monkeypatch.setattr(validation, "check", lambda spec: calls.append(1) or real(spec))
    spec = NetworkSpec.from_dict(net([dense(units=3, activation="relu"), dense()]))
    spec.describe_layers()
    spec.validate()
    spec.output_shape()
    Network.from_spec(spec)
    assert len(calls) == 1
    edited = spec.replace_layer(0, spec.layers[0].with_config(units=5))
    edited.validate()
    assert len(calls) == 2 and edited.describe_layers()[0].n_params == 4 * 5 + 5


def test_many_layers_take_one_signature_read_per_class(monkeypatch):
    validation.accepted_args.cache_clear()
    reads = []
    real = inspect.signature
    monkeypatch.setattr(inspect, "signature", lambda f: reads.append(f) or real(f))
    layers = [dense(units=4, activation="relu") for _ in range(20000)]
    layers[0] = {**layers[0], "name": "first"}
    # built in code: a file of so many layers is refused when read (MAX_LAYERS), but the
    # validation of any spec stays linear
    spec = NetworkSpec((2,), tuple(LayerSpec.from_dict(d) for d in
                                   layers + [{"type": "Dense", "units": 4, "name": "first"}]))
    problems = spec.validate()
    assert [p.layer_index for p in problems] == [20000]      # the one duplicate name
    assert len(reads) <= 4                                   # Dense's class hierarchy, once
    names = spec.layer_names()
    assert len(set(names)) == 20000 and names[1:3] == ["dense", "dense_1"]


# -- property: no exception escapes but the project's own -----------------------------------
_SCALARS = (st.none() | st.booleans() | st.integers(min_value=-2**70, max_value=2**70)
            | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=8))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=6)
_KEYS = st.sampled_from(["units", "filters", "kernel_size", "strides", "padding", "activation",
                         "kernel_initializer", "use_bias", "rate", "momentum", "epsilon",
                         "pool_size", "name", "trainable", "kernel_constraint",
                         "kernel_regularizer", "center", "bogus"])
_TYPES = st.sampled_from(["Dense", "Conv2D", "MaxPooling2D", "AveragePooling2D", "Flatten",
                          "Dropout", "BatchNormalization", "Activation", "Dens"])
_LAYER = st.builds(lambda t, cfg: {"type": t, **cfg}, _TYPES,
                   st.dictionaries(_KEYS, _VALUES, max_size=4))
_SHAPE = st.lists(st.integers(min_value=-2, max_value=10**12) | _SCALARS, max_size=4)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=_SHAPE, layers=st.lists(_LAYER, max_size=5))
def test_any_spec_gives_problems_or_a_spec_error(shape, layers):
    try:
        spec = NetworkSpec.from_dict({"input_shape": shape, "layers": layers})
    except SpecError:
        return
    rows = spec.describe_layers()
    problems = spec.validate()
    assert len(rows) == len(layers)
    assert all(isinstance(p.message, str) and p.message for p in problems)
    if not problems:
        assert all(math.prod(r.output_shape) > 0 for r in rows)


# -- property: a spec that validates builds, and its first step runs -----------------------
def _layer(kind, **settings):
    return st.fixed_dictionaries({"type": st.just(kind)}, optional=settings)


_PAIR = st.integers(1, 4) | st.lists(st.integers(1, 4), min_size=2, max_size=2)
_AXES = st.integers(-4, 4) | st.lists(st.integers(-4, 4), min_size=1, max_size=3)
_KERNEL = {"activation": st.sampled_from(["relu", "tanh", "sigmoid", "elu", "softmax"]),
           "kernel_initializer": st.sampled_from(["he_normal", "glorot_uniform", "zeros"]),
           "use_bias": st.booleans(), "trainable": st.booleans(),
           "kernel_constraint": st.builds(lambda n, a: {"class_name": n, "config": {"axis": a}},
                                          st.sampled_from(["max_norm", "unit_norm"]), _AXES)}
_WINDOW = {"pool_size": _PAIR, "strides": _PAIR, "padding": st.sampled_from(["valid", "same"])}
_VALID_LAYER = st.one_of(
    _layer("Dense", units=st.integers(1, 5), **_KERNEL),
    _layer("Conv2D", filters=st.integers(1, 3), kernel_size=_PAIR, strides=_PAIR,
           padding=st.sampled_from(["valid", "same"]), **_KERNEL),
    _layer("MaxPooling2D", **_WINDOW), _layer("AveragePooling2D", **_WINDOW),
    _layer("Flatten"), _layer("Dropout", rate=st.floats(0, 0.9)),
    _layer("BatchNormalization", momentum=st.floats(0, 1), center=st.booleans(),
           scale=st.booleans()))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=st.sampled_from([[3], [6, 6, 2], [5, 4, 1]]),
       layers=st.lists(_VALID_LAYER, min_size=1, max_size=4))
def test_a_spec_that_validates_builds_and_steps(shape, layers):
    spec = NetworkSpec.from_dict({"input_shape": shape, "layers": layers})
    if spec.validate():
        return
    network = Network.from_spec(spec)
    assert [r.n_params for r in spec.describe_layers()] == [
        layer.n_params for layer in network.layers]
    x = np.random.default_rng(0).standard_normal((3, *spec.input_shape)).astype(np.float32)
    y = network.forward(x, training=True)
    network.backward(np.ones_like(y))
    for layer in network.layers:
        layer.apply_constraints()
