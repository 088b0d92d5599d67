"""A plot panel's Export (PNG, SVG, CSV) says where it saved in the window's status line."""
from __future__ import annotations


def test_a_panel_export_is_said_in_the_status_line_and_stays(window):
    """As File > Export is since fix92: the sentence was a 10 s message over the status line,
    after which the line's older sentence ('Saved the trained network as ...') came back as
    if it were the news."""
    window.build_panels()
    panel = window.plot_panels["convergence"]
    window.studio.sigMessage.emit("Saved the trained network as /tmp/toy.dlsnet")

    panel.say_saved("Saved the plots as /tmp/convergence.png")

    assert window.status_label.full_text() == "Saved the plots as /tmp/convergence.png"
    assert window.statusBar().currentMessage() == ""      # nothing over it that times out

