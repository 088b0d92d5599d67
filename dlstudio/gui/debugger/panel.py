"""The step debugger: one mini-batch, layer by layer, with the chain rule in numbers.

"Step inside" (while the run is paused, or before / after it) traces one mini-batch of the
training data through a float64 copy of the network with the newest weights
(``dlstudio.engine.trace.trace_batch``, in the background worker). The student picks a layer
(the pipeline on the left), an example of the batch and a unit; the panel shows the unit's
forward equation and its backward chain rule with the numbers in them
(``dlstudio.engine.trace_units``). "Check this gradient" compares backprop with centred
finite differences in float64 for k random weights of the selected unit
(``dlstudio.engine.gradcheck.check_network``, in the worker too).
"""
from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QAbstractScrollArea, QHBoxLayout, QLabel, QListWidget,
                               QProgressBar, QPushButton, QTextBrowser, QVBoxLayout,
                               QWidget)

from dlstudio.gui.debugger.equations import check_html, unit_html
from dlstudio.gui.widgets.clamping_spin import ClampingSpinBox
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.widgets.tool_layout import ToolLayoutWidget
from dlstudio.gui.worker import GeneratorWorker

#: largest batch traced (a bigger training batch is cut to this many examples)
MAX_BATCH = 64
#: the most weights of a unit one gradient check compares
K_MAX = 50
#: run states in which the weights stand still
STILL = ("idle", "paused", "finished", "stopped", "diverged", "failed")
#: the layer list's least width, and its most in lines of its font (it widens to its entries)
LIST_MIN_WIDTH = 190
LIST_MAX_LINES = 24


def default_unit(shape: tuple[int, ...]) -> int:
    """The unit a layer of output ``shape`` (one example's) opens on, as a flat index: the
    centre of a feature map, channel 0 ((H, W, C): row H // 2, column W // 2), since a
    corner of an MNIST image is black and every number there is 0 (walker16 W16-26);
    unit 0 of a vector."""
    if len(shape) == 3:
        return int(np.ravel_multi_index((shape[0] // 2, shape[1] // 2, 0), shape))
    return 0


def _float64_copy(spec: Any, weights: list):
    """The network in float64 with ``weights`` and dropout off, so that the trace (a probe:
    dropout off) and the gradient check (a training pass) compute the same loss."""
    from dlstudio.engine.network import Network

    net = Network.from_spec(spec, seed=0, dtype=np.float64)
    net.set_weights(weights)
    net.set_dropout_rate(0.0)
    return net


def _layer_shapes(trace: Any) -> tuple:
    """What identifies a traced network's layers: their names and output shapes."""
    return tuple((t.name, tuple(t.a.shape[1:])) for t in trace.layers)


def unit_weights(trace_layer, unit: tuple[int, ...], k: int, rng: np.random.Generator,
                 smallest: float = 0.0) -> dict[tuple[str, str], np.ndarray]:
    """Flat indices of up to ``k`` weights feeding ``unit`` (plus its bias, gamma, beta).

    The weights are drawn among those whose gradient on the traced batch reaches
    ``smallest`` (the finite difference's resolution), so that the check compares numbers
    rather than rounding noise: most inputs of a trained MNIST network's first layer are
    border pixels, always 0, whose weights get no gradient at all (walker7 W7-10: all five
    rows read "too small to check"). When fewer reach it, the largest gradients are taken.
    """
    name, params = trace_layer.name, trace_layer.params
    j = unit[-1]
    out: dict[tuple[str, str], np.ndarray] = {}
    if "W" in params:
        n_out = params["W"].shape[-1]
        rows = params["W"].size // n_out
        grads = getattr(trace_layer, "grads", {}).get("W")
        if grads is None:
            pick = rng.choice(rows, size=min(k, rows), replace=False)
        else:
            size = np.abs(np.asarray(grads).reshape(rows, n_out)[:, j])
            large = np.flatnonzero((size >= smallest) & (size > 0))
            if len(large) >= k:
                pick = rng.choice(large, size=k, replace=False)
            else:
                pick = np.argsort(-size, kind="stable")[:min(k, rows)]
        out[(name, "W")] = np.sort(pick) * n_out + j
    for key in ("b", "gamma", "beta"):
        if key in params:
            out[(name, key)] = np.array([j])
    return out


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

        self.layer_list = QListWidget()
        self.layer_list.setMinimumWidth(LIST_MIN_WIDTH)   # widened to its entries (a trace)
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
        self.layer_list.setSizeAdjustPolicy(
            QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.arrangement = ToolLayoutWidget(right, [self.layer_list], controls_first=True,
                                            controls_width=200)
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
        self._fill_layer_list()
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
        size = min(int(getattr(studio.train_spec, "batch_size", 32)), MAX_BATCH,
                   len(dataset.x_train))
        rng = np.random.default_rng([self.batch_seed, 17])
        keep = np.sort(rng.choice(len(dataset.x_train), size=size, replace=False))
        self.batch = (dataset.x_train[keep], dataset.y_train[keep])
        spec, weights, (x, y), loss = self.spec, self.weights, self.batch, self.loss

        def factory(_job):
            from dlstudio.engine.trace import trace_batch

            yield trace_batch(_float64_copy(spec, weights), x, y, loss)

        self.status.setText(self.tr("Tracing one mini-batch... The first trace on this computer "
                                    "also prepares the float64 computations, which can take "
                                    "a minute or two; later ones take seconds."))
        self.busy.show()
        self.worker.start(factory)
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
        spec, weights, (x, y), loss = self.spec, self.weights, self.batch, self.loss

        def factory(_job):
            from dlstudio.engine.gradcheck import check_network

            yield check_network(_float64_copy(spec, weights), x, y, loss,
                                rng=np.random.default_rng(0), indices=indices)

        self.check_view.setHtml(self.tr("Computing finite differences..."))
        self.check_button.setEnabled(False)
        self.busy.show()
        self.worker.start(factory)
        return True

    def shutdown(self, timeout_ms: int = 10000) -> bool:
        return self.worker.shutdown(timeout_ms)

    # -- showing ------------------------------------------------------------------------------
    def _shapes(self) -> dict[tuple[str, str], tuple[int, ...]]:
        if self.trace is None:
            return {}
        return {(t.name, k): v.shape for t in self.trace.layers for k, v in t.params.items()}

    def _fill_layer_list(self) -> None:
        if self.trace is None:
            return
        row = self.layer_list.currentRow()
        self.layer_list.blockSignals(True)
        self.layer_list.clear()
        for t in self.trace.layers:
            act = f", {t.activation}" if t.activation else ""
            shape = "×".join(str(s) for s in t.a.shape[1:])
            self.layer_list.addItem(f"{t.index + 1}. {t.name} ({t.kind}{act}) → {shape}")
        self.layer_list.blockSignals(False)
        self._fit_layer_list()
        if row < 0:      # the first trace opens on the first layer with weights, not on a
            # Flatten that passes its input on unchanged (W7-10)
            row = next((i for i, t in enumerate(self.trace.layers) if "W" in t.params), 0)
        self.layer_list.setCurrentRow(row)

    def _fit_layer_list(self) -> None:
        """Make the layer list as wide as its longest entry (up to ``LIST_MAX_LINES`` lines
        of the font): at 190 px, classroom mode cut every entry ("2. max_pooling2d
        (MaxPooli…") while the equations beside it had room to spare (walker16 W16-26)."""
        lst = self.layer_list
        metrics = lst.fontMetrics()
        texts = [lst.item(i).text() for i in range(lst.count())]
        widest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
        bar = lst.verticalScrollBar().sizeHint().width()
        need = widest + 2 * lst.frameWidth() + bar + 4 * metrics.averageCharWidth()
        cap = LIST_MAX_LINES * metrics.height()
        width = max(LIST_MIN_WIDTH, min(need, cap))
        if lst.minimumWidth() != width:
            lst.setMinimumWidth(width)
            self.arrangement.sections_changed()

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
        if self.trace is None or _layer_shapes(self.trace) != _layer_shapes(item):
            self._unit_row = None           # another network: its layers open afresh
        self.trace = item
        self.example_spin.setRange(0, len(item.y) - 1)
        self._enable_unit_controls(True)
        self._fill_layer_list()
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
