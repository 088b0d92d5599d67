"""The sentence of a run that diverged (``training.divergence``)."""
from __future__ import annotations

import math

from dlstudio.training.divergence import divergence_message


def test_divergence_messages():
    assert divergence_message(340, loss=math.nan).startswith(
        "loss is NaN: the run diverged at step 340: lower the learning rate")
    msg = divergence_message(120, layer_index=2, layer_name="dense_2", grad_norm=3e7)
    assert msg == ("gradients in layer 3 (dense_2) exceeded 10⁶ at step 120: lower the "
                   "learning rate, use a smaller initialization, or turn on gradient clipping")
    assert "became infinite" in divergence_message(
        5, layer_index=0, layer_name="conv2d", grad_norm=math.inf)


def test_a_step_the_run_stopped_in_names_the_last_step_it_finished():
    """Walker8 W8-12: "exceeded 1e6 at step 2" under plots and a toolbar that end at step 1
    (the step the run stopped in is never drawn). Said without "the plots": the terminal's
    `dlstudio train` says it too, where there are none (walker37 W37-25)."""
    msg = divergence_message(2, layer_index=2, layer_name="dense_1", grad_norm=3e7,
                             unfinished=True)
    assert msg.startswith("gradients in layer 3 (dense_1) exceeded 10⁶ at step 2 (the last "
                          "step it finished was step 1)")
    assert "plot" not in msg
    from dlstudio.messages import render
    assert "最后完成的是第 1 步" in render(msg, "zh") and "图" not in render(msg, "zh")
