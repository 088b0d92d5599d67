"""TrainSpec: JSON round trip, Keras-style identifiers, migration and validation."""
import json

import pytest

from dlstudio.training.spec import (EarlyStoppingSpec, ReduceOnPlateauSpec, TelemetrySpec,
                                    TrainSpec, migrate)


def _full_spec() -> TrainSpec:
    return TrainSpec(
        loss="sparse_categorical_crossentropy", optimizer="adam",
        optimizer_config={"beta_1": 0.85}, learning_rate=0.003,
        schedule={"name": "exponential_decay", "decay_steps": 100, "decay_rate": 0.5},
        batch_size=16, epochs=7, shuffle=False, validation_split=0.2, l1=1e-5, l2=1e-4,
        max_norm=3.0, clipvalue=0.5, clipnorm=1.0,
        early_stopping=EarlyStoppingSpec(monitor="val_accuracy", patience=4),
        reduce_on_plateau=ReduceOnPlateauSpec(factor=0.5),
        seed=42, telemetry=TelemetrySpec(snapshots_per_second=12.0, histogram_bins=30))


def test_json_round_trip_is_exact(tmp_path):
    spec = _full_spec()
    text = json.dumps(spec.to_dict())
    assert TrainSpec.from_dict(json.loads(text)) == spec
    path = tmp_path / "train.json"
    spec.save(path)
    assert TrainSpec.load(path) == spec
    assert TrainSpec.from_dict(TrainSpec().to_dict()) == TrainSpec()


def test_document_carries_format_and_version():
    d = TrainSpec().to_dict()
    assert d["format"] == "dlstudio.train" and d["version"] == 1


def test_keras_style_optimizer_identifiers_and_learning_rate_lift():
    a = TrainSpec.from_dict({"optimizer": {"class_name": "sgd",
                                           "config": {"momentum": 0.9, "learning_rate": 0.05}}})
    assert a.optimizer == "sgd" and a.optimizer_config == {"momentum": 0.9}
    assert a.learning_rate == 0.05
    b = TrainSpec.from_dict({"optimizer": {"name": "rmsprop", "rho": 0.8}})
    assert b.optimizer == "rmsprop" and b.optimizer_config == {"rho": 0.8}


def test_shorthand_true_enables_callback_with_defaults():
    s = TrainSpec.from_dict({"early_stopping": True, "reduce_on_plateau": False})
    assert s.early_stopping == EarlyStoppingSpec() and s.reduce_on_plateau is None


def test_unknown_keys_are_named():
    with pytest.raises(ValueError, match="batchsize"):
        TrainSpec.from_dict({"batchsize": 3})
    with pytest.raises(ValueError, match="early_stopping.*patiense"):
        TrainSpec.from_dict({"early_stopping": {"patiense": 3}})


def test_migrate_rejects_foreign_and_newer_documents():
    with pytest.raises(ValueError, match="not a training spec"):
        migrate({"format": "dlstudio.network", "version": 1})
    with pytest.raises(ValueError, match="newer"):
        migrate({"format": "dlstudio.train", "version": 99})
    assert migrate({})["version"] == 1


def test_replace_accepts_nested_dicts():
    s = TrainSpec().replace(early_stopping={"patience": 9}, epochs=2)
    assert s.early_stopping.patience == 9 and s.epochs == 2


def test_default_spec_is_valid():
    assert TrainSpec().validate() == []
    assert _full_spec().validate() == []


@pytest.mark.parametrize("changes, field", [
    ({"learning_rate": -1.0}, "learning_rate"),
    ({"learning_rate": "fast"}, "learning_rate"),
    ({"batch_size": 0}, "batch_size"),
    ({"epochs": 2.5}, "epochs"),
    ({"validation_split": 1.0}, "validation_split"),
    ({"l2": -0.1}, "l2"),
    ({"clipnorm": 0.0}, "clipnorm"),
    ({"early_stopping": EarlyStoppingSpec(monitor="val_acc")}, "early_stopping.monitor"),
    ({"reduce_on_plateau": ReduceOnPlateauSpec(factor=1.5)}, "reduce_on_plateau.factor"),
    ({"telemetry": TelemetrySpec(histogram_bins=1)}, "telemetry.histogram_bins"),
])
def test_validate_names_the_field(changes, field):
    problems = TrainSpec().replace(**changes).validate()
    assert [p.field for p in problems] == [field]
    assert problems[0].message  # a sentence for the user


def test_validate_unknown_optimizer_suggests_names():
    pytest.importorskip("dlstudio.engine.optimizers", reason="engine optimizers not built")
    from dlstudio.engine import optimizers
    if not hasattr(optimizers, "OPTIMIZERS"):
        pytest.skip("OPTIMIZERS registry not built yet")
    problems = TrainSpec(optimizer="rmsprp").validate()
    assert problems and problems[0].field == "optimizer" and "rmsprop" in problems[0].message


def test_problems_read_in_chinese_with_their_hint():
    from dlstudio.messages import render

    [problem] = TrainSpec().replace(learning_rate=-1.0).validate()
    assert str(problem) == ("learning_rate: must be greater than 0, got -1.0; typical rates "
                            "are 0.0001 to 0.1")
    assert render(problem.describe(), "zh") == ("learning_rate：必须大于 0，得到的是 -1.0；"
                                                "常用的学习率在 0.0001 到 0.1 之间")
