import numpy as np
import pytest

from dlstudio.data import DATASETS, DataSpec, Subset, availability, info, load


@pytest.mark.parametrize("name", [n for n in DATASETS.names()
                                  if DATASETS[n].offline and DATASETS[n].locate is None])
def test_every_offline_dataset_loads(name):
    inf = DATASETS[name]
    params = {"n_samples": 300} if any(p.name == "n_samples" for p in inf.params) else {}
    ds = load(name, seed=3, **params)
    assert ds.x_train.dtype == np.float32
    assert ds.input_shape == tuple(ds.info.input_shape)
    if ds.task == "classification":
        assert ds.y_train.dtype == np.int64 and ds.y_train.ndim == 1
        assert ds.y_train.max() < ds.n_classes
        assert len(np.unique(ds.y_train)) == ds.n_classes
    else:
        assert ds.y_train.dtype == np.float32 and ds.y_train.ndim == 2
    assert len(ds.x_val) > 0 and len(ds.x_test) > 0
    assert availability(name) == (True, "generated")


def test_entry_metadata():
    for entry in DATASETS.entries():
        inf = entry.obj
        assert entry.meta["kind"] in ("2d", "image", "tabular")
        assert inf.task in ("classification", "regression")
        assert entry.params == inf.params
        assert inf.loader is not None


def test_info_follows_params():
    assert info("blobs", n_classes=5).n_classes == 5
    assert info("regression", dims=2).input_shape == (2,)


def test_bad_params_are_explained():
    with pytest.raises(ValueError, match="n_sampels"):
        load("circles", n_sampels=10)
    with pytest.raises(ValueError, match="noise"):
        load("circles", noise=-1.0)
    with pytest.raises(KeyError, match="circles"):
        load("circels")


def test_split_sizes_and_determinism():
    spec = DataSpec(dataset="blobs", params={"n_samples": 1000, "n_classes": 4},
                    validation_split=0.2, test_split=0.1, seed=5)
    a, b = load(spec), load(spec)
    assert len(a.x_test) == 100 and len(a.x_val) == 180 and len(a.x_train) == 720
    np.testing.assert_array_equal(a.x_train, b.x_train)
    c = load(spec.with_(seed=6))
    assert not np.array_equal(a.x_train, c.x_train)


def test_subset_relabel_and_per_class():
    spec = DataSpec(dataset="blobs", params={"n_samples": 2000, "n_classes": 6},
                    subset=Subset(classes=(3, 5), per_class=50), validation_split=0.1)
    ds = load(spec)
    assert ds.n_classes == 2 and ds.class_names == ("class 3", "class 5")
    assert np.bincount(ds.y_train).tolist() == [50, 50]
    assert set(np.unique(ds.y_test)) == {0, 1} and set(np.unique(ds.y_val)) == {0, 1}
    with pytest.raises(ValueError, match="do not exist"):
        load(spec.with_(subset=Subset(classes=(7,))))
