"""``engine.validation.check``: a layer's settings are checked one by one, so every bad
setting of every layer is named at once (walker32 W32-2)."""
from __future__ import annotations

from dlstudio.engine.spec import LayerSpec, NetworkSpec


def _texts(spec: NetworkSpec) -> list[str]:
    return [str(p) for p in spec.validate()]


def test_two_bad_settings_of_one_layer_are_both_named():
    spec = NetworkSpec((28, 28, 1), (
        LayerSpec("Conv2D", {"filters": -3, "kernel_size": "zz"}),
        LayerSpec("Flatten"), LayerSpec("Dense", {"units": 10})))
    texts = _texts(spec)
    assert texts == ["layer 1 conv2d: filters must be at least 1, got -3",
                     "layer 1 conv2d: kernel_size must be a whole number, got 'zz'"]
    [row] = [r for r in spec.describe_layers() if r.problems]
    assert len(row.problems) == 2


def test_every_layer_is_checked_and_each_problem_names_its_field():
    spec = NetworkSpec((28, 28, 1), (
        LayerSpec("Conv2D", {"filters": 4, "kernel_size": 3, "padding": "wide",
                             "activation": "nope", "use_bias": "yes"}),
        LayerSpec("MaxPooling2D", {"pool_size": 0, "strides": -1}),
        LayerSpec("Flatten"),
        LayerSpec("Dropout", {"rate": 2, "seed": -1}),
        LayerSpec("Dense", {"units": 0, "name": 5})))
    problems = spec.validate()
    fields = {(p.layer_index, str(p.message).split(" ")[0].rstrip(":")) for p in problems}
    assert fields == {(0, "padding"), (0, "activation"), (0, "use_bias"),
                      (1, "pool_size"), (1, "strides"), (3, "rate"), (3, "seed"),
                      (4, "units"), (4, "name")}


def test_an_unknown_setting_does_not_hide_a_bad_value():
    spec = NetworkSpec((4,), (LayerSpec("Dense", {"units": -1, "unitz": 3}),))
    texts = _texts(spec)
    assert len(texts) == 2
    assert "'unitz'" in texts[0] and "units must be at least 1" in texts[1]


def test_a_problem_of_two_settings_together_is_still_reported():
    # each setting is fine alone; together the kernel constraint's axis does not exist
    spec = NetworkSpec((4,), (LayerSpec("Dense", {
        "units": 2, "kernel_constraint": {"class_name": "max_norm", "config": {"axis": 5}}}),))
    [problem] = spec.validate()
    assert problem.layer_index == 0 and "axis" in problem.message


def test_a_valid_layer_is_built_once_and_reports_nothing():
    spec = NetworkSpec((28, 28, 1), (LayerSpec("Conv2D", {"filters": 2, "kernel_size": 3}),))
    assert spec.validate() == []


def test_a_missing_setting_is_named_once_beside_the_other_problems():
    spec = NetworkSpec((28, 28, 1), (LayerSpec("Conv2D", {"filters": None, "kernel_size": 0}),))
    texts = _texts(spec)
    assert len(texts) == 2
    assert "filters" in texts[0] and "kernel_size must be at least 1" in texts[1]


def test_the_problems_of_settings_read_in_chinese():
    from dlstudio.messages import render

    spec = NetworkSpec((28, 28, 1), (
        LayerSpec("Conv2D", {"filters": -3, "kernel_size": "zz", "strides": [1, 2, 3],
                             "padding": "wide", "use_bias": "yes", "name": 5}),
        LayerSpec("Flatten", {"trainable": "no"}),
        LayerSpec("Dense", {"units": 2**40})))
    texts = [render(p.describe(), "zh") for p in spec.validate()]
    assert texts == [
        "第 1 层 conv2d：filters 至少要为 1，得到的是 -3",
        "第 1 层 conv2d：kernel_size 必须是整数，得到的是 'zz'",
        "第 1 层 conv2d：strides 必须是一个数或两个数（高，宽），得到的是 [1, 2, 3]",
        "第 1 层 conv2d：padding 必须是 'valid'（不加边框，输出变小）或 'same'（补零边框，"
        "步长为 1 时输出大小不变），得到的是 'wide'",
        "第 1 层 conv2d：use_bias 必须是 true 或 false，得到的是 'yes'",
        "第 1 层 conv2d：name 必须是文字，得到的是 5",
        "第 2 层 flatten：trainable 必须是 true 或 false，得到的是 'no'",
        "第 3 层 dense：units 至多为 2,147,483,647，得到的是 1099511627776"]


def test_unknown_names_read_in_chinese_and_name_their_field():
    from dlstudio.messages import render

    spec = NetworkSpec((28, 28, 1), (
        LayerSpec("Conv2D", {"filters": 3, "kernel_size": 3, "activation": "relux"}),
        LayerSpec("BatchNormalization", {"gamma_initializer": "onez"})))
    english = [str(p) for p in spec.validate()]
    assert english[0].startswith("layer 1 conv2d: activation: unknown activation 'relux'. "
                                 "Did you mean 'relu', ")
    assert english[1].startswith("layer 2 batch_normalization: gamma_initializer: unknown "
                                 "initializer 'onez'. Did you mean 'ones'? Known: zeros,")
    chinese = [render(p.describe(), "zh") for p in spec.validate()]
    assert chinese[0].startswith("第 1 层 conv2d：activation：未知的 activation：'relux'。"
                                 "是不是想用 'relu'、")
    assert chinese[1].startswith("第 2 层 batch_normalization：gamma_initializer：未知的 "
                                 "initializer：'onez'。是不是想用 'ones'？已知的有：zeros")


def test_numbers_out_of_range_read_in_chinese():
    from dlstudio.messages import render

    spec = NetworkSpec((4,), (
        LayerSpec("BatchNormalization", {"momentum": 2, "epsilon": "small"}),
        LayerSpec("Dense", {"units": 2, "activation": {"class_name": "leaky_relu",
                                                       "config": {"alpha": -1}}})))
    english = [str(p) for p in spec.validate()]
    assert english == [
        "layer 1 batch_normalization: momentum must be a number between 0 and 1, got 2",
        "layer 1 batch_normalization: epsilon must be a number between 10⁻¹² and 1, got "
        "'small'",
        "layer 2 dense: activation: activation 'leaky_relu': alpha must be a number between "
        "0 and 1, got -1"]
    chinese = [render(p.describe(), "zh") for p in spec.validate()]
    assert chinese == [
        "第 1 层 batch_normalization：momentum 必须是 0 到 1 之间的数，得到的是 2",
        "第 1 层 batch_normalization：epsilon 必须是 10⁻¹² 到 1 之间的数，得到的是 'small'",
        "第 2 层 dense：activation：activation 'leaky_relu'：alpha 必须是 0 到 1 之间的数，"
        "得到的是 -1"]


def test_a_spec_file_names_every_layer_it_cannot_read(tmp_path):
    import pytest

    from dlstudio.engine.spec import SpecError
    from dlstudio.messages import render_error

    path = tmp_path / "net.json"
    path.write_text('{"input_shape": [2], "layers": [{"units": 3}, {"type": "Flatten"}, '
                    '{"type": 5}]}')
    with pytest.raises(SpecError) as err:
        NetworkSpec.load(path)
    text = str(err.value)
    assert "layer 1: " in text and "layer 3: " in text and "layer 2" not in text
    chinese = render_error(err.value, "zh")
    assert "第 1 层：" in chinese and "第 3 层：" in chinese


def test_a_layer_with_bad_settings_still_names_the_input_it_cannot_take():
    # walker34 W34-7: a Conv2D on flat data with kernel 0 and strides -2 is told all three,
    # not the shape only once its values are fixed
    from dlstudio.messages import render

    spec = NetworkSpec((1,), (
        LayerSpec("Conv2D", {"filters": 32, "kernel_size": 0, "strides": -2}),
        LayerSpec("Flatten"), LayerSpec("Dense", {"units": 1})))
    english = _texts(spec)
    assert english[:2] == ["layer 1 conv2d: kernel_size must be at least 1, got 0",
                           "layer 1 conv2d: strides must be at least 1, got -2"]
    assert len(english) == 3 and english[2].startswith(
        "layer 1 conv2d: needs images shaped (height, width, channels) but gets")
    chinese = [render(p.describe(), "zh") for p in spec.validate()]
    assert chinese[2].startswith("第 1 层 conv2d：需要形状为 (高, 宽, 通道) 的图像")
    [row] = [r for r in spec.describe_layers() if r.problems]
    assert len(row.problems) == 3 and row.output_shape is None


def test_a_dense_or_pooling_layer_with_bad_settings_names_its_input_too():
    pooled = NetworkSpec((8,), (LayerSpec("MaxPooling2D", {"pool_size": 0}),))
    assert [p.message.id for p in pooled.validate()][-1] == "spec.needs_images"
    dense = NetworkSpec((28, 28, 1), (LayerSpec("Dense", {"units": -1}),))
    assert [p.message.id for p in dense.validate()] == ["setting.at_least",
                                                       "spec.dense_needs_flat"]


def test_a_bad_setting_that_could_make_the_input_fit_adds_no_shape_problem():
    # a 5x5 kernel does not fit a 2x2 image, but with kernel 0 nobody knows the kernel yet
    spec = NetworkSpec((2, 2, 1), (LayerSpec("Conv2D", {"filters": 0, "kernel_size": 5}),))
    assert len(spec.validate()) == 1


def test_a_one_value_input_is_one_value_not_one_values():
    # walker34's regression data (input shape [1]) read "a flat vector of 1 values"
    from dlstudio.messages import render

    spec = NetworkSpec((1,), (LayerSpec("Conv2D", {"filters": 2, "kernel_size": 3}),))
    [problem] = spec.validate()
    assert "gets a flat vector of 1 value;" in str(problem)
    assert "长度为 1 的扁平向量" in render(problem.describe(), "zh")
    [problem] = NetworkSpec((784,), (LayerSpec("MaxPooling2D"),)).validate()
    assert "gets a flat vector of 784 values;" in str(problem)
