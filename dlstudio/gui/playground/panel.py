"""The optimizer playground: several optimizers racing over a 2-D loss surface.

The paths are computed by the engine's real optimizers (:mod:`dlstudio.engine.trajectories`)
and revealed step by step on a timer, so a student sees SGD zig-zag across a narrow valley,
momentum overshoot, Adam take even steps. Changing a setting recomputes every path at once
and keeps the animation where it is. Clicking the plot moves the start point.

Run alone with demo settings: ``python -m dlstudio.gui.playground.panel``.
"""
from __future__ import annotations

import sys
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGridLayout,
                               QGroupBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy,
                               QVBoxLayout, QWidget)

from dlstudio.engine.surfaces import SURFACES
from dlstudio.engine.trajectories import OptimizerRun, Trajectory, default_runs, run_many
from dlstudio.gui.i18n import tr_registry
from dlstudio.gui.playground.surface_plot import SurfacePlotWidget, path_color
from dlstudio.gui.widgets.clamping_spin import ClampingDoubleSpinBox, ClampingSpinBox
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.widgets.tool_layout import ToolLayoutWidget
from dlstudio.messages.numbers import math_number

#: the line-up's runs whose settings include the shared momentum
_MOMENTUM_LABELS = ("Momentum", "Nesterov")


class PlaygroundPanel(RetranslateMixin, QWidget):
    """Contour plot + optimizer paths + controls (surface, optimizers, rates, momentum,
    steps, play/pause/step/reset); every text follows the UI language.

    Signals
    -------
    sigFrameChanged(int) : the animation shows step ``frame``.
    """

    sigFrameChanged = Signal(int)

    FPS = 30

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.surface_name = SURFACES.names()[0]
        self.momentum = 0.9
        self.steps = 300
        self.steps_per_frame = 1
        self.start_point: tuple[float, float] | None = None
        self.runs: list[OptimizerRun] = default_runs(self.surface_name, self.momentum)
        self.enabled: dict[str, bool] = {r.label: True for r in self.runs}
        self.trajectories: list[Trajectory] = []
        self.frame = 0
        self._timer = QTimer(self)
        self._timer.setInterval(int(1000 / self.FPS))
        self._timer.timeout.connect(self._on_timer_timeout)
        self._build_ui()
        self.retranslate()
        self._load_surface()

    # -- layout ---------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.plot = SurfacePlotWidget(self)
        self.plot.sigPointClicked.connect(self._on_plot_clicked)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.surface_combo = QComboBox()
        for entry in SURFACES.entries():
            self.surface_combo.addItem("", entry.name)
        self.surface_combo.currentIndexChanged.connect(self._on_surface_combo_changed)
        self.help_label = QLabel()
        self.help_label.setWordWrap(True)

        self.opt_box = opt_box = QGroupBox()
        grid = QGridLayout(opt_box)
        self.checks: dict[str, QCheckBox] = {}
        self.lr_spins: dict[str, QDoubleSpinBox] = {}
        for row, run in enumerate(self.runs):
            check = QCheckBox()
            check.setChecked(True)
            color = path_color(row)
            check.setStyleSheet(f"QCheckBox {{ color: {color}; font-weight: bold; }}")
            check.toggled.connect(lambda on, label=run.label: self._on_check_toggled(label, on))
            spin = ClampingDoubleSpinBox()
            spin.trim_zeros = True          # "0.48", not "0.4800"
            spin.setDecimals(4)
            spin.setRange(0.0001, 10.0)
            spin.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
            spin.valueChanged.connect(lambda v, label=run.label: self._on_lr_changed(label, v))
            grid.addWidget(check, row, 0)
            grid.addWidget(spin, row, 1)
            self.checks[run.label] = check
            self.lr_spins[run.label] = spin

        settings = QFormLayout()
        self.momentum_spin = ClampingDoubleSpinBox()
        self.momentum_spin.trim_zeros = True
        self.momentum_spin.setDecimals(5)
        self.momentum_spin.setRange(0.0, 0.99999)
        self.momentum_spin.setSingleStep(0.01)
        self.momentum_spin.setValue(self.momentum)
        self.momentum_spin.valueChanged.connect(self._on_momentum_changed)
        self.steps_spin = ClampingSpinBox()
        self.steps_spin.setRange(1, 5000)
        self.steps_spin.setSingleStep(50)
        self.steps_spin.setValue(self.steps)
        self.steps_spin.valueChanged.connect(self._on_steps_changed)
        self.speed_spin = ClampingSpinBox()
        self.speed_spin.setRange(1, 50)
        self.speed_spin.setValue(self.steps_per_frame)
        self.speed_spin.valueChanged.connect(self._on_speed_changed)
        #: the settings' labels: momentum, steps, steps per frame
        self.setting_labels = [QLabel() for _ in range(3)]
        for label, spin in zip(self.setting_labels,
                               (self.momentum_spin, self.steps_spin, self.speed_spin)):
            settings.addRow(label, spin)

        self.play_button = QPushButton()
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.step_button = QPushButton()
        self.step_button.clicked.connect(lambda: self.step(1))
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        for b in (self.play_button, self.step_button, self.reset_button):
            buttons.addWidget(b)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.hint_label = hint = QLabel()
        hint.setWordWrap(True)
        # helper text, as the theme draws it (near the text colour in classroom mode): a
        # disabled label's faint grey was lost on a projector (walker32)
        hint.setProperty("role", "hint")
        self.surface_label = QLabel()

        surface_box, settings_box, buttons_box, status_box = (QWidget() for _ in range(4))
        top = QVBoxLayout(surface_box)
        top.addWidget(self.surface_label)
        top.addWidget(self.surface_combo)
        top.addWidget(self.help_label)
        settings_box.setLayout(settings)
        buttons_box.setLayout(buttons)
        status = QVBoxLayout(status_box)
        status.addWidget(self.status_label)
        status.addWidget(hint)
        for box in (surface_box, settings_box, buttons_box, status_box):
            box.layout().setContentsMargins(0, 0, 0, 0)
        self.arrangement = ToolLayoutWidget(
            self.plot, [surface_box, opt_box, settings_box, buttons_box, status_box],
            controls_width=300, pinned=buttons_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.arrangement)

    def retranslate(self) -> None:
        """Every text of the panel in the current language (the plot retranslates itself)."""
        for i, entry in enumerate(SURFACES.entries()):
            self.surface_combo.setItemText(i, tr_registry(entry.display))
        self.help_label.setText(tr_registry(SURFACES.entry(self.surface_name).help))
        self.opt_box.setTitle(self.tr("Optimizers and learning rates"))
        for label, check in self.checks.items():
            check.setText(tr_registry(label))
            self.lr_spins[label].setToolTip(self.tr("learning rate of %s") % tr_registry(label))
        self.momentum_spin.setToolTip(self.tr("beta of Momentum and Nesterov; try 0.99999 to "
                                              "see momentum that never slows down"))
        self.speed_spin.setToolTip(self.tr("optimizer steps shown per animation frame"))
        for label, text in zip(self.setting_labels, (self.tr("Momentum β"), self.tr("Steps"),
                                                     self.tr("Steps per frame"))):
            label.setText(text)
        self.play_button.setText(self.tr("Pause") if self.play_button.isChecked()
                                 else self.tr("Play"))
        self.step_button.setText(self.tr("Step"))
        self.reset_button.setText(self.tr("Reset"))
        self.hint_label.setText(self.tr("Click the plot to start from another point."))
        self.surface_label.setText(self.tr("Loss surface"))
        if self.trajectories:
            self._show()

    # -- public API (lessons and tests drive the panel through these) ---------------------
    def set_surface(self, name: str) -> None:
        """Show surface ``name`` (a ``SURFACES`` key) with its suggested learning rates."""
        name = SURFACES.resolve(name)
        index = self.surface_combo.findData(name)
        if self.surface_combo.currentIndex() != index:
            self.surface_combo.setCurrentIndex(index)  # -> _on_surface_combo_changed
        else:
            self._load_surface()

    def set_enabled(self, label: str, on: bool) -> None:
        """Show or hide the path of optimizer ``label`` ("SGD", "Adam"...)."""
        self.checks[label].setChecked(bool(on))

    def set_learning_rate(self, label: str, lr: float) -> None:
        self.lr_spins[label].setValue(float(lr))

    def set_momentum(self, beta: float) -> None:
        self.momentum_spin.setValue(float(beta))

    def set_steps(self, steps: int) -> None:
        self.steps_spin.setValue(int(steps))

    def set_start(self, x: float, y: float) -> None:
        """Start every path from ``(x, y)`` and rewind the animation."""
        self.start_point = (float(x), float(y))
        self.plot.set_start(self.start_point)
        self._recompute()
        self.seek(0)

    def set_classroom(self, on: bool) -> None:
        """Projector mode: thicker paths, bigger markers and fonts (nothing to do when the
        mode stays: a theme switch asked too, and recomputed every path, walker21 W21-16)."""
        if bool(on) == self.plot.classroom:
            return
        self.plot.set_classroom(on)
        self._recompute()

    def visible_trajectories(self) -> list[Trajectory]:
        return [t for t in self.trajectories if self.enabled.get(t.label, False)]

    def trajectory(self, label: str) -> Trajectory:
        return next(t for t in self.trajectories if t.label == label)

    def play(self) -> None:
        self.play_button.setChecked(True)

    def pause(self) -> None:
        self.play_button.setChecked(False)

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def step(self, n: int = 1) -> None:
        """Advance the animation by ``n`` optimizer steps."""
        self.seek(self.frame + n)

    def reset(self) -> None:
        """Rewind to the start point (and stop playing)."""
        self.pause()
        self.seek(0)

    def seek(self, frame: int) -> None:
        self.frame = int(np.clip(frame, 0, self.steps))
        self._show()
        self.sigFrameChanged.emit(self.frame)
        if self.frame >= self.steps and self.playing:
            self.pause()

    # -- computing ------------------------------------------------------------------------
    def _load_surface(self) -> None:
        entry = SURFACES.entry(self.surface_name)
        self.help_label.setText(tr_registry(entry.help))
        self.start_point = None
        self.plot.set_surface(entry.obj)
        self.runs = default_runs(self.surface_name, self.momentum)
        for run in self.runs:
            spin = self.lr_spins[run.label]
            spin.blockSignals(True)
            spin.setValue(run.learning_rate)
            spin.blockSignals(False)
        self._recompute()
        self.seek(0)

    def _recompute(self) -> None:
        """Recompute every path with the current settings (fast: a few ms per path)."""
        runs = []
        for run in self.runs:
            config = dict(run.config)
            if run.label in _MOMENTUM_LABELS:
                config["momentum"] = self.momentum
            runs.append(replace(run, learning_rate=self.lr_spins[run.label].value(),
                                config=config))
        self.runs = runs
        self.trajectories = run_many(self.surface_name, runs, self.steps, start=self.start_point)
        colors = [path_color(i) for i in range(len(self.runs))]
        visible = [(t, c) for t, c in zip(self.trajectories, colors) if self.enabled[t.label]]
        self.plot.set_paths([t for t, _ in visible], [c for _, c in visible])
        self._show()

    def _show(self) -> None:
        visible = self.visible_trajectories()
        self.plot.show_frame(visible, self.frame)
        lines = [self.tr("step %d of %d") % (self.frame, self.steps)]
        loss_word = self.tr("loss")
        below_zero = False
        for i, t in enumerate(self.trajectories):
            if not self.enabled[t.label]:
                continue
            k = min(self.frame, t.steps)
            note = ""
            if t.diverged and self.frame >= t.steps:
                note = " — " + self.tr("diverged")
            lines.append(f'<span style="color:{path_color(i)}"><b>{tr_registry(t.label)}</b></span>: '
                         f"{loss_word} {math_number(f'{t.values[k]:.4g}')}{note}")
            below_zero = below_zero or t.values[k] < 0
        if below_zero:       # (the saddle's valleys lie at -1: W7-10)
            lines.append("<i>" + self.tr("A loss below 0: this made-up surface dips below "
                                         "zero; a real loss (cross-entropy, squared error) "
                                         "never does.") + "</i>")
        self.status_label.setText("<br>".join(lines))

    # -- slots ----------------------------------------------------------------------------
    @Slot(int)
    def _on_surface_combo_changed(self, index: int) -> None:
        self.surface_name = self.surface_combo.itemData(index)
        self._load_surface()

    def _on_check_toggled(self, label: str, on: bool) -> None:
        self.enabled[label] = bool(on)
        self._recompute()

    def _on_lr_changed(self, label: str, value: float) -> None:
        self._recompute()

    @Slot(float)
    def _on_momentum_changed(self, value: float) -> None:
        self.momentum = float(value)
        self._recompute()

    @Slot(int)
    def _on_steps_changed(self, value: int) -> None:
        self.steps = int(value)
        self._recompute()
        self.seek(self.frame)

    @Slot(int)
    def _on_speed_changed(self, value: int) -> None:
        self.steps_per_frame = int(value)

    @Slot(bool)
    def _on_play_toggled(self, on: bool) -> None:
        if on:
            if self.frame >= self.steps:
                self.seek(0)
            self._timer.start()
            self.play_button.setText(self.tr("Pause"))
        else:
            self._timer.stop()
            self.play_button.setText(self.tr("Play"))

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.step(self.steps_per_frame)

    @Slot(float, float)
    def _on_plot_clicked(self, x: float, y: float) -> None:
        self.set_start(x, y)


def main(argv: list[str] | None = None) -> int:
    """Open the playground alone, playing the elongated valley."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    panel = PlaygroundPanel()
    panel.setWindowTitle("dlstudio — optimizer playground")
    panel.resize(1100, 680)
    panel.set_surface("valley")
    panel.play()
    panel.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
