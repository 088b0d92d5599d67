"""Walker10 W10-19: a newcomer's first Start (the default network, data and training
settings) must visibly learn: the toy's own recommended settings, not a bare TrainSpec."""
from __future__ import annotations


def test_the_default_session_trains_the_toy_with_its_recommended_settings(qapp, user_dir):
    from dlstudio.gui import specs
    from dlstudio.gui.studio import Studio

    studio = Studio()
    try:
        assert studio.train_spec == specs.preset_train_spec(specs.DEFAULT_PRESET)
        assert studio.train_spec.optimizer == "adam" and studio.train_spec.epochs == 50
    finally:
        studio.shutdown()


def test_the_default_run_learns_the_spirals():
    """RMSprop at 0.001 for 5 epochs ended at 67% with a straight boundary; the toy's
    settings reach about 92% (a headless run of the same specs, ~1 s)."""
    from dlstudio import Network
    from dlstudio.data import load
    from dlstudio.gui import specs
    from dlstudio.training import Trainer

    train = specs.default_train_spec()
    trainer = Trainer(Network.from_spec(specs.default_network_spec(), seed=train.seed),
                      load(specs.default_data_spec()), train)
    last = None
    for last in trainer.run():
        pass
    assert last.test_accuracy >= 0.85, last.test_accuracy
