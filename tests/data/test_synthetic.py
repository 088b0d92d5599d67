import numpy as np
import pytest

from dlstudio.data import synthetic as syn


def rng(seed=0):
    return np.random.default_rng(seed)


@pytest.mark.parametrize("name", list(syn.GENERATORS))
def test_deterministic_and_typed(name):
    gen, k, _, task = syn.GENERATORS[name]
    a = gen(101, 0.1, rng(1))
    b = gen(101, 0.1, rng(1))
    c = gen(101, 0.1, rng(2))
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[0], c[0])
    assert a[0].dtype == np.float32 and len(a[0]) == 101
    if task == "classification":
        assert a[1].dtype == np.int64
        counts = np.bincount(a[1])
        assert len(counts) == k and counts.max() - counts.min() <= 1


def test_circles_radii_without_noise():
    x, y = syn.circles(400, 0.0, rng(), n_classes=3, factor=0.5)
    r = np.linalg.norm(x, axis=1)
    for k, radius in enumerate([0.25, 0.5, 1.0]):
        np.testing.assert_allclose(r[y == k], radius, rtol=1e-6)


def test_xor_rule_without_noise():
    x, y = syn.xor(500, 0.0, rng())
    assert np.array_equal(y, (x[:, 0] * x[:, 1] > 0).astype(np.int64))


def test_blob_means_at_centres():
    x, y = syn.blobs(6000, 0.2, rng(), n_classes=4)
    means = np.stack([x[y == k].mean(0) for k in range(4)])
    np.testing.assert_allclose(np.linalg.norm(means, axis=1), 1.0, atol=0.03)


def test_spiral_arms_radius_in_unit_disc():
    x, y = syn.spirals(600, 0.0, rng(), n_classes=3)
    assert np.linalg.norm(x, axis=1).max() <= 1.0 + 1e-6
    assert sorted(np.unique(y)) == [0, 1, 2]


def test_moons_and_xor_refuse_other_class_counts():
    with pytest.raises(ValueError, match="2 classes"):
        syn.moons(10, 0.1, rng(), n_classes=3)
    with pytest.raises(ValueError, match="2 classes"):
        syn.xor(10, 0.1, rng(), n_classes=4)


def test_regression_targets_follow_function():
    x, t = syn.regression(300, 0.0, rng(), dims=1)
    np.testing.assert_allclose(t[:, 0], np.sin(3 * x[:, 0]) + 0.3 * x[:, 0], atol=1e-5)
    x2, t2 = syn.regression(300, 0.0, rng(), dims=2)
    assert x2.shape == (300, 2) and t2.shape == (300, 1)
