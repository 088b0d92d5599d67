"""Variants with different layers (B has batch normalization that A lacks): every panel
draws each variant from its own layers and never raises during a refresh."""
from __future__ import annotations

import logging

import numpy as np
import pytest

from dlstudio.gui.plots.multiples import layer_slots


@pytest.fixture(scope="module")
def depth_run():
    """A: the toy network; B: the same with batch norm after every hidden layer."""
    from dlstudio.data import load
    from dlstudio.engine.network import Network
    from dlstudio.engine.presets import PRESETS
    from dlstudio.engine.spec_edits import add_batchnorm
    from dlstudio.gui.plots.realrun import TinyRun
    from dlstudio.training import Trainer, TrainSpec
    from dlstudio.training.spec import TelemetrySpec

    data = load("moons", n_samples=200)
    spec = TrainSpec(epochs=2, batch_size=32, optimizer="adam", learning_rate=0.01,
                     telemetry=TelemetrySpec(snapshots_per_second=1000.0, probe_size=64))
    run = TinyRun(data)
    a = PRESETS["toy_2d"]()
    for name, net_spec in (("A", a), ("B", add_batchnorm(a))):
        net = Network.from_spec(net_spec, seed=0)
        run.networks[name] = net
        run.trainers[name] = Trainer(net, data, spec, variant=name)
    return run, list(run.snapshots())


@pytest.fixture
def depth_store(store, depth_run, filler):
    return filler(store, depth_run[1])


def test_layers_are_lined_up_by_name(depth_store):
    names_a, names_b = depth_store.layer_names("A"), depth_store.layer_names("B")
    assert len(names_b) > len(names_a)
    slots = layer_slots(depth_store)
    assert [s.name for s in slots if "A" in s.indices] == list(names_a)
    assert [s.name for s in slots if "B" in s.indices] == list(names_b)
    for slot in slots:
        for variant, index in slot.indices.items():
            assert depth_store.layer_names(variant)[index] == slot.name
    assert [s.position for s in slots] == sorted(s.position for s in slots)


@pytest.mark.parametrize("panel_name", ["ConvergencePanel", "GradientsPanel",
                                        "ActivationsPanel", "WeightsPanel", "OutcomePanel"])
def test_every_panel_draws_each_variant_from_its_own_layers(panel_name, depth_store, depth_run,
                                                            qtbot, caplog):
    import dlstudio.gui.plots as plots

    panel = getattr(plots, panel_name)(depth_store)
    qtbot.addWidget(panel)
    if hasattr(panel, "set_network_getter"):
        for name, net in depth_run[0].networks.items():
            panel.set_network_getter(lambda n=net: n, name)
    if hasattr(panel, "set_dataset"):
        data = depth_run[0].dataset
        panel.set_dataset(data.x_val if len(data.x_val) else data.x_train,
                          data.y_val if len(data.y_val) else data.y_train, None)
    panel.resize(900, 700)
    panel.show()
    with caplog.at_level(logging.WARNING):
        for _ in range(40):                       # a rebuild, then every piece over ticks
            panel.refresh(force=True)
            if not getattr(panel, "pending_items", 0):
                break
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
    for attr in ("norm_curves", "ratio_curves", "hist_curves"):
        curves = getattr(panel, attr, None)
        if not curves:
            continue
        for (variant, layer), curve in curves.items():
            names = depth_store.layer_names(variant)
            assert 0 <= layer < len(names), (attr, variant, layer)
        # every curve holds data of its own variant's layer; A has no curve for B's layers
        n_a = len(depth_store.layer_names("A"))
        assert all(layer < n_a for v, layer in curves if v == "A")
        assert any(v == "B" and layer >= n_a for v, layer in curves) or attr == "ratio_curves"
    if panel_name == "GradientsPanel":
        for (variant, layer), curve in panel.norm_curves.items():
            x, y = depth_store.series(variant, panel.shown, layer=layer)
            keep = y > 0
            np.testing.assert_allclose(curve.yData, y[keep])
        bn = [k for k, c in panel.norm_curves.items()
              if "batch" in depth_store.layer_names(k[0])[k[1]]]
        assert all(v == "B" for v, _ in bn)
    # a variant without batch norm draws no gap points at all: an all-NaN series made
    # pyqtgraph print "All-NaN slice encountered" at every paint (walker15 W15-5)
    for (variant, which), curve in getattr(panel, "gap_curves", {}).items():
        y = curve.getData()[1]
        assert y is None or len(y) == 0 or np.isfinite(y).any(), (variant, which)


def test_layers_go_by_name_alone_when_the_variants_number_them_differently(depth_store):
    """walker28 (A/B activations): '1 dense, 2 dense_1, 3 dropout, dense_2' - numbers on the
    layers before the extra one, names alone after it. B's batch norm layers shift its
    numbers, so every layer goes by its name, as in the findings ('layer dense_1 (number 3
    in B)')."""
    from dlstudio.gui.plots.multiples import numbers_agree

    assert not numbers_agree(depth_store)
    slots = layer_slots(depth_store)
    assert [s.label() for s in slots] == [s.name for s in slots]
    assert all(s.number() == "" for s in slots)
