"""The note after a run: which weights a diverged run kept, and whether a comparison can be
trained on (the window's part: test_continue_run.py, test_main_window.py)."""
from __future__ import annotations

from types import SimpleNamespace

from dlstudio.gui.run_end_note import (comparison_note, comparison_to_train_on,
                                       kept_weights_note)


def test_the_kept_weights_are_named_by_their_step(qapp):
    assert "after step 1,234," in kept_weights_note(1234)
    assert "its initial weights" in kept_weights_note(0)


def test_the_kept_weights_are_placed_among_the_steps_the_plots_show(qapp):
    """Walker36 W36-12 (lesson 04 step 3): stopped in step 4, the plots ending at step 3,
    the weights after step 2 kept: the note says step 3 started from them, its update blew
    up and step 4 stopped."""
    text = kept_weights_note(2, last=3)
    assert "after step 2, those step 3 started from" in text
    assert "the update of step 3 blew up, and step 4 stopped" in text
    first = kept_weights_note(0, last=1)
    assert "its initial weights, those step 1 started from" in first and "step 2 stopped" in first
    # a copy older than the step before the last (a large network's): no such claim
    assert "started from" not in kept_weights_note(20, last=33)


class _Store:
    def __init__(self, events: dict[str, str]):
        self.events = events

    def variants(self) -> list[str]:
        return list(self.events)

    def latest(self, name: str, live: bool = False):
        return SimpleNamespace(event=self.events[name], epoch=2)


def _studio(events: dict[str, str], epochs: int = 5, ran: int = 5, active: bool = False):
    names = tuple((name, None, None) for name in events)
    return SimpleNamespace(
        store=_Store(events), is_active=lambda: active,
        last_run_settings=SimpleNamespace(variants=names),
        train_spec=SimpleNamespace(epochs=epochs),
        run_train_spec=lambda: SimpleNamespace(epochs=ran),
        start_names=lambda: list(events))


def test_a_stopped_or_lengthened_comparison_cannot_be_continued():
    assert comparison_to_train_on(_studio({"A": "stopped", "B": "stopped"}))
    assert comparison_to_train_on(_studio({"A": "finished", "B": "finished"}, epochs=8))
    assert not comparison_to_train_on(_studio({"A": "finished", "B": "finished"}))
    assert not comparison_to_train_on(_studio({"A": "stopped"}))              # a single run
    assert not comparison_to_train_on(_studio({"A": "stopped", "B": "stopped"}, active=True))


def test_the_comparison_note_says_what_happened_and_names_the_start_button(qapp):
    """Walker28 W28-13: the note began "Continue trains a single run on", about a Continue
    shown nowhere, when Epochs was raised and again in a restored session."""
    stopped = comparison_note(_studio({"A": "stopped", "B": "stopped"}))
    assert stopped.startswith("The comparison A + B was stopped in epoch 3 of 5.")
    assert "press “Start A + B”" in stopped
    longer = comparison_note(_studio({"A": "finished", "B": "finished"}, epochs=8))
    assert longer.startswith("The comparison A + B trained 5 epochs; Epochs is now 8.")
    assert "press “Start A + B”" in longer and not longer.startswith("Continue")
    one = comparison_note(_studio({"A": "finished", "B": "finished"}, epochs=5, ran=1))
    assert one.startswith("The comparison A + B trained 1 epoch; Epochs is now 5.")  # W31-5


def test_an_edit_after_a_diverged_run_is_said_apart_from_why_it_stopped(window, small_studio,
                                                                       qtbot):
    """Walker25 W25-15: "Why the run stopped: The network was edited after this run..." gave
    the edit as the first reason; it is said on its own line before the heading."""
    from dlstudio.engine import spec_edits as edits

    s = small_studio
    big = {"class_name": "random_normal", "config": {"stddev": 30.0}}   # lesson 04 step 1
    s.set_network_spec(edits.set_hidden_activation(
        edits.set_hidden_initializer(s.network_spec, big), "relu"))
    s.set_train_spec(s.train_spec.replace(optimizer="sgd", optimizer_config={}))
    s.start()
    qtbot.waitUntil(lambda: s.state in ("diverged", "finished", "failed"), timeout=60_000)
    assert s.state == "diverged"
    s.set_network_spec(edits.set_hidden_activation(s.network_spec, "tanh"))
    assert "edited after this run" in s.curves_note()
    window.show_run_note()
    lines = window.run_note.text().split("\n")
    assert lines[0] == s.curves_note()
    assert lines[1] == "Why the run stopped:"
    assert not any("edited after this run" in line for line in lines[1:])
    assert "use a smaller initialization" in lines[2]
    html = window.run_note.label.text()
    assert html.index("edited after this run") < html.index("Why the run stopped:")


def test_an_edit_after_a_run_that_went_well_is_the_whole_note(window, small_studio, qtbot):
    from dlstudio.engine import spec_edits as edits

    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    s.start()
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60_000)
    qtbot.waitUntil(lambda: s.weights("A") is not None, timeout=5000)
    s.set_network_spec(edits.set_hidden_activation(s.network_spec, "relu"))
    window.show_run_note()
    text = window.run_note.text()
    assert "edited after this run" in text.split("\n")[1]      # under the note's heading


def test_a_one_epoch_run_finished_its_1_epoch(window, small_studio, qtbot):
    """Walker32: "This run finished its 1 epochs"."""
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    s.start()
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60_000)
    qtbot.waitUntil(lambda: s.weights("A") is not None, timeout=5000)
    s.set_train_spec(s.train_spec.replace(epochs=3))
    window.show_run_note()
    text = window.run_note.text()
    assert "This run finished its 1 epoch. Continue" in text, text
    assert "1 epochs" not in text


def test_early_stopping_with_patience_1_says_1_epoch(qapp):
    """Walker32: "had not improved for 1 epochs"."""
    from dlstudio.gui.run_end_note import early_stop_note
    from dlstudio.training.spec import TrainSpec

    def note(patience: int) -> str:
        spec = TrainSpec(epochs=10, early_stopping={"monitor": "val_loss",
                                                    "patience": patience})
        moment = SimpleNamespace(trainer_state={"spec": spec})
        studio = SimpleNamespace(resume_epoch=lambda m: 5, planned_epochs=lambda m: 10,
                                 train_spec=spec)
        return early_stop_note(studio, moment)

    assert "had not improved for 1 epoch. " in note(1) and "1 epochs" not in note(1)
    assert "had not improved for 3 epochs." in note(3)

