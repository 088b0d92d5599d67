import pytest

from dlstudio.bench import data as bench


def test_augment_cost_reports_ratio():
    fig = bench.augment_cost(batch=8, repeats=2, step_seconds=0.02)
    assert fig["step_source"] == "given"
    assert fig["typical_s"] > 0 and fig["ratio_all"] == pytest.approx(fig["all_s"] / 0.02)


def test_digits_speed_figures():
    fig = bench.digits_speed(n=500, repeats=1)
    assert fig["images_per_s"] == pytest.approx(500 / fig["seconds"])


@pytest.mark.slow
def test_digits_need_more_than_a_linear_model():
    fig = bench.linear_vs_mlp(n_train=2500, n_test=1000, hidden=96, epochs=5)
    assert fig["mlp_acc"] > 0.8
    assert fig["mlp_acc"] - fig["linear_acc"] > 0.08
