"""The step debugger: one mini-batch, layer by layer, with the chain rule in numbers.

"Step inside" (while the run is paused, or before / after it) traces one mini-batch of the
training data through a float64 copy of the network with the newest weights
(``dlstudio.engine.trace.trace_batch``, in the background worker). The student picks a layer
(the pipeline on the left), an example of the batch and a unit; the panel shows the unit's
forward equation and its backward chain rule with the numbers in them
(``dlstudio.engine.trace_units``). "Check this gradient" compares backprop with centred
finite differences in float64 for k random weights of the selected unit
(``dlstudio.engine.gradcheck.check_network``, in the worker too).

What it computes (the batch, the float64 copy, the jobs, the weights checked) is
``tracing.py``; the layer pipeline ``layer_list.py``; the equations ``equations.py``.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QProgressBar, QPushButton, QTextBrowser,
                               QVBoxLayout, QWidget)

from dlstudio.gui.debugger.equations import check_html, unit_html
from dlstudio.gui.debugger.layer_list import LayerListWidget
from dlstudio.gui.debugger.tracing import (K_MAX, check_job, default_unit, layer_shapes,
                                           pick_batch, trace_job, unit_weights)
from dlstudio.gui.widgets.clamping_spin import ClampingSpinBox
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.widgets.tool_layout import ToolLayoutWidget
from dlstudio.gui.worker import GeneratorWorker

#: run states in which the weights stand still
STILL = ("idle", "paused", "finished", "stopped", "diverged", "failed")


class StepDebuggerPanel(RetranslateMixin, QWidget):
    """Pipeline of layers, unit chooser, equations with numbers, gradient check.

    Signals
    -------
    sigTraced(object) : a new ``StepTrace`` is shown.
    sigChecked(object) : the list of ``ParamCheck`` of a finished gradient check.
    """

    sigTraced = Signal(object)
    sigChecked = Signal(object)

    def __init__(self, studio: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.studio = studio
        self.trace = None
        self.batch = None              # (x, y) of the traced batch
        self.spec = self.weights = self.loss = None
        self.batch_seed = 0
        #: the layer row whose unit was last chosen (another row opens on ``default_unit``)
        self._unit_row: int | None = None
        self.worker = GeneratorWorker("debugger", self)
        self.worker.sigYielded.connect(self._on_worker_yielded)
        self.worker.sigFailed.connect(self._on_worker_failed)
        self._build_ui()
        if studio is not None:
            studio.sigRunStateChanged.connect(self._on_studio_state_changed)
        self.retranslate()

    # -- layout ------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.step_button = QPushButton()
        self.step_button.clicked.connect(self._on_step_clicked)
        self.batch_button = QPushButton()
        self.batch_button.clicked.connect(self._on_batch_clicked)
        self.status = QLabel()
        self.status.setWordWrap(True)
        # moving while the worker traces or checks (a first trace can take a minute or two)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.busy.hide()
        top = QHBoxLayout()
        top.addWidget(self.step_button)
        top.addWidget(self.batch_button)
        top.addWidget(self.busy)
        top.addWidget(self.status, 1)

        self.layer_list = LayerListWidget()
        self.layer_list.currentRowChanged.connect(self._on_layer_list_row_changed)
        self.example_label, self.unit_label = QLabel(), QLabel()
        self.example_spin, self.unit_spin = ClampingSpinBox(), ClampingSpinBox()
        self.example_spin.valueChanged.connect(self._on_unit_changed)
        self.unit_spin.valueChanged.connect(self._on_unit_changed)
        self.unit_where = QLabel()
        self.k_label = QLabel()
        self.k_spin = ClampingSpinBox()
        self.k_spin.setRange(1, K_MAX)
        self.k_spin.setValue(5)
        self.check_button = QPushButton()
        self.check_button.clicked.connect(self._on_check_clicked)
        chooser = QHBoxLayout()
        for w in (self.example_label, self.example_spin, self.unit_label, self.unit_spin,
                  self.unit_where):
            chooser.addWidget(w)
        chooser.addStretch(1)
        checker = QHBoxLayout()
        checker.addWidget(self.check_button)
        checker.addWidget(self.k_label)
        checker.addWidget(self.k_spin)
        checker.addStretch(1)
        self.detail = QTextBrowser()
        self.check_view = QTextBrowser()
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(chooser)
        rl.addWidget(self.detail, 3)
        rl.addLayout(checker)
        rl.addWidget(self.check_view, 2)
        # the layers beside the equations when wide, above them when narrow (the tool tabs'
        # layout rule: at 1366x768 the equations and the check's table got ~300 px)
        self.arrangement = ToolLayoutWidget(right, [self.layer_list], controls_first=True,
                                            controls_width=200)
        self.layer_list.sigWidthChanged.connect(self.arrangement.sections_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.arrangement, 1)
        self._enable_unit_controls(False)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Step debugger"))
        self.step_button.setText(self.tr("Step inside"))
        self.step_button.setToolTip(self.tr(
            "Follow one mini-batch through every layer, forward and backward (pause the "
            "training first)"))
        self.batch_button.setText(self.tr("Another batch"))
        self.example_label.setText(self.tr("Example"))
        self.unit_label.setText(self.tr("Unit"))
        self.check_button.setText(self.tr("Check this gradient"))
        self.k_label.setText(self.tr("weights"))
        self.k_spin.setToolTip(self.tr("How many random weights of the unit to check (at "
                                       "most the inputs it has; its bias is checked too)"))
        if self.trace is not None:
            self.layer_list.show_trace(self.trace)
        self._show_unit()
        if self.trace is None:
            self.status.setText(self.tr("Pause the training (or before it starts), then press "
                                        "Step inside."))

    def _enable_unit_controls(self, on: bool) -> None:
        for w in (self.example_spin, self.unit_spin, self.check_button, self.k_spin,
                  self.batch_button):
            w.setEnabled(on)

    # -- public API -------------------------------------------------------------------------
    def step_inside(self) -> bool:
        """Trace a mini-batch with the newest weights (False, with the reason, when the run
        is moving or nothing is loaded yet)."""
        studio = self.studio
        if studio is None:
            return False
        if studio.state not in STILL:
            self.status.setText(self.tr("Pause the training first: the weights must stand "
                                        "still to be looked at."))
            return False
        dataset = studio.dataset
        net = studio.network_for("A")
        if dataset is None or net is None:
            self.status.setText(self.tr("The data is not loaded yet, or the network has a "
                                        "problem; try again in a moment."))
            return False
        self.spec = net.spec
        self.weights = studio.weights("A") or net.get_weights()
        self.loss = getattr(studio.train_spec, "loss", "sparse_categorical_crossentropy")
        self.batch = pick_batch(dataset.x_train, dataset.y_train,
                                getattr(studio.train_spec, "batch_size", 32), self.batch_seed)
        self.status.setText(self.tr("Tracing one mini-batch... The first trace on this computer "
                                    "also prepares the float64 computations, which can take "
                                    "a minute or two; later ones take seconds."))
        self.busy.show()
        self.worker.start(trace_job(self.spec, self.weights, *self.batch, self.loss))
        return True

    def select(self, layer: int, example: int = 0, unit: int = 0) -> None:
        """Show ``unit`` (flat index into one example's output) of ``layer``."""
        self.layer_list.setCurrentRow(layer)
        self.example_spin.setValue(example)
        self.unit_spin.setValue(unit)
        self._show_unit()

    def current_detail(self):
        """The ``UnitDetail`` shown (None before a trace)."""
        from dlstudio.engine.trace_units import unit_detail

        if self.trace is None or self.layer_list.currentRow() < 0:
            return None
        t = self.trace.layers[self.layer_list.currentRow()]
        shape = t.a.shape[1:]
        unit = np.unravel_index(min(self.unit_spin.value(), int(np.prod(shape)) - 1), shape)
        return unit_detail(self.trace, t.index, self.example_spin.value(), unit)

    def check_gradient(self) -> bool:
        """Finite differences for k random weights of the selected unit (in the worker)."""
        detail = self.current_detail()
        if detail is None:
            return False
        t = self.trace.layers[self.layer_list.currentRow()]
        rng = np.random.default_rng([self.batch_seed, len(t.name), *detail.unit])
        from dlstudio.engine.gradcheck import rounding_noise, smallest_checkable

        # (twice the resolution: the check's loss includes regularization, the trace's not)
        smallest = 2 * smallest_checkable(rounding_noise(self.trace.loss))
        indices = unit_weights(t, detail.unit, self.k_spin.value(), rng, smallest)
        if not indices:
            self.check_view.setHtml(self.tr("This layer has no weights to check: pick a Dense, "
                                            "Conv2D or BatchNormalization layer."))
            return False
        self.check_view.setHtml(self.tr("Computing finite differences..."))
        self.check_button.setEnabled(False)
        self.busy.show()
        self.worker.start(check_job(self.spec, self.weights, *self.batch, self.loss,
                                    indices))
        return True

    def shutdown(self, timeout_ms: int = 10000) -> bool:
        return self.worker.shutdown(timeout_ms)

    # -- showing ------------------------------------------------------------------------------
    def _shapes(self) -> dict[tuple[str, str], tuple[int, ...]]:
        if self.trace is None:
            return {}
        return {(t.name, k): v.shape for t in self.trace.layers for k, v in t.params.items()}

    def _show_unit(self) -> None:
        detail = self.current_detail()
        if detail is None:
            return
        t = self.trace.layers[self.layer_list.currentRow()]
        names = {1: (self.tr("unit"),), 3: (self.tr("row"), self.tr("column"),
                                            self.tr("channel"))}.get(len(detail.unit))
        where = ", ".join(f"{n} {u}" for n, u in zip(names or (), detail.unit)) if names \
            else str(detail.unit)
        self.unit_where.setText(f"({where})")
        target = int(self.trace.y[detail.example]) if np.ndim(self.trace.y) == 1 else None
        head = self.tr("Layer %1, example %2 of the batch").replace(
            "%1", f"{t.index + 1} {t.name}").replace("%2", str(detail.example))
        if target is not None:
            head += " · " + self.tr("label %1").replace("%1", str(target))
        loss = self.tr("batch loss L = %1").replace("%1", f"{self.trace.loss:.6g}")
        self.detail.setHtml(f"<p>{head} · {loss}</p>" + unit_html(detail))

    # -- slots -------------------------------------------------------------------------------
    def _on_step_clicked(self) -> None:
        self.step_inside()

    def _on_batch_clicked(self) -> None:
        self.batch_seed += 1
        self.step_inside()

    def _on_check_clicked(self) -> None:
        self.check_gradient()

    def _on_layer_list_row_changed(self, row: int) -> None:
        if self.trace is None or row < 0:
            return
        shape = tuple(self.trace.layers[row].a.shape[1:])
        self.unit_spin.setRange(0, int(np.prod(shape)) - 1)
        # no more weights to ask for than a unit of this layer has (a 2-input Dense unit
        # has 2: asked for 5, the table listed 3 rows, the bias too, with no word why: W22-1)
        params = self.trace.layers[row].params
        if "W" in params:
            self.k_spin.setMaximum(max(1, min(K_MAX, params["W"].size // params["W"].shape[-1])))
        else:
            self.k_spin.setMaximum(K_MAX)
        if row != self._unit_row:       # another layer: its first unit worth looking at
            self._unit_row = row
            self.unit_spin.blockSignals(True)
            self.unit_spin.setValue(default_unit(shape))
            self.unit_spin.blockSignals(False)
        self.check_view.clear()
        self._show_unit()

    def _on_unit_changed(self, _value: int) -> None:
        self.check_view.clear()
        self._show_unit()

    def _on_worker_yielded(self, item) -> None:
        self.busy.hide()
        if isinstance(item, list):                        # a gradient check
            self.check_button.setEnabled(True)
            self.check_view.setHtml(check_html(item, self._shapes()))
            self.sigChecked.emit(item)
            return
        if self.trace is None or layer_shapes(self.trace) != layer_shapes(item):
            self._unit_row = None           # another network: its layers open afresh
        self.trace = item
        self.example_spin.setRange(0, len(item.y) - 1)
        self._enable_unit_controls(True)
        self.layer_list.show_trace(item)
        self._on_layer_list_row_changed(self.layer_list.currentRow())
        self.status.setText(self.tr("One mini-batch of %1 training examples, traced in "
                                    "float64 with the current weights.").replace(
            "%1", str(len(item.y))))
        self.sigTraced.emit(item)

    def _on_worker_failed(self, message: str) -> None:
        self.busy.hide()
        self.check_button.setEnabled(self.trace is not None)
        self.status.setText(self.tr("The step could not be traced: %1").replace("%1", message))

    def _on_studio_state_changed(self, state: str) -> None:
        self.step_button.setEnabled(state in STILL)
