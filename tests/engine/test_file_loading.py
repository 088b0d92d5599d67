"""Issue 12.3: one loading discipline for model and checkpoint files.

Damaged, hostile or odd files always end as the project's error naming the user's file.
"""
from __future__ import annotations

import io
import json
import os
import struct
import zipfile

import numpy as np
import pytest

from dlstudio.engine import fileio
from dlstudio.engine.fileio import FileFormatError
from dlstudio.engine.network import Network
from dlstudio.engine.serialize import (ModelFileError, load_network, network_bytes,
                                       save_network)

SPEC = {"format": "dlstudio.network", "version": 1, "input_shape": [2],
        "layers": [{"type": "Dense", "units": 3, "activation": "tanh"},
                   {"type": "Dense", "units": 2, "activation": "softmax"}]}


def model_bytes() -> bytes:
    return network_bytes(Network.from_spec(SPEC, seed=1))


def rebuild(meta_change=None, arrays_change=None) -> bytes:
    """A model file with its meta.json and/or arrays edited."""
    with zipfile.ZipFile(io.BytesIO(model_bytes())) as zf:
        meta = json.loads(zf.read("meta.json"))
        arrays = dict(np.load(io.BytesIO(zf.read("arrays.npz")), allow_pickle=False))
    if meta_change:
        meta_change(meta)
    if arrays_change:
        arrays_change(arrays)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("meta.json", meta if isinstance(meta, str) else json.dumps(meta))
        zf.writestr("arrays.npz", buf.getvalue())
    return out.getvalue()


def patch_headers(data: bytes, *, flags: int | None = None, method: int | None = None) -> bytes:
    """Set the flag bits / compression method of every member (local and central headers)."""
    data = bytearray(data)
    for sig, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        pos = data.find(sig)
        while pos >= 0:
            if flags is not None:
                struct.pack_into("<H", data, pos + flag_at, flags)
            if method is not None:
                struct.pack_into("<H", data, pos + method_at, method)
            pos = data.find(sig, pos + 4)
    return bytes(data)


def flip_in_first_member(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.infolist()[0]
    data = bytearray(data)
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    data[start + info.compress_size // 2] ^= 0xFF
    return bytes(data)


def set_meta(key, value):
    return lambda meta: meta.__setitem__(key, value)


def nan_weights(arrays):
    arrays["w000"][0, 0] = np.nan


def wrong_shape(arrays):
    arrays["w000"] = np.zeros((5, 5), np.float32)


def int_weights(arrays):
    arrays["w000"] = arrays["w000"].astype(np.int32)


DAMAGED = {
    "flipped deflate byte": lambda: flip_in_first_member(model_bytes()),
    "encrypted member": lambda: patch_headers(model_bytes(), flags=1),
    "compression method 99": lambda: patch_headers(model_bytes(), method=99),
    "deep JSON": lambda: _deep_json(),
    "version x": lambda: rebuild(set_meta("version", "x")),
    "version float": lambda: rebuild(set_meta("version", 1.5)),
    "meta dtype int8": lambda: rebuild(set_meta("dtype", "int8")),
    "meta dtype bool": lambda: rebuild(set_meta("dtype", "bool")),
    "meta dtype object": lambda: rebuild(set_meta("dtype", "object")),
    "NaN weights": lambda: rebuild(arrays_change=nan_weights),
    "wrong-shaped weights": lambda: rebuild(arrays_change=wrong_shape),
    "integer weights": lambda: rebuild(arrays_change=int_weights),
    "n_weights lies": lambda: rebuild(set_meta("n_weights", 7)),
    "meta is a list": lambda: _meta_list(),
    "truncated": lambda: model_bytes()[:200],
    "empty": lambda: b"",
}


def _raw_zip(meta_text: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(model_bytes())) as zf:
        arrays = zf.read("arrays.npz")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("meta.json", meta_text)
        zf.writestr("arrays.npz", arrays)
    return out.getvalue()


def _deep_json() -> bytes:
    return _raw_zip('{"format": "dlstudio.model", "extra": ' + "[" * 3000 + "]" * 3000 + "}")


def _meta_list() -> bytes:
    return _raw_zip("[1, 2, 3]")


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_every_damaged_model_file_is_a_clear_error(tmp_path, case):
    path = tmp_path / "mine.dlsnet"
    path.write_bytes(DAMAGED[case]())
    with pytest.raises(ModelFileError) as info:
        load_network(path)
    assert str(path) in str(info.value)


def test_the_messages_say_what_is_wrong(tmp_path):
    path = tmp_path / "mine.dlsnet"
    for case, words in (("encrypted member", "encrypted"),
                        ("compression method 99", "compression method"),
                        ("deep JSON", "nested"), ("NaN weights", "NaN"),
                        ("meta dtype object", "weight type")):
        path.write_bytes(DAMAGED[case]())
        with pytest.raises(ModelFileError, match=words):
            load_network(path)


def test_an_intact_model_still_loads(tmp_path):
    path = tmp_path / "ok.dlsnet"
    net = Network.from_spec(SPEC, seed=1)
    save_network(net, path)
    loaded = load_network(path).network
    for a, b in zip(net.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_devices_folders_and_fifos_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "pipe.dlsnet"
    os.mkfifo(fifo)
    link = tmp_path / "link.dlsnet"
    link.symlink_to(fifo)
    for path in ("/dev/zero", tmp_path, fifo, link):
        with pytest.raises(ModelFileError, match="not a regular file"):
            load_network(path)


def test_a_zip_bomb_is_refused_by_size(tmp_path, monkeypatch):
    """A member that unpacks beyond the limit is refused before it is unpacked."""
    path = tmp_path / "bomb.dlsnet"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("meta.json", json.dumps({"format": "dlstudio.model"}))
        zf.writestr("arrays.npz", b"\0" * (4 * 2**20))        # 4 MiB of zeros: ~4 KiB stored
    assert path.stat().st_size < 100_000
    monkeypatch.setattr(fileio, "MAX_MEMBER_BYTES", 2**20)
    with pytest.raises(ModelFileError, match="limit"):
        with fileio.Archive(path, ModelFileError) as zf:
            zf.read("arrays.npz", fileio.MAX_MEMBER_BYTES)
    with pytest.raises(ModelFileError, match="limit"):
        with fileio.Archive(path, ModelFileError, total_limit=2**20) as zf:
            zf.read("arrays.npz")


def test_a_small_zip_holding_a_huge_member_is_refused_before_unpacking(tmp_path):
    """The issue's case at a smaller scale: 64 MiB of zeros in a zip of ~64 KB."""
    path = tmp_path / "bomb.dlsnet"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("meta.json", json.dumps({"format": "dlstudio.model"}))
        zf.writestr("arrays.npz", bytes(64 * 2**20))
    assert path.stat().st_size < 200_000
    with pytest.raises(ModelFileError, match="would unpack"):
        load_network(path)


def test_a_forged_npy_header_cannot_ask_for_a_terabyte():
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": "<f4", "fortran_order": False,
                                               "shape": (10**12,)})
    data = buf.getvalue() + b"\0" * 16
    with pytest.raises(FileFormatError, match="damaged"):
        fileio.read_npy(data, shown="x.npz")


def test_object_arrays_are_never_unpickled():
    buf = io.BytesIO()
    np.save(buf, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(FileFormatError, match="type"):
        fileio.read_npy(buf.getvalue(), shown="x.npz")


def test_checkpoint_errors_name_the_users_file_not_a_temporary(tmp_path):
    from dlstudio.training.checkpoint import CheckpointError, read_checkpoint

    path = tmp_path / "run.dlsckpt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("model.dlsnet", rebuild(arrays_change=nan_weights))
        zf.writestr("trainer.json", json.dumps({"format": "dlstudio.checkpoint",
                                                "version": 1, "trainer": {}}))
        buf = io.BytesIO()
        np.savez(buf)
        zf.writestr("trainer.npz", buf.getvalue())
    with pytest.raises(CheckpointError) as info:
        read_checkpoint(path)
    assert str(path) in str(info.value) and "NaN" in str(info.value)
    assert "/tmp/tmp" not in str(info.value)


def test_network_json_from_a_device_is_refused():
    from dlstudio.engine.spec import NetworkSpec, SpecError

    with pytest.raises(SpecError, match="not a regular file"):
        NetworkSpec.load("/dev/zero")


#: modules that pickle, and why: never a file, only a pipe between dlstudio's own processes
PICKLES_BETWEEN_OWN_PROCESSES = {
    "gui/training_child.py": "whether a run's error survives the pipe to the window",
    "gui/message_pipe.py": "the messages of that pipe, their arrays out of band",
}


def test_loaders_never_use_pickle_or_extractall():
    """What already held (issue 12): kept under test. The modules that pickle (the
    training process's pipe) open no file."""
    import pathlib
    import re

    root = pathlib.Path(fileio.__file__).parents[1]
    for src in root.rglob("*.py"):
        text = src.read_text(encoding="utf-8")
        assert "extractall" not in text, src
        assert "allow_pickle=True" not in text, src
        for call in re.findall(r"np\.load\([^)]*\)", text):
            assert "allow_pickle=False" in call, (src, call)
        if src.relative_to(root).as_posix() in PICKLES_BETWEEN_OWN_PROCESSES:
            assert not re.search(r"\bopen\(|\.read_bytes\(|np\.load\(", text), src
            continue
        assert not re.search(r"^\s*import pickle|pickle\.loads?\(", text, re.M), src


def test_keras_files_follow_the_same_discipline(tmp_path):
    from dlstudio.engine.network import NetworkError
    from dlstudio.engine.spec import NetworkSpec, SpecError

    fifo = tmp_path / "pipe.keras"
    os.mkfifo(fifo)
    enc = tmp_path / "enc.keras"
    enc.write_bytes(patch_headers(model_bytes(), flags=1))
    for path, words in ((fifo, "not a regular file"), (tmp_path / "no.keras", "no such file"),
                        (enc, "config.json")):
        with pytest.raises(NetworkError, match=words):
            Network.from_spec(str(path))
        with pytest.raises(SpecError, match=words):
            NetworkSpec.coerce(str(path))
