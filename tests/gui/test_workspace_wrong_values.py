"""A workspace whose settings hold values of the wrong type or range (a hand-edited file:
"learning_rate": "fast", "epochs": -5) is refused with dlstudio's own message naming the file
and each setting as the Training panel names it, in both languages; no panel is handed such a
value and the session stays as it was (walker18 W18-6). A layer setting of the wrong kind
is refused the same way, naming its layer."""
from __future__ import annotations

import json
import zipfile

import pytest

from dlstudio.gui import i18n
from dlstudio.gui import workspace as ws_controller
from dlstudio.gui import workspace_file

#: what the Training panel shows, never a Python exception's words
PYTHON_WORDS = ("Error", "Traceback", "object has no attribute", "not supported between",
                "invalid literal", "format code", "PySide6")


def _edited(small_studio, path, change) -> None:
    """Save ``small_studio`` to ``path``, then apply ``change(doc)`` to its workspace.json as
    a hand edit would."""
    workspace_file.write(path, workspace_file.capture(small_studio))
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    doc = json.loads(parts["workspace.json"])
    change(doc)
    parts["workspace.json"] = json.dumps(doc).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def _walker_edits(doc: dict) -> None:
    doc["network"]["layers"][0]["units"] = "sixty-four"
    doc["train"].update(learning_rate="fast", epochs=-5, batch_size=0)


def test_the_walkers_file_is_refused_naming_each_setting_in_both_languages(
        window, small_studio, tmp_path, monkeypatch):
    path = tmp_path / "wrongtypes.dlsw"
    _edited(small_studio, path, _walker_edits)
    said = []
    monkeypatch.setattr(ws_controller, "show_problem", lambda *args: said.append(args))
    window.workspace = ws_controller.WorkspaceController(small_studio, window,
                                                         autosave_path=tmp_path / "a.dlsw")
    before = small_studio.train_spec, small_studio.network_spec
    assert window.workspace.open(path) is False      # (pytest-qt fails on any raised slot)
    assert (small_studio.train_spec, small_studio.network_spec) == before
    text = said[0][2]
    assert text.startswith("wrongtypes.dlsw was not opened")
    for line in ("• Layer 1 dense: Units must be a number, got 'sixty-four'",
                 "• Learning rate: must be a number, got 'fast'",
                 "• Batch size: must be at least 1, got 0",
                 "• Epochs: must be at least 1, got -5"):
        assert any(said_line.startswith(line) for said_line in text.splitlines())
    assert "learning_rate" not in text and not any(w in text for w in PYTHON_WORDS)

    i18n.set_language("zh_CN")
    try:
        with pytest.raises(workspace_file.WorkspaceError) as info:
            workspace_file.read(path)
        chinese = i18n.render(info.value)
    finally:
        i18n.set_language("en")
    assert chinese.startswith("wrongtypes.dlsw 没有打开")
    assert "• 学习率：" in chinese and "'fast'" in chinese and "learning_rate" not in chinese


@pytest.mark.parametrize("key,value,label", [
    ("learning_rate", [0.1], "Learning rate"),
    ("learning_rate", None, "Learning rate"),
    ("learning_rate", {"fast": True}, "Learning rate"),
    ("epochs", "3", "Epochs"),
    ("epochs", 2.5, "Epochs"),
    ("batch_size", True, "Batch size"),
    ("batch_size", [[32]], "Batch size"),
    ("seed", None, "Seed"),
    ("clipnorm", {}, "Clip gradient norm"),
    ("optimizer", 7, "Optimizer"),
    ("optimizer_config", [1, 2], "optimizer_config"),
    ("telemetry", [1, 2], "telemetry"),
    ("early_stopping", "soon", "early_stopping"),
    ("early_stopping", {"monitor": [1], "patience": "x"}, "early_stopping.patience"),
])
def test_a_wrong_training_value_is_refused_in_our_words(small_studio, tmp_path, key, value,
                                                       label):
    path = tmp_path / "edited.dlsw"
    _edited(small_studio, path, lambda doc: doc["train"].update({key: value}))
    with pytest.raises(workspace_file.WorkspaceError) as info:
        workspace_file.read(path)
    text = str(info.value)
    assert text.startswith("edited.dlsw was not opened")
    assert f"• {label}: " in text
    assert not any(w in text for w in PYTHON_WORDS)


def test_a_variant_with_a_wrong_value_is_left_out_naming_it(small_studio, tmp_path):
    small_studio.add_variant()
    path = tmp_path / "variants.dlsw"
    _edited(small_studio, path, lambda doc: doc["variants"][0]["train"].update(epochs="many"))
    opened = workspace_file.read(path)
    assert opened.variants == []
    said = str(opened.problems[0])
    assert said.startswith("variant B was left out")
    assert "• Epochs: must be a whole number, got 'many'" in said


@pytest.mark.parametrize("setting,value,says", [
    ("units", "sixty-four", "Units must be a number, got 'sixty-four'"),
    ("units", [64], "Units must be a number, got [64]"),
    ("units", {"n": 64}, "Units must be a number, got {'n': 64}"),
    ("use_bias", "yes", "Use bias must be true or false"),
])
def test_a_layer_setting_of_the_wrong_kind_is_refused_naming_its_layer(
        window, small_studio, tmp_path, monkeypatch, setting, value, says):
    path = tmp_path / "layers.dlsw"
    _edited(small_studio, path,
            lambda doc: doc["network"]["layers"][0].update({setting: value}))
    said = []
    monkeypatch.setattr(ws_controller, "show_problem", lambda *args: said.append(args))
    window.workspace = ws_controller.WorkspaceController(small_studio, window,
                                                         autosave_path=tmp_path / "a.dlsw")
    before = small_studio.network_spec
    assert window.workspace.open(path) is False   # (pytest-qt fails on any raised slot)
    assert small_studio.network_spec == before
    assert f"• Layer 1 dense: {says}" in said[0][2]
