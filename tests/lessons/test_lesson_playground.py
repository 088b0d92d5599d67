"""Playground lesson steps show on the surface what their text describes (walker5 W5-1)."""
from __future__ import annotations

import numpy as np

from dlstudio.engine.surfaces import get as get_surface
from dlstudio.lessons.experiments import playground_records
from dlstudio.lessons.loader import find_lesson


def _spread(points: np.ndarray, centre: np.ndarray) -> float:
    """How two-dimensional a path is: the smaller over the larger singular value of its
    points around ``centre`` (0 for a line through it retraced, 1 for a round orbit)."""
    s = np.linalg.svd(points - centre, compute_uv=False)
    return float(s[1] / s[0])


def test_undamped_momentum_sweeps_around_the_minimum_in_lesson_07_step_2():
    step = find_lesson("07_optimizers").steps[1]
    config = step.experiment_config
    minimum = np.asarray(get_surface(config["surface"]).minima[0])
    runs = playground_records(config)
    wild, calm = runs["β = 0.99999"].info["points"], runs["β = 0.9"].info["points"]
    # not one line swung along (a round bowl's picture): the path sweeps a region around it
    assert _spread(wild, minimum) > 0.3
    assert np.min(wild[:, 0]) < minimum[0] < np.max(wild[:, 0])
    assert np.min(wild[:, 1]) < minimum[1] < np.max(wild[:, 1])
    start = np.linalg.norm(wild[0] - minimum)
    assert np.linalg.norm(wild[-1] - minimum) > 0.5 * start      # still far after 200 steps
    assert np.linalg.norm(calm[-1] - minimum) < 1e-2 * start     # beta = 0.9 settles


def test_the_check_names_the_runs_as_the_playground_does_in_chinese():
    """walker23 W23-4: lesson 07/1's check said "Momentum 0.07464" beside a playground whose
    legend, checkboxes and readout say 动量; SGD and Nesterov keep their names."""
    from dlstudio.lessons.checks.base import evaluate
    from dlstudio.messages import render

    step = find_lesson("07_optimizers").steps[0]
    result = evaluate(step.check.kind, step.check.params,
                      playground_records(step.experiment_config))
    assert result.passed
    zh = render(result.message, "zh")
    assert "动量" in zh and "Momentum" not in zh and "SGD" in zh and "Nesterov" in zh
    assert "Momentum" in result.message            # English keeps the English name
