"""Issue 10: the pre-flight check in the window. 'Check before training' beside the layer
stack shows the verdict on the layers until the network changes; Start runs it quietly and a
bad verdict reaches the status line."""
from __future__ import annotations

import re

import pytest


def _deep_sigmoid(studio):
    studio.set_data_spec(studio.data_spec.with_(dataset="digits").with_params(n_samples=300))
    studio.set_network_spec("deep_sigmoid_mlp")
    studio.set_train_spec(studio.train_spec.replace(optimizer="sgd", learning_rate=0.1))


def test_check_before_training_marks_the_layers_until_the_network_changes(qtbot,
                                                                          small_studio):
    from dlstudio.gui.editor.panel import NetworkEditorPanel

    studio = small_studio
    _deep_sigmoid(studio)
    panel = NetworkEditorPanel(studio)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.check_button.text() == "Check before training"
    messages = []
    studio.sigMessage.connect(messages.append)
    with qtbot.waitSignal(studio.sigPreflight, timeout=60000):
        panel.check_button.click()
    report = studio.preflight.report
    assert report.verdict == "vanishing"
    rows = [panel.stack.itemWidget(panel.stack.item(i)) for i in range(panel.stack.count())]
    first_dense = next(r for r in rows if r.row.type == "Dense")
    assert first_dense.check.isVisible() and "vanishing" in first_dense.check.text()
    assert re.search(r"signal ×10⁻[⁶⁷⁸⁹]", first_dense.check.text())   # ~1e-8 of the ref.
    flatten = next(r for r in rows if r.row.type == "Flatten")
    assert not flatten.check.isVisible()
    assert any("Pre-flight check: vanishing" in m for m in messages)
    # a network edit clears the verdict
    studio.set_network_spec(studio.network_spec.replace_layer(
        1, studio.network_spec.layers[1]))            # same layer: no change, kept
    assert studio.preflight is not None
    studio.set_network_spec("toy_2d")
    assert studio.preflight is None
    rows = [panel.stack.itemWidget(panel.stack.item(i)) for i in range(panel.stack.count())]
    assert not any(r.check.isVisible() for r in rows)


def test_start_runs_the_check_quietly_and_the_status_line_mentions_a_bad_verdict(
        qtbot, small_studio):
    from dlstudio.gui.plots.status import StatusTracker

    studio = small_studio
    _deep_sigmoid(studio)
    from dlstudio.gui.preflight_check import status_note

    tracker = StatusTracker(studio.store)
    studio.sigPreflight.connect(lambda r: tracker.set_note(status_note(r)))
    messages = []
    studio.sigMessage.connect(messages.append)
    studio.start(max_steps=3)
    qtbot.waitUntil(lambda: studio.preflight is not None, timeout=60000)
    assert studio.preflight.report.verdict == "vanishing"
    qtbot.waitUntil(lambda: studio.state in ("finished", "stopped"), timeout=60000)
    assert any(m.startswith("Pre-flight check: vanishing") for m in messages)
    assert tracker.note.startswith("Pre-flight check: vanishing")
    # the telemetry's own diagnosis comes first; the note joins a plain progress sentence
    tracker.refresh(force=True)
    assert "vanishing" in tracker.text



def test_a_thirty_step_lesson_run_draws_every_layer_with_at_least_five_points(qtbot,
                                                                              small_studio):
    """Issue 15.1: probes follow the step, so lesson 03's 30-step run draws lines whatever
    the machine's speed (it drew none when probes were spaced by wall-clock cost)."""
    from dlstudio.gui.plots.gradients import GradientsPanel

    studio = small_studio
    _deep_sigmoid(studio)
    panel = GradientsPanel(studio.store)
    qtbot.addWidget(panel)
    studio.start(max_steps=30)
    qtbot.waitUntil(lambda: studio.state in ("finished", "stopped"), timeout=120000)
    panel.refresh(force=True)
    assert len(panel.norm_curves) == 10                # the ten Dense layers
    for curve in panel.norm_curves.values():
        assert len(curve.xData) >= 25            # a point per probed step (>= 5 needed)
    panel.set_quantity("grad_norm")
    panel.refresh(force=True)
    assert all(len(c.xData) >= 25 for c in panel.norm_curves.values())


def test_a_sigmoid_badge_says_f_prime_against_its_maximum_not_passes(qapp):
    """'passes 97%' on a vanishing sigmoid layer read as if it passed 97% of the gradient,
    against the lesson's sigma' <= 0.25: the pass-through is mean f'(z) / f'(0)."""
    from dlstudio.gui import i18n
    from dlstudio.gui.preflight_check import layer_badge
    from dlstudio.training.preflight import LayerCheck

    check = LayerCheck(index=1, name="dense_1", kind="Dense", activation="sigmoid",
                       pass_through=0.97, signal_rms=1e-12, signal_ratio=9e-9,
                       verdicts=("vanishing",))
    try:
        text, _ = layer_badge(check)
        assert "f′ at 97% of its max" in text and "passes" not in text
        i18n.set_language("zh_CN")
        text, _ = layer_badge(check)
        assert "f′ 为其最大值的 97%" in text and "通过" not in text
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("share", [0.0, 0.03, 0.45, 0.5, 0.51, 1.0])
def test_a_dead_share_is_on_the_badge_only_when_it_earns_the_verdict(qapp, share):
    """'healthy · signal ×1.3 · 3% dead' read as a warning (walker3 W3-25) although the
    check calls up to half of a ReLU layer's units dead normal: the badge names the share
    exactly when the pre-flight rule gives the layer the "dead units" verdict, and then in
    that verdict's colour."""
    from dlstudio.gui.preflight_check import VERDICT_COLORS, layer_badge
    from dlstudio.training.diagnosis import DEAD_LIMIT, dead_share_is_problem
    from dlstudio.training.preflight import LayerCheck

    problem = dead_share_is_problem(share)
    assert problem == (share > DEAD_LIMIT)
    check = LayerCheck(index=4, name="dense_3", kind="Dense", activation="relu",
                       dead_fraction=share, signal_rms=0.1, signal_ratio=1.3,
                       verdicts=("dead units",) if problem else ())
    text, colour = layer_badge(check)
    assert ("dead" in text.split(" · ", 1)[1]) == problem
    assert colour == VERDICT_COLORS["dead units" if problem else "healthy"]
    if problem:
        assert f"{100 * share:.0f}% dead" in text


def test_the_dead_units_verdict_and_the_badge_follow_one_rule(qapp):
    """A real check: a ReLU network whose first layer has a bias of -3 (most units dead)
    and whose other layers are healthy."""
    import numpy as np

    from dlstudio.engine.network import Network
    from dlstudio.engine.spec import LayerSpec, NetworkSpec
    from dlstudio.gui.preflight_check import layer_badge
    from dlstudio.training.diagnosis import dead_share_is_problem
    from dlstudio.training.preflight import preflight

    dense = {"units": 32, "activation": "relu", "kernel_initializer": "he_normal"}
    spec = NetworkSpec((16,), (
        LayerSpec("Dense", {**dense, "bias_initializer": {"class_name": "constant",
                                                           "config": {"value": -3.0}}}),
        LayerSpec("Dense", dense), LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
    rng = np.random.default_rng(0)
    x = rng.random((64, 16)).astype(np.float32)
    report = preflight(Network.from_spec(spec, seed=0), x, rng.integers(0, 3, 64),
                       "sparse_categorical_crossentropy", 0.01, "sgd")
    shares = [c.dead_fraction for c in report.layers if c.dead_fraction is not None]
    assert any(dead_share_is_problem(s) for s in shares)
    for check in report.layers:
        badge = layer_badge(check)
        if badge is None or check.dead_fraction is None:
            continue
        problem = dead_share_is_problem(check.dead_fraction)
        assert ("dead units" in check.verdicts) == problem
        assert (f"{100 * check.dead_fraction:.0f}% dead" in badge[0]) == problem


def test_a_running_check_shows_a_busy_bar_and_says_when_it_waits_for_kernels(
        qtbot, small_studio, monkeypatch):
    """The first check after the window opens can wait a minute for kernels to compile: the
    progress bar is busy and the line says why, then the bar returns to 'Ready'."""
    import threading

    from dlstudio.engine import warmup
    from dlstudio.gui.widgets.run_progress import RunProgressWidget

    studio = small_studio
    progress = RunProgressWidget(studio)
    qtbot.addWidget(progress)
    seen = []
    studio.sigChecking.connect(
        lambda text: seen.append((text, progress.bar.maximum(), progress.label.text())))
    # the kernels are compiled by now (earlier tests): the warm-up waits for the test's word,
    # so the check surely starts while it runs, however fast this machine is
    compiled = threading.Event()
    real_warmup = warmup.warmup
    monkeypatch.setattr(warmup, "warmup", lambda between=None: (compiled.wait(60),
                                                                 real_warmup(between=between)))
    studio.warm_up_engine()                      # the check starts while kernels compile
    with qtbot.waitSignal(studio.sigPreflight, timeout=120000):
        assert studio.check_network()
    compiled.set()
    qtbot.waitUntil(lambda: bool(seen) and seen[-1][0] == "", timeout=10000)
    busy = [s for s in seen if s[0]]
    assert busy and all(maximum == 0 and label == text for text, maximum, label in busy)
    assert "kernels to compile" in busy[-1][0]
    assert progress.bar.maximum() > 0 and progress.label.text().startswith("Ready")
    # once the kernels are ready a check just says it is checking
    qtbot.waitUntil(lambda: not studio.warmer.running, timeout=300000)
    seen.clear()
    with qtbot.waitSignal(studio.sigPreflight, timeout=60000):
        assert studio.check_network()
    qtbot.waitUntil(lambda: bool(seen) and seen[-1][0] == "", timeout=10000)
    assert [s[0] for s in seen][-2:] == ["Checking the network before training...", ""]


def test_an_exploding_badge_says_the_step_size_that_earned_it(qapp):
    """Walker8 W8-8: at learning rate 5 every layer's badge read "exploding · signal ×0.059":
    the verdict came from one step's size (update/weight ratio), which the badge did not
    show, next to a modest signal ratio."""
    from dlstudio.gui import i18n
    from dlstudio.gui.preflight_check import layer_badge
    from dlstudio.training.preflight import LayerCheck

    check = LayerCheck(index=0, name="conv2d", kind="Conv2D", activation="relu",
                       signal_rms=0.01, signal_ratio=0.059, update_ratio=39.0,
                       verdicts=("exploding",))
    try:
        text, _ = layer_badge(check)
        assert text.startswith("exploding · a step changes its weights by 3,900%")
        assert "signal ×0.059" in text
        i18n.set_language("zh_CN")
        text, _ = layer_badge(check)
        assert "一步就使其权重改变 3,900%" in text
    finally:
        i18n.set_language("en")
    calm = LayerCheck(index=0, name="conv2d", kind="Conv2D", activation="relu",
                      signal_rms=0.01, signal_ratio=0.5, update_ratio=2e-3)
    assert "step" not in layer_badge(calm)[0]


def test_after_a_run_the_badges_say_before_training_and_what_the_run_left(qtbot,
                                                                           small_studio):
    """Walker21 W21-4: after lesson 05 step 2 (ReLU, SGD at 0.5, one epoch) the badges all
    read "healthy · signal ×0.91" beside a page with 95-100% of the units dead: they were the
    pre-flight's verdict at the initial weights and did not say so. Once the run trained
    the network they say "before training", and a layer the run left mostly dead says so
    under it; an edit of the network takes both away."""
    from dlstudio.gui.editor.panel import NetworkEditorPanel
    from dlstudio.gui.lessons.apply import apply_step
    from dlstudio.lessons.loader import find_lesson

    studio = small_studio
    panel = NetworkEditorPanel(studio)
    qtbot.addWidget(panel)
    panel.show()
    lesson = find_lesson("05_activations")
    step = next(s for s in lesson.steps if s.title.get("en") == "Dying ReLUs")
    apply_step(studio, lesson, step, start=True)
    qtbot.waitUntil(lambda: studio.state in ("finished", "failed", "diverged"),
                    timeout=120_000)
    assert studio.state == "finished"
    rows = [panel.stack.itemWidget(panel.stack.item(i)) for i in range(panel.stack.count())]
    dense = [r for r in rows if r.row.type == "Dense"]
    last = studio.store.latest(studio.store.variants()[0], live=True).step
    assert all(r.check.text().count("before training: ") == 1 for r in dense)
    dead = [r for r in dense if re.search(rf"after step {last:,}: \d+% dead", r.check.text())]
    assert len(dead) >= 2                     # the hidden layers the run killed
    studio.set_network_spec(studio.network_spec.replace_layer(
        1, studio.network_spec.layers[1].with_config(units=32)))
    rows = [panel.stack.itemWidget(panel.stack.item(i)) for i in range(panel.stack.count())]
    assert not any("after step" in r.check.text() or "before training" in r.check.text()
                   for r in rows)


def test_what_a_run_left_in_a_layer_follows_the_preflight_rules():
    """Walker21 W21-4: a trained layer is "dead units" past the pre-flight's share (more than
    half), "saturated" from the status line's (half and more), else fine."""
    from dlstudio.gui.editor.trained_state import layer_problem
    from dlstudio.training.telemetry import LayerTelemetry

    def probe(**fields):
        return LayerTelemetry(1, "dense", "Dense", "relu", **fields)

    assert layer_problem(probe(dead_fraction=0.97)) == ("dead units", pytest.approx(0.97))
    assert layer_problem(probe(dead_fraction=0.5)) is None
    assert layer_problem(probe(saturated_fraction=0.8)) == ("saturated", pytest.approx(0.8))
    assert layer_problem(probe(saturated_fraction=0.2)) is None
    assert layer_problem(probe()) is None


def test_a_layer_no_signal_reaches_says_so_on_its_badge(qapp):
    """Walker23 W23-1: lesson 01 step 1's hidden layers get dL/dz exactly 0 (the reference
    layer too, so there is no ratio): their badges said "healthy" and nothing else."""
    from dlstudio.gui import i18n
    from dlstudio.gui.preflight_check import VERDICT_COLORS, layer_badge
    from dlstudio.training.preflight import LayerCheck

    check = LayerCheck(index=0, name="dense", kind="Dense", activation="tanh",
                       pass_through=0.94, signal_rms=0.0, verdicts=("vanishing",))
    try:
        text, colour = layer_badge(check)
        assert text.startswith("vanishing · no signal") and colour == VERDICT_COLORS["vanishing"]
        i18n.set_language("zh_CN")
        text, _ = layer_badge(check)
        assert "无信号" in text, text
    finally:
        i18n.set_language("en")


def test_check_before_training_checks_every_variant_and_keeps_those_that_fit(qtbot,
                                                                           small_studio):
    """Fix44 (W23-1's remainder): with A and B the check covered A alone, and the page
    could show nothing else. It now checks B too; ``variant_preflights`` gives each
    variant's result while it fits that variant's specs."""
    from dlstudio.engine import spec_edits as edits

    studio = small_studio
    _deep_sigmoid(studio)
    studio.add_variant()
    studio.set_variant("B", network_spec=edits.set_hidden_activation(studio.network_spec,
                                                                     "relu"))
    with qtbot.waitSignals([studio.sigPreflight, studio.sigVariantPreflight], timeout=60000):
        assert studio.check_network()
    results = studio.variant_preflights()
    assert sorted(results) == ["A", "B"]
    assert results["A"] is studio.preflight
    assert results["B"].network_spec == studio.variants[1].network_spec
    assert results["B"].report is not None
    assert results["B"].report.loss != results["A"].report.loss      # its own network
    # B changed: its check no longer applies (A's still does)
    studio.set_variant("B", train_spec=studio.variants[1].train_spec.replace(
        learning_rate=0.5))
    assert sorted(studio.variant_preflights()) == ["A"]


def test_the_window_s_preflight_page_hears_of_every_variant(qtbot, window):
    """The window tells the Pre-flight page every variant's check (and names them), so its
    Variant box offers B; B's check goes when B's network changes."""
    from dlstudio.engine import spec_edits as edits

    studio = window.studio
    _deep_sigmoid(studio)
    studio.add_variant()
    studio.set_variant("B", network_spec=edits.set_hidden_activation(studio.network_spec,
                                                                     "relu"))
    page = window.plot_panels["preflight"]
    with qtbot.waitSignals([studio.sigPreflight, studio.sigVariantPreflight], timeout=60000):
        assert studio.check_network()
    assert sorted(page.variants.results) == ["A", "B"] and \
        page.variants.names == {"A": "A", "B": "B"}
    assert page.variants.box.count() == 2 and page.result.variant == "A"
    studio.set_variant("B", network_spec=edits.set_hidden_activation(studio.network_spec,
                                                                     "tanh"))
    assert sorted(page.variants.results) == ["A"]
