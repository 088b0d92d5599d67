"""Lesson 03's gradient checks compare with the layer the notice and the pre-flight name
(walker12 W12-4: the notice said "10⁻⁸ of layer 10", the check "1.14e-09" of layer 11)."""
from __future__ import annotations

from dlstudio.engine.spec import NetworkSpec
from dlstudio.lessons.loader import find_lesson
from dlstudio.lessons.resolve import resolve_step
from dlstudio.training.diagnosis import reference_layer


def test_the_signal_ratio_checks_use_the_sentences_reference_layer():
    lesson = find_lesson("03_vanishing_gradients")
    checked = 0
    for step in lesson.steps:
        if not step.check.kind.startswith("grad_ratio"):
            continue
        spec = NetworkSpec.from_dict(resolve_step(lesson, step)[0].network)
        rows = spec.describe_layers()
        weighted = [i for i, row in enumerate(rows) if row.n_params > 0]
        last = step.check.params.get("last_layer", -1)
        assert weighted[last] == reference_layer(weighted, len(rows)), step.title
        checked += 1
    assert checked == 2
