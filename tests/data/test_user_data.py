import numpy as np
import pytest
from PIL import Image

from dlstudio.data import load


def _img(path, size, mode="L", value=200, fmt=None):
    a = np.zeros(size[::-1] + ((3,) if mode == "RGB" else ()), np.uint8)
    a[: size[1] // 2] = value
    Image.fromarray(a, mode).save(path, format=fmt)


@pytest.fixture
def image_folder(tmp_path):
    root = tmp_path / "pics"
    (root / "cats").mkdir(parents=True)
    (root / "dogs").mkdir()
    _img(root / "cats" / "a.png", (40, 30))
    _img(root / "cats" / "b.jpg", (28, 28), "RGB", fmt="JPEG")
    _img(root / "cats" / "c.bmp", (10, 12), fmt="BMP")
    _img(root / "dogs" / "d.PNG", (28, 28), "RGB")
    _img(root / "dogs" / "e.png", (64, 64))
    (root / "dogs" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    (root / "dogs" / "notes.txt").write_text("hello")
    (root / "dogs" / ".hidden.png").write_bytes(b"")
    return root


def test_image_folder_reads_resizes_and_reports(image_folder):
    ds = load("folder", path=str(image_folder), validation_split=0.0, test_split=0.0)
    assert ds.class_names == ("cats", "dogs")
    assert ds.x_train.shape == (5, 28, 28, 1) and ds.x_train.dtype == np.float32
    assert np.bincount(ds.y_train).tolist() == [3, 2]
    assert 0.0 <= ds.x_train.min() and ds.x_train.max() <= 1.0
    # top half bright, bottom dark in every picture
    assert ds.x_train[:, 2, 14, 0].min() > 0.6 and ds.x_train[:, 25, 14, 0].max() < 0.1
    reasons = dict(ds.report)
    assert any(p.endswith("broken.png") and "not an image the reader" in r for p, r in reasons.items())
    assert any(p.endswith("notes.txt") and "not a PNG" in r for p, r in reasons.items())
    assert not any(".hidden" in p for p in reasons)


def test_image_folder_colour_and_shape(image_folder):
    ds = load("folder", path=str(image_folder), height=16, width=20, channels=3,
              validation_split=0.0, test_split=0.0)
    assert ds.input_shape == (16, 20, 3) and ds.info.input_shape == (16, 20, 3)


def test_image_folder_train_test_layout(tmp_path):
    for split, n in (("train", 4), ("test", 2)):
        for cls in ("a", "b"):
            (tmp_path / split / cls).mkdir(parents=True)
            for i in range(n):
                _img(tmp_path / split / cls / f"{i}.png", (28, 28))
    ds = load("folder", path=str(tmp_path), validation_split=0.0)
    assert len(ds.x_train) == 8 and len(ds.x_test) == 4


def test_image_folder_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load("folder", path=str(tmp_path / "nope"))
    (tmp_path / "flat").mkdir()
    _img(tmp_path / "flat" / "x.png", (28, 28))
    with pytest.raises(ValueError, match="sub-folder"):
        load("folder", path=str(tmp_path / "flat"))
    with pytest.raises(ValueError, match="needs path"):
        load("folder")


def test_csv_with_header_text_labels_and_bad_rows(tmp_path):
    p = tmp_path / "t.csv"
    rows = ["a;b;kind"] + [f"{i};{i * 2};{'cat' if i % 2 else 'dog'}" for i in range(20)]
    rows += ["1;x;cat", "1;2", ""]
    p.write_text("\n".join(rows) + "\n")
    ds = load("csv", path=str(p), label_column="kind", validation_split=0.0, test_split=0.0)
    assert ds.x_train.shape == (20, 2) and ds.class_names == ("cat", "dog")
    assert ds.task == "classification" and ds.info.kind == "2d"
    reasons = {p_.rsplit(":", 1)[1]: r for p_, r in ds.report}
    assert set(reasons) == {"22", "23"}
    assert "not a number" in reasons["22"] and reasons["23"].startswith("2 fields")
    np.testing.assert_array_equal(ds.y_train, [1, 0] * 10)


def test_csv_regression_without_header(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("\n".join(f"{i},{i + 1},{i * 0.5 + 0.25}" for i in range(30)))
    ds = load("csv", path=str(p), validation_split=0.0, test_split=0.0)
    assert ds.task == "regression" and ds.y_train.shape == (30, 1)
    with pytest.raises(ValueError, match="no column"):
        load("csv", path=str(p), label_column="price")


def test_npz_images_and_labels(tmp_path):
    rng = np.random.default_rng(0)
    p = tmp_path / "d.npz"
    np.savez(p, x_train=rng.integers(0, 256, (30, 8, 8), dtype=np.uint8),
             y_train=np.arange(30) % 3 + 1, x_test=np.zeros((6, 8, 8), np.uint8),
             y_test=np.arange(6) % 3 + 1)
    ds = load("npz", path=str(p), validation_split=0.0)
    assert ds.input_shape == (8, 8, 1) and ds.info.kind == "image"
    assert ds.class_names == ("1", "2", "3") and set(ds.y_test) == {0, 1, 2}
    assert len(ds.x_test) == 6 and ds.x_train.max() <= 1.0


def test_npz_errors(tmp_path):
    p = tmp_path / "bad.npz"
    p.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match=r"not a NumPy archive \(.npz\)"):
        load("npz", path=str(p))
    np.savez(tmp_path / "k.npz", a=np.zeros(3))
    with pytest.raises(ValueError, match="'x' and 'y'"):
        load("npz", path=str(tmp_path / "k.npz"))
