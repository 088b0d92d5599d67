"""Draw a digit: a canvas, the drawing as the network sees it, live prediction bars and the
feature maps of every Conv2D layer.

For networks with a 28x28x1 input. The drawing is preprocessed as MNIST was
(``dlstudio.data.drawing.mnist_like``: bounding box into 20x20, centre of mass at the centre
of 28x28) and given to a network built in the background worker, either from the studio's
newest weight snapshot (never the worker's live arrays) or from a file the student opens (a
saved network ``.dlsnet`` or a workspace ``.dlsw``, through ``gui.trained_network``). Each
change of the drawing starts a new prediction job (replacing the last).
"""
from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QProgressBar,
                               QPushButton, QScrollArea, QVBoxLayout, QWidget)

from dlstudio.gui import file_choice
from dlstudio.gui.drawing.canvas import DrawingCanvasWidget, to_pixmap
from dlstudio.gui.drawing.diverged import divergence, finite
from dlstudio.gui.drawing.feature_maps import FeatureMapsWidget
from dlstudio.gui.drawing.variant_choice import VariantChoiceWidget
from dlstudio.gui.i18n import sentences
from dlstudio.gui.percent_text import percent_text
from dlstudio.gui.widgets.retranslate import RetranslateMixin
from dlstudio.gui.worker import GeneratorWorker

INPUT = (28, 28, 1)
#: the side of "what the network sees" (pixels): a fifth of the page's width or height (the
#: smaller), within these
PREVIEW_SIZES = (112, 196)
#: milliseconds between a change of the drawing and the prediction it starts
DELAY_MS = 40
#: pixels between two prediction bars
BAR_GAP = 2


def predict_job(spec: Any, weights: list, image: np.ndarray):
    """(probabilities, [(layer name, feature maps (H, W, C))...]) for one 28x28 image, as
    the trained network predicts it: batch normalization on its moving averages (on the
    statistics of a batch of one drawing, every network with batch norm gave the same
    answer for any drawing: walker29)."""
    from dlstudio.engine.network import Network

    net = Network.from_spec(spec, seed=0)
    net.set_weights(weights)
    values = net.probe(image[None, :, :, None].astype(net.dtype), batch_statistics=False)
    maps = [(layer.name, np.array(a[0], copy=True)) for layer, (_, a) in
            zip(net.layers, values) if layer.type_name == "Conv2D"]
    return np.array(values[-1][1][0], dtype=np.float64), maps


class DrawDigitPanel(RetranslateMixin, QWidget):
    """Canvas, preprocessed preview, prediction bars and feature maps.

    Signals
    -------
    sigPredicted(object) : ``(probabilities, feature maps)`` of the current drawing.
    """

    sigPredicted = Signal(object)

    def __init__(self, studio: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.studio = studio
        self.model: tuple[Any, list] | None = None     # (spec, weights) of an opened file
        self.model_path = ""
        self.processed = np.zeros((28, 28), np.float32)
        self.worker = GeneratorWorker("draw", self)
        self.worker.sigYielded.connect(self._on_worker_yielded)
        self.worker.sigFailed.connect(self._on_worker_failed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.predict)
        self._build_ui()
        if studio is not None:
            # (the variant choice first: the source follows the variant it asks)
            for signal in (studio.sigVariantsChanged, studio.sigRunStateChanged,
                           studio.sigWeightsChanged):
                signal.connect(self.variant_choice.refill)
            studio.sigWeightsChanged.connect(self._on_source_changed)
            studio.sigNetworkChanged.connect(self._on_source_changed)
            studio.sigVariantsChanged.connect(self._show_source)
            studio.sigRunStateChanged.connect(self._show_source)
            self.variant_choice.sigChanged.connect(self._on_source_changed)
        self.retranslate()

    def _build_ui(self) -> None:
        self.canvas = DrawingCanvasWidget()
        self.canvas.setMaximumSize(420, 420)
        self.canvas.sigChanged.connect(self._on_canvas_changed)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.canvas.clear)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._on_open_clicked)
        self.studio_button = QPushButton()
        self.studio_button.clicked.connect(self._on_studio_clicked)
        self.variant_choice = VariantChoiceWidget(self.studio) if self.studio is not None \
            else QWidget()
        self.variant_choice.setVisible(self.studio is not None and len(self.studio.variants) > 1)
        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW_SIZES[0], PREVIEW_SIZES[0])
        self.preview_label = QLabel()
        self.preview_label.setWordWrap(True)
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.bars: list[QProgressBar] = []
        self.bar_labels: list[QLabel] = []
        bars = QGridLayout()
        # close together: at the style's 6 px the column (its bars as tall as their font's
        # lines) needed 26 px more than a 1366x768 classroom page had in Noto Sans CJK (fix68)
        bars.setVerticalSpacing(BAR_GAP)
        for k in range(10):
            label, bar = QLabel(str(k)), QProgressBar()
            bar.setRange(0, 1000)
            bars.addWidget(label, k, 0)
            bars.addWidget(bar, k, 1)
            self.bars.append(bar)
            self.bar_labels.append(label)
        left = QVBoxLayout()
        left.addWidget(self.canvas)
        row = QHBoxLayout()
        row.addWidget(self.clear_button)
        row.addWidget(self.open_button)
        left.addLayout(row)
        left.addWidget(self.studio_button)
        left.addWidget(self.variant_choice)
        left.addWidget(self.source_label)
        left.addStretch(1)
        middle = QVBoxLayout()
        middle.addWidget(self.preview_label)
        middle.addWidget(self.preview)
        middle.addLayout(bars)
        middle.addWidget(self.status)
        middle.addStretch(1)
        self.maps_area = FeatureMapsWidget()
        self.maps_title = QLabel()
        self.maps_title.setWordWrap(True)
        side_box = QWidget()
        side_box.setLayout(middle)
        middle.setContentsMargins(0, 0, 0, 0)
        # the column scrolls when the window is short (1366x768 with a classroom font): its
        # ten bars and preview made the window taller than the screen (W9-6)
        self.side_area = _ColumnScrollArea()
        self.side_area.setWidget(side_box)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addWidget(self.side_area, 1)
        # the feature maps take the page's whole width under the canvas and the bars, and
        # all the height left (walker22 W22-6: under the bars, in a scroll box, they were
        # 52-pixel tiles beside an empty quarter of a 1920x1080 classroom page)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.maps_title)
        layout.addWidget(self.maps_area, 1)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Draw a digit"))
        self.clear_button.setText(self.tr("Clear"))
        self.open_button.setText(self.tr("Open model..."))
        self.open_button.setToolTip(self.tr("Use a saved network (.dlsnet) or the trained "
                                            "network of a workspace (.dlsw) instead of the "
                                            "studio's"))
        self.studio_button.setText(self.tr("Use the studio's network"))
        self.preview_label.setText(self.tr("What the network sees (28 × 28):"))
        self.maps_title.setText(self.tr("Feature maps of the convolution layers"))
        self.canvas.set_hint(self.tr("Draw a digit here with the mouse"))
        self._show_source()
        self.show_ready()

    def _show_source(self, *_: object) -> None:
        if self.model is not None:
            self.source_label.setText(self.tr("Network: %1").replace("%1", self.model_path))
        elif self.studio is not None and self.studio.untrained_since_run():
            self.source_label.setText(self.tr(
                "Network: the studio's, changed after the run and not trained yet (new "
                "random weights): its answers are guesses. Press Start to train it."))
        elif self.studio is not None and len(self.studio.variants) > 1:
            # after an A/B step: which of them draws (walker14 W14-7), by default the one
            # with the best accuracy, or the one chosen above (walker19 W19-18)
            name = self.variant_choice.variant()
            tag = self.studio.variant_tags().get(name, "")
            text = (self.tr("Network: the studio's variant %1 (%2), with its newest weights")
                    .replace("%2", tag) if tag else
                    self.tr("Network: the studio's variant %1, with its newest weights"))
            text = text.replace("%1", name)
            if self.variant_choice.automatic():
                text = sentences(text, self.tr("(the variant with the best accuracy; "
                                               "choose another above)"))
            self.source_label.setText(text)
        else:
            self.source_label.setText(self.tr("Network: the studio's, with its newest "
                                              "weights"))
        note = self._divergence_note()
        if note:            # a sentence of its own after the source's
            self.source_label.setText(self.source_label.text() + self.tr(". ") + note)

    def _divergence_note(self) -> str:
        """What the studio's variant asked went through when its run diverged (walker26
        W26-16: a diverged B was offered without a word and its bars were garbage); ""
        when it did not, or an opened file is used."""
        if self.model is not None or self.studio is None:
            return ""
        where = divergence(self.studio, self.variant_choice.variant())
        if where is None:
            return ""
        step, kept = where
        if kept is None:
            return self.tr("Its run diverged at step %1: its answers are hardly better than "
                           "guesses.").replace("%1", f"{step:,}")
        return (self.tr("Its run diverged at step %1; the last good weights (step %2) are "
                        "used, so its answers are hardly better than guesses.")
                .replace("%1", f"{step:,}").replace("%2", f"{kept:,}"))

    # -- public API --------------------------------------------------------------------------
    def source(self) -> tuple[Any, list] | None:
        """``(spec, weights)`` of the network predictions use, or None (with the reason in
        the status line)."""
        if self.model is not None:
            return self.model
        problem = self.source_problem()
        if problem:
            self.status.setText(problem)
            return None
        name = self.variant_choice.variant()
        net = self.studio.network_for(name)
        weights = self.studio.weights(name) or net.get_weights()
        return net.spec, weights

    def source_problem(self) -> str:
        """Why the studio's network cannot read a drawing ("" when it can, or when an
        opened file is used)."""
        if self.model is not None:
            return ""
        net = self.studio.network_for(self.variant_choice.variant()) \
            if self.studio is not None else None
        if net is None:
            return self.tr("Build a network first (the editor shows what is wrong).")
        if tuple(net.input_shape) != INPUT:
            return self.tr("This needs a network whose input is a 28 × 28 × 1 image, such "
                           "as the MNIST presets.")
        if not finite(self.studio.weights(self.variant_choice.variant())):
            return self.tr("This network's run diverged and its weights are not numbers "
                           "(NaN): it cannot read a drawing. Choose another variant, or "
                           "train it again with a smaller learning rate.")
        return ""

    def show_ready(self) -> None:
        """On the empty canvas: what to do, or (before any drawing: W7-12) why the network
        cannot read a drawing."""
        if not self.canvas.empty:
            return
        self.status.setText(self.source_problem() or self.tr("Draw a digit with the mouse."))

    def predict(self) -> bool:
        """Preprocess the drawing and start a prediction job."""
        from dlstudio.data.drawing import mnist_like

        self.processed = mnist_like(self.canvas.image())
        self.preview.setPixmap(to_pixmap(self.processed, self.preview.width()))
        if not self.processed.any():
            for bar in self.bars:
                bar.setValue(0)
            self.status.setText(self.source_problem() or self.tr("Draw a digit with the mouse."))
            return False
        src = self.source()
        if src is None:
            return False
        spec, weights = src
        image = self.processed.copy()
        self.worker.start(lambda job: iter([predict_job(spec, weights, image)]))
        return True

    def open_model(self, path: str) -> bool:
        """Use the trained network in ``path`` (a saved network, or a workspace's network
        with its trained weights)."""
        from dlstudio.engine.fileio import FileFormatError
        from dlstudio.gui.i18n import render
        from dlstudio.gui.trained_network import open_trained_network

        try:
            net = open_trained_network(path)
        except FileFormatError as exc:  # damaged, foreign, untrained: say so, keep the source
            self.status.setText(self.tr("Not opened: %1").replace("%1", render(exc)))
            return False
        if tuple(net.input_shape) != INPUT:
            self.status.setText(self.tr("This needs a network whose input is a 28 × 28 × 1 "
                                        "image, such as the MNIST presets."))
            return False
        self.model, self.model_path = (net.spec, net.get_weights()), path
        self._show_source()
        self.predict()
        return True

    def shutdown(self, timeout_ms: int = 10000) -> bool:
        return self.worker.shutdown(timeout_ms)

    # -- slots -------------------------------------------------------------------------------
    def _on_canvas_changed(self) -> None:
        self._timer.start()

    def _on_source_changed(self) -> None:
        self._show_source()
        if self.model is None and self.processed.any() and self.isVisible():
            self._timer.start()
        self.show_ready()

    def _on_open_clicked(self) -> None:
        from dlstudio.gui.trained_network import open_filter

        path = file_choice.get_open_path(self, self.tr("Open a trained network"),
                                         open_filter())
        if path:
            self.open_model(path)

    def _on_studio_clicked(self) -> None:
        self.model, self.model_path = None, ""
        self._show_source()
        self.predict()

    def _on_worker_yielded(self, item) -> None:
        probs, maps = item
        names = None
        dataset = getattr(self.studio, "dataset", None) if self.model is None else None
        info = getattr(dataset, "info", None)
        names = list(getattr(info, "class_names", ()) or ()) or None
        for k, (bar, label) in enumerate(zip(self.bars, self.bar_labels)):
            visible = k < len(probs)
            bar.setVisible(visible)
            label.setVisible(visible)
            if visible:
                bar.setValue(int(round(1000 * probs[k])))
                bar.setFormat(percent_text(probs[k]) + "%")   # as the sentence says it
                label.setText(names[k] if names and k < len(names) else str(k))
        best = int(np.argmax(probs))
        shown = names[best] if names and best < len(names) else str(best)
        self.status.setText(self.tr("The network says %1 (%2%).").replace("%1", shown).replace(
            "%2", percent_text(probs[best])))
        self._show_maps(maps)
        self.sigPredicted.emit(item)

    def _show_maps(self, maps) -> None:
        if maps:
            self.maps_area.show_maps(maps)
        else:
            self.maps_area.show_text(self.tr("This network has no convolution layers."))

    def resizeEvent(self, event) -> None:  # noqa: N802
        """"What the network sees" grows with the page (112 pixels were a thumbnail on a
        1920x1080 classroom page, walker22 W22-6)."""
        super().resizeEvent(event)
        low, high = PREVIEW_SIZES
        side = max(low, min(high, min(self.width(), self.height()) // 5))
        if side != self.preview.width():
            self.preview.setFixedSize(side, side)
            self.preview.setPixmap(to_pixmap(self.processed, side))

    def _on_worker_failed(self, message: str) -> None:
        self.status.setText(self.tr("The prediction failed: %1").replace("%1", message))


class _ColumnScrollArea(QScrollArea):
    """The bars' column: it scrolls down when the page is short, and asks for its whole
    height otherwise (a ``QScrollArea`` asks for at most 24 lines, which left the bars
    scrolling at 1366x768 beside room the feature maps did not need)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        column = self.widget()
        hint = column.sizeHint()
        width = self.viewport().width()
        if column.hasHeightForWidth() and width > 0:
            # its wrapped lines at the width it has (the plain hint guessed a narrower
            # column: 35-50 px under the bars that the feature maps lacked)
            hint.setHeight(column.heightForWidth(width))
        return hint + QSize(self.verticalScrollBar().sizeHint().width(), 0)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()                  # its height follows its width

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()                  # the column's height changed: ask again
        return super().eventFilter(watched, event)
