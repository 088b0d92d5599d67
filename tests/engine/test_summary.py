"""Output shapes and parameter counts equal what Keras prints for the same architectures."""
from __future__ import annotations

import pytest

from dlstudio.engine.presets import PRESETS
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.engine.summary import format_summary

L = LayerSpec

# (spec, [(output shape, params) per layer], total, trainable) as Keras 3 reports them
CASES = {
    "mnist_convnet": (PRESETS["mnist_convnet"](), [
        ((26, 26, 32), 320), ((13, 13, 32), 0), ((11, 11, 64), 18496), ((5, 5, 64), 0),
        ((3, 3, 64), 36928), ((576,), 0), ((64,), 36928), ((10,), 650)], 93322, 93322),
    "mlp_300_100": (PRESETS["mlp_300_100"](), [
        ((784,), 0), ((300,), 235500), ((100,), 30100), ((10,), 1010)], 266610, 266610),
    "small_vgg": (PRESETS["small_vgg"](), [
        ((28, 28, 32), 320), ((28, 28, 32), 9248), ((14, 14, 32), 0), ((14, 14, 64), 18496),
        ((14, 14, 64), 36928), ((7, 7, 64), 0), ((3136,), 0), ((128,), 401536), ((128,), 0),
        ((10,), 1290)], 467818, 467818),
    "strides_bn_frozen": (NetworkSpec((28, 28, 1), (
        L("Conv2D", {"filters": 16, "kernel_size": 3, "strides": 2, "padding": "same", "use_bias": False}),
        L("BatchNormalization"),
        L("Conv2D", {"filters": 8, "kernel_size": 3, "strides": 2}),
        L("AveragePooling2D", {"pool_size": 3, "strides": 2, "padding": "same"}),
        L("Flatten"),
        L("Dense", {"units": 32, "activation": "relu", "trainable": False}),
        L("BatchNormalization"),
        L("Dropout", {"rate": 0.3}),
        L("Dense", {"units": 10, "activation": "softmax"}))), [
        ((14, 14, 16), 144), ((14, 14, 16), 64), ((6, 6, 8), 1160), ((3, 3, 8), 0), ((72,), 0),
        ((32,), 2336), ((32,), 128), ((32,), 0), ((10,), 330)],
        144 + 64 + 1160 + 2336 + 128 + 330, 144 + 32 + 1160 + 64 + 330),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_shapes_and_counts_match_keras(case):
    spec, expected, total, trainable = CASES[case]
    rows = spec.describe_layers()
    assert [(r.output_shape, r.n_params) for r in rows] == expected
    assert sum(r.n_params for r in rows) == total
    assert sum(r.n_trainable for r in rows) == trainable


@pytest.mark.parametrize("case", sorted(CASES))
def test_network_summary_agrees_with_spec_summary(case):
    from dlstudio import Network

    spec, _, total, trainable = CASES[case]
    net = Network.from_spec(spec, seed=0)
    text = net.summary()
    assert f"Total params: {total:,}" in text
    assert f"Trainable params: {trainable:,}" in text
    assert f"Non-trainable params: {total - trainable:,}" in text
    assert net.n_params == total and net.n_trainable == trainable


def test_summary_table_lists_names_types_and_batch_axis():
    text = format_summary(PRESETS["mnist_convnet"]().describe_layers())
    assert "conv2d (Conv2D)" in text and "(None, 26, 26, 32)" in text
    assert "dense_1 (Dense)" in text and "(None, 10)" in text


def test_cli_summary(capsys):
    from dlstudio.cli import main

    assert main(["summary", "mnist_convnet"]) == 0
    assert "Total params: 93,322" in capsys.readouterr().out
    assert main(["summary", "no_such_thing"]) == 2
