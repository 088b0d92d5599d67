"""A search round as the search panel's worker reports it, without worker processes (shared
by the search panel tests)."""
from __future__ import annotations


def report_round(panel, monkeypatch, space, trials, **common) -> None:
    """Start a round over ``space`` and deliver ``trials`` (result dicts; ``trial`` numbered
    on from the panel's results, ``common`` fields and defaults added) and its end."""
    monkeypatch.setattr(panel.worker, "start", lambda *a, **k: None)
    panel.editor.set_space(space)
    assert panel.start()
    for t in trials:
        panel.worker.sigYielded.emit({"trial": len(panel.results), "seconds": 1.0,
                                      "epochs": 2, "message": None, **common, **t})
    panel.worker.sigFinished.emit(panel.results[-len(trials):])
    assert panel.state == "idle"
