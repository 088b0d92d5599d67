"""Panels a lesson step needs that the main window may not host (yet): the optimizer
playground, the hyperparameter search and the transfer-learning panel.

``show_companion(host, key, step, studio)`` makes sure the panel is visible: when the main
window hosts it (a tool tab, plot tab or dock named ``key``) the studio's ``show_panel``
already brought it forward; otherwise it is opened in its own window (one per key, reused).
Playground steps also configure the panel (surface, steps, which optimizers, their rates,
momentum); search steps set the search panel to the step's search and start it there
(``configure_search``), so the student watches the trials the check then reads. A step showing the loss landscape has the window's landscape panel compute every
variant's landscape when the step's run ends (``arm_landscape``). When the student moves to
another lesson, what the steps put in these panels goes (``leave_companions``).
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

_FACTORIES = {
    "playground": ("dlstudio.gui.playground.panel", "PlaygroundPanel", False),
    "search": ("dlstudio.gui.search.panel", "SearchPanel", True),
    "transfer": ("dlstudio.gui.transfer.panel", "TransferPanel", True),
}
_TITLES = {"playground": ("Optimizer playground", "优化器游乐场"),
           "search": ("Hyperparameter search", "超参数搜索"),
           "transfer": ("Transfer learning", "迁移学习")}


def hosted_panel(widget: QWidget, key: str) -> QWidget | None:
    """The panel named ``key`` in the main window around ``widget`` (a central tool tab, a
    plot tab or a dock), or None when the window does not host it."""
    win = widget.window()
    for table in ("tool_tabs", "plot_panels"):
        panel = (getattr(win, table, None) or {}).get(key)
        if panel is not None:
            return panel
    dock = (getattr(win, "docks", None) or {}).get(key)
    return dock.widget() if dock is not None else None


def configure_playground(panel: Any, config: dict) -> None:
    """Set the playground to the step's surface, step count and optimizer line-up."""
    panel.set_surface(config["surface"])
    panel.set_steps(int(config.get("steps", 100)))
    runs = config.get("runs", [])
    momenta = [r["momentum"] for r in runs if "momentum" in r]
    if momenta:
        panel.set_momentum(max(momenta))
    wanted = {}
    for r in runs:
        label = r["label"]
        if r.get("optimizer") == "sgd" and "momentum" in r and label not in panel.checks:
            label = "Nesterov" if r.get("nesterov") else "Momentum"
        wanted[label] = float(r["learning_rate"])
    for label in list(panel.checks):
        panel.set_enabled(label, label in wanted)
        if label in wanted:
            panel.set_learning_rate(label, wanted[label])
    panel.reset()
    panel.play()


def configure_transfer(panel: Any, lesson: Any, step: Any) -> None:
    """Set the Transfer panel's controls like the step's last set-up that reuses the source
    (reuse, frozen layers, cached features, the new head's epochs, fine-tuning: the number
    of top layers it unfreezes, its epochs and its learning rate relative to the step's), so
    that Train repeats what the step describes. The panel must hold the source network
    already."""
    from dlstudio.lessons.resolve import resolve_step

    modes = step.experiment_config.get("modes", {})
    runs = [r for r in resolve_step(lesson, step) if modes.get(r.name)]
    if not runs:
        return
    run, mode = runs[-1], modes[runs[-1].name]
    fine = mode.get("finetune") or {}
    base = float(run.train.get("learning_rate") or 0.0)
    factor = float(fine["learning_rate"]) / base if base > 0 and fine.get("learning_rate") \
        else None
    reuse = int(mode["reuse"])
    panel.set_plan(reuse, range(reuse) if mode.get("freeze", True) else (),
                   cache=bool(mode.get("cache")),
                   fine_tune_layers=len(fine.get("unfreeze", ())),
                   fine_tune_epochs=fine.get("epochs"), lr_factor=factor,
                   head_epochs=run.train.get("epochs"))


def configure_search(panel: Any, step: Any) -> bool:
    """Set the search panel to the step's search (space, runs, epochs, seed, a finer round)
    and start it, tagged with the step's id; False when the panel is busy or refuses."""
    from dlstudio.training.search_space import Dimension, default_dimension

    config = step.experiment_config
    space = [default_dimension(d) if isinstance(d, str) else Dimension(**d)
             for d in config["space"]]
    return panel.run_for_lesson(step.id, space, int(config.get("n_runs", 8)),
                                int(config.get("epochs", 2)), int(config.get("seed", 0)),
                                zoom_runs=int(config.get("zoom_runs", 0)))


def configure(panel: Any, key: str, step: Any) -> None:
    """Set a playground or search panel to the step's experiment and start it."""
    try:
        if key == "playground" and step.experiment == "playground":
            configure_playground(panel, step.experiment_config)
        elif key == "search" and step.experiment == "search":
            configure_search(panel, step)
    except Exception:
        log.warning("could not configure the %s panel", key, exc_info=True)


def arm_landscape(host: QWidget, step: Any) -> QWidget | None:
    """Have the main window's landscape panel compute the landscape of every variant when
    the step's run ends (at once for a step without a training run), with the span and
    number of examples of the step's ``config.landscape``."""
    panel = hosted_panel(host, "landscape")
    if panel is None or not hasattr(panel, "compute_after_run"):
        return None
    config = step.experiment_config.get("landscape") or {}
    panel.compute_after_run(span=config.get("span"), examples=config.get("examples"),
                            wait=step.experiment == "train")
    return panel


#: the panels that keep what a lesson step put in them until the student leaves the lesson
#: (each has ``leave_lesson() -> bool``)
LESSON_RESULT_PANELS = ("search", "transfer", "landscape")


def leave_companions(host: QWidget, windows: dict[str, QWidget]) -> bool:
    """The student moves to another lesson: the search, transfer and landscape panels (the
    window's, or the companion windows in ``windows``) drop what the lesson's steps put in
    them (their ``leave_lesson``; the student's own results stay). True when something
    went."""
    went = False
    for key in LESSON_RESULT_PANELS:
        for panel in (hosted_panel(host, key), windows.get(key)):
            if panel is not None and hasattr(panel, "leave_lesson") and panel.leave_lesson():
                went = True
    return went


def show_companion(host: QWidget, key: str, step: Any, studio: Any, lang: str,
                   windows: dict[str, QWidget]) -> QWidget | None:
    """Open (or raise) the panel ``key`` in its own window when the main window lacks it;
    select the step's ``show.view`` in a hosted panel that offers ``select_view``."""
    view = getattr(getattr(step, "show", None), "view", None)
    if view:
        shown = hosted_panel(host, key)
        if shown is not None and hasattr(shown, "select_view"):
            shown.select_view(view)
    if key == "landscape":
        return arm_landscape(host, step)
    if key not in _FACTORIES:
        return None
    hosted = hosted_panel(host, key)
    if hosted is not None:   # the window shows it (studio.show_panel); just configure it
        configure(hosted, key, step)
        return hosted
    panel = windows.get(key)
    if panel is None:
        module, cls_name, needs_studio = _FACTORIES[key]
        try:
            import importlib

            cls = getattr(importlib.import_module(module), cls_name)
            panel = cls(studio) if needs_studio else cls()
        except Exception:
            log.warning("cannot open the %s panel", key, exc_info=True)
            return None
        panel.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        panel.setWindowFlag(Qt.WindowType.Window, True)
        panel.resize(1000, 640)
        windows[key] = panel
    en, zh = _TITLES[key]
    panel.setWindowTitle("dlstudio – " + (zh if lang.startswith("zh") else en))
    configure(panel, key, step)
    panel.show()
    panel.raise_()
    panel.activateWindow()
    return panel
