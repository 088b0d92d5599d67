"""A framework an export needs and that is not installed is named in the user's language
(walker38 W38-17: the Keras export said so in English under a Chinese window's buttons)."""
from __future__ import annotations

import pytest

from dlstudio.interop import ExportError, require
from dlstudio.messages import render_error


def test_a_missing_framework_is_named_in_both_languages():
    with pytest.raises(ExportError) as info:
        require("no_such_framework_w38.sub", "Keras")
    assert str(info.value) == ("Exporting to Keras needs the 'no_such_framework_w38' "
                               "package, which is not installed; install it with: "
                               "pip install \"dlstudio[export]\"")
    zh = render_error(info.value, "zh")
    assert zh.startswith("导出为 Keras 需要“no_such_framework_w38”包，但它没有安装")
    assert 'pip install "dlstudio[export]"' in zh


def test_the_window_shows_it_in_chinese(qapp):
    from dlstudio.gui import i18n
    from dlstudio.gui.errors import describe_error

    with pytest.raises(ExportError) as info:
        require("no_such_framework_w38", "ONNX")
    i18n.set_language("zh_CN")
    try:
        assert describe_error(info.value).startswith("导出为 ONNX 需要")
    finally:
        i18n.set_language("en")
