"""After an edit to the network the pages that judge it (Outcome, Draw a digit) draw it with
new random weights: they say so, instead of passing it for the run's trained network
(walker15 W15-14: adding a Dropout layer turned a 98.6% Outcome page chance-level, unexplained).
"""
from __future__ import annotations

from dlstudio.engine import spec_edits as edits


def _train(studio, qtbot):
    studio.set_train_spec(studio.train_spec.replace(epochs=1))
    studio.start()
    qtbot.waitUntil(lambda: studio.state == "finished", timeout=60000)
    qtbot.waitUntil(lambda: studio.weights("A") is not None, timeout=5000)


def test_outcome_says_the_edited_network_is_not_trained_yet(window, small_studio, qtbot):
    s = small_studio
    outcome = window.plot_panels["outcome"]
    assert not s.untrained_since_run()            # no run yet: nothing to set apart
    _train(s, qtbot)
    assert not s.untrained_since_run() and outcome.untrained_label.isHidden()

    trained = s.network_spec
    s.set_network_spec(edits.set_hidden_activation(trained, "relu"))
    assert s.untrained_since_run()
    assert not outcome.untrained_label.isHidden()
    assert "not trained yet" in outcome.untrained_label.text()

    s.start()                                      # training it: the note goes
    assert outcome.untrained_label.isHidden()
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60000)
    qtbot.waitUntil(lambda: s.weights("A") is not None, timeout=5000)
    assert outcome.untrained_label.isHidden()


def test_draw_a_digit_names_the_untrained_network(small_studio, qtbot):
    from dlstudio.gui.drawing import DrawDigitPanel

    s = small_studio
    panel = DrawDigitPanel(s)
    qtbot.addWidget(panel)
    try:
        _train(s, qtbot)
        assert "newest weights" in panel.source_label.text()
        s.set_network_spec(edits.set_hidden_activation(s.network_spec, "relu"))
        assert "not trained yet" in panel.source_label.text()
        _train(s, qtbot)                           # trained: its own weights again
        assert "newest weights" in panel.source_label.text()
    finally:
        panel.shutdown()
