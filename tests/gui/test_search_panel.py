"""The search panel: space editor, a real 2-process search off the GUI thread, zoom, apply."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest

from dlstudio.gui.search.demo import demo_studio
from dlstudio.gui.search.panel import SearchPanel
from dlstudio.training.search_space import HYPERPARAMETERS


@pytest.fixture
def panel(qtbot):
    studio = demo_studio()
    p = SearchPanel(studio)
    qtbot.addWidget(p)
    p.resize(1200, 760)
    yield p
    p.shutdown()


def run_round(panel, qtbot, runs=4, epochs=2):
    panel.runs_spin.setValue(runs)
    panel.epochs_spin.setValue(epochs)
    panel.workers_spin.setValue(2)
    with qtbot.waitSignal(panel.sigStateChanged, timeout=120_000,
                          check_params_cb=lambda s: s == "idle"):
        assert panel.start()
        assert panel.state == "running"
        assert not panel.start_button.isEnabled() and panel.cancel_button.isEnabled()


def test_editor_lists_every_hyperparameter_with_default_ranges(panel):
    assert panel.editor.rowCount() == len(HYPERPARAMETERS)
    assert panel.editor.selected() == ["learning_rate"]
    (lr,) = panel.editor.space()
    assert (lr.low, lr.high, lr.scale) == (1e-4, 1.0, "log")
    panel.editor.set_selected(["learning_rate", "momentum"])
    assert [d.scale for d in panel.editor.space()] == ["log", "log1m"]
    # the scatter grid follows the choice: one plot per hyperparameter, log x where due
    assert list(panel.scatter.plots) == ["learning_rate", "momentum"]
    assert panel.scatter.plots["learning_rate"].ctrl.logXCheck.isChecked()


def test_bad_range_is_explained_and_nothing_starts(panel):
    panel.editor.lows["learning_rate"].setValue(0.0)
    assert not panel.start()
    assert "above 0" in panel.status_label.text()
    assert panel.state == "idle"


def test_real_search_fills_table_and_scatter_then_zoom_and_apply(panel, qtbot):
    panel.editor.set_selected(["learning_rate", "momentum"])
    run_round(panel, qtbot, runs=4, epochs=2)
    assert len(panel.results) == 4
    assert all(r["status"] == "ok" for r in panel.results), [r["message"] for r in panel.results]
    assert panel.table.rowCount() == 4
    # table sorted best first
    first = panel.table.item(0, 3).data(0x0100)   # UserRole holds the number
    assert first == max(r["val_accuracy"] for r in panel.results)
    # scatter holds one point per run: x = lr (log axis), y = validation accuracy in percent
    x, y = panel.scatter.scatters["learning_rate"].getData()
    assert len(x) == 4
    lrs = sorted(r["params"]["learning_rate"] for r in panel.results)
    np.testing.assert_allclose(sorted(10 ** np.asarray(x)), lrs, rtol=1e-9)  # log-mode data
    np.testing.assert_allclose(sorted(y), sorted(100 * r["score"] for r in panel.results))
    assert panel.progress.value() == panel.progress.maximum()

    # zoom narrows the ranges in the editor around the best result
    best = panel.best()
    before = panel.editor.dimension("learning_rate").r_range
    assert panel.zoom_in()
    lr = panel.editor.dimension("learning_rate")
    assert lr.r_range[1] - lr.r_range[0] < before[1] - before[0]
    assert lr.low <= best["params"]["learning_rate"] <= lr.high
    assert "learning_rate" in panel.scatter.regions

    # a second round continues the trial numbers and is tagged as round 2
    run_round(panel, qtbot, runs=2, epochs=1)
    assert [r["round"] for r in panel.results] == [0] * 4 + [1] * 2
    assert sorted(r["trial"] for r in panel.results) == list(range(6))

    # apply best writes the setting into the studio's train spec
    best = panel.best()
    assert panel.apply_best()
    spec = panel.studio.train_spec
    assert spec.learning_rate == pytest.approx(best["params"]["learning_rate"])
    assert spec.optimizer_config["momentum"] == pytest.approx(best["params"]["momentum"])


def test_cancel_returns_to_idle_with_cancelled_runs(panel, qtbot):
    panel.studio.set_train_spec(panel.studio.train_spec.replace(batch_size=1))
    panel.runs_spin.setValue(6)
    panel.epochs_spin.setValue(100)
    with qtbot.waitSignal(panel.sigStateChanged, timeout=120_000,
                          check_params_cb=lambda s: s == "idle"):
        panel.start()
        qtbot.waitUntil(lambda: panel.progress.value() >= 1, timeout=60_000)
        panel.cancel()
        assert panel.state == "cancelling"
    assert len(panel.results) == 6
    assert {r["status"] for r in panel.results} == {"cancelled"}
    assert "cancelled" in panel.status_label.text()
    # the bar does not say 100% (walker33 W33-6)
    assert panel.progress.text().startswith("0 of 6 runs done (6 cancelled)")
    assert panel.progress.value() < panel.progress.maximum()


def test_apply_without_results_says_so(panel):
    assert not panel.apply_best()
    assert not panel.zoom_button.isEnabled()
    assert "No successful run" in panel.status_label.text()


def test_grab_renders(panel):
    panel.show()
    assert not panel.grab().toImage().isNull()


def test_classroom_mode_follows_the_studio(panel):
    panel.studio.set_classroom(True)
    assert panel.scatter.classroom
    assert list(panel.scatter.plots) == ["learning_rate"]


def test_hyperparameter_names_are_not_cut(panel):
    panel.show()
    header = panel.editor.horizontalHeader()
    check = panel.editor.checks["learning_rate"]
    assert header.sectionSize(0) >= check.sizeHint().width()


def test_the_range_boxes_are_never_too_narrow_for_their_numbers(qtbot):
    """W7-11: squeezed, 0.0001 read "0.00" and 1e-06 "1e-0" (zh classroom font)."""
    from PySide6.QtGui import QFont

    from dlstudio.gui.search.space_editor import SpaceEditorWidget

    editor = SpaceEditorWidget()
    qtbot.addWidget(editor)
    editor.resize(200, 400)                 # far narrower than its four columns
    editor.show()
    font = QFont(editor.font())
    font.setPointSizeF(font.pointSizeF() * 1.6)      # the classroom size
    editor.setFont(font)
    qtbot.wait(10)
    for boxes in (editor.lows, editor.highs):
        for name, box in boxes.items():
            column = 1 if boxes is editor.lows else 2
            assert editor.columnWidth(column) >= box.sizeHint().width(), name
    assert editor.minimumWidth() >= sum(editor.columnWidth(c) for c in range(4))


def _one_round(panel, monkeypatch):
    """A search round as the worker reports it (no processes): one successful trial."""
    monkeypatch.setattr(panel.worker, "start", lambda *a, **k: None)
    assert panel.start()
    trial = len(panel.results)
    panel.worker.sigYielded.emit({
        "trial": trial, "params": {"learning_rate": 0.01}, "status": "ok", "score": 0.9,
        "val_accuracy": 0.9, "val_loss": 0.3, "seconds": 1.0, "epochs": 2, "message": None})
    panel.worker.sigFinished.emit(panel.results[-1:])
    assert panel.state == "idle"


def test_results_on_other_data_say_so_and_a_new_round_clears_them(panel, monkeypatch):
    """W7-17: after the data changed, the search kept showing the results computed on the
    earlier data with nothing saying so."""
    from dlstudio.gui import specs

    studio, note = panel.studio, panel.other_data_note
    panel.show()
    _one_round(panel, monkeypatch)
    moons = studio.data_spec
    assert not note.isVisible()
    studio.set_data_spec(moons.with_(dataset="spirals"))
    assert note.isVisible()
    text = note.text()
    assert specs.dataset_name("moons") in text and specs.dataset_name("spirals") in text
    studio.set_data_spec(moons)                   # their data again
    assert not note.isVisible()
    studio.set_data_spec(moons.with_params(noise=0.3))
    assert "other data settings" in note.text()
    _one_round(panel, monkeypatch)                # the next round starts afresh
    assert [r["trial"] for r in panel.results] == [0] and not note.isVisible()
    studio.set_data_spec(moons)
    assert note.isVisible()
    note.action_button.click()                    # "Clear results"
    assert panel.results == [] and not note.isVisible()



def test_a_narrowed_range_reads_in_three_digits_and_keeps_its_exact_value(qtbot):
    """Walker25 W25-3: lesson 15's narrowed range 0.00853617 .. 0.788935 was cut off in the
    Low box ("0.0085361..."). The boxes show three significant digits and fit them; the
    search uses the exact values unless the student edits a box."""
    from PySide6.QtCore import Qt

    from dlstudio.gui.search.space_editor import SpaceEditorWidget
    from dlstudio.training.search_space import Dimension

    editor = SpaceEditorWidget()
    qtbot.addWidget(editor)
    editor.show()
    low, high = 0.00853617123, 0.788935
    editor.set_space([Dimension("learning_rate", low, high, "log", False)])
    box = editor.lows["learning_rate"]
    assert box.text() == "0.00854" and editor.highs["learning_rate"].text() == "0.789"
    text_width = box.fontMetrics().horizontalAdvance(box.text())
    assert box.lineEdit().width() >= text_width, (box.lineEdit().width(), text_width)
    # focus in and out without an edit: the exact value stays
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    box.interpretText()
    (dim,) = editor.space()
    assert dim.low == pytest.approx(low, rel=1e-9) and dim.high == pytest.approx(high)
    # an edit is taken as typed
    box.lineEdit().setText("0.005")
    box.interpretText()
    assert editor.space()[0].low == 0.005


def test_a_search_that_cannot_start_says_why_on_the_bar_by_the_start_button(panel):
    """walker26 W26-4: Start with the range 5 to 0.001 did nothing visible: the reason was at
    the foot of the scrolled settings, and the bar under the button still said "0% · under a
    minute with these settings"."""
    from dlstudio.gui import i18n

    planned = panel.progress.text()
    assert "with these settings" in planned or "not known yet" in planned
    panel.editor.lows["learning_rate"].setValue(5.0)
    panel.editor.highs["learning_rate"].setValue(0.001)
    assert not panel.start()
    said = "Cannot start: learning rate: the range must go from low to high, got [5, 0.001]"
    assert panel.progress.text() == said and panel.progress.toolTip() == said
    assert said not in panel.status_label.text()            # once (walker28 W28-8)
    i18n.set_language("zh_CN")
    try:
        assert "学习率：范围必须从低到高，当前为 [5, 0.001]" in panel.progress.text()
        assert "需要" not in panel.progress.text()
    finally:
        i18n.set_language("en")
    panel.editor.highs["learning_rate"].setValue(10.0)      # fixed: the plan again
    assert panel.progress.text() == planned and panel.progress.toolTip() == ""


def test_nothing_ticked_is_refused_once_and_leaves_the_page_as_it_was(panel, qtbot):
    """walker28 W28-8: Run search with no hyperparameter ticked said it twice (a red line
    and the bar) and emptied the plot while the table kept the results."""
    run_round(panel, qtbot, runs=2, epochs=1)
    shown = list(panel.scatter.dimensions)
    assert shown and panel.table.rowCount() == 2
    before = panel.status_label.text()
    for check in panel.editor.checks.values():
        check.setChecked(False)
    assert not panel.start()
    assert "tick at least one hyperparameter" in panel.progress.text()
    assert panel.status_label.text() == before
    assert list(panel.scatter.dimensions) == shown and panel.table.rowCount() == 2


def test_a_round_waits_for_a_training_run_and_says_which(panel, qtbot):
    """walker27 W27-16: Run search started while the studio's run trained (both ran, each
    at half speed). The bar names the run and how to get it out of the way; a paused run
    takes no time and may stay."""
    studio = panel.studio
    studio.set_train_spec(studio.train_spec.replace(epochs=500))
    studio.start()
    try:
        assert studio.state in ("preparing", "running")
        assert not panel.start() and panel.state == "idle"
        said = panel.progress.text()
        assert said == "A run is starting: pause it (Space) or stop it (Shift+F5) first."
        qtbot.waitUntil(lambda: studio.state == "running", timeout=60_000)
        studio.pause()
        assert "Cannot start" not in panel.progress.text()     # the way is clear again
        panel.runs_spin.setValue(1)
        assert panel.start()
        panel.cancel()
        qtbot.waitUntil(lambda: panel.state == "idle", timeout=60_000)
    finally:
        studio.runner.cancel()


def test_the_table_writes_accuracies_in_percent_and_three_digits(panel):
    """walker27 W27-16: 'Val. accuracy' 0.725 where the window writes percent elsewhere,
    learning rates raw ('0.0001164')."""
    panel.table.set_results([{"trial": 0, "round": 0, "status": "ok", "message": "",
                              "val_accuracy": 0.6875, "val_loss": 0.46734, "seconds": 2.0,
                              "params": {"learning_rate": 0.00011641}, "score": 0.6875}])
    row = [panel.table.item(0, c).text() for c in range(panel.table.columnCount())]
    assert row[3:6] == ["68.8%", "0.467", "0.000116"]
    # the columns share the table's width (the learning rate's was cut at 1366x768)
    panel.table.resize(500, 300)
    header = panel.table.horizontalHeader()
    assert sum(header.sectionSize(c) for c in range(len(row))) \
        <= panel.table.viewport().width()


def test_scales_are_named_in_words_with_what_they_do(panel):
    """walker27 W27-16: the Scale column said 'log (10ʳ)' and '1 − 10ʳ'."""
    names = {n: panel.editor.scales[n].currentText() for n in ("learning_rate", "momentum")}
    assert names == {"learning_rate": "log scale", "momentum": "log scale near 1"}
    assert "0.99 to 0.999" in panel.editor.scales["momentum"].toolTip()
    panel.editor.scales["momentum"].setCurrentIndex(0)
    assert "as likely" in panel.editor.scales["momentum"].toolTip()
