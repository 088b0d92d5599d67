"""The fused pass's stages (engine/fused_stages.py): activation codes and the loss pairs."""
from __future__ import annotations

import pytest

from dlstudio.engine import activations, fused_stages, losses
from dlstudio.engine.kernels import fused as fk


def test_activation_params_give_codes_and_none_for_softmax():
    assert fused_stages.activation_params(activations.get("relu"))[0] == fk.RELU
    code, _, scale = fused_stages.activation_params(activations.get("selu"))
    assert code == fk.ELU and scale > 1.0
    assert fused_stages.activation_params(activations.get("softmax")) is None
    assert fused_stages.activation_params(None) is None


@pytest.mark.parametrize("loss, out, expected", [
    ("sparse_categorical_crossentropy", "softmax", fk.SPARSE_CE),
    ("binary_crossentropy", "sigmoid", fk.BINARY_CE),
    ("mse", None, fk.MSE),
    ("mse", "sigmoid", fk.MSE),
])
def test_loss_setup_for_the_pairs_the_kernel_knows(loss, out, expected):
    act = None if out is None else activations.get(out)
    setup = fused_stages.loss_setup_for(losses.get(loss), act, fk.LINEAR)
    assert setup is not None and setup[0] == expected


def test_loss_setup_for_refuses_a_pair_it_does_not_know():
    assert fused_stages.loss_setup_for(losses.get("sparse_categorical_crossentropy"),
                                       activations.get("sigmoid"), fk.LINEAR) is None
