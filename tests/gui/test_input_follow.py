"""The network's Input follows the data (``gui/input_follow.py``, walker32 W32-10)."""
from __future__ import annotations

from dlstudio.engine.spec import LayerSpec
from dlstudio.gui import input_follow


def test_choosing_images_for_the_toy_network_makes_its_input_take_them(small_studio, qtbot):
    studio = small_studio
    assert tuple(studio.network_spec.input_shape) == (2,)
    with qtbot.waitSignal(studio.sigMessage) as said:
        studio.set_data_spec(studio.data_spec.with_(dataset="digits", params={}))
    assert tuple(studio.network_spec.input_shape) == (28, 28, 1)
    assert said.args[0] == ("Input shape is now 28 × 28 × 1 to take the examples of "
                            "Drawn digits (offline); it was 2. Ctrl+Z puts it back.")
    assert studio.can_undo()
    studio.undo()
    assert tuple(studio.network_spec.input_shape) == (2,)


def test_an_input_set_by_hand_stays(small_studio):
    studio = small_studio
    studio.set_network_spec(studio.network_spec.with_input_shape((3,)))
    studio.set_data_spec(studio.data_spec.with_(dataset="digits", params={}))
    assert tuple(studio.network_spec.input_shape) == (3,)


def test_data_of_the_same_shape_change_nothing(small_studio):
    studio = small_studio
    network = studio.network_spec
    studio.set_data_spec(studio.data_spec.with_(dataset="moons", params={}))
    assert studio.network_spec is network


def test_the_rule():
    from dlstudio.engine.spec import NetworkSpec

    spec = NetworkSpec((2,), (LayerSpec("Dense", {"units": 2}),))
    assert input_follow.followed(spec, (2,), (28, 28, 1)).input_shape == (28, 28, 1)
    assert input_follow.followed(spec, (3,), (28, 28, 1)) is None      # set by hand
    assert input_follow.followed(spec, None, (28, 28, 1)) is None      # unknown before
    assert input_follow.followed(spec, (2,), None) is None             # unknown after
    assert input_follow.followed(spec, (2,), (2,)) is None


def test_a_shape_is_the_loaded_datas_else_the_declared_one(tmp_path):
    from types import SimpleNamespace

    import numpy as np

    from dlstudio.data.spec import DataSpec

    assert input_follow.data_shape(DataSpec(dataset="mnist")) == (28, 28, 1)
    folder = DataSpec(dataset="folder", params={"path": str(tmp_path), "height": 32,
                                                "width": 32, "channels": 3})
    assert input_follow.data_shape(folder) == (32, 32, 3)
    csv = DataSpec(dataset="csv", params={"path": str(tmp_path / "a.csv")})
    assert input_follow.data_shape(csv) is None
    loaded = SimpleNamespace(x_train=np.zeros((5, 7), np.float32))
    assert input_follow.data_shape(csv, loaded) == (7,)


def test_a_network_set_with_its_data_stays(small_studio):
    """A workspace or a lesson step sets the network, then its data: the network stays as
    it was saved, even when its Input took the data before."""
    studio = small_studio
    studio.set_data_spec(studio.data_spec.with_(dataset="digits", params={}),
                         follow_input=False)
    assert tuple(studio.network_spec.input_shape) == (2,)


def test_an_opened_workspace_keeps_its_network(small_studio):
    import dataclasses

    from dlstudio.data.spec import DataSpec
    from dlstudio.gui import workspace_file

    studio = small_studio
    ws = dataclasses.replace(workspace_file.capture(studio), data=DataSpec(dataset="digits"))
    workspace_file.apply(studio, ws)
    assert tuple(studio.network_spec.input_shape) == (2,)
