"""The transfer-learning panel alone, with a demo source network:
``python -m dlstudio.gui.transfer.demo [source.dlsnet]``."""
from __future__ import annotations

import sys

from dlstudio.gui.transfer.panel import TransferPanel


def demo_source(n_samples: int = 3000, epochs: int = 2):
    """A small MLP trained on drawn digits 0-4 (the standalone demo's source network)."""
    from dlstudio.data import load
    from dlstudio.data.spec import DataSpec, Subset
    from dlstudio.engine.network import Network
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.training.spec import TrainSpec
    from dlstudio.training.trainer import Trainer

    hidden = tuple(LayerSpec("Dense", {"units": 100, "activation": "elu",
                                       "kernel_initializer": "he_normal"}) for _ in range(4))
    spec = NetworkSpec((28, 28, 1), (LayerSpec("Flatten"),) + hidden +
                       (LayerSpec("Dense", {"units": 5, "activation": "softmax"}),))
    data = load(DataSpec(dataset="digits", params={"n_samples": n_samples},
                         subset=Subset(classes=(0, 1, 2, 3, 4))))
    net = Network.from_spec(spec, seed=0)
    for _ in Trainer(net, data, TrainSpec(optimizer="adam", epochs=epochs)).run():
        pass
    return net


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from dlstudio.data.spec import DataSpec, Subset
    from dlstudio.gui.studio import Studio

    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    studio = Studio()
    studio.set_data_spec(DataSpec(dataset="digits", params={"n_samples": 3000},
                                  subset=Subset(classes=(5, 6, 7, 8, 9), per_class=100)))
    studio.set_train_spec(studio.train_spec.replace(optimizer="adam", epochs=20))
    panel = TransferPanel(studio)
    args = sys.argv[1:] if argv is None else argv[1:]
    if args:
        panel.load_source(args[0])
    else:
        panel.set_source(demo_source(), "demo MLP trained on digits 0-4")
    panel.setWindowTitle("dlstudio — transfer learning")
    panel.resize(1200, 720)
    panel.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
