"""Walker8 W8-13: unscaled inputs (x1 about 4,000-7,000) saturated the first tanh layer; the
note advised a smaller learning rate or smaller initial weights and never named the inputs
or Preprocessing -> Standardize. The note now says the cause first."""
from __future__ import annotations

import dataclasses

import numpy as np

from dlstudio.data.preprocess import large_inputs
from dlstudio.messages import render


def test_large_inputs_are_named_with_their_range():
    rng = np.random.default_rng(0)
    scaled = rng.normal(size=(500, 2)).astype(np.float32)
    assert large_inputs(scaled) is None
    assert large_inputs(rng.uniform(0, 1, (50, 28, 28, 1))) is None      # images in [0, 1]
    raw = np.column_stack([rng.uniform(4000, 7000, 500), rng.uniform(-700, 1200, 500)])
    note = large_inputs(raw)
    assert note is not None and note.startswith("The inputs are large: input 1 runs from 4,")
    assert "Standardize (z-score)" in note
    assert "标准化（z 分数）" in render(note, "zh")
    assert large_inputs(np.zeros((0, 2))) is None


def test_the_run_note_names_the_inputs_first(window, qtbot, tmp_path, monkeypatch):
    rng = np.random.default_rng(1)
    n = 240
    labels = rng.integers(0, 2, n)
    x1 = 5000 + 1000 * (labels - 0.5) + rng.normal(0, 300, n)
    x2 = 200 + 500 * rng.normal(size=n)
    path = tmp_path / "moons_raw.csv"
    path.write_text("x1,x2,label\n" + "".join(f"{a:.1f},{b:.1f},{c}\n"
                                               for a, b, c in zip(x1, x2, labels)))
    s = window.studio
    s.set_data_spec(s.data_spec.with_(dataset="csv", params={"path": str(path)}))
    s.set_train_spec(s.train_spec.replace(epochs=2))
    s.load_dataset()
    qtbot.waitUntil(lambda: s.dataset is not None, timeout=30_000)

    def judged_again(_x):
        raise AssertionError("the inputs' scale is judged when the data is loaded, not "
                             "while a run trains (issue 13)")

    monkeypatch.setattr("dlstudio.data.preprocess.large_inputs", judged_again)
    s.start()
    qtbot.waitUntil(lambda: s.state in ("finished", "diverged", "stopped"), timeout=60_000)
    qtbot.waitUntil(lambda: not window.run_note.isHidden(), timeout=5_000)
    text = window.run_note.text()
    assert "The inputs are large: input 1 runs from" in text, text
    assert text.index("inputs are large") < text.index("Layer ")
    qtbot.waitUntil(lambda: window.status_label.text().startswith("The inputs are large"),
                    timeout=5_000)


def test_the_preflight_check_names_large_inputs_first():
    """W8-13: 'the pre-flight check could flag it too'."""
    from dlstudio.data import DataSpec, load
    from dlstudio.engine.presets import PRESETS
    from dlstudio.training.preflight import network_at_init, preflight_training
    from dlstudio.training.spec import TrainSpec

    data = load(DataSpec(dataset="moons", params={"n_samples": 200}))
    big = dataclasses.replace(data, x_train=(data.x_train * 1000 + 5000).astype(np.float32))
    spec = TrainSpec(epochs=1)
    net = network_at_init(PRESETS["toy_2d"](), spec)
    report = preflight_training(net, big, spec)
    assert not report.healthy
    assert report.notes[0].startswith("The inputs are large: input ")
    fine = preflight_training(network_at_init(PRESETS["toy_2d"](), spec), data, spec)
    assert not any(n.startswith("The inputs are large") for n in fine.notes)
