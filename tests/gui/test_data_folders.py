"""Walker8 W8-4: a lesson step names MNIST without a folder. On a computer where the files
are in none of the places dlstudio looks, the student gives their folder in the Data panel's
Path; applying the step again dropped it and failed the same way. The folder a downloadable
set loaded from is now remembered (this session and the next start) and searched by every
load that names no folder."""
from __future__ import annotations

import gzip
import hashlib
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from dlstudio.data import availability, cache, idxsets
from dlstudio.data.idx import idx_bytes
from dlstudio.gui.data_folders import DataFolderMemory, remembered_folders


@pytest.fixture
def tiny_mnist(tmp_path, monkeypatch):
    """A 40-image stand-in for MNIST in its own folder, found nowhere else."""
    monkeypatch.delenv("DLSTUDIO_DATA", raising=False)
    monkeypatch.setenv("DLSTUDIO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_settings_data_dir", None)
    rng = np.random.default_rng(0)
    arrays = {"train_images": rng.integers(0, 256, (40, 28, 28), dtype=np.uint8),
              "train_labels": (np.arange(40) % 10).astype(np.uint8),
              "test_images": rng.integers(0, 256, (20, 28, 28), dtype=np.uint8),
              "test_labels": (np.arange(20) % 10).astype(np.uint8)}
    folder = tmp_path / "teacher" / "mnist"
    folder.mkdir(parents=True)
    files = {}
    for role, spec in idxsets.MNIST.files.items():
        data = gzip.compress(idx_bytes(arrays[role]), mtime=0)
        (folder / spec.name).write_bytes(data)
        files[role] = idxsets.IdxFile(spec.name, hashlib.md5(data).hexdigest())
    monkeypatch.setitem(idxsets.IDX_SETS, "mnist",
                        replace(idxsets.MNIST, mirrors=(), files=files))
    cache.set_remembered_data_dirs([])
    yield folder
    cache.set_remembered_data_dirs([])


def _load(studio, qtbot) -> None:
    studio.load_dataset()
    qtbot.waitUntil(lambda: studio.dataset is not None or bool(studio.dataset_error),
                    timeout=30_000)


def test_the_folder_given_once_is_found_by_a_step_that_names_none(tiny_mnist, small_studio,
                                                                  qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    memory = DataFolderMemory(small_studio, settings)
    studio = small_studio
    step_data = studio.data_spec.with_(dataset="mnist", params={"download": False})
    studio.set_data_spec(step_data)                 # as the lesson step sets it
    _load(studio, qtbot)
    assert studio.dataset is None and studio.dataset_error       # not on this computer
    given = step_data.with_(params={"download": False, "path": str(tiny_mnist)})
    studio.set_data_spec(given)                     # the Data panel's Path
    _load(studio, qtbot)
    assert studio.dataset is not None
    assert memory.folders == [str(tiny_mnist)] == remembered_folders(settings)

    studio.set_data_spec(step_data)                 # Apply this step again
    _load(studio, qtbot)
    assert studio.dataset is not None and len(studio.dataset.x_test) == 20
    ok, where = availability("mnist")
    assert ok and str(tiny_mnist) in where

    cache.set_remembered_data_dirs([])              # the next start of dlstudio
    assert not availability("mnist")[0]
    DataFolderMemory(small_studio, settings)
    assert availability("mnist")[0]


def test_generated_data_and_own_files_are_not_remembered(small_studio, qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    cache.set_remembered_data_dirs([])
    memory = DataFolderMemory(small_studio, settings)
    try:
        _load(small_studio, qtbot)                  # spirals: generated
        assert small_studio.dataset is not None and memory.folders == []
        settings.setValue("data/remembered_folders", "{damaged")
        assert remembered_folders(settings) == []
    finally:
        cache.set_remembered_data_dirs([])


def test_where_the_files_were_found_is_said_in_the_windows_language(tiny_mnist, small_studio,
                                                                     qtbot, monkeypatch):
    """Walker8 W8-4 (LOW): the zh Data panel said "位于 …/mnist (given folder)"."""
    from dlstudio.gui import i18n
    from dlstudio.gui.data.panel import DataPanel

    studio = small_studio
    monkeypatch.setattr(studio, "load_dataset", lambda *a, **k: None)
    panel = DataPanel(studio)
    qtbot.addWidget(panel)
    studio.set_data_spec(studio.data_spec.with_(dataset="mnist",
                                                params={"path": str(tiny_mnist)}))
    assert f"{tiny_mnist} (given folder)" in panel.where.text()
    try:
        i18n.set_language("zh_CN")
        qtbot.wait(20)
        chinese = panel.where.text()
        assert f"{tiny_mnist}（所填的文件夹）" in chinese and "given folder" not in chinese
    finally:
        i18n.set_language("en")
