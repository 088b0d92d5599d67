"""The data-loading box stands beside the start page, not over its lesson table (walker20:
on a start with MNIST to load, "reading t10k-labels… 75 %" was drawn over the lessons)."""
from __future__ import annotations

from dlstudio.data import DATASETS
from dlstudio.gui.data import DataPanel


def test_the_loading_box_does_not_cover_the_start_page(window, qtbot, monkeypatch):
    from dlstudio.gui.widgets.start_page import open_start_page

    window.move(0, 0)
    window.resize(800, 760)
    page = open_start_page(window)
    page.resize(520, 420)
    page.move(140, 170)
    qtbot.waitUntil(page.isVisible)
    panel = window.findChild(DataPanel)
    monkeypatch.setattr(panel, "_entry", lambda: DATASETS.entry("mnist"))   # data to read
    studio = window.studio
    qtbot.waitUntil(lambda: studio.dataset is not None)     # its own load ends first
    studio.sigDatasetLoading.emit(True)
    panel.progress.setMinimumDuration(0)            # shown at the first progress, not in 0.5 s
    studio.sigDatasetProgress.emit(3, 4, "reading t10k-labels-idx1-ubyte.gz")
    box = panel.progress
    qtbot.waitUntil(box.isVisible)
    # moved once Qt has shown it (centred over the window, where the page is)
    qtbot.waitUntil(lambda: not box.frameGeometry().intersects(page.frameGeometry()))
    assert window.frameGeometry().contains(box.frameGeometry())
    studio.sigDatasetLoading.emit(False)
    page.close()
