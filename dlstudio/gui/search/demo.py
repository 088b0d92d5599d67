"""``demo_studio``: the studio the search panel runs alone with (``python -m
dlstudio.gui.search.panel``) and is tested with - a small network on 2-D moons."""
from __future__ import annotations


def demo_studio():
    """A studio set up for a quick search on 2-D moons (the standalone demo)."""
    from dlstudio.data.spec import DataSpec
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.gui.studio import Studio

    studio = Studio()
    studio.set_network_spec(NetworkSpec((2,), (
        LayerSpec("Dense", {"units": 16, "activation": "relu"}),
        LayerSpec("Dense", {"units": 16, "activation": "relu"}),
        LayerSpec("Dense", {"units": 2, "activation": "softmax"}))))
    studio.set_data_spec(DataSpec(dataset="moons", params={"n_samples": 800, "noise": 0.2},
                                  validation_split=0.25))
    studio.set_train_spec(studio.train_spec.replace(optimizer="sgd", batch_size=32,
                                                    optimizer_config={}))
    return studio
