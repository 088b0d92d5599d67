"""Transfer learning: reuse, freeze, replace the head, cache features, fine-tune."""
import numpy as np
import pytest

from dlstudio.data import load
from dlstudio.data.spec import DataSpec, Subset
from dlstudio.engine.network import Network
from dlstudio.engine.serialize import save_network
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.training import transfer
from dlstudio.training.spec import TrainSpec
from dlstudio.training.trainer import Trainer

from float_tolerance import assert_float_close


def mlp(n_out=4, hidden=(16, 12)):
    layers = tuple(LayerSpec("Dense", {"units": u, "activation": "elu",
                                       "kernel_initializer": "he_normal"}) for u in hidden)
    return NetworkSpec((2,), layers + (LayerSpec("Dense", {"units": n_out,
                                                           "activation": "softmax"}),))


@pytest.fixture(scope="module")
def blobs():
    return load(DataSpec(dataset="blobs", params={"n_samples": 400, "n_classes": 4},
                         validation_split=0.2, test_split=0.0, seed=1))


@pytest.fixture(scope="module")
def trained(blobs):
    net = Network.from_spec(mlp(), seed=0)
    for _ in Trainer(net, blobs, TrainSpec(optimizer="adam", learning_rate=0.01,
                                           epochs=3, batch_size=32)).run():
        pass
    return net


def train(net, data, **kw):
    spec = TrainSpec(optimizer=kw.pop("optimizer", "adam"), learning_rate=kw.pop("lr", 0.01),
                     epochs=kw.pop("epochs", 2), batch_size=32, **kw)
    snaps = list(Trainer(net, data, spec).run())
    return snaps


# -- spec manipulations ----------------------------------------------------------------------
def test_freeze_and_unfreeze_are_immutable_edits():
    spec = mlp()
    frozen = transfer.freeze(spec, [0, 1])
    assert transfer.frozen_indices(frozen) == [0, 1]
    assert transfer.frozen_indices(spec) == []           # the original is untouched
    back = transfer.unfreeze(frozen, [1])
    assert transfer.frozen_indices(back) == [0]
    assert "trainable" not in back.layers[1].config      # default dropped, spec stays minimal
    with pytest.raises(IndexError, match="numbered 0 to 2"):
        transfer.freeze(spec, [5])


def test_frozen_prefix_counts_leading_frozen_and_weightless_layers():
    spec = NetworkSpec((28, 28, 1), (LayerSpec("Flatten"), LayerSpec("Dense", {"units": 8}),
                                     LayerSpec("Dropout", {"rate": 0.2}),
                                     LayerSpec("Dense", {"units": 8}),
                                     LayerSpec("Dense", {"units": 3})))
    assert transfer.frozen_prefix(spec) == 0
    assert transfer.frozen_prefix(transfer.freeze(spec, [1])) == 2
    assert transfer.frozen_prefix(transfer.freeze(spec, [1, 3])) == 4
    assert transfer.frozen_prefix(transfer.freeze(spec, [3])) == 0   # layer 1 still trains


# -- head replacement --------------------------------------------------------------------
def test_replace_head_keeps_reused_weights_and_adds_a_fresh_head(trained):
    new = transfer.replace_head(trained, n_classes=3)
    assert len(new.layers) == len(trained.layers)
    assert new.output_shape == (3,)
    head = new.layers[-1]
    assert head.params["W"].shape == (12, 3) and head.params["b"].shape == (3,)
    assert head.name.startswith("new_head")
    for old, reused in zip(trained.layers[:-1], new.layers[:-1]):
        for a, b in zip(old.get_weights(), reused.get_weights()):
            np.testing.assert_array_equal(a, b)
        assert not reused.trainable
    assert head.trainable


def test_replace_head_with_fewer_reused_layers(trained):
    new = transfer.replace_head(trained, n_classes=2, reuse=1, freeze_reused=False)
    assert [layer.type_name for layer in new.layers] == ["Dense", "Dense"]
    assert new.layers[-1].params["W"].shape == (16, 2)
    assert all(layer.trainable for layer in new.layers)


def test_replace_head_flattens_image_features():
    spec = NetworkSpec((8, 8, 1), (LayerSpec("Conv2D", {"filters": 4, "kernel_size": 3}),
                                   LayerSpec("MaxPooling2D", {"pool_size": 2}),
                                   LayerSpec("Flatten"),
                                   LayerSpec("Dense", {"units": 10, "activation": "softmax"})))
    net = Network.from_spec(spec)
    new = transfer.replace_head(net, n_classes=5, reuse=2)    # conv + pool, then a new head
    assert [layer.type_name for layer in new.layers] == ["Conv2D", "MaxPooling2D", "Flatten",
                                                         "Dense"]
    assert new.output_shape == (5,)


# -- feature extraction ------------------------------------------------------------------
def test_cached_features_equal_the_frozen_stacks_forward(trained, blobs):
    net = transfer.replace_head(trained, n_classes=4)
    x = blobs.x_train[:70]
    feats = transfer.cache_features(net, x, upto=2, batch_size=16)   # chunked
    h = x.astype(np.float32)
    for layer in trained.layers[:2]:
        h = layer.forward(h, training=False)
    assert feats.shape == (70, 12)
    # two dense layers of fan-in 2 and 16, by BLAS in chunks of 16 rows vs all 70 at once
    assert_float_close(feats, h, n_terms=16, depth=2)
    # the top network on cached features gives the whole network's outputs (3 layers)
    top = transfer.top_network(net, 2)
    assert_float_close(top.predict(feats), net.predict(x), n_terms=16, depth=3)


def test_feature_dataset_replaces_every_split_and_drops_augmentation(trained, blobs):
    net = transfer.replace_head(trained, n_classes=4)
    feats = transfer.feature_dataset(blobs, net, 2)
    assert feats.x_train.shape == (len(blobs.x_train), 12)
    assert feats.x_val.shape == (len(blobs.x_val), 12)
    assert feats.x_test.shape[1:] == (12,)
    assert feats.augmenter is None
    np.testing.assert_array_equal(feats.y_train, blobs.y_train)


# -- training ----------------------------------------------------------------------------
def test_frozen_layers_do_not_change_in_training(trained, blobs):
    net = transfer.replace_head(trained, n_classes=4)
    before = [layer.get_weights() for layer in net.layers]
    train(net, blobs)
    for i, layer in enumerate(net.layers[:-1]):
        for a, b in zip(before[i], layer.get_weights()):
            np.testing.assert_array_equal(a, b)
    assert not np.array_equal(before[-1][0], net.layers[-1].get_weights()[0])


def test_transfer_run_head_then_fine_tune(trained, blobs):
    plan = transfer.TransferPlan(n_classes=4, cache_features=True, fine_tune_layers=1,
                                 fine_tune_epochs=1, lr_factor=0.1)
    run = transfer.TransferRun(trained, blobs, TrainSpec(optimizer="adam", learning_rate=0.01,
                                                         epochs=3, batch_size=32), plan)
    frozen_before = [w.copy() for w in run.network.layers[0].get_weights()]
    second_before = [w.copy() for w in run.network.layers[1].get_weights()]
    snaps = list(run.run())
    phases = [s.extra["phase"] for s in snaps]
    assert phases[0] == "head" and phases[-1] == "fine_tune"
    assert {s.extra["layer_offset"] for s in snaps if s.extra["phase"] == "head"} == {2}
    # fine-tuning unfroze layer 1 only (and cached layer 0's outputs)
    assert {s.extra["layer_offset"] for s in snaps if s.extra["phase"] == "fine_tune"} == {1}
    assert transfer.frozen_indices(run.network.spec) == [0]
    for a, b in zip(frozen_before, run.network.layers[0].get_weights()):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(second_before[0], run.network.layers[1].get_weights()[0])
    # the fine-tuning rate is the plan's fraction of the first
    tuned = [s for s in snaps if s.extra["phase"] == "fine_tune"]
    assert tuned[-1].learning_rate == pytest.approx(0.001)
    # reusing a network trained on the same task, the new head learns quickly
    head_end = [s for s in snaps if s.extra["phase"] == "head" and s.val_accuracy is not None]
    assert head_end[-1].val_accuracy > 0.8
    assert set(run.timings) == {"head_cache", "head_train", "fine_tune_cache", "fine_tune_train"}


def test_cached_and_uncached_training_give_the_same_head(trained, blobs):
    """Frozen layers make the cached features exactly what the full network computes, so
    training the top on them is the same computation (up to float rounding)."""
    spec = TrainSpec(optimizer="sgd", learning_rate=0.05, epochs=2, batch_size=32)
    heads = []
    for cache in (True, False):
        plan = transfer.TransferPlan(n_classes=4, cache_features=cache)
        run = transfer.TransferRun(trained, blobs, spec, plan)
        list(run.run())
        heads.append(run.network.layers[-1].get_weights()[0])
    np.testing.assert_allclose(heads[0], heads[1], rtol=1e-4, atol=1e-5)


def test_the_head_trains_for_the_plans_epochs_when_it_names_them(trained, blobs):
    """Walker9 W9-8: the Transfer panel's head trained for the Training panel's Epochs."""
    spec = TrainSpec(optimizer="adam", learning_rate=0.01, epochs=6, batch_size=32)
    for head_epochs, expected in ((2, 2), (None, 6)):
        plan = transfer.TransferPlan(n_classes=4, head_epochs=head_epochs)
        snaps = list(transfer.TransferRun(trained, blobs, spec, plan).run())
        assert sum(s.event == "epoch_end" for s in snaps) == expected
    with pytest.raises(ValueError, match="head_epochs"):
        transfer.TransferPlan(n_classes=4, head_epochs=0)


def test_plan_checks_its_settings(trained):
    with pytest.raises(ValueError, match="0.1"):
        transfer.TransferPlan(n_classes=3, lr_factor=2.0)
    with pytest.raises(ValueError, match="can be frozen"):
        transfer.build_transfer_network(trained, transfer.TransferPlan(n_classes=3,
                                                                       frozen=(0, 7)))


def test_load_source_round_trip(trained, tmp_path):
    path = tmp_path / "source.dlsnet"
    save_network(trained, path)
    loaded = transfer.load_source(path)
    for a, b in zip(trained.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(a, b)
