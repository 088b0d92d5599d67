import numpy as np
import pytest

from dlstudio.data import DataSpec, load
from dlstudio.data.pca import PCA, PCAWhiten, ZCAWhiten
from dlstudio.data.preprocess import (PREPROCESSORS, MinMax, Pipeline,
                                      Standardize, ZeroCenter, get)


def correlated(n=2000, d=5, seed=0):
    rng = np.random.default_rng(seed)
    mix = rng.normal(size=(d, d)) * np.array([3.0, 1.0, 0.5, 0.2, 0.05])[:d, None]
    return (rng.normal(size=(n, d)) @ mix + rng.normal(size=d) * 4).astype(np.float32)


def cov(z):
    z = z.astype(np.float64)
    return np.cov(z, rowvar=False, ddof=0)          # the preprocessors' covariance (over N)


@pytest.mark.parametrize("name", [n for n in PREPROCESSORS.names()
                                  if getattr(PREPROCESSORS[n], "invertible", True)])
def test_every_step_round_trips_and_keeps_train_stats(name):
    x = correlated()
    step = get(name)
    z = step.fit(x).transform(x)
    back = step.inverse_transform(z)
    np.testing.assert_allclose(back, x, atol=2e-4 * np.abs(x).max())
    # refit on other data changes the output: stats come from what fit saw
    other = get(name).fit(x[:100] * 2 + 1).transform(x)
    assert not np.allclose(other, z)
    assert get(step.get_config()).get_config() == step.get_config()


def test_zero_center_and_standardize_definitions():
    x = correlated()
    np.testing.assert_allclose(ZeroCenter().fit_transform(x).mean(0), 0, atol=1e-4)
    z = Standardize().fit_transform(x)
    np.testing.assert_allclose(z.mean(0), 0, atol=1e-5)
    np.testing.assert_allclose(z.std(0), 1, atol=1e-4)
    g = Standardize(per="global").fit_transform(x)
    np.testing.assert_allclose([g.mean(), g.std()], [0, 1], atol=1e-4)


def test_minmax_maps_training_range():
    x = correlated()
    z = MinMax(low=-1, high=1).fit_transform(x)
    np.testing.assert_allclose(z.min(0), -1, atol=1e-6)
    np.testing.assert_allclose(z.max(0), 1, atol=1e-6)
    const = np.ones((10, 3), np.float32)
    assert np.all(np.isfinite(MinMax().fit_transform(const)))
    assert np.all(np.isfinite(Standardize().fit_transform(const)))


def test_pca_variances_are_covariance_eigenvalues():
    x = correlated()
    p = PCA().fit(x)
    lam = np.sort(np.linalg.eigvalsh(cov(x)))[::-1]
    np.testing.assert_allclose(p.explained_variance_, lam, rtol=1e-6)
    np.testing.assert_allclose(p.explained_variance_ratio_, lam / lam.sum(), rtol=1e-6)
    z = p.transform(x)
    np.testing.assert_allclose(cov(z), np.diag(lam), atol=1e-3 * lam[0])
    # orthonormal directions
    np.testing.assert_allclose(p.components_ @ p.components_.T, np.eye(5), atol=1e-10)


def test_pca_reduction_and_fraction():
    x = correlated()
    p2 = PCA(n_components=2).fit(x)
    assert p2.transform(x).shape == (len(x), 2)
    recon = p2.inverse_transform(p2.transform(x))
    err = ((recon - x) ** 2).sum(1).mean()
    lam = PCA().fit(x).explained_variance_
    np.testing.assert_allclose(err, lam[2:].sum(), rtol=1e-3)
    pf = PCA(n_components=0.9).fit(x)
    assert pf.explained_variance_ratio_.sum() >= 0.9
    assert pf.explained_variance_ratio_[:-1].sum() < 0.9
    with pytest.raises(ValueError, match="only 5 features"):
        PCA(n_components=7).fit(x)


@pytest.mark.parametrize("cls", [PCAWhiten, ZCAWhiten])
def test_whitened_training_data_has_identity_covariance(cls):
    x = correlated()
    w = cls(epsilon=1e-12).fit(x)
    np.testing.assert_allclose(cov(w.transform(x)), np.eye(5), atol=1e-4)
    # validation data from the same distribution is only approximately white
    v = w.transform(correlated(seed=1)[:, :])
    assert np.abs(cov(v) - np.eye(5)).max() > 1e-4


def test_zca_is_symmetric_and_close_to_input():
    x = correlated()
    z = ZCAWhiten(epsilon=1e-12).fit(x)
    np.testing.assert_allclose(z.whiten_, z.whiten_.T, atol=1e-10)
    pca_w = PCAWhiten(epsilon=1e-12).fit(x)
    xc = x - x.mean(0)
    assert (np.linalg.norm(z.transform(x) - xc / xc.std()) <
            np.linalg.norm(pca_w.transform(x) - xc / xc.std()))


def test_epsilon_limits_small_directions():
    x = correlated()
    big = PCAWhiten(epsilon=1.0).fit(x)
    z = big.transform(x)
    assert cov(z)[-1, -1] < 0.1  # the tiny-variance direction is no longer blown up


def test_images_keep_shape_and_pipeline():
    rng = np.random.default_rng(0)
    imgs = rng.random((300, 6, 6, 1)).astype(np.float32)
    pipe = Pipeline.from_steps([{"type": "standardize", "per": "global"},
                                {"type": "pca", "n_components": 8}])
    z = pipe.fit_transform(imgs)
    assert z.shape == (300, 8)
    assert pipe.inverse_transform(z).shape == (300, 6, 6, 1)
    zca = ZCAWhiten(epsilon=0.1).fit(imgs)
    assert zca.transform(imgs[:5]).shape == (5, 6, 6, 1)
    assert zca.transform(imgs[:0]).shape == (0, 6, 6, 1)


def test_errors_are_explained():
    with pytest.raises(RuntimeError, match="fit"):
        Standardize().transform(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="features"):
        Standardize().fit(np.zeros((4, 3))).transform(np.zeros((4, 2)))
    with pytest.raises(KeyError, match="standardize"):
        get("standardise_please")
    with pytest.raises(ValueError, match="settings"):
        get({"type": "pca", "components": 3})


def test_load_fits_on_training_split_only():
    spec = DataSpec(dataset="blobs", params={"n_samples": 1000}, validation_split=0.2,
                    preprocessing=({"type": "standardize"},), seed=1)
    ds = load(spec)
    np.testing.assert_allclose(ds.x_train.mean(0), 0, atol=1e-5)
    np.testing.assert_allclose(ds.x_train.std(0), 1, atol=1e-4)
    raw = load(spec.with_(preprocessing=()))
    np.testing.assert_allclose(ds.preprocessor.steps[0].mean_, raw.x_train.mean(0), rtol=1e-5)
    np.testing.assert_allclose(ds.x_val, (raw.x_val - raw.x_train.mean(0)) /
                               raw.x_train.std(0), atol=1e-5)
    pca = load(spec.with_(preprocessing=({"type": "pca", "n_components": 1},)))
    assert pca.input_shape == (1,) and pca.info.input_shape == (1,)


def test_state_rebuilds_a_fitted_pipeline():
    x = correlated()
    pipe = Pipeline.from_steps(["standardize", {"type": "pca_whiten", "n_components": 3},
                                {"type": "minmax", "low": -1}])
    z = pipe.fit_transform(x)
    states = pipe.get_state()
    assert all(isinstance(a, np.ndarray) for st in states for a in st["arrays"].values())
    again = Pipeline.from_state(states)
    np.testing.assert_array_equal(again.transform(x), z)
    np.testing.assert_allclose(again.inverse_transform(z), pipe.inverse_transform(z))
    with pytest.raises(RuntimeError, match="fitted"):
        ZCAWhiten().get_state()


def test_binarize_turns_values_into_zeros_and_ones():
    from dlstudio.data.preprocess import get

    x = np.array([[0.0, 0.3, 0.5, 0.51, 1.0]], np.float32)
    step = get({"type": "binarize"}).fit(x)
    np.testing.assert_array_equal(step.transform(x), [[0, 0, 0, 1, 1]])
    assert get({"type": "binarize", "threshold": 0.2}).fit(x).transform(x).sum() == 4
    assert step.get_config() == {"type": "binarize", "threshold": 0.5}
    with pytest.raises(ValueError):
        get({"type": "binarize", "threshold": "half"})
