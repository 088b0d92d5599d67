"""The toolbar's run progress: no empty bar without a run (walker11 W11-16)."""
from __future__ import annotations


def test_the_progress_bar_shows_only_with_a_run(qtbot, small_studio, stop_after):
    """The empty bar beside Reset weights looked like a text field: it is hidden until a
    run starts, says what it is on hover, and goes again with Reset weights."""
    from dlstudio.gui.widgets.run_controls import RunProgressWidget

    progress = RunProgressWidget(small_studio)
    qtbot.addWidget(progress)
    progress.show()
    assert progress.bar.isHidden() and progress.label.text().startswith("Ready")
    assert progress.bar.toolTip()
    stop_after(2)                              # a run: the bar shows, and stays after it
    assert not progress.bar.isHidden()
    small_studio.reset_weights()
    assert progress.bar.isHidden()
