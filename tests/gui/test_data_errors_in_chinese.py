"""A data file the studio cannot load is reported in the window's language (the data
package's structured messages, rendered by the worker that loaded it)."""
from __future__ import annotations

from dlstudio.gui import i18n


def test_a_broken_csv_is_reported_in_chinese(qtbot, small_studio, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("\n")
    studio = small_studio
    studio.set_data_spec(studio.data_spec.with_(dataset="csv", params={"path": str(path)}))
    i18n.set_language("zh_CN")
    try:
        with qtbot.waitSignal(studio.sigDatasetFailed, timeout=20000) as got:
            studio.load_dataset()
    finally:
        i18n.set_language("en")
    assert got.args[0] == f"{path} 是空的"
