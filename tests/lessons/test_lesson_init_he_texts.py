"""Lesson 02 (Initialization II, third in the list) says what its screens show (walker38):
why A's and B's dead-unit bars are the same (W38-1), what blue means in the z-spread plot
(W38-2) and which network step 3 trains (W38-5), in English and Chinese."""
from __future__ import annotations

from dlstudio.engine.network import Network
from dlstudio.lessons.loader import find_lesson
from dlstudio.lessons.resolve import resolve_step, to_specs
from dlstudio.lessons.runner import run_step
from dlstudio.training.preflight_verdicts import VANISHING

LESSON = "02_init_xavier_he"


def test_step_1_says_why_a_and_b_lose_the_same_units():
    """W38-1: the dead-unit bars were identical for Glorot and He in every layer, which the
    text never explained: it says why (same draws, scaled; ReLU keeps the sign) and points at
    the plot where they differ."""
    lesson = find_lesson(LESSON)
    step = lesson.steps[0]
    runs = run_step(lesson, step, raise_errors=True).runs

    def dead(name):
        first = next(s for s in runs[name].snapshots if s.layers)
        return [lt.dead_fraction for lt in first.layers if lt.dead_fraction is not None]

    assert len(dead("A")) >= 10 and dead("A") == dead("B")
    assert "the **Units that stopped responding** bars are the same for A and B" in step.text.en
    assert "the same random numbers" in step.text.en and "one constant factor" in step.text.en
    assert "√2" not in step.text.en and "√2" not in step.text.zh      # the question's answer
    assert "**Spread of each layer's values** plot" in step.text.en
    assert "**失去响应的神经元**柱子逐层都一样" in step.text.zh
    assert "同一组随机数" in step.text.zh and "同一个常数因子" in step.text.zh
    assert "**每层数值的分散程度**图" in step.text.zh


def test_step_2_says_the_spread_plots_blue_is_the_forward_signal_fading_at_the_end():
    """W38-2: blue marked the first layers in the signal plot and the last ones in the
    z-spread plot, under one legend word ("vanishing"): the text says that in the spread
    plot the last layers are blue, for the forward signal, and the run agrees."""
    lesson = find_lesson(LESSON)
    step = lesson.steps[1]
    report = run_step(lesson, step, raise_errors=True).runs[""].info["preflight"]
    spreads = [c.pre_std for c in report.layers if c.signal_rms is not None][:-1]  # hidden
    blue = [s < VANISHING for s in spreads]
    assert len(spreads) == 30 and not blue[0] and all(blue[-5:])
    first_blue = blue.index(True)
    assert all(blue[first_blue:]), blue                 # blue from some layer to the end
    assert all(b < a for a, b in zip(spreads, spreads[1:]))   # "spreads less than the one before"
    assert "In the **Spread of z per layer** plot blue means something else" in step.text.en
    assert "the last layers that are blue" in step.text.en
    assert "**forward signal** fades" in step.text.en
    assert "在**各层 z 的分散程度**图里，蓝色的意思不同" in step.text.zh
    assert "蓝色的是后面几层" in step.text.zh and "**前向信号**" in step.text.zh


def test_step_3_names_the_ten_layer_network_apply_builds():
    """W38-5: step 3 said "the ten-layer ReLU network" right after step 2's thirty layers:
    each step starts from the lesson's setup, so it trains ten He-initialized ReLU layers,
    and the text says they are step 1's."""
    lesson = find_lesson(LESSON)
    step = lesson.steps[2]
    spec, _, _ = to_specs(resolve_step(lesson, step)[0])
    hidden = [lay for lay in spec.to_dict()["layers"] if lay.get("activation") == "relu"]
    assert len(hidden) == 10 and len(Network.from_spec(spec).layers) == 12   # + Flatten, out
    assert {lay["kernel_initializer"] for lay in hidden} == {"he_normal"}
    assert "goes back to the ten ReLU layers of step 1 (not step 2's thirty)" in step.text.en
    assert "all with He initialization" in step.text.en
    assert "回到第 1 步的十个 ReLU 层（而不是第 2 步的三十层）" in step.text.zh
    assert "这个十层" not in step.text.zh and "the ten-layer ReLU network" not in step.text.en
