"""A damaged workspace is described in our own words in both languages (walker7 W7-17): where
the damage is ("near line 838"), never the JSON parser's English nor the part's file name."""
from __future__ import annotations

import json
import zipfile

import pytest

from dlstudio.gui import workspace_file
from dlstudio.messages import render_error


def test_damaged_settings_say_where_in_both_languages(small_studio, tmp_path):
    path = tmp_path / "badjson.dlsw"
    workspace_file.write(path, workspace_file.capture(small_studio))
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    text = json.dumps(json.loads(parts["workspace.json"]), indent=1)
    lines = text.splitlines()
    cut = len(lines) // 2
    damaged = "\n".join(lines[:cut]) + '\n "unterminated'      # cut off inside a string
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("workspace.json", damaged)
        zf.writestr("weights.npz", parts["weights.npz"])
    with pytest.raises(workspace_file.WorkspaceError) as info:
        workspace_file.read(path, shown=path.name)
    english, chinese = str(info.value), render_error(info.value, "zh")
    line = cut + 1
    assert english == (f"badjson.dlsw: the settings part is not valid JSON (damaged near "
                       f"line {line})")
    assert chinese == f"badjson.dlsw：设置部分不是有效的 JSON（第 {line} 行附近已损坏）"
    for text in (english, chinese):
        assert "workspace.json" not in text and "Unterminated" not in text
