"""The run's Start / Pause / Step / Stop / Reset actions and their keyboard shortcuts.

``RunActions`` owns the QActions (with their keyboard shortcuts) and enables them according
to ``Studio.state``. The run's progress display is ``widgets/run_progress.py``.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

from dlstudio.gui.studio import Studio

#: (action name, shortcut) -- also listed in Help > Keyboard shortcuts
SHORTCUTS = (
    ("start", "F5"),
    ("pause", "Space"),
    ("step", "F10"),
    ("stop", "Shift+F5"),
    ("reset", "Ctrl+R"),
)
#: further keys of an action: F6 pauses and resumes even while a text field has the keyboard,
#: where Space types a space (W11-23); elsewhere Space is the pause key (widgets/space_key.py)
ALSO = {"pause": ("F6",)}


def keys_text(name: str, keys: str) -> str:
    """The keys of action ``name`` as Help and the tooltips list them ("Space / F6")."""
    return " / ".join((keys,) + ALSO.get(name, ()))


class RunActions(QObject):
    """The run's actions, bound to a ``Studio``."""

    def __init__(self, studio: Studio, parent: QObject | None = None):
        super().__init__(parent)
        self.studio = studio
        style = parent.style() if isinstance(parent, QWidget) else None
        icons = {
            "start": QStyle.StandardPixmap.SP_MediaPlay,
            "pause": QStyle.StandardPixmap.SP_MediaPause,
            "step": QStyle.StandardPixmap.SP_MediaSkipForward,
            "stop": QStyle.StandardPixmap.SP_MediaStop,
            "reset": QStyle.StandardPixmap.SP_BrowserReload,
        }
        self._icons = {name: style.standardIcon(px) for name, px in icons.items()} \
            if style is not None else {}
        self.actions: dict[str, QAction] = {}
        for name, keys in SHORTCUTS:
            act = QAction(self)
            act.setObjectName(f"action_{name}")
            act.setShortcuts([QKeySequence(k) for k in (keys,) + ALSO.get(name, ())])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            if style is not None:
                act.setIcon(style.standardIcon(icons[name]))
            self.actions[name] = act
        self.actions["start"].triggered.connect(self._on_start_triggered)
        self.actions["pause"].triggered.connect(studio.toggle_pause)
        self.actions["step"].triggered.connect(studio.step_once)
        self.actions["stop"].triggered.connect(studio.stop)
        self.actions["reset"].triggered.connect(self._on_reset_triggered)
        #: asked before Reset weights throws the run away: True to go on (the window asks
        #: about unsaved work here, as New and Open do: ``MainWindow.may_reset_weights``)
        self.may_reset = lambda: True
        self.actions["pause"].setCheckable(True)
        #: Run > Continue from epoch N: trains a stopped or interrupted run on
        #: (``Studio.continue_run``); enabled while there is one to continue
        self.continue_action = QAction(self)
        self.continue_action.setObjectName("action_continue")
        self.continue_action.triggered.connect(self._on_continue_triggered)
        studio.sigRunStateChanged.connect(self._on_studio_state)
        # Stop also ends a lesson's headless check while no run trains (W26-6)
        studio.sigBackgroundChanged.connect(self._on_studio_background)
        for signal in (studio.sigWeightsChanged, studio.sigNetworkChanged,
                       studio.sigDataChanged, studio.sigTimelineChanged,
                       studio.sigTrainChanged):
            signal.connect(self._offer_continue)
        # Start names the variants it trains (walker14 W14-15: after a lesson's A/B step,
        # Start in free work trained both and nothing near it said so)
        studio.sigVariantsChanged.connect(self.retranslate)
        self.retranslate()
        self._on_studio_state(studio.state)

    def _on_continue_triggered(self) -> None:
        self.studio.continue_run()

    def _offer_continue(self, *_: object) -> None:
        """Enable Continue (and name its epoch) when the studio has a run to continue."""
        moment = self.studio.resume_point()
        self.continue_action.setEnabled(moment is not None)
        if moment is not None:
            self.continue_action.setText(self.tr("Continue from epoch %1").replace(
                "%1", f"{self.studio.resume_epoch(moment):,}"))
        elif self.studio.finished_epochs() is not None:      # W9-1: how to train it on
            self.continue_action.setText(self.tr(
                "Continue: raise Epochs above %1 to train this run on").replace(
                "%1", f"{self.studio.finished_epochs():,}"))
        else:
            self.continue_action.setText(self.tr("Continue the stopped run"))
        self.continue_action.setStatusTip(self.tr(
            "Train a stopped or interrupted run on from where it stopped, or a finished one "
            "to the Training panel's Epochs: the same weights, optimizer state and position, "
            "on the same curves"))

    def _on_reset_triggered(self) -> None:
        if self.may_reset():
            self.studio.reset_weights()

    def _on_start_triggered(self) -> None:
        self.studio.start_or_resume()

    def retranslate(self) -> None:
        texts = {
            "start": (self.tr("Start"), self.tr("Train from fresh weights (or continue a "
                                                  "paused run)")),
            # while paused the button says what pressing it does (a pressed-in look alone
            # cannot be seen on a projector: walker6 W6-10)
            "pause": (self.tr("Resume"), self.tr("Continue the paused training"))
            if self.studio.state == "paused" else
            (self.tr("Pause"), self.tr("Pause or resume the running training")),
            "step": (self.tr("Step"), self.tr("Train exactly one mini-batch, then pause")),
            "stop": (self.tr("Stop"), self.tr("Stop training; the weights reached so far "
                                               "are kept")),
            "reset": (self.tr("Reset weights"), self.tr("Forget the trained weights and "
                                                        "clear the plots")),
        }
        # a branch continues its run from a moment: a new Start leaves it out (W17-h: the
        # button said "Start A + B" after a branch, as if it trained both afresh)
        names = self.studio.start_names()
        if len(names) > 1:
            letters = " + ".join(names)
            texts["start"] = (
                self.tr("Start %1").replace("%1", letters),
                self.tr("Train the %1 variants of the comparison side by side (set in the "
                        "Compare panel; remove the variants there to train alone)")
                .replace("%1", letters))
        for name, (text, tip) in texts.items():
            act = self.actions[name]
            act.setText(text)
            shown = keys_text(name, act.shortcut().toString(
                QKeySequence.SequenceFormat.NativeText))
            act.setToolTip(f"{tip} ({shown})")
            act.setStatusTip(tip)
        self._offer_continue()

    def _on_studio_state(self, state: str) -> None:
        active = state in ("preparing", "running", "paused")
        self.actions["start"].setEnabled(state != "running" and state != "preparing")
        self.actions["pause"].setEnabled(state in ("running", "paused"))
        self.actions["pause"].setChecked(state == "paused")
        icon = self._icons.get("start" if state == "paused" else "pause")
        if icon is not None:
            self.actions["pause"].setIcon(icon)
        self.retranslate()
        self.actions["step"].setEnabled(state != "preparing")
        self.actions["stop"].setEnabled(active or self.studio.background_running)

    def _on_studio_background(self, _running: bool) -> None:
        self._on_studio_state(self.studio.state)
