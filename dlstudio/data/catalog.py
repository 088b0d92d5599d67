"""The registry entries: one ``DatasetInfo`` per dataset, with its loader.

Heavy modules (Numba rasterizer, downloads, Pillow) are imported inside the loaders so that
listing the datasets stays fast.
"""
from __future__ import annotations

import numpy as np

from dlstudio.data.registry import DatasetInfo, RawData, add_dataset
from dlstudio.engine.registry import Param

_N = Param("n_samples", "int", 1000, low=10, high=1_000_000, log=True,
           help="how many points to generate (before the train/validation/test split)")


def _noise(default: float, high: float = 2.0) -> Param:
    return Param("noise", "float", default, low=0.0, high=high,
                 help="standard deviation of the gaussian noise added to each point")


def _classes(default: int, low: int = 2, high: int = 10) -> Param:
    return Param("n_classes", "int", default, low=low, high=high,
                 help="how many classes (arms, rings or clusters)")


def _synthetic_loader(name: str):
    def load(params: dict, seed: int, data_dir=None, progress=None) -> RawData:
        from dlstudio.data.synthetic import GENERATORS

        gen = GENERATORS[name][0]
        extra = {k: v for k, v in params.items() if k not in ("n_samples", "noise")}
        x, y = gen(int(params["n_samples"]), float(params["noise"]),
                   np.random.default_rng(seed), **extra)
        return RawData(x, y, source="generated")

    return load


def _class_describe(prefix: str = "class"):
    def describe(params: dict) -> dict:
        out = {"size": (int(params["n_samples"]), 0)}
        if "n_classes" in params:
            out["class_names"] = tuple(f"{prefix} {k}" for k in range(int(params["n_classes"])))
        return out

    return describe


_2D = dict(input_shape=(2,), kind="2d", offline=True, source="generated (dlstudio.data.synthetic)")

add_dataset(DatasetInfo(
    name="circles", display_name="Circles", class_names=("ring 0", "ring 1"),
    size=(1000, 0), params=(_N, _noise(0.08), _classes(2, high=5)),
    help="Concentric rings: no straight line separates them, one hidden layer does.",
    loader=_synthetic_loader("circles"), describe=_class_describe("ring"), **_2D))

add_dataset(DatasetInfo(
    name="xor", display_name="XOR", class_names=("opposite signs", "same signs"),
    size=(1000, 0), params=(_N, _noise(0.05)),
    help="Four quadrants, diagonal ones share a class: the problem a perceptron cannot solve.",
    loader=_synthetic_loader("xor"), describe=_class_describe(), **_2D))

add_dataset(DatasetInfo(
    name="spirals", display_name="Spirals", class_names=("arm 0", "arm 1"),
    size=(1000, 0), params=(_N, _noise(0.03, high=1.0), _classes(2, high=6)),
    help="Interleaved spiral arms: needs depth (or many units) and patience.",
    loader=_synthetic_loader("spirals"), describe=_class_describe("arm"), **_2D),
    aliases=("two_spirals",))

add_dataset(DatasetInfo(
    name="blobs", display_name="Gaussian blobs", class_names=("class 0", "class 1", "class 2"),
    size=(1000, 0), params=(_N, _noise(0.3), _classes(3, high=10)),
    help="One gaussian cluster per class; raise the noise to make them overlap.",
    loader=_synthetic_loader("blobs"), describe=_class_describe(), **_2D))

add_dataset(DatasetInfo(
    name="moons", display_name="Moons", class_names=("upper", "lower"),
    size=(1000, 0), params=(_N, _noise(0.1)),
    help="Two interleaving half circles.",
    loader=_synthetic_loader("moons"), describe=_class_describe(), **_2D))


def _regression_describe(params: dict) -> dict:
    dims = int(params["dims"])
    return {"size": (int(params["n_samples"]), 0), "input_shape": (dims,),
            "kind": "2d" if dims == 1 else "tabular"}


add_dataset(DatasetInfo(
    name="regression", display_name="Regression curve / surface", class_names=(),
    task="regression", size=(1000, 0), input_shape=(1,), kind="2d", offline=True,
    source="generated (dlstudio.data.synthetic)",
    params=(_N, _noise(0.1), Param("dims", "choice", 1, choices=(1, 2),
                                   help="1: a curve y(x); 2: a surface y(x0, x1)")),
    help="Fit a smooth function from noisy samples (mean squared error).",
    loader=_synthetic_loader("regression"), describe=_regression_describe))


# ---------------------------------------------------------------- generated images
def _image_loader(kind: str):
    def load(params: dict, seed: int, data_dir=None, progress=None) -> RawData:
        from dlstudio.data import digits

        gen = digits.generate_digits if kind == "digits" else digits.generate_shapes
        x, y = gen(int(params["n_samples"]), seed)
        return RawData(x, y, source="generated")

    return load


def _image_describe(params: dict) -> dict:
    return {"size": (int(params["n_samples"]), 0)}


_IMG_N = Param("n_samples", "int", 12000, low=100, high=200_000, log=True,
               help="how many images to draw (before the train/validation/test split)")

add_dataset(DatasetInfo(
    name="digits", display_name="Drawn digits (offline)", input_shape=(28, 28, 1),
    class_names=tuple(str(d) for d in range(10)), size=(12000, 0), kind="image",
    offline=True, source="generated: strokes with random pen, slant, size, rotation, noise",
    params=(_IMG_N,),
    help="Handwriting-like digits 0-9 drawn on the fly: MNIST's shape, no download needed.",
    loader=_image_loader("digits"), describe=_image_describe), aliases=("procedural_digits",))

add_dataset(DatasetInfo(
    name="shapes", display_name="Geometric shapes (offline)", input_shape=(28, 28, 1),
    class_names=("circle", "square", "triangle", "cross", "plus", "star"), size=(12000, 0),
    kind="image", offline=True, source="generated: outlines with random size, rotation, pen",
    params=(_IMG_N,),
    help="Outlines of six shapes at random sizes, angles and positions.",
    loader=_image_loader("shapes"), describe=_image_describe))

