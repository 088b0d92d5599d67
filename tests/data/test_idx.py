import gzip
import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from dlstudio.data import cache, idxsets, load


from dlstudio.data.idx import IdxError, idx_bytes, parse_idx, read_idx, write_idx
from dlstudio.messages import render_error

from .conftest import _tiny_set

MNIST_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "mnist"
if not MNIST_DIR.is_dir():
    MNIST_DIR = Path("/work/shared/data/mnist")


@pytest.mark.parametrize("dtype", ["u1", "i1", "i2", "i4", "f4", "f8"])
@pytest.mark.parametrize("gz", [True, False])
def test_idx_round_trip(tmp_path, dtype, gz):
    a = (np.arange(2 * 3 * 5) - 7).reshape(2, 3, 5).astype(dtype)
    p = tmp_path / ("a.idx.gz" if gz else "a.idx")
    write_idx(p, a)
    b = read_idx(p)
    assert b.dtype == np.dtype(dtype) and b.dtype.isnative
    np.testing.assert_array_equal(a, b)


def test_mnist_header_layout():
    data = idx_bytes(np.zeros((3, 28, 28), np.uint8))
    assert int.from_bytes(data[:4], "big") == 2051 and int.from_bytes(data[4:8], "big") == 3
    assert int.from_bytes(idx_bytes(np.zeros(5, np.uint8))[:4], "big") == 2049


def test_bad_idx_files_are_explained(tmp_path):
    with pytest.raises(IdxError, match="not an IDX file"):
        parse_idx(b"<html>404</html>", "x.gz")
    with pytest.raises(IdxError, match="truncated"):
        parse_idx(idx_bytes(np.zeros((4, 4), np.uint8))[:-3], "short")
    p = tmp_path / "broken.gz"
    p.write_bytes(gzip.compress(idx_bytes(np.zeros(10, np.uint8)))[:-6])
    with pytest.raises(IdxError, match="broken.gz"):
        read_idx(p)


# ---------------------------------------------------------------- downloads on loopback
def test_download_from_second_mirror_with_progress(server, isolated, monkeypatch):
    root, url = server
    arrays, files = _tiny_set(root / "good")
    tiny = replace(idxsets.MNIST, mirrors=(url + "missing/", url + "good/"), files=files)
    monkeypatch.setitem(idxsets.IDX_SETS, "mnist", tiny)
    calls = []
    ds = load("mnist", validation_split=0.0, progress=lambda d, t, m: calls.append((d, t, m)))
    np.testing.assert_array_equal(ds.x_test[..., 0], arrays["test_images"] / np.float32(255))
    np.testing.assert_array_equal(ds.y_train, arrays["train_labels"])
    target = isolated / "mnist"
    assert sorted(p.name for p in target.iterdir()) == sorted(f.name for f in files.values())
    assert any(m.startswith("downloading") and d == t > 0 for d, t, m in calls)
    assert "downloaded" in ds.source
    # second load: found in the cache, no server needed
    monkeypatch.setitem(idxsets.IDX_SETS, "mnist", replace(tiny, mirrors=()))
    again = load("mnist", validation_split=0.0)
    np.testing.assert_array_equal(again.x_train, ds.x_train)
    assert "user cache" in again.source


def test_corrupted_download_leaves_nothing(server, isolated, monkeypatch):
    root, url = server
    _, files = _tiny_set(root / "bad")
    victim = root / "bad" / files["train_labels"].name
    data = bytearray(victim.read_bytes())
    data[20] ^= 0xFF
    victim.write_bytes(bytes(data))
    monkeypatch.setitem(idxsets.IDX_SETS, "mnist",
                        replace(idxsets.MNIST, mirrors=(url + "bad/",), files=files))
    with pytest.raises(FileNotFoundError) as err:
        load("mnist")
    msg = str(err.value)
    assert "checksum mismatch" in msg and files["train_labels"].name in msg
    leftovers = [p.name for p in (isolated / "mnist").iterdir()]
    assert files["train_labels"].name not in leftovers
    assert not [n for n in leftovers if n.endswith(".part")]


def test_offline_message_says_what_and_where(isolated, monkeypatch):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setitem(idxsets.IDX_SETS, "fashion_mnist",
                        replace(idxsets.FASHION_MNIST, mirrors=(f"http://127.0.0.1:{port}/",)))
    with pytest.raises(FileNotFoundError) as err:
        load("fashion_mnist")
    msg = str(err.value)
    for f in idxsets.FASHION_MNIST.files.values():
        assert f.name in msg
    assert str(isolated / "fashion_mnist") in msg and "DLSTUDIO_DATA" in msg
    # what is wrong and what to do come first (the status bar shows the first line);
    # the mirrors' technical answers last (walker5 W5-13)
    assert msg.startswith("Fashion-MNIST is not on this computer")   # (W8-15: its own name)
    assert "Data panel" in msg.splitlines()[1]
    assert msg.index("DLSTUDIO_DATA") < msg.index("What the download attempts said:")
    chinese = render_error(err.value, "zh")           # what the Chinese window shows
    assert chinese.startswith("这台电脑上没有") and "无法下载" in chinese
    assert "“数据”面板" in chinese.splitlines()[1]
    for f in idxsets.FASHION_MNIST.files.values():
        assert f.name in chinese
    assert str(isolated / "fashion_mnist") in chinese and "DLSTUDIO_DATA" in chinese
    with pytest.raises(FileNotFoundError, match="not on this computer"):
        load("fashion_mnist", download=False)


def test_a_chosen_folder_with_damaged_and_missing_files_is_named_offline(tmp_path, isolated,
                                                                         monkeypatch):
    """walker18 W18-9: a folder holding a non-gzip .gz, random bytes and no test labels was
    passed over, and the message said MNIST was "not on this computer"."""
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _arrays, files = _tiny_set(tmp_path / "before" / "mnist")     # a good copy elsewhere
    monkeypatch.setitem(idxsets.IDX_SETS, "mnist",
                        replace(idxsets.MNIST, mirrors=(f"http://127.0.0.1:{port}/",),
                                files=files))
    folder = tmp_path / "mine"
    folder.mkdir()
    names = [f.name for f in idxsets.MNIST.files.values()]
    (folder / names[0]).write_bytes(b"garbage")                  # the .gz is not gzip
    (folder / names[1][:-3]).write_bytes(bytes(range(256)) * 4)  # unpacked, wrong bytes
    (folder / names[2]).write_bytes(b"x")
    with pytest.raises(FileNotFoundError) as err:
        load("mnist", path=str(folder))
    msg = str(err.value)
    assert msg.startswith(f"MNIST: the folder {folder} holds some of its files")
    damaged = msg.split("Damaged")[1].split("Missing")[0]
    assert str(folder / names[0]) in damaged and str(folder / names[1][:-3]) in damaged
    assert names[3] in msg.split("Missing")[1].split("Replace")[0]
    assert "是一套可用的文件" in render_error(err.value, "zh")
    # a folder with none of the files is still "not on this computer"
    with pytest.raises(FileNotFoundError, match="not on this computer"):
        load("mnist", path=str(tmp_path / "empty"))
    # and the good copy in a folder given before is not used under this folder's name
    cache.set_remembered_data_dirs([tmp_path / "before"])
    try:
        with pytest.raises(FileNotFoundError, match="holds some of its files"):
            load("mnist", path=str(folder))
        assert "remembered folder" in load("mnist", path=str(tmp_path / "empty"),
                                           download=False, validation_split=0.0).source
    finally:
        cache.set_remembered_data_dirs([])


def test_a_damaged_folder_offline_names_one_folder_in_the_students_language(tmp_path,
                                                                           isolated,
                                                                           monkeypatch):
    """walker20 W20-8: the message named the folder, then said to put the files into its
    subfolder .../mnist, and ended in the system's English "[Errno ...]" lines; the line
    above the preview said MNIST would be downloaded when loaded."""
    import socket

    from dlstudio.data import availability

    with socket.socket() as s:  # a port nobody listens on: the server cannot be reached
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setitem(idxsets.IDX_SETS, "mnist",
                        replace(idxsets.MNIST, mirrors=(f"http://127.0.0.1:{port}/",)))
    folder = tmp_path / "mine"
    folder.mkdir()
    names = [f.name for f in idxsets.MNIST.files.values()]
    (folder / names[0]).write_bytes(b"garbage")
    (folder / names[2]).write_bytes(b"x")
    with pytest.raises(FileNotFoundError) as err:
        load("mnist", path=str(folder))
    msg, zh = str(err.value), render_error(err.value, "zh")
    assert f"put them in\n  {folder}\n" in msg
    assert str(folder / "mnist") not in msg
    assert "Errno" not in zh and "refused" not in zh
    assert "连不上任何下载服务器" in zh
    ok, where = availability("mnist", path=str(folder))
    assert not ok and render_error(ValueError(where), "zh").startswith(f"{folder} 里有它的部分文件")


def test_settings_dir_is_searched_and_foreign_files_refused(tmp_path, isolated, monkeypatch):
    arrays, files = _tiny_set(tmp_path / "settings" / "mnist")
    monkeypatch.setitem(idxsets.IDX_SETS, "mnist",
                        replace(idxsets.MNIST, mirrors=(), files=files))
    cache.set_settings_data_dir(tmp_path / "settings")
    ds = load("mnist", download=False, validation_split=0.0)
    assert "settings data folder" in ds.source and len(ds.x_train) == 40
    _tiny_set(tmp_path / "other", seed=1)  # same names, different bytes
    with pytest.raises(ValueError, match="do not match the published checksums"):
        load("mnist", path=str(tmp_path / "other"), download=False)


def test_generic_idx_dataset(tmp_path):
    arrays, _ = _tiny_set(tmp_path / "k")
    ds = load("idx", path=str(tmp_path / "k"), validation_split=0.0)
    assert ds.input_shape == (28, 28, 1) and ds.n_classes == 10 and len(ds.x_test) == 20


# ---------------------------------------------------------------- the real MNIST
def _real_mnist_or_skip():
    if not (MNIST_DIR / "train-images-idx3-ubyte.gz").is_file():
        pytest.skip(f"real MNIST files not found in {MNIST_DIR}")
    return MNIST_DIR


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    """One decode cache for the real-MNIST tests (the first decodes, the second reuses)."""
    return tmp_path_factory.mktemp("mnist-cache")


@pytest.mark.parametrize("how", ["env", "path"])
def test_real_mnist_through_registry(how, isolated, shared_cache, monkeypatch):
    folder = _real_mnist_or_skip()
    monkeypatch.setenv("DLSTUDIO_CACHE_DIR", str(shared_cache))
    if how == "env":
        monkeypatch.setenv("DLSTUDIO_DATA", str(folder.parent))  # finds the mnist/ sub-folder
        ds = load("mnist", download=False, validation_split=0.0)
        assert "DLSTUDIO_DATA" in ds.source
    else:
        ds = load("mnist", path=str(folder), download=False, validation_split=0.0)
    assert ds.x_train.shape == (60000, 28, 28, 1) and ds.x_test.shape == (10000, 28, 28, 1)
    assert ds.x_train.dtype == np.float32 and ds.y_train.dtype == np.int64
    counts = np.bincount(ds.y_train, minlength=10).tolist()
    assert counts == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert abs(float(ds.x_train.mean(dtype=np.float64)) * 255 - 33.318) < 1e-3
    # the decoded arrays were cached for the next load
    assert any(p.suffix == ".npy" for p in (shared_cache / "arrays").iterdir())


def test_recompressed_file_accepted_by_content(tmp_path):
    folder = _real_mnist_or_skip()
    spec = idxsets.MNIST.files["train_labels"]
    copy = tmp_path / spec.name
    copy.write_bytes(gzip.compress(gzip.decompress((folder / spec.name).read_bytes()),
                                   compresslevel=1, mtime=12345))
    assert idxsets.verify_file(copy, spec)
    copy.write_bytes(gzip.compress(b"\0\0\x08\x01" + (60000).to_bytes(4, "big") +
                                   bytes(60000)))
    assert not idxsets.verify_file(copy, spec)


def test_a_path_passed_over_is_named_with_the_folder_used(tmp_path, isolated, monkeypatch):
    """walker20 W20-7: a Path that does not exist (or holds none of the files) was passed
    over without a word; the line said only where the files were found."""
    from dlstudio.data import availability

    _arrays, files = _tiny_set(tmp_path / "env" / "mnist")
    monkeypatch.setitem(idxsets.IDX_SETS, "mnist", replace(idxsets.MNIST, files=files))
    monkeypatch.setenv("DLSTUDIO_DATA", str(tmp_path / "env"))
    absent, empty = tmp_path / "nosuchdir" / "mnist", tmp_path / "empty"
    empty.mkdir()
    ok, where = availability("mnist", path=str(absent))
    assert ok and str(where).startswith(f"{absent} does not exist: using {tmp_path / 'env'}")
    assert render_error(ValueError(where), "zh").startswith(f"{absent} 不存在：改用")
    ok, where = availability("mnist", path=str(empty))
    assert ok and str(where).startswith(f"{empty} holds none of its files (looked for "
                                        f"{idxsets.MNIST.files['train_images'].name}): using")
    ok, where = availability("mnist", path=str(tmp_path / "env"))     # the files are there
    assert ok and str(where).startswith(str(tmp_path / "env" / "mnist"))
    ok, where = availability("mnist")                                  # no Path given
    assert ok and str(where).startswith(str(tmp_path / "env" / "mnist"))


def test_missing_files_name_the_folders_looked_in_and_the_file_expected(tmp_path, isolated,
                                                                         monkeypatch):
    """walker32 W32-10: with the data folder pointing to an empty folder, the status line
    said MNIST is not on this computer but named no folder. The first line (the status
    line's) and the Data panel's line say which file was looked for and where."""
    from dlstudio.data import availability

    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("DLSTUDIO_DATA", str(empty))
    expected = idxsets.MNIST.files["train_images"].name
    with pytest.raises(FileNotFoundError) as err:
        load("mnist", download=False)
    for lang in ("en", "zh"):
        first = render_error(err.value, lang).splitlines()[0]
        assert f"{empty} (DLSTUDIO_DATA)" in first or f"{empty}（DLSTUDIO_DATA）" in first
        assert str(isolated) in first and expected in first
    assert str(err.value).startswith("MNIST is not on this computer")
    ok, where = availability("mnist")
    assert not ok
    for lang in ("en", "zh"):
        text = render_error(ValueError(where), lang)
        assert str(empty) in text and str(isolated) in text and expected in text


def test_a_folder_of_mnist_is_not_called_a_damaged_fashion_mnist(tmp_path, isolated,
                                                                  monkeypatch):
    """walker34: `dlstudio data list` said of fashion_mnist "/work/shared/data/mnist holds
    some of its files, but not a usable set: loading it says which files are damaged or
    missing" of a folder holding MNIST, whose files have Fashion-MNIST's names."""
    from dlstudio.data import availability

    _arrays, files = _tiny_set(tmp_path / "env" / "mnist")
    monkeypatch.setitem(idxsets.IDX_SETS, "mnist", replace(idxsets.MNIST, files=files))
    monkeypatch.setenv("DLSTUDIO_DATA", str(tmp_path / "env" / "mnist"))
    ok, where = availability("fashion_mnist")
    assert not ok
    text = str(where)
    assert "damaged" not in text and "not a usable set" not in text
    assert text.startswith(f"{tmp_path / 'env' / 'mnist'} holds MNIST's files, named like "
                           "Fashion-MNIST's")
    assert "dlstudio data fetch fashion_mnist" in text
    assert "damaged" not in render_error(ValueError(where), "zh")
    assert "MNIST" in render_error(ValueError(where), "zh")
    # a damaged copy is still said to be one
    (tmp_path / "env" / "mnist" / files["train_labels"].name).write_bytes(b"garbage")
    ok, where = availability("fashion_mnist")
    assert not ok and "not a usable set" in str(where)


def test_loading_fashion_mnist_offline_from_a_folder_of_mnist_says_what_it_holds(
        tmp_path, isolated, monkeypatch):
    """walker34's folder of MNIST, loaded as Fashion-MNIST offline: its files were listed as
    "Damaged (not the published file)"."""
    import socket

    with socket.socket() as s:  # a port nobody listens on: the server cannot be reached
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _arrays, files = _tiny_set(tmp_path / "env" / "mnist")
    monkeypatch.setitem(idxsets.IDX_SETS, "mnist", replace(idxsets.MNIST, files=files))
    monkeypatch.setitem(idxsets.IDX_SETS, "fashion_mnist", replace(
        idxsets.FASHION_MNIST, mirrors=(f"http://127.0.0.1:{port}/",)))
    monkeypatch.setenv("DLSTUDIO_DATA", str(tmp_path / "env" / "mnist"))
    with pytest.raises(FileNotFoundError) as err:
        load("fashion_mnist")
    msg = str(err.value)
    assert "Damaged" not in msg and "not on this computer" in msg
    assert msg.startswith(f"Fashion-MNIST: the folder {tmp_path / 'env' / 'mnist'} holds "
                          "MNIST's files, named like Fashion-MNIST's")
    assert "MNIST" in render_error(err.value, "zh") and "损坏" not in render_error(err.value,
                                                                                 "zh")


def test_the_cache_keeps_only_the_newest_decodings_of_a_file(tmp_path, isolated, monkeypatch):
    """A file's stamp changes when it is copied or touched, and every stamp made a decoding
    that stayed in the cache (35 of them, 430 MB here): a new decoding removes those of the
    same file role beyond ``KEEP_DECODINGS``, newest kept, other roles untouched."""
    arrays, files = _tiny_set(tmp_path / "mnist")
    monkeypatch.setitem(idxsets.IDX_SETS, "mnist", replace(idxsets.MNIST, files=files))
    folder = cache.arrays_dir()
    folder.mkdir(parents=True)
    old = [folder / f"mnist-train_labels-{i:016x}.npy" for i in range(4)]
    for age, p in enumerate(old):
        p.write_bytes(b"x")
        os.utime(p, (1000 - age, 1000 - age))        # old[0] the newest of them
    other = folder / "mnist-test_labels_old-0000000000000009.npy"
    other.write_bytes(b"x")
    ds = load("mnist", path=str(tmp_path / "mnist"), download=False, validation_split=0.0)
    np.testing.assert_array_equal(ds.y_train, arrays["train_labels"])
    left = sorted(p.name for p in folder.glob("mnist-train_labels-*.npy"))
    assert len(left) == idxsets.KEEP_DECODINGS == 2
    assert old[0].name in left and other.exists()
    assert len(list(folder.glob("mnist-test_labels-*.npy"))) == 1
