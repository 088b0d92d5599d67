"""The Transfer, Search and Optimizer-playground plots: in Chinese no axis title or legend
entry is left in English, and switching back gives English again (walker 4: the Transfer
plot showed "validation accuracy", "epoch", "new head" in the Chinese window)."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import re

import pytest

from dlstudio.engine.network import Network
from dlstudio.engine.spec import LayerSpec, NetworkSpec
from dlstudio.gui import i18n
from dlstudio.gui.playground.panel import PlaygroundPanel
from dlstudio.gui.search.demo import demo_studio
from dlstudio.gui.search.panel import SearchPanel
from dlstudio.gui.studio import Studio
from dlstudio.gui.transfer.panel import TransferPanel
from tests.plot_texts import scene_texts

CATALOGUE = json.loads((i18n.TRANSLATIONS / "zh_CN.json").read_text(encoding="utf-8"))
TRANSLATABLE = {k for k, v in CATALOGUE.items() if v != k}
HAN = re.compile(r"[\u4e00-\u9fff]")


def plot_texts(view) -> set[str]:
    """Axis titles, plot titles, legend entries and free labels of one plot widget, with the
    HTML of a coloured legend split into its entries."""
    words = set()
    for t in scene_texts(view.scene()):
        # gaps between entries are two no-break spaces; one inside an entry ("round 1",
        # kept on one line when the legend wraps) is a space of the entry
        for part in t.replace("&nbsp;&nbsp;", "<").replace("&nbsp;", " ").replace(
                ">", "<").split("<"):
            part = part.strip(" ◯●■")
            if part and not part.startswith(("span", "/span")):
                words.add(part)
    return words


@pytest.fixture
def panels(qtbot):
    source = Network.from_spec(NetworkSpec((2,), (
        LayerSpec("Dense", {"units": 8, "activation": "elu"}),
        LayerSpec("Dense", {"units": 3, "activation": "softmax"}))), seed=0)
    transfer = TransferPanel(Studio())
    transfer.set_source(source, "test source")
    search = SearchPanel(demo_studio())
    search.editor.set_selected(["learning_rate", "momentum"])
    search.scatter.show_zoom(search.editor.space())
    search.scatter.set_results([{"trial": 0, "round": 0, "score": 0.5, "status": "ok",
                                 "params": {"learning_rate": 0.01, "momentum": 0.9}}])
    playground = PlaygroundPanel()
    for p in (transfer, search, playground):
        qtbot.addWidget(p)
    yield {"transfer": transfer.plot, "search": search.scatter, "playground": playground.plot}
    transfer.shutdown()
    search.shutdown()


def test_plot_titles_and_legends_follow_the_language(panels, qtbot):
    english = {name: plot_texts(view) for name, view in panels.items()}
    # the accuracy axis: "validation accuracy (%)" where it fits, else "accuracy (%)" (W28-4)
    assert {"epoch", "new head", "fine-tuning"} <= english["transfer"]
    assert english["transfer"] & {"validation accuracy (%)", "accuracy (%)"}
    assert {"round 1", "best run", "zoomed range"} <= english["search"]
    try:
        assert i18n.set_language("zh_CN")
        qtbot.waitUntil(lambda: all(plot_texts(v) != english[n] for n, v in panels.items()),
                        timeout=3000)
        for name, view in panels.items():
            texts = plot_texts(view)
            left = {t for t in texts if t in TRANSLATABLE}
            assert not left, (name, left)
        assert {"新的输出头", "微调"} <= plot_texts(panels["transfer"])
        assert plot_texts(panels["transfer"]) & {"验证准确率（%）", "准确率（%）"}
        assert "最佳运行" in plot_texts(panels["search"])
        assert panels["search"].scatters["learning_rate"].getData()[0] is not None  # redrawn
    finally:
        i18n.set_language("en")
    qtbot.waitUntil(lambda: all(plot_texts(v) == english[n] for n, v in panels.items()),
                    timeout=3000)
    for name, view in panels.items():
        assert not [t for t in plot_texts(view) if HAN.search(t)], name
