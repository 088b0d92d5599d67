import json

import pytest

from dlstudio.data import DataSpec, Subset
from dlstudio.data.spec import AUGMENT_DEFAULTS, FORMAT, VERSION


def _full_spec() -> DataSpec:
    return DataSpec(dataset="mnist", params={"path": "/tmp/x"}, validation_split=0.2,
                    test_split=0.1, subset=Subset(classes=(5, 6, 7, 8, 9), per_class=100),
                    preprocessing=({"type": "standardize", "per": "global"},
                                   {"type": "pca", "n_components": 10}),
                    augmentation={"rotation_range": 15.0, "horizontal_flip": True,
                                  "fill_mode": "nearest"},
                    seed=42)


def test_json_round_trip():
    spec = _full_spec()
    text = json.dumps(spec.to_dict())
    back = DataSpec.from_dict(json.loads(text))
    assert back == spec
    assert back.to_dict() == spec.to_dict()
    d = spec.to_dict()
    assert d["format"] == FORMAT and d["version"] == VERSION
    assert d["subset"] == {"classes": [5, 6, 7, 8, 9], "per_class": 100, "relabel": True}


def test_save_load(tmp_path):
    spec = _full_spec()
    spec.save(tmp_path / "d.json")
    assert DataSpec.load(tmp_path / "d.json") == spec


def test_default_round_trip():
    assert DataSpec.from_dict(DataSpec().to_dict()) == DataSpec()


def test_migrate_version_0():
    old = {"name": "circles", "augment": {"zoom_range": 0.1}}
    spec = DataSpec.from_dict(old)
    assert spec.dataset == "circles" and spec.augmentation == {"zoom_range": 0.1}


def test_newer_version_refused():
    with pytest.raises(ValueError, match="newer"):
        DataSpec.from_dict({"format": FORMAT, "version": VERSION + 1})


def test_wrong_format_and_unknown_field():
    with pytest.raises(ValueError, match="not a data spec"):
        DataSpec.from_dict({"format": "dlstudio.network", "version": 1})
    with pytest.raises(ValueError, match="unknown field"):
        DataSpec.from_dict({"format": FORMAT, "version": 1, "datset": "x"})


def test_validate_names_problems():
    spec = DataSpec(dataset="circels", validation_split=1.5,
                    augmentation={"rotation": 3, "fill_mode": "wrap"})
    problems = " | ".join(spec.validate())
    assert "validation_split" in problems
    assert "rotation" in problems and "fill_mode" in problems
    assert "circles" in problems  # suggestion for the misspelt name


def test_augments_flag_and_edits():
    spec = DataSpec(dataset="digits")
    assert not spec.augments
    spec2 = spec.with_augmentation(zoom_range=0.1)
    assert spec2.augments and not spec.augments
    assert spec2.augmentation_settings["fill_mode"] == AUGMENT_DEFAULTS["fill_mode"]
    assert spec.with_params(n_samples=5).params == {"n_samples": 5}
    assert spec.params == {}


def test_preprocessing_accepts_names():
    spec = DataSpec(preprocessing=["standardize"])
    assert spec.preprocessing == ({"type": "standardize"},)
    with pytest.raises(ValueError):
        DataSpec(preprocessing=[{"n_components": 3}])


def test_validate_steps_augmentation_and_subset():
    spec = DataSpec(dataset="digits", preprocessing=["standardize", "whiten_please"],
                    augmentation={"zoom_range": -0.1, "horizontal_flip": "yes"},
                    subset=Subset(classes=()))
    problems = " | ".join(spec.validate())
    assert "step 2" in problems and "whiten_please" in problems
    assert "zoom_range" in problems and "horizontal_flip" in problems
    assert "subset classes is empty" in problems
    assert DataSpec(dataset="digits", preprocessing=["zca_whiten"],
                    augmentation={"rotation_range": 10}).validate() == []
