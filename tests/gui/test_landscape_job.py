"""What each variant's landscape is computed from (``plan_job``)."""
from __future__ import annotations

from types import SimpleNamespace

from dlstudio.gui.landscape.job import NO_NETWORK, NO_PATH, plan_job

GRID = dict(dims=2, resolution=5, span=1.0, seed=0, examples=64)


def _studio(net=None, weights=None, trained_on=None):
    variants = [SimpleNamespace(name="A", train_spec=SimpleNamespace(loss="mse")),
                SimpleNamespace(name="B", train_spec=SimpleNamespace())]
    return SimpleNamespace(
        network_for=lambda variant: net, weights=lambda variant: weights,
        variants=variants, train_spec=SimpleNamespace(loss="hinge"),
        trained_on=lambda variant: trained_on, data_spec="shown data")


def test_a_random_plane_is_centred_on_the_newest_weights_on_the_data_they_trained_on():
    net = SimpleNamespace(spec="spec", get_weights=lambda: ["initial"])
    job = plan_job(_studio(net, ["trained"], "trained data"), "A", "random_2d", GRID)
    assert job == ("A", "spec", ["trained"], "mse", dict(GRID, snapshots=None, steps=None),
                   "trained data")
    # untrained: the network's own weights, on the data shown; the loss of its train spec
    variant, _, weights, loss, _, data = plan_job(_studio(net), "B", "random_2d", GRID)
    assert (variant, weights, loss, data) == ("B", ["initial"], "sparse_categorical_crossentropy",
                                              "shown data")


def test_the_pca_plane_is_fitted_to_the_path_and_centred_on_its_end():
    net = SimpleNamespace(spec="spec", get_weights=lambda: ["initial"])
    studio = _studio(net, ["trained"])
    path = [(0, ["w0"]), (5, ["w5"]), (9, ["w9"])]
    assert plan_job(studio, "A", "run_plane", GRID, path[:2]) == NO_PATH
    _, _, weights, _, kwargs, _ = plan_job(studio, "A", "run_plane", GRID, path)
    assert weights == ["w9"] and kwargs["steps"] == [0, 5, 9]
    assert kwargs["snapshots"] == [["w0"], ["w5"], ["w9"]]


def test_a_network_with_a_problem_is_not_planned():
    assert plan_job(_studio(None), "A", "run_plane", GRID) == NO_NETWORK
