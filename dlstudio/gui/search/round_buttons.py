"""``RoundButtonsWidget``: the search round's controls - run, cancel and clear; zoom in
around the best and apply the best - over the round's progress bar, and under it, once a
round was cut short, the button that runs its cancelled trials ("Run the 2 cancelled
trials": the round finishes as if it had not been interrupted)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from dlstudio.gui.widgets.retranslate import RetranslateMixin


class RoundButtonsWidget(RetranslateMixin, QWidget):
    """Six buttons (``start_button``, ``cancel_button``, ``clear_button``, ``zoom_button``,
    ``apply_button``, ``rerun_button``; the owner connects their ``clicked``) and
    ``progress``; ``enable_for`` enables those that make sense in a state; the texts follow
    the UI language."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.start_button = QPushButton()
        self.cancel_button = QPushButton()
        self.zoom_button = QPushButton()
        self.apply_button = QPushButton()
        self.clear_button = QPushButton()
        #: runs the cut-short round's ``unfinished`` trials; shown only while there are some
        self.rerun_button = QPushButton()
        self.rerun_button.setVisible(False)
        self.unfinished = 0
        #: why the rerun button is disabled (a function making the sentence; None: it is not)
        self.rerun_blocked = None
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        row1.addWidget(self.start_button)
        row1.addWidget(self.cancel_button)
        row1.addWidget(self.clear_button)
        row2.addWidget(self.zoom_button)
        row2.addWidget(self.apply_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        buttons = QVBoxLayout(self)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addLayout(row1)
        buttons.addLayout(row2)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.rerun_button)
        self.retranslate()

    def retranslate(self) -> None:
        """The buttons' texts and the zoom button's tooltip in the current language."""
        self.start_button.setText(self.tr("Run search"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.zoom_button.setText(self.tr("Zoom in around the best"))
        self.zoom_button.setToolTip(self.tr("coarse to fine: narrow every range around the best "
                                            "quarter of the runs, then run again"))
        self.apply_button.setText(self.tr("Apply best to the studio"))
        self.clear_button.setText(self.tr("Clear results"))
        self.rerun_button.setText(rerun_text(self.unfinished))
        self.rerun_button.setToolTip(
            self.rerun_blocked() if self.rerun_blocked is not None else self.tr(
                "Train the trials of the last round that were cancelled, with the round's "
                "settings and seeds; its finished trials stay as they are"))

    def enable_for(self, state: str, has_best: bool, has_results: bool, unfinished: int = 0,
                   blocked=None) -> None:
        """Enable the buttons for the search ``state`` ("idle", "running", "cancelling"),
        whether a successful run exists (zoom, apply) and whether any result does (clear);
        show the rerun button while idle when the last round has ``unfinished`` trials, and
        enable it unless ``blocked`` (a function saying why, in its tooltip: the studio's
        run trains).

        The keyboard focus stays in this row: a button that had it and is disabled hands it
        to the one that makes sense next (Cancel while running; when idle the rerun button
        of a cancelled round, else Apply best, else Run search). Qt would pass it on along
        the window's tab chain instead, and a search that ended left it in the Network
        dock's Units field, where the next digit typed changed the network (walker15
        W15-7)."""
        idle = state == "idle"
        wanted = {self.start_button: idle,
                  self.cancel_button: state == "running",
                  self.zoom_button: idle and has_best,
                  self.apply_button: idle and has_best,
                  self.clear_button: idle and has_results,
                  self.rerun_button: idle and unfinished > 0 and blocked is None}
        self.unfinished = unfinished if idle else 0
        self.rerun_blocked = blocked
        self.retranslate()
        if self.unfinished:         # shown before it may take the focus, hidden after
            self.rerun_button.setVisible(True)
        # the window's focus child, also while the window is not the active one
        current = self.window().focusWidget()
        focused = current if current in wanted else None
        for button, on in wanted.items():        # enabled first: a focus target exists
            if on:
                button.setEnabled(True)
        if (focused is not None and not wanted[focused]) or (focused is None and current is self):
            nxt = next((b for b in (self.cancel_button, self.rerun_button, self.apply_button,
                                    self.start_button)
                        if wanted[b]), self)
            nxt.setFocus(Qt.FocusReason.OtherFocusReason)
        for button, on in wanted.items():
            if not on:
                button.setEnabled(False)
        if not self.unfinished:
            self.rerun_button.setVisible(False)


def rerun_text(unfinished: int) -> str:
    """The rerun button's text for a round with ``unfinished`` trials ("Run the 2 cancelled
    trials"; a round is 组 in Chinese, an epoch 轮)."""
    if unfinished == 1:
        return QCoreApplication.translate("RoundButtonsWidget", "Run the cancelled trial")
    return QCoreApplication.translate("RoundButtonsWidget", "Run the %1 cancelled trials") \
        .replace("%1", f"{unfinished:,}")
