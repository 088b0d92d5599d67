"""A search panel on a demo studio (the ``panel`` fixture) and a search round as its worker
reports it, without worker processes (shared by the search panel tests)."""
from __future__ import annotations

import pytest

from dlstudio.gui.search.demo import demo_studio
from dlstudio.gui.search.panel import SearchPanel


@pytest.fixture
def panel(qtbot, user_dir):
    """A ``SearchPanel`` on ``demo_studio()``; its worker is shut down afterwards."""
    p = SearchPanel(demo_studio())
    qtbot.addWidget(p)
    yield p
    p.shutdown()


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
