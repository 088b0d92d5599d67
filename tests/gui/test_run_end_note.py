"""The note after a run: which weights a diverged run kept, and whether a comparison can be
trained on (the window's part: test_continue_run.py, test_main_window.py)."""
from __future__ import annotations

from types import SimpleNamespace

from dlstudio.gui.run_end_note import comparison_to_train_on, kept_weights_note


def test_the_kept_weights_are_named_by_their_step(qapp):
    assert "after step 1,234," in kept_weights_note(1234)
    assert "its initial weights" in kept_weights_note(0)


class _Store:
    def __init__(self, events: dict[str, str]):
        self.events = events

    def variants(self) -> list[str]:
        return list(self.events)

    def latest(self, name: str, live: bool = False):
        return SimpleNamespace(event=self.events[name])


def _studio(events: dict[str, str], epochs: int = 5, ran: int = 5, active: bool = False):
    names = tuple((name, None, None) for name in events)
    return SimpleNamespace(
        store=_Store(events), is_active=lambda: active,
        last_run_settings=SimpleNamespace(variants=names),
        train_spec=SimpleNamespace(epochs=epochs),
        run_train_spec=lambda: SimpleNamespace(epochs=ran))


def test_a_stopped_or_lengthened_comparison_cannot_be_continued():
    assert comparison_to_train_on(_studio({"A": "stopped", "B": "stopped"}))
    assert comparison_to_train_on(_studio({"A": "finished", "B": "finished"}, epochs=8))
    assert not comparison_to_train_on(_studio({"A": "finished", "B": "finished"}))
    assert not comparison_to_train_on(_studio({"A": "stopped"}))              # a single run
    assert not comparison_to_train_on(_studio({"A": "stopped", "B": "stopped"}, active=True))
