"""The timeline under the plots: scrub back through a run and branch from the past.

``TimelineBarWidget`` offers the moments of the run (``Studio.timeline_steps``) on a slider.
The slider's positions are steps, so its middle is the middle of the run, whatever moments
are kept; it settles on the moment nearest to where it is put (an arrow key moves to the
next moment). Positions by moment made the first epochs take most of the slider, the
moments being denser early (walker17 W17-f: half the slider was the first 5% of a convnet
run). Dragging it shows every panel as the run was at that step (``Studio.scrub_to``); "Live"
returns to the running present. "Branch from here..." asks which setting to change (learning
rate, dropout, L1/L2, clipping, batch size) and continues the run from that moment as a new
variant, drawn over the original: "what if I had lowered the learning rate at step 2,000?".
Run alone: ``python -m dlstudio.gui.timeline_bar``.
"""
from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QSize, Qt, QTimer, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox,
                               QFormLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy,
                               QSlider, QStyle, QStyleOptionSlider, QWidget)

from dlstudio.gui.errors import show_problem
from dlstudio.gui.setting_labels import setting_label
from dlstudio.gui.widgets.clamping_spin import ClampingDoubleSpinBox
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.widgets.steady_box import SteadyBoxWidget

#: what "Branch from here" can change: (setting, lowest, highest, decimals, is it a count)
BRANCH_CHOICES = (("learning_rate", 1e-6, 100.0, 6, False),
                  ("dropout_rate", 0.0, 0.95, 2, False),
                  ("l1", 0.0, 1.0, 6, False), ("l2", 0.0, 1.0, 6, False),
                  ("clipnorm", 0.0, 1000.0, 3, False), ("batch_size", 1, 4096, 0, True))


#: how often (ms) the slider takes the new moments of a running run
FOLLOW_MS = 200

class BranchDialog(RetranslateMixin, QDialog):
    """Choose the one setting a branch changes, and its new value."""

    def __init__(self, studio, step: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.studio, self.step = studio, step
        self.source = QComboBox(self)
        for name in studio.branchable_variants():
            self.source.addItem(name, name)
        self.source.currentIndexChanged.connect(self._on_setting_changed)
        self.setting = QComboBox(self)
        self.value = ClampingDoubleSpinBox(self)
        self.value.setMinimumWidth(140)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout(self)
        self.form.addRow(self.intro)
        self.source_label = QLabel(self)
        self.setting_label, self.value_label = QLabel(self), QLabel(self)
        self.form.addRow(self.source_label, self.source)
        self.form.addRow(self.setting_label, self.setting)
        self.form.addRow(self.value_label, self.value)
        self.form.addRow(self.buttons)
        for name, *_ in BRANCH_CHOICES:
            self.setting.addItem(name, name)
        self.setting.currentIndexChanged.connect(self._on_setting_changed)
        self.retranslate()
        self._on_setting_changed()

    def retranslate(self) -> None:
        for i, (name, *_) in enumerate(BRANCH_CHOICES):
            self.setting.setItemText(i, setting_label(name))
        self.setWindowTitle(self.tr("Branch from step {0}").format(self.step))
        self.intro.setText(self.tr(
            "The run goes back to step {0} (its weights, optimizer state and random "
            "generators) and continues from there with one setting changed, drawn over the "
            "original run.").format(self.step))
        self.source_label.setText(self.tr("Continue the run of"))
        self.setting_label.setText(self.tr("Change"))
        self.value_label.setText(self.tr("to"))

    def _on_setting_changed(self) -> None:
        name, low, high, decimals, _ = BRANCH_CHOICES[self.setting.currentIndex()]
        self.value.setDecimals(decimals)
        self.value.setRange(low, high)
        source = self.source.currentData()
        # the values the run had at the moment (a rate typed in the panel since is not the
        # branch's starting point: walker34 was offered a tenth of that), else the variant's
        at_moment = self.studio.moment_settings(self.step, source)
        spec = next((v.train_spec for v in self.studio.variants if v.name == source),
                    self.studio.variants[0].train_spec)
        current = at_moment[name] if name in at_moment else getattr(spec, name, None)
        if name == "learning_rate":
            current = current / 10          # the question the feature answers
        self.value.setValue(float(current) if current is not None else low)

    def change(self) -> dict:
        """The arguments of ``Studio.branch_from``: the source variant and the one change."""
        name, *_, count = BRANCH_CHOICES[self.setting.currentIndex()]
        value = self.value.value()
        return {"source": self.source.currentData(), name: int(value) if count else float(value)}


class JumpSliderWidget(QSlider):
    """A horizontal slider that a click on its track moves to the clicked place (a plain
    QSlider moves one page towards it: a click near the start of a finished run's timeline
    went to step 164 of 204, walker12 W12-10); the handle can be dragged on from there."""

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.maximum() > self.minimum():
            opt = QStyleOptionSlider()
            self.initStyleOption(opt)
            style = self.style()
            handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, opt,
                                          QStyle.SubControl.SC_SliderHandle, self)
            where = event.position().toPoint()
            if not handle.contains(where):
                groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, opt,
                                              QStyle.SubControl.SC_SliderGroove, self)
                span = max(groove.width() - handle.width(), 1)
                x = where.x() - groove.x() - handle.width() // 2
                self.setValue(QStyle.sliderValueFromPosition(
                    self.minimum(), self.maximum(), min(max(x, 0), span), span,
                    opt.upsideDown))
        super().mousePressEvent(event)


#: the slider is never narrower than this (pixels): with the Lessons dock open it shrank to
#: a 25-pixel stub that could not be scrubbed (walker14 W14-7)
SLIDER_MIN = 140
#: narrower than this, the bar drops its "Timeline" title and shortens "Branch from here..."
#: so the slider keeps the room
COMPACT_BELOW = 640


class TimelineBarWidget(RetranslateMixin, QWidget):
    """A slider over the run's moments, "Live" and "Branch from here..."."""

    def __init__(self, studio, parent: QWidget | None = None):
        super().__init__(parent)
        self.studio = studio
        self.setObjectName("timeline_bar")
        # opaque: the slider and the "live (step N)" text follow a running run five times a
        # second, and each change repainted what lies under the bar too (issue 13)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.setAutoFillBackground(True)
        self.title = QLabel(self)
        self.slider = JumpSliderWidget(Qt.Orientation.Horizontal, self)
        self.slider.setEnabled(False)
        self.slider.setMinimumWidth(SLIDER_MIN)
        self.compact = False
        self.where = QLabel(self)
        self.where.setMinimumWidth(150)
        self.live = QPushButton(self)
        self.branch = QPushButton(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        for w in (self.title, self.where, self.live, self.branch):
            w.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        # the step shown changes five times a second while a run trains: no relayout each time
        self._where_box = SteadyBoxWidget(self.where)
        for w in (self.title, self.slider, self._where_box, self.live, self.branch):
            row.addWidget(w, 1 if w is self.slider else 0)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.live.clicked.connect(self._on_live_clicked)
        self.branch.clicked.connect(self._on_branch_clicked)
        # while a run trains, moments can come every few milliseconds (the epoch ends of a
        # small data set): the slider follows them a few times a second, not at each one
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(FOLLOW_MS)
        self._follow.timeout.connect(self._take_steps)
        studio.sigTimelineChanged.connect(self._on_studio_timeline_changed)
        studio.sigTelemetry.connect(self._on_studio_telemetry)
        studio.sigRunStateChanged.connect(self._on_studio_run_state)
        studio.sigScrubbed.connect(self._on_studio_scrubbed)
        # curves opened from a workspace come with new weights (and no moments)
        studio.sigWeightsChanged.connect(self._show_where)
        self._steps: list[int] = []
        self.retranslate()
        self._take_steps()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Timeline"))
        self.live.setText(self.tr("Live"))
        self.branch.setText(self.tr("Branch...") if self.compact
                            else self.tr("Branch from here..."))
        self.live.setToolTip(self.tr("Show the run as it is now"))
        self.branch.setToolTip(self.tr("Branch from here: continue the run from this moment "
                                       "with one setting changed, drawn over the original"))
        self._show_where()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """The compact bar's least width also when it is wide: narrower, it turns compact
        (``resizeEvent``). A wide bar's larger minimum held the dock columns squeezed after
        the window had been small and grew again (walker19 W19-7: the middle got it all)."""
        hint = super().minimumSizeHint()
        if not self.compact:
            metrics = self.branch.fontMetrics()
            shorter = metrics.horizontalAdvance(self.tr("Branch from here...")) \
                - metrics.horizontalAdvance(self.tr("Branch..."))
            title = self.title.sizeHint().width() + self.layout().spacing()
            hint.setWidth(max(0, hint.width() - title - max(shorter, 0)))
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        compact = self.width() < COMPACT_BELOW
        if compact != self.compact:
            self.compact = compact
            self.title.setVisible(not compact)
            self.retranslate()

    def _show_where(self) -> None:
        step = self.studio.scrubbed_step
        start = self.studio.moments_start() if self._steps else None
        restored = not self._steps and not self.studio.is_active() \
            and self.studio.store.latest(live=True) is not None
        if restored:        # curves opened from a workspace, which keeps no moments
            self.where.setText(self.tr("no moments kept"))
        elif not self._steps:
            self.where.setText(self.tr("no moments yet"))
        elif step is None:
            self.where.setText(self.tr("live (step {0})").format(self._live_step()))
        elif start is not None and step <= start:
            self.where.setText(self.tr("step {0} of {1}, the earliest kept").format(
                step, self._live_step()))
        else:
            self.where.setText(self.tr("step {0} of {1}").format(step, self._live_step()))
        # a run restored from a workspace, then continued: its moments begin there (W9-5)
        why = "" if start is None else self.tr(
            "Moments from step {0} on: the run's earlier steps came from a saved workspace, "
            "which keeps no moments along the way.").format(start)
        if restored:
            why = self.tr("These curves came from a saved workspace, which keeps no moments "
                          "along the run: moments are kept again when it trains.")
        self.where.setToolTip(why)
        self.slider.setToolTip("\n".join(filter(None, (self.tr(
            "Drag to see every panel as the run was at that step"), why))))
        self.live.setEnabled(step is not None)
        self.branch.setEnabled(bool(self._steps))
        if not self.studio.is_active():     # room for this text, even if shorter than before
            self._where_box.settle()

    def _live_step(self) -> int:
        """The step the run is at: its newest snapshot's, which is later than its newest
        moment when moments are thinned ahead (a large network's moments are spaced for the
        whole run: after three F10 steps of the small VGG on MNIST the last moment was step
        0, and the bar said "live (step 0)")."""
        snap = self.studio.store.latest(live=True)
        last = self._steps[-1] if self._steps else 0
        return max(last, int(snap.step)) if snap is not None else last

    @Slot(object)
    def _on_studio_telemetry(self, _snap: object) -> None:
        """A step was trained: the live step follows, a few times a second at most."""
        if not self._follow.isActive():
            self._follow.start()

    @Slot()
    def _on_studio_timeline_changed(self) -> None:
        if not self.studio.is_active():
            self._take_steps()
        elif not self._follow.isActive():
            self._follow.start()

    @Slot(str)
    def _on_studio_run_state(self, _state: str) -> None:
        if not self.studio.is_active() and self._follow.isActive():
            self._follow.stop()
            self._take_steps()              # the run ended: every moment is offered now

    def _take_steps(self) -> None:
        self._steps = self.studio.timeline_steps()
        at_end = self.studio.scrubbed_step is None
        self.slider.blockSignals(True)
        self.slider.setEnabled(len(self._steps) > 1)
        self.slider.setRange(self._steps[0] if self._steps else 0,
                             self._steps[-1] if self._steps else 0)
        if at_end:
            self.slider.setValue(self.slider.maximum())
        self.slider.blockSignals(False)
        self._show_where()

    def settle(self, value: int) -> int:
        """The step of the moment the slider settles on when put at ``value``: the nearest
        one, or, when that is the moment shown already, the next one towards ``value`` (an
        arrow key moves the slider by one step, a moment may be hundreds away)."""
        steps = self._steps
        i = bisect_left(steps, value)
        near = [j for j in (i - 1, i) if 0 <= j < len(steps)]
        nearest = min(near, key=lambda j: (abs(steps[j] - value), -j))
        shown = self.studio.scrubbed_step
        shown = steps[-1] if shown is None else shown
        if steps[nearest] == shown and value != shown:
            nearest = min(max(nearest + (1 if value > shown else -1), 0), len(steps) - 1)
        return steps[nearest]

    @Slot(int)
    def _on_slider_value_changed(self, value: int) -> None:
        if not self._steps:
            return
        step = self.settle(value)
        if step != value:
            self.slider.blockSignals(True)
            self.slider.setValue(step)
            self.slider.blockSignals(False)
        if step >= self._steps[-1] and self.studio.is_active():
            self.studio.scrub_to(None)          # the right end of a running run is live
        else:
            self.studio.scrub_to(step)

    @Slot(int)
    def _on_studio_scrubbed(self, step: int) -> None:
        """The studio shows another moment: the slider goes there too, also when the
        window moved it (a lesson check showing the moment it measured: walker21 W21-1's
        slider stayed at its right end beside "step 0 of 5")."""
        self.slider.blockSignals(True)
        self.slider.setValue(self.slider.maximum() if step < 0 else step)
        self.slider.blockSignals(False)
        self._show_where()

    @Slot()
    def _on_live_clicked(self) -> None:
        self.studio.scrub_to(None)

    @Slot()
    def _on_branch_clicked(self) -> None:
        step = self.studio.scrubbed_step
        if step is None:
            step = self._steps[-1] if self._steps else 0
        dialog = BranchDialog(self.studio, step, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.studio.branch_from(step, **dialog.change())
        except ValueError as exc:
            show_problem(self, self.tr("Cannot branch"), str(exc))


if __name__ == "__main__":
    import sys

    from dlstudio.gui.widgets.standalone import run_panel

    sys.exit(run_panel(TimelineBarWidget, "dlstudio - timeline", size=(900, 60)))
