import numpy as np
import pytest

from dlstudio.data import DataSpec, load
from dlstudio.data.augment import (FILL_MODES, Augmenter, augment_kernel, augment_reference)
from dlstudio.data.digits import generate_digits

ALL_ON = {"rotation_range": 25, "width_shift_range": 0.15, "height_shift_range": 0.1,
          "shear_range": 10, "zoom_range": 0.2, "horizontal_flip": True, "vertical_flip": True,
          "brightness_range": 0.1, "contrast_range": 0.3, "noise_std": 0.05}


@pytest.fixture(scope="module")
def images():
    x, _ = generate_digits(16, seed=0)
    return x


def _params(n, **kw):
    base = {"theta": np.zeros(n), "shear": np.zeros(n), "zx": np.ones(n), "zy": np.ones(n),
            "tx": np.zeros(n), "ty": np.zeros(n)}
    base.update({k: np.full(n, v, dtype=np.float64) for k, v in kw.items()})
    return base


def _warp(x, p, mode="constant", cval=0.0, fn=augment_kernel):
    n = len(x)
    maps = Augmenter.inverse_maps(p, x.shape[1], x.shape[2])
    return fn(x, maps, np.zeros(n, np.float32), np.ones(n, np.float32),
              np.zeros((0, 0, 0, 0), np.float32), np.zeros(n, np.float32),
              FILL_MODES[mode], cval, 0.0, 1.0, False)


@pytest.mark.parametrize("mode", list(FILL_MODES))
def test_kernel_matches_numpy_twin(images, mode):
    rng = np.random.default_rng(1)
    aug = Augmenter({**ALL_ON, "fill_mode": mode, "cval": 0.25})
    a = aug(images, np.random.default_rng(5))
    b = Augmenter({**ALL_ON, "fill_mode": mode, "cval": 0.25}, use_numba=False)(
        images, np.random.default_rng(5))
    np.testing.assert_allclose(a, b, atol=2e-6)
    assert not np.allclose(a, images)
    del rng


def test_identity_settings_return_input(images):
    out = Augmenter({})(images, np.random.default_rng(0))
    np.testing.assert_array_equal(out, images)
    assert out is not images
    # the kernel itself is exact at the identity map, in every fill mode
    for mode in FILL_MODES:
        np.testing.assert_array_equal(_warp(images, _params(len(images)), mode), images)


def test_integer_shift_moves_pixels(images):
    out = _warp(images, _params(len(images), tx=3.0, ty=-2.0))
    np.testing.assert_array_equal(out[:, :-2, 3:], images[:, 2:, :-3])
    assert np.all(out[:, :, :3] == 0) and np.all(out[:, -2:] == 0)
    near = _warp(images, _params(len(images), tx=3.0), mode="nearest")
    np.testing.assert_array_equal(near[:, :, :3], np.repeat(images[:, :, :1], 3, axis=2))
    refl = _warp(images, _params(len(images), tx=3.0), mode="reflect")
    np.testing.assert_array_equal(refl[:, :, :3], images[:, :, 2::-1])


def test_flips_and_quarter_turn(images):
    flipped = _warp(images, _params(len(images), zx=-1.0))
    np.testing.assert_allclose(flipped, images[:, :, ::-1], atol=1e-6)
    turned = _warp(images, _params(len(images), theta=np.pi / 2))
    # +90 degrees in image coordinates (y down) turns clockwise on screen
    np.testing.assert_allclose(turned, np.rot90(images, k=-1, axes=(1, 2)), atol=1e-5)


def test_random_flip_gives_original_or_mirror(images):
    out = Augmenter({"horizontal_flip": True})(images, np.random.default_rng(3))
    same = np.all(out == images, axis=(1, 2, 3))
    mirrored = np.all(np.abs(out - images[:, :, ::-1]) < 1e-6, axis=(1, 2, 3))
    assert np.all(same | mirrored) and same.any() and mirrored.any()


def test_zoom_out_keeps_centre_and_pixel_ops_stay_in_range(images):
    out = _warp(images, _params(len(images), zx=0.5, zy=0.5))
    assert out[:, :4].max() == 0  # a half-size copy leaves an empty border
    bright = Augmenter({"brightness_range": 0.5, "noise_std": 0.2})(images,
                                                                    np.random.default_rng(0))
    assert bright.min() >= images.min() and bright.max() <= images.max()


def test_deterministic_for_rng_seed(images):
    aug = Augmenter(ALL_ON)
    a = aug(images, np.random.default_rng(7))
    b = aug(images, np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)


def test_preview_grid(images):
    grid = Augmenter(ALL_ON).preview(images[0], 9, np.random.default_rng(0))
    assert grid.shape == (9, 28, 28, 1)
    assert len({g.tobytes() for g in grid}) == 9
    assert Augmenter(ALL_ON).preview(images[0, :, :, 0], 2, np.random.default_rng(0)).shape \
        == (2, 28, 28, 1)


def test_bad_settings():
    with pytest.raises(ValueError, match="fill_mode"):
        Augmenter({"fill_mode": "wrap"})
    with pytest.raises(ValueError, match="rotation"):
        Augmenter({"rotation": 10})
    with pytest.raises(ValueError, match="image batches"):
        Augmenter(ALL_ON)(np.zeros((4, 2), np.float32), np.random.default_rng(0))


def test_dataset_batches_are_augmented_only_for_training():
    spec = DataSpec(dataset="digits", params={"n_samples": 300},
                    augmentation={"rotation_range": 20})
    ds = load(spec)
    assert ds.augmenter is not None
    rng = np.random.default_rng(0)
    xb, yb = next(ds.batches(32, rng, shuffle=False))
    assert xb.shape == (32, 28, 28, 1) and not np.array_equal(xb, ds.x_train[:32])
    xb2, _ = next(ds.batches(32, rng, shuffle=False, augment=False))
    np.testing.assert_array_equal(xb2, ds.x_train[:32])
    assert load(spec.with_(augmentation={})).augmenter is None


def test_augmenting_points_is_refused_at_load():
    with pytest.raises(ValueError, match="augmentation works on images"):
        load(DataSpec(dataset="circles", augmentation={"rotation_range": 10}))
