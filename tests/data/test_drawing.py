"""Draw-a-digit preprocessing (``data.drawing``): MNIST's own size and centring rules."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from dlstudio.data.drawing import area_resize, centre_of_mass, mnist_like

MNIST = Path(os.environ.get("DLSTUDIO_MNIST",
                            Path(__file__).resolve().parents[3] / "shared" / "data" / "mnist"))


def test_area_resize_keeps_the_mean_and_averages_blocks():
    rng = np.random.default_rng(0)
    img = rng.random((12, 9))
    small = area_resize(img, 4, 3)
    np.testing.assert_allclose(small, img.reshape(4, 3, 3, 3).mean(axis=(1, 3)), rtol=1e-12)
    odd = area_resize(img, 5, 7)
    assert odd.mean() == pytest.approx(img.mean(), rel=1e-12)


def test_a_small_stroke_in_a_corner_becomes_a_centred_20_pixel_digit():
    canvas = np.zeros((280, 280))
    canvas[10:70, 20:35] = 1.0                 # a tall bar: 60 x 15 pixels, top left
    out = mnist_like(canvas)
    assert out.shape == (28, 28) and out.dtype == np.float32
    rows = np.flatnonzero(out.any(axis=1))
    cols = np.flatnonzero(out.any(axis=0))
    assert rows[-1] - rows[0] + 1 == 20 and cols[-1] - cols[0] + 1 == 5
    r, c = centre_of_mass(out)
    assert abs(r - 14) <= 0.5 and abs(c - 14) <= 0.5
    assert out.max() == pytest.approx(1.0)


def test_empty_and_bad_canvases():
    assert not mnist_like(np.zeros((50, 50))).any()
    with pytest.raises(ValueError, match="2-D"):
        mnist_like(np.zeros((3, 4, 5)))


def _canvas(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Render a 28x28 image onto a 300x300 canvas as a student might draw it: at another
    size (8-12 canvas pixels per image pixel) and away from the centre."""
    k = rng.uniform(8, 12)
    side = int(round(28 * k))
    big = area_resize(image, side, side)
    canvas = np.zeros((360, 360))
    r, c = rng.integers(0, 360 - side + 1, size=2)
    canvas[r:r + side, c:c + side] = big
    return canvas


@pytest.mark.slow
def test_mnist_predictions_survive_the_round_trip_through_a_canvas():
    if not (MNIST / "t10k-images-idx3-ubyte.gz").exists():
        pytest.skip(f"MNIST IDX files not found in {MNIST} (set DLSTUDIO_MNIST)")
    from dlstudio.data import load
    from dlstudio.engine.network import Network
    from dlstudio.engine.spec import LayerSpec as L
    from dlstudio.engine.spec import NetworkSpec
    from dlstudio.training.spec import TelemetrySpec, TrainSpec
    from dlstudio.training.trainer import Trainer

    data = load("mnist", seed=0, data_dir=str(MNIST))
    spec = NetworkSpec((28, 28, 1), (
        L("Conv2D", {"filters": 16, "kernel_size": 3, "activation": "relu"}),
        L("MaxPooling2D", {"pool_size": 2}),
        L("Conv2D", {"filters": 32, "kernel_size": 3, "activation": "relu"}),
        L("MaxPooling2D", {"pool_size": 2}), L("Flatten"),
        L("Dense", {"units": 10, "activation": "softmax"})))
    net = Network.from_spec(spec, seed=0)
    train = TrainSpec(optimizer="adam", learning_rate=0.002, batch_size=64, epochs=1,
                      telemetry=TelemetrySpec(enabled=False))
    for _ in Trainer(net, data, train).run():
        pass
    rng = np.random.default_rng(0)
    x = data.x_test[:1000, :, :, 0]
    redrawn = np.stack([mnist_like(_canvas(img, rng)) for img in x])[..., None]
    before = net.predict(data.x_test[:1000]).argmax(axis=1)
    after = net.predict(redrawn).argmax(axis=1)
    assert (before == data.y_test[:1000]).mean() > 0.95          # a trained network
    agreement = (before == after).mean()
    print(f"\npredictions kept on {agreement:.1%} of 1000 MNIST test images")
    assert agreement >= 0.97
