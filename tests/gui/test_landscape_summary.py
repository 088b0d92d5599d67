"""The sentence reading a landscape: its losses and data, flatness, the PCA plane's share."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from dlstudio.gui.landscape.summary import landscape_summary
from dlstudio.training.landscape import Landscape


def _item(loss: np.ndarray, trajectory=None):
    grid = np.linspace(-1.0, 1.0, loss.shape[0])
    return SimpleNamespace(result=Landscape(grid, grid, loss, {"examples": 64}),
                           trajectory=trajectory)


def test_the_losses_and_data_are_named(qapp):
    loss = np.arange(25, dtype=np.float64).reshape(5, 5) / 10.0
    text = landscape_summary(_item(loss), "Moons", other_data=False, continued_at=None)
    assert text.startswith("Loss at the centre 1.2, lowest on the grid 0 (64 examples of "
                           "Moons).")
    assert "flat" not in text and "Data panel" not in text
    assert "Data panel shows other data" in landscape_summary(_item(loss), "Moons", True, None)


def test_a_flat_surface_and_a_continued_path_are_said(qapp):
    flat = np.full((5, 5), 2.3) + 1e-4 * np.eye(5)
    path = SimpleNamespace(explained=np.array([0.6, 0.3]), steps=np.array([120, 140]))
    text = landscape_summary(_item(flat, path), "Moons", False, continued_at=100)
    assert "This surface is flat" in text and "holds 90% of the path" in text
    assert "starts at step 120, where the run was continued" in text
    assert "continued" not in landscape_summary(_item(flat, path), "Moons", False, None)


def test_in_chinese_a_chinese_data_name_is_not_set_apart_by_spaces(qapp):
    """Walker22 W22-2: "网格上最低 0.6123（螺旋 中的 512 个样本）": the space that sets a Latin
    name apart ("MNIST 中的") stood beside a Chinese one too."""
    from dlstudio.gui import i18n

    loss = np.arange(25, dtype=np.float64).reshape(5, 5) / 10.0
    i18n.set_language("zh_CN")
    try:
        chinese = landscape_summary(_item(loss), "螺旋", other_data=False, continued_at=None)
        latin = landscape_summary(_item(loss), "MNIST", other_data=False, continued_at=None)
    finally:
        i18n.set_language("en")
    assert "（螺旋中的 64 个样本）" in chinese, chinese
    assert "（MNIST 中的 64 个样本）" in latin, latin


def test_a_flat_surface_says_what_its_number_measures(qapp):
    """Walker27 W27-11: 'across the whole grid the loss changes by only 0.01' beside a check
    line's 0.000732 for the same network: the tab's number is the highest minus the lowest
    loss on its grid, with 3 significant digits and as a share of the centre's loss."""
    flat = np.full((5, 5), 2.339) + 0.00972 * np.eye(5)[::-1] * (np.arange(5) == 0)
    text = landscape_summary(_item(flat), "Moons", False, None)
    assert ("across the whole grid the loss changes by only 0.00972 (highest minus lowest, "
            "0.42% of the loss at the centre)") in text, text


def test_the_losses_read_in_three_digits(qapp):
    """walker28 e_07: 'Loss at the centre 0.09728' (5 digits, where the window writes 3)."""
    loss = np.full((5, 5), 0.5)
    loss[2, 2], loss[0, 0] = 0.09728, 0.012345
    text = landscape_summary(_item(loss), "Moons", other_data=False, continued_at=None)
    assert text.startswith("Loss at the centre 0.0973, lowest on the grid 0.0123 ")
