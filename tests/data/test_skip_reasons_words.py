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
