"""Problems name a setting as the form beside it is labelled, in the window's language
(walker34 W34-6: "kernel_size 至少要为 1" beside the field 卷积核大小; the loss named
'sparse_categorical_crossentropy' while the combo showed 稀疏分类交叉熵)."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui import i18n, run_problems
from dlstudio.training.spec import TrainSpec


def _conv_problems() -> list:
    spec = NetworkSpec.coerce("mnist_convnet")
    spec = spec.replace_layer(0, LayerSpec("Conv2D", {"filters": 32, "kernel_size": 0,
                                                      "strides": -2}))
    spec = spec.replace_layer(1, LayerSpec("MaxPooling2D", {"pool_size": "abc"}))
    return [i18n.render(p) for p in spec.validate()]


def _regression_data() -> SimpleNamespace:
    y = np.linspace(0, 1, 8, dtype=np.float32)
    return SimpleNamespace(x_train=np.zeros((8, 1), np.float32), y_train=y, y_val=y[:0],
                           y_test=y[:0])


def _loss_said(loss: str) -> str:
    variant = SimpleNamespace(name="A", network_spec=NetworkSpec.coerce("toy_2d")
                              .with_input_shape((1,)), train_spec=TrainSpec(loss=loss))
    return run_problems.data_problems([variant], _regression_data(), "sine")


def test_layer_settings_are_named_by_their_labels_in_english(qapp):
    said = "\n".join(_conv_problems())
    assert "Kernel size must be at least 1" in said and "Strides must be at least 1" in said
    assert "Pool size" in said
    assert "kernel_size" not in said and "pool_size" not in said
    loss = _loss_said("sparse_categorical_crossentropy")
    assert "Sparse categorical cross-entropy" in loss and "Mean squared error" in loss
    assert "sparse_categorical_crossentropy" not in loss and "'mse'" not in loss


def test_layer_settings_are_named_by_their_labels_in_chinese(qapp):
    try:
        i18n.set_language("zh_CN")
        said = "\n".join(_conv_problems())
        assert "卷积核大小至少要为 1" in said and "步幅至少要为 1" in said
        assert "池化窗口" in said and "pool_size" not in said
        loss = _loss_said("sparse_categorical_crossentropy")
        assert "稀疏分类交叉熵" in loss and "均方误差" in loss
        assert "sparse_categorical_crossentropy" not in loss and "mse" not in loss
    finally:
        i18n.set_language("en")
