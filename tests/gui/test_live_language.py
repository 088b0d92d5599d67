"""A live language switch reaches every control of the tool panels (Transfer, Search,
Optimizer playground): buttons, labels, combo entries, table headers and cells, and the
status sentence said before the switch -- not only their plots."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from dlstudio.data.spec import DataSpec
from dlstudio.engine.network import Network
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui import i18n
from dlstudio.training.spec import TrainSpec

from tests.widget_texts import (delete_closed_widgets, still_english, still_english_text,
                                widget_texts)


@pytest.fixture
def chinese_switch(qtbot):
    """Call it to switch the window language to Chinese; English again after the test."""
    delete_closed_widgets()

    def switch():
        assert i18n.set_language("zh_CN")
        qtbot.wait(20)
    yield switch
    i18n.set_language("en")


def _small_net():
    spec = NetworkSpec((2,), (LayerSpec("Dense", {"units": 8, "activation": "relu"}),
                              LayerSpec("Dropout", {"rate": 0.1}),
                              LayerSpec("Dense", {"units": 3, "activation": "softmax"})))
    return Network.from_spec(spec, seed=0)


def test_transfer_panel_follows_a_live_switch(qtbot, chinese_switch):
    from dlstudio.gui.studio import Studio
    from dlstudio.gui.transfer.panel import TransferPanel

    studio = Studio()
    studio.set_data_spec(DataSpec(dataset="blobs", params={"n_samples": 120, "n_classes": 3}))
    studio.set_train_spec(TrainSpec(optimizer="adam", epochs=2))
    panel = TransferPanel(studio)
    qtbot.addWidget(panel)
    try:
        panel.use_studio_network()
        panel.history_table.add_entry({"reuse": 2, "frozen": 1, "cached": True, "head": 0.9,
                                       "fine_tune": None, "train_seconds": 1.0,
                                       "cache_seconds": 0.1})
        assert not panel.send_to_studio()          # "Train first."
        english = widget_texts(panel)
        assert {"Train", "Freeze all reused", "Then fine-tune", "Reuse layers", "Frozen",
                "new head", "yes", "Train first."} <= english
        assert panel.source_label.text().startswith("Source: the studio's network")
        chinese_switch()
        assert still_english(panel) == []
        assert panel.train_button.text() == "训练"
        assert panel.status_label.text() != "Train first." and not panel.status_label.text().isascii()
        assert "the studio's network" not in panel.source_label.text()
        assert not panel.data_label.text().startswith("Trains on")
        assert panel.history_table.item(0, 2).text() != "yes"
    finally:
        panel.shutdown()


def test_search_panel_follows_a_live_switch(qtbot, chinese_switch):
    from dlstudio.gui.search.demo import demo_studio
    from dlstudio.gui.search.panel import SearchPanel

    panel = SearchPanel(demo_studio())
    qtbot.addWidget(panel)
    try:
        panel.table.set_results([{"trial": 0, "round": 0, "status": "diverged", "message": "",
                                  "val_accuracy": None, "val_loss": None, "seconds": 1.0,
                                  "params": {"learning_rate": 3.0}, "score": None}])
        panel.editor.set_selected([])
        assert not panel.start()                    # nothing ticked: says so
        english = widget_texts(panel)
        assert {"Run search", "What to search", "Runs", "Hyperparameter", "log scale",
                "Status", "diverged"} <= english
        # the refusal is said on the bar under Run search (walker28 W28-8: once)
        said = panel.round_progress.bar.format()
        assert said.startswith("Cannot start: tick at least one")
        chinese_switch()
        assert still_english(panel) == []
        assert panel.start_button.text() != "Run search"
        now = panel.round_progress.bar.format()
        assert now != said and "tick" not in now and "Cannot" not in now
        assert "tick" not in panel.status_label.text()
        assert panel.base_label.text() != "" and "Each run" not in panel.base_label.text()
    finally:
        panel.shutdown()


def test_playground_follows_a_live_switch(qtbot, chinese_switch):
    from dlstudio.gui.playground.panel import PlaygroundPanel

    panel = PlaygroundPanel()
    qtbot.addWidget(panel)
    english = widget_texts(panel)
    assert {"Play", "Loss surface", "Optimizers and learning rates", "Momentum β"} <= english
    help_text, status = panel.help_label.text(), panel.status_label.text()
    surface = panel.surface_combo.currentText()
    chinese_switch()
    assert still_english(panel) == []
    assert panel.play_button.text() != "Play"
    assert panel.help_label.text() != help_text and panel.surface_combo.currentText() != surface
    assert panel.status_label.text() != status       # "step 0 of 300" in Chinese


def test_the_whole_window_follows_a_live_switch(window, qtbot, chinese_switch):
    """Every tab, dock, menu, the status bar, the tour and the About box: no text that has
    a Chinese translation is left in English after a live switch."""
    from PySide6.QtWidgets import QMenu

    from dlstudio.gui.widgets.about import show_about, show_shortcuts
    from dlstudio.gui.widgets.tour import open_tour

    tour, about, keys = open_tour(window), show_about(window), show_shortcuts(window)
    for w in (tour, about, keys):
        qtbot.addWidget(w)
    english_tour = tour.text.text()
    chinese_switch()
    from dlstudio.engine.layers import LAYERS

    kinds = set(LAYERS.names())     # layer kinds keep their Keras names ("Flatten")
    left = [t for t in still_english(window) if t not in kinds] + still_english(tour) + \
        still_english(about) + still_english(keys)
    menus = [a.text() for m in window.findChildren(QMenu) for a in m.actions()]
    left += [t for t in menus if still_english_text(t)]
    assert left == [], left
    assert tour.text.text() != english_tour and tour.windowTitle() != "Tour of dlstudio"
    window.studio.set_train_spec(window.studio.train_spec.replace(optimizer="rmsprop",
                                                                  optimizer_config={}))
    shown = widget_texts(window.docks["training"])
    assert "衰减率 ρ" in shown and "小常数 ε（防止除以零）" in shown    # not "Rho", "Epsilon"
    assert about.windowTitle() != "About dlstudio"
