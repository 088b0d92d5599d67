"""A saved comparison keeps its variants' short names ("A sigmoid") in the studio and in
the run's legends when it is opened again (walker13 W13-17)."""
from __future__ import annotations

import json
import zipfile

from dlstudio.gui import workspace_file as ws
from dlstudio.gui.plots.convergence import ConvergencePanel
from dlstudio.gui.studio import Studio


def _legend_names(panel) -> list[str]:
    return [label.text for _sample, label in panel.loss_plot.legend.items]


def test_save_and_open_keeps_the_variant_names_in_the_legends(small_studio, qtbot, tmp_path):
    """Lesson 05 step 1 saved and opened: the legends said "A", "B" where they had said
    "A sigmoid", "B tanh"."""
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    s.add_variant()
    s.set_variant("B", train_spec=s.train_spec.replace(learning_rate=0.05))
    s.set_variant_tags({"A": "sigmoid", "B": "tanh"})
    s.start(compare=True)
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60000)
    assert s.store.variant_label("B") == "B tanh"
    path = tmp_path / "l05.dlsw"
    ws.write(path, ws.capture(s))

    fresh = Studio()
    try:
        ws.apply(fresh, ws.read(path))
        assert fresh.store.variant_label("A") == "A sigmoid"
        assert fresh.store.variant_label("B") == "B tanh"
        assert fresh.variant_tags() == {"A": "sigmoid", "B": "tanh"}      # the Compare dock
        panel = ConvergencePanel(fresh.store)
        qtbot.addWidget(panel)
        panel.refresh()
        names = " ".join(_legend_names(panel))
        assert "A sigmoid" in names and "B tanh" in names
    finally:
        fresh.shutdown()


def test_files_without_names_and_damaged_names_open(small_studio, tmp_path):
    """Older files have no names; names that are not text are left out (never a crash)."""
    path = tmp_path / "old.dlsw"
    ws.write(path, ws.capture(small_studio))
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    doc = json.loads(members["workspace.json"])
    doc.pop("tags")
    doc["run_tags"] = {"A": 3, "B": "tanh", "C": None}
    members["workspace.json"] = json.dumps(doc).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in members.items():
            zf.writestr(n, data)
    back = ws.read(path)
    assert back.tags == {} and back.run_tags == {"B": "tanh"}


def test_a_saved_branch_opens_as_a_branch(small_studio, qtbot, tmp_path):
    """walker20 W20-6: a branch (Start leaves it out) came back from Save + Open as an
    ordinary variant, and the toolbar offered "Start A + B"."""
    s = small_studio
    s.set_train_spec(s.train_spec.replace(epochs=1))
    s.start()
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60000)
    step = s.timeline_steps()[len(s.timeline_steps()) // 2]
    name = s.branch_from(step, learning_rate=0.001)
    qtbot.waitUntil(lambda: s.state == "finished", timeout=60000)
    origin = s.branch_origin(name)
    assert origin is not None
    path = tmp_path / "branch.dlsw"
    ws.write(path, ws.capture(s))

    fresh = Studio()
    try:
        ws.apply(fresh, ws.read(path))
        assert [v.name for v in fresh.variants] == ["A", name]
        assert fresh.branch_origin(name) == origin
    finally:
        fresh.shutdown()
