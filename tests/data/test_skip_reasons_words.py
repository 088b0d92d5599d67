"""Skip reasons say what was wrong in the catalogue's words (both languages), not the
library's English (walker3 W3-29: "could not convert string to float", PIL's
"cannot identify image file" inside Chinese sentences)."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image

from dlstudio.data import load
from dlstudio.messages import render


def test_a_csv_cell_that_is_not_a_number_is_named_with_its_column(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("a,b,label\n" + "".join(f"{i},{i * 2},{i % 2}\n" for i in range(20))
                 + "1,abc,0\n")
    ds = load("csv", path=str(p), validation_split=0.0, test_split=0.0)
    (where, why), = ds.report
    assert where.endswith(":22")
    assert str(why) == "a feature is not a number ('abc' in column b)"   # the header's name
    zh = render(why, "zh_CN")
    assert zh == "有一个特征不是数（b 列的 'abc'）" and "convert" not in zh


def test_without_a_header_the_column_is_counted_from_one(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("".join(f"{i},{i * 2},{i % 2}\n" for i in range(20)) + "1,abc,0\n")
    ds = load("csv", path=str(p), validation_split=0.0, test_split=0.0)
    (where, why), = ds.report
    assert where.endswith(":21")
    assert str(why) == "a feature is not a number ('abc' in column 2)"
    assert render(why, "zh_CN") == "有一个特征不是数（第 2 列的 'abc'）"


def test_an_empty_cell_is_a_missing_value(tmp_path):
    """walker38 W38-12: "a feature is not a number ('' in column f3)" for an empty cell."""
    p = tmp_path / "t.csv"
    p.write_text("f1,f2,f3,label\n" + "".join(f"{i},{i * 2},{i},{i % 2}\n" for i in range(20))
                 + "1,2,,0\n")
    ds = load("csv", path=str(p), validation_split=0.0, test_split=0.0)
    (where, why), = ds.report
    assert where.endswith(":22")
    assert str(why) == "a feature is missing (an empty cell in column f3)"
    assert render(why, "zh_CN") == "缺少一个特征（f3 列是空单元格）"
    p.write_text("".join(f"{i},{i * 2},{i % 2}\n" for i in range(20)) + "1, ,0\n")
    (_, why), = load("csv", path=str(p), validation_split=0.0, test_split=0.0).report
    assert str(why) == "a feature is missing (an empty cell in column 2)"
    assert render(why, "zh_CN") == "缺少一个特征（第 2 列是空单元格）"


def test_unreadable_images_get_catalogue_reasons(tmp_path):
    for name in ("cat", "dog"):
        (tmp_path / name).mkdir()
        for i in range(3):
            Image.fromarray(np.full((8, 8), 40 * i, np.uint8)).save(tmp_path / name / f"{i}.png")
    (tmp_path / "cat" / "text.png").write_text("hello")
    buf = io.BytesIO()
    Image.fromarray((np.arange(400) % 251).astype(np.uint8).reshape(20, 20)).save(buf, "PNG")
    (tmp_path / "dog" / "cut.png").write_bytes(buf.getvalue()[:len(buf.getvalue()) // 2])
    ds = load("folder", path=str(tmp_path), height=8, width=8, validation_split=0.0,
              test_split=0.0)
    reasons = {where.rsplit("/", 1)[-1]: why for where, why in ds.report}
    assert set(reasons) == {"text.png", "cut.png"}
    assert str(reasons["text.png"]).startswith("not an image the reader recognises")
    assert str(reasons["cut.png"]).startswith("the image file is cut short")
    for why in reasons.values():
        zh = render(why, "zh_CN")
        assert zh.isascii() is False and "image" not in zh and "cannot" not in zh


def test_a_first_row_with_one_text_cell_is_data_not_a_header(tmp_path):
    """walker38 W38-10: "-1.633,abc,0.462,0.193,a" as row 1 of a file without a header was
    silently taken as the header (143 examples of 144); it is a data row, skipped with its
    reason as the same cell in any other row is. A real header still is one."""
    rows = "".join(f"{i},{i * 2},{i % 3},{'ab'[i % 2]}\n" for i in range(20))
    p = tmp_path / "t.csv"
    p.write_text("-1.633,abc,0.462,a\n" + rows)
    ds = load("csv", path=str(p), validation_split=0.0, test_split=0.0)
    (where, why), = ds.report
    assert where.endswith(":1") and str(why) == "a feature is not a number ('abc' in column 2)"
    p.write_text("x1,x2,x3,label\n" + rows)
    assert load("csv", path=str(p), validation_split=0.0, test_split=0.0).report == []


def test_labels_in_another_column_are_pointed_at(tmp_path):
    """walker38 W38-11: labels first, no header: "no usable rows (199 skipped)" and nothing
    else. Every row has text in one column: it says which, with its values, and what to set
    (en, zh)."""
    import pytest

    from dlstudio.data.errors import DataError
    from dlstudio.messages import render_error

    p = tmp_path / "t.csv"
    p.write_text("".join(f"{'abc'[i % 3]},{i},{i * 2},{i % 5}\n" for i in range(30)))
    with pytest.raises(DataError) as info:
        load("csv", path=str(p), validation_split=0.0, test_split=0.0)
    assert str(info.value) == (f"{p}: no usable rows (30 skipped): column 1 holds text in "
                               "every row ('a', 'b', 'c'); if it holds the labels, set Label "
                               "column to 0")
    assert "请把“标签列”设为 0" in render_error(info.value, "zh")
    ds = load("csv", path=str(p), label_column="0", validation_split=0.0, test_split=0.0)
    assert len(ds.report) == 0 and len(set(ds.y_train.tolist())) == 3
