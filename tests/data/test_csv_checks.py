"""Walker38 W38-10/11/12/20: what a CSV file that is not quite a table is told.

A workspace was read as a CSV of 5541 classes; a headerless file whose first row had a text
cell lost that row as a silent "header"; labels in column 1 without a header gave only "no
usable rows (199 skipped)"; an empty cell was "not a number ('')"; a header-only file said
"no usable rows (0 skipped)"."""
from __future__ import annotations

import zipfile

import pytest

from dlstudio.data.errors import DataError
from dlstudio.data.tabular import read_csv
from dlstudio.messages import render_error

ROWS = ["-1.633,0.21,0.462,a", "0.5,0.3,-0.1,b", "1.5,-0.7,0.2,c", "0.1,0.9,-0.4,a"]


def _write(tmp_path, name: str, lines: list[str]):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def _refusal(path, **kwargs) -> DataError:
    with pytest.raises(DataError) as caught:
        read_csv(path, **kwargs)
    return caught.value


def test_a_workspace_is_refused_as_what_it_is(tmp_path):
    path = tmp_path / "ws.dlsw"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("workspace.json", '{"a": 1}\n' * 50)
        zf.writestr("weights.npy", bytes(range(256)) * 40)
    error = _refusal(path)
    assert str(error) == f"{path} is a dlstudio workspace, not a CSV table: open it with " \
                         "File > Open workspace"
    assert "打开工作区" in render_error(error, "zh")


def test_any_other_binary_file_is_refused_as_not_text(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 20)
    error = _refusal(path)
    assert str(error).startswith(f"{path} is not a CSV file: it holds binary data")
    assert "二进制" in render_error(error, "zh")


def test_utf16_text_with_its_mark_is_still_read(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("\n".join(["x1,x2,x3,y"] + ROWS).encode("utf-16"))
    assert read_csv(path)["x"].shape == (4, 3)


def test_a_first_row_with_one_text_cell_is_a_skipped_row_not_a_header(tmp_path):
    path = _write(tmp_path, "t.csv", ["-1.633,abc,0.462,a"] + ROWS[1:])
    table = read_csv(path)
    assert table["x"].shape == (3, 3) and table["feature_names"] is None
    (where, why), = table["report"]
    assert where.endswith(":1") and str(why) == "a feature is not a number ('abc' in column 2)"


def test_a_header_that_holds_numbers_is_reported(tmp_path):
    path = _write(tmp_path, "t.csv", ["x1,-1.5,x3,y"] + ROWS)
    table = read_csv(path)
    assert table["x"].shape == (4, 3)
    (where, why), = table["report"]
    assert where.endswith(":1") and "read as the header" in str(why) and "-1.5" in str(why)


def test_labels_in_the_first_column_without_a_header_say_which_column_to_type(tmp_path):
    lines = [",".join([row.split(",")[-1]] + row.split(",")[:-1]) for row in ROWS]
    error = _refusal(_write(tmp_path, "t.csv", lines))
    assert "column 1 holds text ('a', 'b', 'c')" in str(error)
    assert str(error).endswith("type 0 as the label column")
    assert "标签列" in render_error(error, "zh")
    assert read_csv(tmp_path / "t.csv", "0")["class_names"] == ("a", "b", "c")


def test_an_empty_cell_is_a_missing_feature(tmp_path):
    table = read_csv(_write(tmp_path, "t.csv", ["f1,f2,f3,y", "1,,3,a"] + ROWS))
    (_where, why), = table["report"]
    assert str(why) == "a feature is missing (empty cell in column f2)"
    assert render_error(type("E", (Exception,), {})(why), "zh") == "缺少一个特征（f2 列是空的）"


def test_a_header_without_rows_says_so(tmp_path):
    path = _write(tmp_path, "t.csv", ["f1,f2,f3,y"])
    error = _refusal(path)
    assert str(error) == f"{path} has a header row and no data rows"
    assert "只有表头行" in render_error(error, "zh")


def test_no_usable_rows_names_the_first_reason(tmp_path):
    path = _write(tmp_path, "t.csv", ["1,2,3,", "3,4,5,6,7", "7,8,9,10,11"])
    error = _refusal(path)
    assert str(error) == f"{path}: no usable rows (3 skipped; line 1: the label is missing)"
    assert "第 1 行：缺少标签" in render_error(error, "zh")


def test_reading_a_long_file_tells_its_progress(tmp_path, monkeypatch):
    """Walker38 W38-13: a 50 MB CSV showed "Loading the data..." and nothing else for ~25 s."""
    from dlstudio.data import tabular

    monkeypatch.setattr(tabular, "PROGRESS_ROWS", 2)
    heard = []
    path = _write(tmp_path, "big.csv", ["x1,x2,x3,y"] + ROWS * 3)
    table = read_csv(path, progress=lambda done, total, said: heard.append((done, total, said)))
    assert table["x"].shape == (12, 3)
    dones = [done for done, _total, _said in heard]
    assert dones == sorted(dones) and len(heard) >= 6
    assert {total for _done, total, _said in heard} == {26}       # 13 lines read and checked
    assert str(heard[0][2]) == "reading the rows of big.csv"
    assert render_error(type("E", (Exception,), {})(heard[0][2]), "zh") == "正在读取 big.csv 的各行"
